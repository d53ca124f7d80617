/**
 * The bit-error engine's public API (docs/design.md §1–2): a read of a tensor from approximate DRAM
 * under one of the four error models, at the DRAM addresses where the tensor lives.
 * Other modules (engine, EDEN pipeline, UI bit views) code against these signatures.
 *
 * Bit numbering: bit `8·i + b` is bit b (0 = LSB) of byte i of the tensor, which sits at
 * partition address `placement.baseAddress + i`, in row ⌊address / rowBytes⌋, on bitline
 * `(address mod rowBytes)·8 + b` (src/core/dram/geometry.ts).
 *
 * GPU path (activations that never leave the GPU):
 * - models 0, 1, 2: `flipPositions(null, bitCount, options)` gives the positions to XOR;
 *   which bits flip does not depend on what they store.
 * - model 3: `flipCandidates(bitCount, options)` gives two position lists drawn over all bits,
 *   `oneToZero` at rate p1 and `zeroToOne` at rate p0 (see params.ts). Apply a 1→0 candidate only
 *   where the stored bit is 1 and a 0→1 candidate only where it is 0:
 *   `stored ^ (m10 & stored | m01 & ~stored)` with m10 / m01 the candidate masks of a word.
 *   This is exactly what `flipPositions(bytes, ...)` and `injectErrors` do on the CPU.
 * `wordMasks` turns positions into (word index, XOR mask) pairs for a scatter.
 */
import type { ErrorModelSpec } from '../types';
import { ErrorParamError } from './params';
import { END, ValueMergeWalker, collect, type PositionStream } from './sampler';
import { filterPositions, keepsAllBits, keepsBit, type BitPositionMask } from './bitMask';
import { candidateStream, planRead, siteCheck, weakLinesTouched, type ReadPlan } from './plan';

export {
  ErrorParamError,
  resolveModel,
  maxBerFor,
  DEFAULT_ONE_TO_ZERO_SHARE,
  DEFAULT_WEAK_FRACTION,
  type ResolvedModel,
} from './params';
export { weakLineMask, weakLinesOf, WEAK_BLOCK, type LineKind } from './weakLines';
export { readApproximate, type ReadOptions, type ApproximateRead } from './read';
export {
  bitFields,
  bitFlipView,
  FORMAT_FIELDS,
  type BitDecomposition,
  type BitField,
} from './bitview';
export {
  bitGroups,
  bitPositionMask,
  filterPositions,
  keepsAllBits,
  keepsBit,
  type BitGroup,
  type BitPositionMask,
} from './bitMask';

/** Where a tensor's bytes sit in its DRAM partition (docs/design.md §2). */
export interface Placement {
  /** Byte address of the tensor's first byte inside its partition. */
  baseAddress: number;
  /** Partition row size in bytes (e.g. 8192 for a DDR3 rank row). */
  rowBytes: number;
}

export interface InjectOptions {
  errorModel: ErrorModelSpec;
  /** Overall bit error rate in [0, 1]; for models 1/2 it must be ≤ weakFraction. */
  ber: number;
  /** Fixes which rows/bitlines are weak (and, if persistent, which cells fail). */
  moduleSeed: number;
  /** Draws which bits flip on this read. */
  trialSeed: number;
  /** Distinguishes data types so each gets an independent stream (e.g. `conv2d_1/weights`). */
  stream: string;
  placement: Placement;
  sampler?: 'skip' | 'naive';
  /**
   * Only these bit positions of each stored element may flip (bitMask.ts): the drawn flips
   * elsewhere are dropped, the draw itself is unchanged. Absent or keeping every bit: no filter.
   */
  bitMask?: BitPositionMask;
}

export interface InjectStats {
  bits: number;
  flips: number;
  oneToZero: number;
  zeroToOne: number;
  /** Models 1/2: weak lines among the lines the tensor touches. */
  weakLines: number;
  /** Models 1/2: flips outside weak lines (always 0 by construction; checked in tests). */
  outsideWeak: number;
}

/** The flips of one read, from the model's candidate streams (model 3 needs the stored bytes). */
function flipStream(plan: ReadPlan, bytes: Uint8Array | null): PositionStream {
  const { model } = plan;
  if (model.id !== 3) return candidateStream(plan, 'flips', model.q);
  if (bytes === null) {
    throw new ErrorParamError(
      'error model 3 (bit-value-dependent) needs the stored bytes; without them use flipCandidates',
    );
  }
  return new ValueMergeWalker(
    candidateStream(plan, '1to0', model.p1),
    candidateStream(plan, '0to1', model.p0),
    bytes,
  );
}

