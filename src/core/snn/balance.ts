/**
 * Threshold balancing by data-based normalization (Diehl et al. 2015 §3.2; Rueckauer et al.
 * 2017 §2.3 use the 99.9th percentile instead of the maximum to be robust to outliers).
 */

/** The p-th percentile (0 < p ≤ 100) of the positive values (ReLU outputs that fired). */
export function positivePercentile(values: Float32Array, p: number): number {
  const pos = values.filter((x) => x > 0).sort();
  if (pos.length === 0) return 1;
  const k = Math.min(pos.length - 1, Math.max(0, Math.ceil((p / 100) * pos.length) - 1));
  return pos[k];
}

/** θ_l = λ_l / λ_{l-1} with λ_0 = 1 (inputs in [0, 1]); `lambdas` are λ_1 … λ_L. */
export function thresholdsFromLambdas(lambdas: readonly number[]): number[] {
  return lambdas.map((lam, l) => lam / (l === 0 ? 1 : lambdas[l - 1]));
}
