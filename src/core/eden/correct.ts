/**
 * EDEN's out-of-range correction (docs/design.md §1, step 1 "boost"): a value read back outside the range
 * the tensor has in the error-free baseline model is implausible, most likely a flipped
 * exponent or sign bit, so it is zeroed (EDEN's choice) or clamped to the range.
 * NaN (a flipped fp32 exponent can produce one) counts as out of range; clamping it gives 0,
 * since it has no side to clamp to.
 */
export type CorrectionMode = 'none' | 'zero' | 'clamp';

export interface ValueRange {
  min: number;
  max: number;
}

/** Corrects `values` in place; returns how many values were out of range (and corrected). */
export function correctOutOfRange(
  values: Float32Array,
  range: ValueRange,
  mode: CorrectionMode,
): number {
  if (mode === 'none') return 0;
  const { min, max } = range;
  if (!(min <= max)) throw new Error(`correction range must have min ≤ max, got [${min}, ${max}]`);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v >= min && v <= max) continue;
    count++;
    values[i] = mode === 'zero' || v !== v ? 0 : v < min ? min : max;
  }
  return count;
}

/** The range of a clean tensor, as EDEN takes it from the baseline model. */
export function rangeOf(values: Float32Array): ValueRange {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}