/**
 * Flip bits of `bytes` in place as a read from approximate DRAM would.
 * Throws an Error (ErrorParamError) with a readable message for impossible parameters.
 */
export function injectErrors(bytes: Uint8Array, options: InjectOptions): InjectStats {
  const plan = planRead(bytes.length * 8, options);
  const stream = flipStream(plan, bytes);
  const check = siteCheck(plan);
  const mask = options.bitMask && !keepsAllBits(options.bitMask) ? options.bitMask : null;
  let flips = 0;
  let oneToZero = 0;
  let outsideWeak = 0;
  for (let pos = stream.next(); pos !== END; pos = stream.next()) {
    if (mask !== null && !keepsBit(mask, pos)) continue;
    const i = pos >>> 3;
    const bit = 1 << (pos & 7);
    const b = bytes[i];
    if (b & bit) oneToZero++;
    bytes[i] = b ^ bit;
    flips++;
    if (check !== null && !check(pos)) outsideWeak++;
  }
  return {
    bits: plan.nbits,
    flips,
    oneToZero,
    zeroToOne: flips - oneToZero,
    weakLines: weakLinesTouched(plan),
    outsideWeak,
  };
}

/**
 * Bit positions (absolute bit index within `bytes`, i.e. byte*8 + bit, bit 0 = LSB) that flip
 * on this read, without applying them: what the GPU path uploads to flip activations in place.
 * Sorted ascending. Model 3 needs the stored bytes to know 1s from 0s, hence `bytes`
 * (on the GPU use `flipCandidates` instead). The same options give the same flips as injectErrors.
 */
export function flipPositions(
  bytes: Uint8Array | null,
  bitCount: number,
  options: InjectOptions,
): Uint32Array {
  if (bytes !== null && bitCount > bytes.length * 8) {
    throw new ErrorParamError(
      `bit count ${bitCount} exceeds the ${bytes.length * 8} bits of the stored bytes`,
    );
  }
  const plan = planRead(bitCount, options);
  return filterPositions(
    collect(flipStream(plan, bytes), bitCount * plan.model.ber * 1.1),
    options.bitMask,
  );
}

export interface FlipCandidates {
  /** Positions that flip if they store a 1 (models 0–2: flip whatever they store). */
  oneToZero: Uint32Array;
  /** Positions that flip if they store a 0 (models 0–2: the same array as oneToZero). */
  zeroToOne: Uint32Array;
}

/**
 * For data whose bytes are not on the CPU (GPU activations): the candidate flips of this read,
 * each list ascending. Models 0–2 return one list twice (value-independent flips); model 3
 * returns the 1→0 candidates (drawn at p1 over all bits) and the 0→1 candidates (at p0); the
 * caller applies a candidate only where the stored bit has the matching value. Applying them
 * that way gives exactly the flips of `flipPositions(bytes, ...)` with the same options.
 */
export function flipCandidates(bitCount: number, options: InjectOptions): FlipCandidates {
  const plan = planRead(bitCount, options);
  const { model } = plan;
  const keep = (p: Uint32Array) => filterPositions(p, options.bitMask);
  if (model.id !== 3) {
    const flips = keep(
      collect(candidateStream(plan, 'flips', model.q), bitCount * model.ber * 1.1),
    );
    return { oneToZero: flips, zeroToOne: flips };
  }
  return {
    oneToZero: keep(collect(candidateStream(plan, '1to0', model.p1), bitCount * model.p1 * 1.1)),
    zeroToOne: keep(collect(candidateStream(plan, '0to1', model.p0), bitCount * model.p0 * 1.1)),
  };
}

/**
 * Groups ascending bit positions into 32-bit words: `index[k]` is a word index (bit ⌊pos/32⌋,
 * little-endian as a Uint32Array over the bytes) and `mask[k]` the bits to flip in it.
 */
export function wordMasks(positions: Uint32Array): { index: Int32Array; mask: Int32Array } {
  const index = new Int32Array(positions.length);
  const mask = new Int32Array(positions.length);
  let n = -1;
  for (let k = 0; k < positions.length; k++) {
    const word = positions[k] >>> 5;
    if (n < 0 || index[n] !== word) index[++n] = word;
    mask[n] |= 1 << (positions[k] & 31);
  }
  return { index: index.slice(0, n + 1), mask: mask.slice(0, n + 1) };
}
