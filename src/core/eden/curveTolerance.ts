/**
 * The coarse tolerable BER read off a measured accuracy-vs-BER curve (the page's chart and EDEN
 * panel; issue #15 item 8), with the EDEN pipeline's pass rule (./evaluator.ts).
 *
 * Two readings, each over the swept BERs > 0 in ascending order, stopping at the first miss:
 *  - point estimate: the largest BER up to which every point's mean accuracy meets the target;
 *  - conservative bound: the same with every point's 95 % lower bound over trials
 *    (`trialNoiseOnly`, then `meetsTarget`). The target is the clean accuracy measured on the
 *    same images minus the allowed drop, a paired comparison, so the sampling of the N test
 *    images is not part of the interval (as in the pipeline's characterization). It used to be:
 *    with 1,000 images that term alone is ±1.1 points at 96.7 % clean accuracy, so ResNet-mini
 *    or int4 LeNet-5 passed at no BER ("none" on the page, README "Choosing images × trials").
 *
 * When a reading is null, `why` says why, as data the caller words.
 */
import { meetsTarget, trialNoiseOnly, type Estimate } from './evaluator';

/** One measured point of a curve: an accuracy estimate at a BER (SweepPoint fits). */
export interface CurvePoint extends Estimate {
  ber: number;
}

/** Why a reading of the tolerable BER is null (or, for the bound, below the point estimate). */
export type ToleranceWhy =
  /** No point with BER > 0 measured yet. */
  | { kind: 'no-points' }
  /** Even the smallest swept BER misses the target: `drop` = clean − its mean (fraction). */
  | { kind: 'below-smallest'; ber: number; drop: number }
  /** One trial per point: no interval over trials, so no conservative reading. */
  | { kind: 'one-trial' }
  /**
   * The bound stops at `ber` (the first swept BER whose lower bound misses the target although
   * its mean meets it): its half-width over trials `halfWidth` exceeds the margin `margin`
   * (mean − target), both fractions, with `trials` trials on `samples` images.
   */
  | {
      kind: 'interval-too-wide';
      ber: number;
      halfWidth: number;
      margin: number;
      trials: number;
      samples: number;
    };

export interface CurveTolerance {
  /** Largest swept BER up to which the mean meets the target (null: none). */
  point: number | null;
  /** Largest swept BER up to which the 95 % lower bound over trials meets it (null: none). */
  bound: number | null;
  /** Why `point` is null; else why `bound` is null or below `point`; null when they agree. */
  why: ToleranceWhy | null;
}

/**
 * Both readings of the tolerable BER from `points` (any order; BER 0 is skipped) against
 * `target` (accuracy in [0, 1]: clean − allowed drop; `clean` is the clean accuracy on the same
 * images, for the "below the smallest BER" drop). Pure; never throws.
 */
export function curveTolerance(
  points: readonly CurvePoint[],
  target: number,
  clean: number,
): CurveTolerance {
  const swept = points.filter((p) => p.ber > 0).sort((a, b) => a.ber - b.ber);
  if (!swept.length) return { point: null, bound: null, why: { kind: 'no-points' } };
  let point: number | null = null;
  for (const p of swept) {
    if (p.mean < target) break;
    point = p.ber;
  }
  if (point === null)
    return {
      point,
      bound: null,
      why: { kind: 'below-smallest', ber: swept[0].ber, drop: clean - swept[0].mean },
    };
  if (swept.some((p) => p.trials < 2)) return { point, bound: null, why: { kind: 'one-trial' } };
  let bound: number | null = null;
  for (const p of swept) {
    const paired = trialNoiseOnly(p);
    if (!meetsTarget(paired, target)) {
      const why: ToleranceWhy = {
        kind: 'interval-too-wide',
        ber: p.ber,
        halfWidth: p.mean - paired.lo,
        margin: p.mean - target,
        trials: p.trials,
        samples: p.samples,
      };
      return { point, bound, why: bound === point ? null : why };
    }
    bound = p.ber;
  }
  return { point, bound, why: null };
}
