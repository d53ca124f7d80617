/**
 * Which DRAM rows (wordlines, model 1) or bitlines (model 2) of a module are weak
 * (docs/design.md §1): a property of the module, fixed by the module seed, as on a real chip.
 *
 * The weak lines are stratified: in every aligned block of 64 lines, ⌊64·f⌋ or ⌈64·f⌉ lines
 * are weak (a seeded offset distributes the remainder so that the long-run share is exactly
 * f), and their places inside the block are drawn from the module seed. A line's chance of
 * being weak is f either way, but a tensor's share of weak lines then stays within a block's
 * rounding of f: with independent coin flips per line a 10 MB tensor in 8 KiB rows would hit
 * 128 ± 11 weak rows at f = 0.1, and its BER would miss the requested one by ±8 %.
 */
import { streamKey, type StreamKey } from '../rng';

export type LineKind = 'row' | 'bitline';

/** Lines per stratification block. */
export const WEAK_BLOCK = 64;

export class WeakLines {
  private readonly key: StreamKey;
  /** Seeded offset in [0, 1) of the running weak count (distributes the rounding remainder). */
  private readonly offset: number;
  private masks = new Int32Array(0); // two 32-bit words per block: lines 0-31, 32-63
  private known = new Uint8Array(0);

  constructor(
    readonly moduleSeed: number,
    readonly kind: LineKind,
    readonly fraction: number,
  ) {
    if (!(fraction > 0 && fraction <= 1))
      throw new Error(`weak fraction must be in (0, 1], got ${fraction}`);
    this.key = streamKey(moduleSeed, 'weak-lines', kind);
    this.offset = this.key.with('offset').rng().next();
  }

  /** Number of weak lines in block j (0 ≤ j). */
  countInBlock(j: number): number {
    const perBlock = this.fraction * WEAK_BLOCK;
    return Math.floor(perBlock * (j + 1) + this.offset) - Math.floor(perBlock * j + this.offset);
  }

  private ensure(j: number): void {
    if (j < this.known.length && this.known[j]) return;
    if (j >= this.known.length) {
      const size = Math.max(j + 1, this.known.length * 2, 64);
      const known = new Uint8Array(size);
      known.set(this.known);
      const masks = new Int32Array(2 * size);
      masks.set(this.masks);
      this.known = known;
      this.masks = masks;
    }
    // Partial Fisher-Yates: the first k entries of a seeded shuffle of 0..63 are the weak lines.
    const k = this.countInBlock(j);
    const rng = this.key.rng(j);
    const order = new Uint8Array(WEAK_BLOCK);
    for (let i = 0; i < WEAK_BLOCK; i++) order[i] = i;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < k; i++) {
      const pick = i + Math.floor(rng.next() * (WEAK_BLOCK - i));
      const line = order[pick];
      order[pick] = order[i];
      order[i] = line;
      if (line < 32) lo |= 1 << line;
      else hi |= 1 << (line - 32);
    }
    this.masks[2 * j] = lo;
    this.masks[2 * j + 1] = hi;
    this.known[j] = 1;
  }

  isWeak(line: number): boolean {
    const j = Math.floor(line / WEAK_BLOCK);
    this.ensure(j);
    const r = line - j * WEAK_BLOCK;
    return ((this.masks[2 * j + (r >> 5)] >>> (r & 31)) & 1) === 1;
  }

  /** The weak lines in [from, to), ascending. */
  weakIn(from: number, to: number): number[] {
    const out: number[] = [];
    for (let line = from; line < to; line++) if (this.isWeak(line)) out.push(line);
    return out;
  }

  /** How many lines in [from, to) are weak. */
  countIn(from: number, to: number): number {
    let n = 0;
    for (let line = from; line < to; line++) if (this.isWeak(line)) n++;
    return n;
  }
}

const cache = new Map<string, WeakLines>();

/** The (cached) weak lines of a module. */
export function weakLinesOf(moduleSeed: number, kind: LineKind, fraction: number): WeakLines {
  const id = `${moduleSeed}|${kind}|${fraction}`;
  let lines = cache.get(id);
  if (!lines) {
    if (cache.size >= 32) cache.delete(cache.keys().next().value as string);
    lines = new WeakLines(moduleSeed, kind, fraction);
    cache.set(id, lines);
  }
  return lines;
}

/**
 * For the UI's DRAM array view: 1 where line `first + i` is weak, for `count` lines.
 * Rows are counted from the partition's first row; bitlines are `(addr mod rowBytes)·8 + bit`.
 */
export function weakLineMask(
  moduleSeed: number,
  kind: LineKind,
  weakFraction: number,
  first: number,
  count: number,
): Uint8Array {
  const lines = weakLinesOf(moduleSeed, kind, weakFraction);
  const mask = new Uint8Array(count);
  for (let i = 0; i < count; i++) mask[i] = lines.isWeak(first + i) ? 1 : 0;
  return mask;
}
