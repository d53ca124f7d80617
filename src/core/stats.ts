/**
 * Accuracy statistics over K error trials on N test samples (issue #4, item 3). Pure.
 *
 * Which 95 % confidence interval: the estimate is the mean accuracy over trials, ā. Two
 * sources of uncertainty are combined in quadrature (independent, normal approximation):
 *  - over trials (the randomness of which bits flip): Student-t on the K trial accuracies,
 *    t(0.975, K−1) · s / √K, with s the sample standard deviation; 0 when K = 1;
 *  - over samples (which N test images were drawn from the population): the binomial
 *    standard error of ā on N images, 1.96 · √(ā(1−ā)/N). The same images are used in every
 *    trial, so this term is not divided by K.
 * half-width = √(trialTerm² + sampleTerm²); [lo, hi] = [ā − hw, ā + hw] clipped to [0, 1].
 * At BER 0 every trial is the same, so only the sample term remains.
 */

/** Two-sided 97.5 % quantiles of Student's t for df = 1..30 (standard tables). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
];
const Z975 = 1.959964;

/** t(0.975, df); the normal quantile beyond the table (error < 2 % for df > 30). */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1)
    throw new Error(`tQuantile975: df must be a positive integer, got ${df}`);
  if (df <= T975.length) return T975[df - 1];
  // Cornish-Fisher style correction of z for moderate df.
  return Z975 + (Z975 ** 3 + Z975) / (4 * df);
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new Error('mean of an empty list');
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Sample standard deviation (n − 1 denominator); 0 for a single value. */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) ** 2;
  return Math.sqrt(s / (values.length - 1));
}

export interface AccuracySummary {
  mean: number;
  lo: number;
  hi: number;
  min: number;
  max: number;
  trials: number;
  samples: number;
}

/** Aggregate per-trial accuracies (each in [0, 1], measured on the same `samples` images). */
export function summarizeTrials(
  trialAccuracies: readonly number[],
  samples: number,
): AccuracySummary {
  const k = trialAccuracies.length;
  if (k === 0) throw new Error('summarizeTrials: no trials');
  if (!Number.isInteger(samples) || samples < 1)
    throw new Error(`summarizeTrials: samples must be a positive integer, got ${samples}`);
  for (const a of trialAccuracies) {
    if (!(a >= 0 && a <= 1)) throw new Error(`summarizeTrials: accuracy ${a} is outside [0, 1]`);
  }
  const m = mean(trialAccuracies);
  const trialTerm = k > 1 ? (tQuantile975(k - 1) * sampleStd(trialAccuracies)) / Math.sqrt(k) : 0;
  const sampleTerm = Z975 * Math.sqrt((m * (1 - m)) / samples);
  const hw = Math.hypot(trialTerm, sampleTerm);
  return {
    mean: m,
    lo: Math.max(0, m - hw),
    hi: Math.min(1, m + hw),
    min: Math.min(...trialAccuracies),
    max: Math.max(...trialAccuracies),
    trials: k,
    samples,
  };
}

/**
 * Same from correct-prediction counts per trial: the mean is computed as one ratio
 * (Σ correct / (K·N)), so identical trials give exactly the single-trial accuracy.
 */
export function summarizeCounts(correct: readonly number[], samples: number): AccuracySummary {
  const s = summarizeTrials(
    correct.map((c) => c / samples),
    samples,
  );
  const exact = correct.reduce((a, b) => a + b, 0) / (correct.length * samples);
  const shift = exact - s.mean;
  return { ...s, mean: exact, lo: Math.max(0, s.lo + shift), hi: Math.min(1, s.hi + shift) };
}

/** Log-spaced values from `from` to `to` inclusive (both > 0), `count` ≥ 2 of them. */
export function logSpace(from: number, to: number, count: number): number[] {
  if (!(from > 0 && to > 0)) throw new Error('logSpace: bounds must be > 0');
  if (!Number.isInteger(count) || count < 2)
    throw new Error('logSpace: count must be an integer ≥ 2');
  const a = Math.log10(from);
  const b = Math.log10(to);
  return Array.from({ length: count }, (_, i) =>
    Number((10 ** (a + ((b - a) * i) / (count - 1))).toPrecision(3)),
  );
}

/**
 * The default sweep: BER 0 (the clean point) and 11 log-spaced BERs from 1e-5 to 1e-1
 * (the range of EDEN's coarse-grained table, reference/eden-coarse-table.json) = 12 points.
 */
export const DEFAULT_SWEEP_BERS: readonly number[] = [0, ...logSpace(1e-5, 1e-1, 11)];

/**
 * The class a row of network outputs with a NaN or ±Inf value predicts: none (issue #13
 * item 4). Such a prediction is never correct; src/engine/predictions.ts (on the device) and
 * src/core/why/summaries.ts argMax (on the host) both apply this rule.
 */
export const NO_CLASS = -1;
