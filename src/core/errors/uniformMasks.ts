/**
 * Error model 0 (uniform, redrawn per read) drawn per stored *unit* instead of per bit, for
 * activations: every image's IFM/OFM is a new read, so at BERs of a few per cent a pass over
 * 10k images flips ~10^8 bits, and one geometric gap per flip (sampler.ts) dominates the run.
 *
 * A unit is the 4 bits of an int4 code or one byte of the others. Its XOR mask has the exact
 * distribution of `bits` independent Bernoulli(p) flips: P(m) = p^|m| (1 − p)^(bits − |m|).
 * - sparse (few units change): geometric gaps over *units* with q = P(m ≠ 0), each hit drawing
 *   its mask from the distribution conditioned on m ≠ 0 — cost ∝ changed units (≤ flips);
 * - dense (q ≥ DENSE_UNIT_SHARE): one 32-bit draw per unit through a Walker alias table —
 *   cost ∝ units, a few ns each, independent of how many bits flip.
 * Both give every bit an independent flip with probability p (tests: per-bit rates, pairwise
 * independence, popcount law); only the random stream differs from the per-bit sampler.
 *
 * Element e of a tensor stored in F bits holds units [e·k, (e+1)·k) (k = max(1, F / 8)), unit
 * j of the element covering code bits [8j, 8j + 8) — the same bits a byte-wise store touches
 * (src/core/formats: little-endian int16/fp32).
 */
import type { Rng } from '../rng';

/** Above this share of changed units, one alias draw per unit beats a gap per changed unit. */
export const DENSE_UNIT_SHARE = 1 / 8;

/** Walker's alias table over 2^b outcomes for one 32-bit draw: top b bits pick, the rest accept. */
class AliasTable {
  readonly threshold: Uint32Array;
  readonly alias: Uint16Array;
  readonly shift: number;
  readonly lowMask: number;

  constructor(probs: Float64Array) {
    const n = probs.length;
    const b = Math.log2(n);
    this.shift = 32 - b;
    this.lowMask = 2 ** this.shift - 1;
    this.threshold = new Uint32Array(n);
    this.alias = new Uint16Array(n);
    const scaled = Array.from(probs, (v) => v * n);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((v, i) => (v < 1 ? small : large).push(i));
    const full = 2 ** this.shift;
    while (small.length && large.length) {
      const s = small.pop()!;
      const l = large[large.length - 1];
      this.threshold[s] = Math.round(scaled[s] * full);
      this.alias[s] = l;
      scaled[l] -= 1 - scaled[s];
      if (scaled[l] < 1) small.push(large.pop()!);
    }
    // Left-overs are 1 up to rounding: always accepted.
    for (const i of [...small, ...large]) {
      this.threshold[i] = full;
      this.alias[i] = i;
    }
  }

  draw(u32: number): number {
    const i = u32 >>> this.shift;
    return (u32 & this.lowMask) < this.threshold[i] ? i : this.alias[i];
  }
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

export class UniformMaskSampler {
  /** Bits per unit (4 for int4, else 8) and units per element. */
  readonly unitBits: number;
  readonly unitsPerElement: number;
  /** P(a unit's mask ≠ 0) = 1 − (1 − p)^unitBits. */
  readonly unitShare: number;
  readonly dense: boolean;
  private readonly all: AliasTable;
  private readonly nonzero: AliasTable;
  private readonly invLogMiss: number;

  /** `p`: per-bit flip probability in (0, 1]; `bits`: stored bits per element (4, 8, 16 or 32). */
  constructor(
    readonly p: number,
    readonly bits: number,
  ) {
    if (!(p > 0 && p <= 1)) throw new RangeError(`flip probability must be in (0, 1], got ${p}`);
    if (![4, 8, 16, 32].includes(bits)) throw new RangeError(`unsupported element width ${bits}`);
    this.unitBits = Math.min(bits, 8);
    this.unitsPerElement = bits / this.unitBits;
    const n = 2 ** this.unitBits;
    const probs = new Float64Array(n);
    for (let m = 0; m < n; m++) {
      const k = popcount(m);
      probs[m] = p ** k * (1 - p) ** (this.unitBits - k);
    }
    // −expm1(u·log1p(−p)) keeps the share accurate at tiny p.
    this.unitShare = p === 1 ? 1 : -Math.expm1(this.unitBits * Math.log1p(-p));
    this.dense = this.unitShare >= DENSE_UNIT_SHARE;
    this.all = new AliasTable(probs);
    const cond = probs.map((v, m) => (m === 0 ? 0 : v / this.unitShare));
    this.nonzero = new AliasTable(cond);
    this.invLogMiss = this.unitShare < 1 ? 1 / Math.log1p(-this.unitShare) : 0;
  }

  /**
   * The changed elements among `count` (indices from `firstElement`, ascending, each once) with
   * their masks: `onChange(element, mask)`. Dense or sparse draw as `dense` says (`how` forces
   * one; both are exact at any p). `keep` (bitMask.ts `BitPositionMask.keep`): only these code
   * bits may flip; the draw is unchanged, so keeping every bit gives exactly the unmasked masks.
   */
  visit(
    rng: Rng,
    firstElement: number,
    count: number,
    onChange: (element: number, mask: number) => void,
    how: 'dense' | 'sparse' = this.dense ? 'dense' : 'sparse',
    keep = 0xffffffff,
  ): void {
    const { unitsPerElement: k, unitBits } = this;
    const end = firstElement + count;
    if (how === 'dense') {
      const { threshold, alias, shift, lowMask } = this.all;
      for (let e = firstElement; e < end; e++) {
        let m = 0;
        for (let j = 0; j < k; j++) {
          const u = rng.nextU32();
          const i = u >>> shift;
          m |= ((u & lowMask) < threshold[i] ? i : alias[i]) << (j * unitBits);
        }
        m &= keep;
        if (m) onChange(e, m >>> 0);
      }
      return;
    }
    const { nonzero } = this;
    const units = count * k;
    let e = -1;
    let m = 0;
    for (let v = this.gap(rng); v < units; v += 1 + this.gap(rng)) {
      const ev = firstElement + Math.floor(v / k);
      if (ev !== e) {
        m &= keep;
        if (m) onChange(e, m >>> 0);
        e = ev;
        m = 0;
      }
      m |= nonzero.draw(rng.nextU32()) << ((v % k) * unitBits);
    }
    m &= keep;
    if (m) onChange(e, m >>> 0);
  }

  /** Units skipped before the next changed one: geometric with success probability unitShare. */
  private gap(rng: Rng): number {
    if (this.invLogMiss === 0) return 0;
    return Math.floor(Math.log(1 - rng.next()) * this.invLogMiss);
  }
}
