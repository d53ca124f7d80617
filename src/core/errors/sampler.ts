/**
 * Flip samplers (docs/design.md §2, "Fast flips"). Each produces the flipped bit positions of one
 * tensor in ascending order as a `PositionStream` (END when done).
 *
 * Skip sampler: over a list of candidate sites (all bits, or the bits in weak lines) each site
 * flips independently with probability q. The gap before the next flip is geometric,
 * G = ⌊ln U / ln(1−q)⌋ with U uniform in (0, 1], since P(G ≥ k) = P(U ≤ (1−q)^k) = (1−q)^k.
 * So the flip count over n sites is exactly Binomial(n, q) and the cost is one draw per flip,
 * not per bit.
 *
 * Persistent errors use OrderedCellsWalker instead (same cost order, and monotone in q).
 *
 * Naive sampler: one 32-bit draw per site, flip when it is below q·2^32 (q is thereby rounded to
 * a multiple of 2^-32). Only a benchmark baseline and a statistical cross-check.
 */
import type { Rng } from '../rng';

/** Sentinel ending a PositionStream (compares above every position). */
export const END = Number.POSITIVE_INFINITY;

export interface PositionStream {
  /** The next flipped bit position (tensor-relative), ascending; END when done. */
  next(): number;
}

/**
 * Candidate sites as segments: site k of segment s sits at bit `base[s] + k`, or at
 * `base[s] + list[from[s] + k]` when a sorted `list` is given (the weak bitlines of a row).
 */
export class Sites {
  readonly base: number[] = [];
  readonly from: number[] = [];
  readonly len: number[] = [];
  total = 0;
  constructor(readonly list: Int32Array | null = null) {}

  add(base: number, from: number, len: number): this {
    if (len > 0) {
      this.base.push(base);
      this.from.push(from);
      this.len.push(len);
      this.total += len;
    }
    return this;
  }
}

/** Maps virtual site indices, visited in ascending order, to tensor bit positions. */
class SiteCursor {
  private seg = 0;
  private segStart = 0;
  private segEnd: number;

  constructor(private readonly sites: Sites) {
    this.segEnd = sites.len.length ? sites.len[0] : 0;
  }

  /** Position of site v (0 ≤ v < total; v must not decrease from call to call). */
  at(v: number): number {
    const { sites } = this;
    while (v >= this.segEnd) {
      this.seg++;
      this.segStart = this.segEnd;
      this.segEnd += sites.len[this.seg];
    }
    const k = v - this.segStart;
    const list = sites.list;
    return sites.base[this.seg] + (list === null ? k : list[sites.from[this.seg] + k]);
  }
}

export class GapWalker implements PositionStream {
  private v = -1;
  private readonly cursor: SiteCursor;
  /** 1 / ln(1 − q): negative, so that ln U · invLog ≥ 0. */
  private readonly invLog: number;
  private readonly every: boolean;

  constructor(
    private readonly rng: Rng,
    q: number,
    private readonly sites: Sites,
  ) {
    this.cursor = new SiteCursor(sites);
    this.every = q >= 1;
    this.invLog = 1 / Math.log1p(-q);
    if (!(q > 0)) this.v = END;
  }

  next(): number {
    this.v += this.every ? 1 : 1 + Math.floor(Math.log(1 - this.rng.next()) * this.invLog);
    if (this.v >= this.sites.total) {
      this.v = END;
      return END;
    }
    return this.cursor.at(this.v);
  }
}

/**
 * Persistent failing cells, monotone in q: every site has a fixed seeded strength u ~ U(0, 1)
 * and fails iff u < q, so raising the BER only adds failing cells (as lowering VDD does on a
 * real module). The sites are drawn in increasing u without ever drawing the u of the others:
 * order statistics (with w = 1 − u, ln w drops by ln V / (R − m) at step m, V uniform) and, for
 * the site, a uniform pick among those not drawn yet (a sparse Fisher-Yates shuffle); it stops
 * at the first u ≥ q. Cost ∝ failing cells (plus sorting them).
 */
export class OrderedCellsWalker implements PositionStream {
  private readonly order: Int32Array;
  private readonly cursor: SiteCursor;
  private k = 0;

  constructor(rng: Rng, q: number, sites: Sites) {
    this.cursor = new SiteCursor(sites);
    const total = sites.total;
    const limit = Math.log1p(-q); // u < q  ⇔  ln w > ln(1 − q)
    const shuffle = scratchShuffle(total);
    let picks = new Int32Array(Math.min(total, Math.ceil(q * total * 1.2) + 16));
    let n = 0;
    let lnW = 0;
    for (let m = 0; m < total; m++) {
      lnW += Math.log(1 - rng.next()) / (total - m);
      if (!(lnW > limit)) break;
      const j = m + Math.floor(rng.next() * (total - m));
      if (n === picks.length) {
        const grown = new Int32Array(Math.min(total, 2 * n));
        grown.set(picks);
        picks = grown;
      }
      picks[n++] = shuffle.get(j);
      shuffle.set(j, shuffle.get(m));
    }
    this.order = picks.subarray(0, n).sort();
  }

