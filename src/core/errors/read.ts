/**
 * The read path (docs/design.md §2): stored bytes → the error model's flips → decode
 * (fp32 / int16 / int8 / int4, src/core/formats) → optional out-of-range correction.
 */
import { correctOutOfRange, type CorrectionMode, type ValueRange } from '../eden/correct';
import { decode, type EncodedTensor } from '../formats';
import { injectErrors, type InjectOptions, type InjectStats } from './index';

export interface ReadOptions extends InjectOptions {
  /** The tensor's clean range (from the baseline model); needed unless correction is 'none'. */
  range?: ValueRange;
  correction?: CorrectionMode;
}

export interface ApproximateRead {
  values: Float32Array;
  stats: InjectStats;
  /** Values out of the clean range, zeroed or clamped (0 when correction is 'none'). */
  corrected: number;
}

/** Reads a stored tensor from approximate DRAM; the stored bytes themselves stay untouched. */
export function readApproximate(
  stored: EncodedTensor,
  options: ReadOptions,
  out?: Float32Array,
): ApproximateRead {
  const bytes = stored.bytes.slice();
  const stats = injectErrors(bytes, options);
  const values = decode({ ...stored, bytes }, out);
  const mode = options.correction ?? 'none';
  if (mode !== 'none' && !options.range)
    throw new Error(`correction "${mode}" needs the tensor's clean range`);
  const corrected = options.range ? correctOutOfRange(values, options.range, mode) : 0;
  return { values, stats, corrected };
}
