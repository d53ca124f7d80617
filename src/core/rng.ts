/**
 * The one seeded generator of the explorer: xoshiro128** 1.1 (D. Blackman and S. Vigna,
 * "Scrambled linear pseudorandom number generators", ACM TOMS 2021; public-domain reference
 * code xoshiro128starstar.c at prng.di.unimi.it). 128-bit state, period 2^128 − 1, passes
 * BigCrush, and needs only 32-bit integer operations (Math.imul, shifts), which keeps it fast
 * in JavaScript. Tested against the reference implementation's outputs in rng.test.ts.
 *
 * Streams: `rngFor(seed, ...labels)` hashes the seed and the labels (strings or numbers) into
 * two independent 32-bit lanes (MurmurHash3-style mixing, each label tagged with its type and
 * length so that ('a', 1) and ('a1') differ) and expands them SplitMix-style (a Weyl sequence
 * through the MurmurHash3 finalizer) into the 128-bit state. So (module seed, trial seed,
 * data type) each get their own, statistically independent sequence, and the same labels
 * always give the same sequence.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextU32(): number;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/** xoshiro128** over a 4 × 32-bit state (the state must not be all zero). */
export class Xoshiro128StarStar implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(s0: number, s1: number, s2: number, s3: number) {
    if ((s0 | s1 | s2 | s3) === 0) throw new Error('xoshiro128**: the state must not be all zero');
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
  }

  nextU32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** 53 random bits (two outputs) scaled into [0, 1): every double k·2^-53 equally likely. */
  next(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * TWO_POW_26 + lo) / TWO_POW_53;
  }
}

/** MurmurHash3's 32-bit finalizer (a bijection with full avalanche). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One MurmurHash3 block step of word `k` into lane `h`. */
function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** A stream's 64-bit identity (two lanes); derive further streams from it cheaply. */
export class StreamKey {
  constructor(
    readonly a: number,
    readonly b: number,
  ) {}

  /** The key extended by more labels. */
  with(...labels: (string | number)[]): StreamKey {
    let { a, b } = this;
    for (const label of labels) [a, b] = mixLabel(a, b, label);
    return new StreamKey(a, b);
  }

  /** The generator of this stream, optionally of sub-stream `index` (e.g. a DRAM row). */
  rng(index?: number): Xoshiro128StarStar {
    let { a, b } = this;
    if (index !== undefined) [a, b] = mixLabel(a, b, index);
    // SplitMix-style expansion: a Weyl sequence per lane through the finalizer.
    const ga = fmix32(a);
    const gb = fmix32(b ^ 0x5bd1e995);
    const s0 = fmix32(ga + 0x9e3779b9);
    const s1 = fmix32(gb + 0x3c6ef372);
    const s2 = fmix32(ga + 0xdaa66d2b);
    const s3 = fmix32(gb + 0x78dde6e4);
    return (s0 | s1 | s2 | s3) === 0
      ? new Xoshiro128StarStar(1, 2, 3, 4)
      : new Xoshiro128StarStar(s0, s1, s2, s3);
  }
}

function mixLabel(a: number, b: number, label: string | number): [number, number] {
  if (typeof label === 'number') {
    let lo: number;
    let hi: number;
    if (Number.isSafeInteger(label)) {
      lo = label >>> 0; // low 32 bits (two's complement for negatives)
      hi = Math.floor(label / 4294967296) | 0;
      a = mixWord(a, 0x6e756d31); // tag 'num1'
      b = mixWord(b, 0x6e756d31 ^ 0x55555555);
    } else {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, label);
      lo = view.getUint32(4);
      hi = view.getUint32(0);
      a = mixWord(a, 0x666c7432); // tag 'flt2'
      b = mixWord(b, 0x666c7432 ^ 0x55555555);
    }
    a = mixWord(mixWord(a, lo), hi);
    b = mixWord(mixWord(b, hi ^ 0xa5a5a5a5), lo ^ 0x3c3c3c3c);
  } else {
    a = mixWord(a, 0x73747230 ^ label.length); // tag 'str0' with the length
    b = mixWord(b, 0x26273130 ^ label.length);
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      a = mixWord(a, c);
      b = mixWord(b, c ^ 0x9e3779b9);
    }
  }
  return [fmix32(a), fmix32(b)];
}

/** The key of the stream identified by (seed, ...labels). */
export function streamKey(seed: number, ...labels: (string | number)[]): StreamKey {
  const [a, b] = mixLabel(0x243f6a88, 0x85a308d3, seed);
  return new StreamKey(a, b).with(...labels);
}

/** A generator for a stream identified by (seed, ...labels), e.g. (moduleSeed, 'weak-rows', 'conv1/weights'). */
export function rngFor(seed: number, ...labels: (string | number)[]): Rng {
  return streamKey(seed, ...labels).rng();
}