  next(): number {
    return this.k < this.order.length ? this.cursor.at(this.order[this.k++]) : END;
  }
}

/**
 * A sparse Fisher-Yates array over 0..size−1 that starts as the identity and is reset in O(1):
 * entries whose stamp is not the current generation read as their index.
 */
class SparseShuffle {
  private values = new Int32Array(0);
  private stamps = new Int32Array(0);
  private generation = 0;

  reset(size: number): this {
    if (size > this.values.length) {
      this.values = new Int32Array(size);
      this.stamps = new Int32Array(size);
      this.generation = 0;
    }
    if (++this.generation === 0x7fffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
    return this;
  }

  get(i: number): number {
    return this.stamps[i] === this.generation ? this.values[i] : i;
  }

  set(i: number, value: number): void {
    this.values[i] = value;
    this.stamps[i] = this.generation;
  }
}

const shared = new SparseShuffle();

/** The shared shuffle (walkers use it only inside their constructor, one at a time). */
function scratchShuffle(size: number): SparseShuffle {
  return shared.reset(size);
}

/** One draw per bit of [start, end); `isSite` limits flips to weak lines (models 1/2). */
export class NaiveWalker implements PositionStream {
  private pos: number;
  private readonly threshold: number;

  constructor(
    private readonly rng: Rng,
    q: number,
    start: number,
    private readonly end: number,
    private readonly isSite: ((pos: number) => boolean) | null,
  ) {
    this.pos = start;
    this.threshold = q * 4294967296;
  }

  next(): number {
    const { rng, threshold, end, isSite } = this;
    let pos = this.pos;
    while (pos < end) {
      const p = pos++;
      if (rng.nextU32() < threshold && (isSite === null || isSite(p))) {
        this.pos = pos;
        return p;
      }
    }
    this.pos = pos;
    return END;
  }
}

/**
 * Row after row, the flips of a per-row stream (persistent errors: each row's failing cells come
 * from the row's own seeded stream, so they depend on the address only), kept to [0, nbits).
 * The naive sampler's per-bit draw u32 < q·2^32 with fixed draws per row is monotone in q too.
 */
export class RowChainWalker implements PositionStream {
  private row: number;
  private current: PositionStream | null = null;

  constructor(
    first: number,
    private readonly last: number,
    private readonly nbits: number,
    private readonly rowStream: (row: number) => PositionStream | null,
  ) {
    this.row = first;
  }

  next(): number {
    for (;;) {
      if (this.current === null) {
        if (this.row > this.last) return END;
        this.current = this.rowStream(this.row++);
        continue;
      }
      const p = this.current.next();
      if (p === END) {
        this.current = null;
      } else if (p >= this.nbits) {
        this.row = this.last + 1;
        this.current = null;
        return END;
      } else if (p >= 0) {
        return p;
      }
    }
  }
}

/**
 * Model 3 with the stored bytes: of the 1→0 candidates only those on a stored 1 flip, of the
 * 0→1 candidates only those on a stored 0. Reads each bit before anyone flips it.
 */
export class ValueMergeWalker implements PositionStream {
  private a: number;
  private b: number;

  constructor(
    private readonly oneToZero: PositionStream,
    private readonly zeroToOne: PositionStream,
    private readonly bytes: Uint8Array,
  ) {
    this.a = oneToZero.next();
    this.b = zeroToOne.next();
  }

  next(): number {
    const { bytes } = this;
    for (;;) {
      const a = this.a;
      const b = this.b;
      if (a === END && b === END) return END;
      const pos = a < b ? a : b;
      const stored = (bytes[pos >>> 3] >>> (pos & 7)) & 1;
      if (a === pos) this.a = this.oneToZero.next();
      if (b === pos) this.b = this.zeroToOne.next();
      if (stored === 1 ? a === pos : b === pos) return pos;
    }
  }
}

/** Drains a stream into an ascending Uint32Array. */
export function collect(stream: PositionStream, expected = 16): Uint32Array {
  let out = new Uint32Array(Math.max(16, Math.ceil(expected)));
  let n = 0;
  for (let p = stream.next(); p !== END; p = stream.next()) {
    if (n === out.length) {
      const grown = new Uint32Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    out[n++] = p;
  }
  return out.slice(0, n);
}
