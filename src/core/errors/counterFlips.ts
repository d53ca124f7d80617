/**
 * The counter-based sampler of the GPU injection path (issue 17), as a host reference: every
 * bit of every element decides on its own whether it flips, from Philox4x32-10 (../philox.ts)
 * draws addressed by (key, counter). The WGSL kernel (src/engine/kernels/gpuInject.ts) runs the
 * same steps per element on the device; the browser test checks that both give the same
 * masks, and counterFlips.test.ts checks the statistics here.
 *
 * Draws (docs/design.md §1–2 error models, params.ts probabilities):
 * - per read: key = (trial seed, 'philox', module seed, data type), counter =
 *   (element, read, ⌊k / 4⌋, 0), word k mod 4 for code bit k; `read` is the sample index for
 *   IFM/OFM (each sample's copy is a read) and 0 for weights (one read per trial); `element`
 *   counts from the data type's first element (weights: across its tensors);
 * - persistent (fixed failing cells): key = (module seed, 'philox-cells', model), counter =
 *   (byte address, 0, ⌊b / 4⌋, 0) for bit b of the byte, so a cell's draw depends on its
 *   address only, and a cell that fails at some BER fails at every higher BER;
 * - a bit flips when its 32-bit word u is below the 64-bit threshold ⌊p·2^64⌋: u < hi, or
 *   u = hi and a second word (counter (…, k or b, 1), word 0) < lo. So p is resolved to 2^-64,
 *   not 2^-32, at the cost of a second draw with probability 2^-32 per bit.
 * - p: models 0–2 `q` (ber, or ber / f in weak lines and 0 elsewhere); model 3 p1 where the
 *   stored bit is 1 and p0 where it is 0. Weak rows / bitlines: the module's (weakLines.ts),
 *   at the bit's DRAM address (byte `baseAddress + ⌊pos / 8⌋`, bit pos mod 8, pos = element ·
 *   bits + k: the layout of src/core/formats).
 * Only which bits flip differs from the CPU samplers (sampler.ts, uniformMasks.ts); the
 * distribution of flips is the same (independent Bernoulli per bit at the same rates).
 */
import { philox4x32 } from '../philox';
import { streamKey } from '../rng';
import type { ErrorModelSpec } from '../types';
import { resolveModel } from './params';
import { weakLinesOf } from './weakLines';

/** A probability as a 64-bit fixed-point threshold [hi, lo] = ⌊p·2^64⌋ (p ≥ 1: all ones). */
export function threshold64(p: number): [number, number] {
  if (!(p > 0)) return [0, 0];
  if (p >= 1) return [0xffffffff, 0xffffffff];
  const scaled = p * 4294967296;
  const hi = Math.floor(scaled);
  const lo = Math.min(0xffffffff, Math.floor((scaled - hi) * 4294967296));
  return [hi >>> 0, lo >>> 0];
}

/** One read of one tensor by the counter-based sampler: everything the device kernel gets. */
export interface CounterRead {
  modelId: 0 | 1 | 2 | 3;
  persistent: boolean;
  /** Stored bits per element (4, 8, 16, 32). */
  bits: number;
  key: [number, number];
  /** Threshold for bits storing 1 (models 0–2: every bit). */
  t1: [number, number];
  /** Threshold for bits storing 0 (model 3; models 0–2: the same as t1). */
  t0: [number, number];
  baseAddress: number;
  rowBytes: number;
  /** Models 1/2: whether row / bitline `line` is weak. */
  weak: ((line: number) => boolean) | null;
}

/** The key of a read: per read (trial seed) or, for persistent errors, per module and model. */
export function counterKey(
  spec: ErrorModelSpec,
  moduleSeed: number,
  trialSeed: number,
  stream: string,
): [number, number] {
  const k = spec.persistent
    ? streamKey(moduleSeed, 'philox-cells', spec.id)
    : streamKey(trialSeed, 'philox', moduleSeed, stream);
  return [k.a >>> 0, k.b >>> 0];
}

/** The CounterRead of one tensor at `ber` (models 1/2 look weak lines up on the host). */
export function counterRead(
  spec: ErrorModelSpec,
  ber: number,
  bits: number,
  moduleSeed: number,
  trialSeed: number,
  stream: string,
  placement: { baseAddress: number; rowBytes: number },
): CounterRead {
  const m = resolveModel(spec, ber);
  const weak =
    m.id === 1 || m.id === 2
      ? weakLinesOf(moduleSeed, m.id === 1 ? 'row' : 'bitline', m.weakFraction)
      : null;
  return {
    modelId: m.id,
    persistent: m.persistent,
    bits,
    key: counterKey(spec, moduleSeed, trialSeed, stream),
    t1: threshold64(m.id === 3 ? m.p1 : m.q),
    t0: threshold64(m.id === 3 ? m.p0 : m.q),
    baseAddress: placement.baseAddress,
    rowBytes: placement.rowBytes,
    weak: weak ? (line) => weak.isWeak(line) : null,
  };
}

/**
 * The XOR mask of element `element` (counted from the data type's first element) in read
 * `read`, whose stored code (two's complement in `bits` bits, or the fp32 bit pattern) is `code`.
 */
export function counterMask(r: CounterRead, read: number, element: number, code: number): number {
  const out = new Uint32Array(4);
  const tie = new Uint32Array(4);
  let lastX = -1;
  let lastBlock = -1;
  let mask = 0;
  for (let k = 0; k < r.bits; k++) {
    const pos = element * r.bits + k;
    const byte = r.baseAddress + Math.floor(pos / 8);
    if (r.modelId === 1 && !r.weak!(Math.floor(byte / r.rowBytes))) continue;
    if (r.modelId === 2 && !r.weak!((byte % r.rowBytes) * 8 + (pos % 8))) continue;
    const x = r.persistent ? byte : element;
    const y = r.persistent ? 0 : read;
    const idx = r.persistent ? pos % 8 : k;
    const block = idx >>> 2;
    if (x !== lastX || block !== lastBlock) {
      philox4x32(x, y, block, 0, r.key[0], r.key[1], out);
      lastX = x;
      lastBlock = block;
    }
    const u = out[idx & 3];
    const [hi, lo] = (code >>> k) & 1 ? r.t1 : r.t0;
    const flip = u < hi || (u === hi && philox4x32(x, y, idx, 1, r.key[0], r.key[1], tie)[0] < lo);
    if (flip) mask |= 1 << k;
  }
  return mask >>> 0;
}
