/**
 * CONTRACT (implemented by the error-engine issue #3): the bit-error engine's public API.
 * Other modules (engine, EDEN pipeline, UI bit views) code against these signatures.
 */
import type { ErrorModelSpec } from '../types';

/** Where a tensor's bytes sit in its DRAM partition (DESIGN.md §2). */
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

/**
 * Flip bits of `bytes` in place as a read from approximate DRAM would.
 * Throws an Error with a readable message for impossible parameters.
 */
export function injectErrors(_bytes: Uint8Array, _options: InjectOptions): InjectStats {
  throw new Error('injectErrors: not implemented yet (issue #3)');
}

/**
 * Bit positions (absolute bit index within `bytes`, i.e. byte*8 + bit, bit 0 = LSB) that flip
 * on this read, without applying them: what the GPU path uploads to flip activations in place.
 * Sorted ascending. Model 3 needs the stored bytes to know 1s from 0s, hence `bytes`.
 */
export function flipPositions(_bytes: Uint8Array | null, _bitCount: number, _options: InjectOptions): Uint32Array {
  throw new Error('flipPositions: not implemented yet (issue #3)');
}
