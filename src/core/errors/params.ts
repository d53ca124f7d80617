/**
 * From the user's (error model, BER, parameters) to per-bit flip probabilities (docs/design.md §1),
 * with a readable message for every impossible combination.
 */
import { ERROR_MODEL_NAMES, type ErrorModelId, type ErrorModelSpec } from '../types';

/** Default share of weak rows / bitlines for models 1 and 2 when the spec leaves it out. */
export const DEFAULT_WEAK_FRACTION = 0.1;
/** Default 1→0 share of flips for model 3: neutral (equal 1→0 and 0→1 rates). */
export const DEFAULT_ONE_TO_ZERO_SHARE = 0.5;

/**
 * The largest BER an error model can deliver, for searches over BER (characterization, SNN
 * tolerance): models 1 and 2 flip only bits in weak lines, each with probability ber / f, so
 * their BER cannot exceed the weak fraction f (docs/design.md §1); the others are bounded by `cap`.
 */
export function maxBerFor(spec: ErrorModelSpec, cap = 0.5): number {
  return spec.id === 1 || spec.id === 2
    ? Math.min(cap, spec.weakFraction ?? DEFAULT_WEAK_FRACTION)
    : cap;
}

/** Thrown for impossible error-model parameters (the CLI turns it into a one-line message). */
export class ErrorParamError extends Error {}

export interface ResolvedModel {
  id: ErrorModelId;
  ber: number;
  persistent: boolean;
  /** Models 0–2: flip probability of a bit that can fail (all bits; bits in weak lines: ber / f). */
  q: number;
  /** Models 1/2. */
  weakFraction: number;
  /** Model 3: share of flips that are 1→0 on data with as many ones as zeros. */
  oneToZeroShare: number;
  /**
   * Model 3: P(stored 1 reads as 0) = 2·r·ber and P(stored 0 reads as 1) = 2·(1−r)·ber: properties
   * of the module, independent of the data. Their mean is `ber`, so a payload with as many
   * ones as zeros sees BER `ber` with a share r of 1→0 flips; skewed data sees its own mix.
   */
  p1: number;
  p0: number;
}

export function resolveModel(spec: ErrorModelSpec, ber: number): ResolvedModel {
  const id = spec.id;
  if (!(id in ERROR_MODEL_NAMES) || !Number.isInteger(id)) {
    throw new ErrorParamError(
      `unknown error model ${String(id)} (expected 0 uniform, 1 wordline, 2 bitline or 3 bit-value-dependent)`,
    );
  }
  if (!(Number.isFinite(ber) && ber >= 0 && ber <= 1))
    throw new ErrorParamError(`ber must be in [0, 1], got ${ber}`);
  const base = {
    id,
    ber,
    persistent: spec.persistent ?? false,
    q: ber,
    weakFraction: 1,
    oneToZeroShare: 0.5,
    p1: ber,
    p0: ber,
  };
  if (id === 1 || id === 2) {
    const f = spec.weakFraction ?? DEFAULT_WEAK_FRACTION;
    const line = id === 1 ? 'rows' : 'bitlines';
    if (!(Number.isFinite(f) && f > 0 && f <= 1))
      throw new ErrorParamError(`weak fraction of ${line} must be in (0, 1], got ${f}`);
    if (ber > f) {
      throw new ErrorParamError(
        `ber ${ber} exceeds the weak fraction ${f}: bits in weak ${line} would need flip probability ber/f > 1`,
      );
    }
    return { ...base, weakFraction: f, q: Math.min(1, ber / f) };
  }
  if (id === 3) {
    const r = spec.oneToZeroShare ?? DEFAULT_ONE_TO_ZERO_SHARE;
    if (!(Number.isFinite(r) && r >= 0 && r <= 1))
      throw new ErrorParamError(`1→0 share must be in [0, 1], got ${r}`);
    const p1 = 2 * r * ber;
    const p0 = 2 * (1 - r) * ber;
    if (p1 > 1 || p0 > 1) {
      throw new ErrorParamError(
        `ber ${ber} with 1→0 share ${r} needs a ${p1 > 1 ? '1→0' : '0→1'} probability of ${Math.max(p1, p0)} > 1 (2·share·ber)`,
      );
    }
    return { ...base, oneToZeroShare: r, p1, p0 };
  }
  return base;
}
