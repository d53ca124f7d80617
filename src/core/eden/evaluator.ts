/**
 * What the EDEN pipeline (characterize, map, validate) needs from an accuracy measurement:
 * an async evaluator that runs the model with a BER assignment and returns an estimate.
 * The engine (worker or CLI) provides the real one; tests pass deterministic fakes.
 *
 * The shapes match `BerAssignment` / `AccuracyEstimate` of src/contract/api.ts structurally
 * (core may not import from workers/, docs/design.md §4), so the engine's evaluate fits as is.
 */
import { summarizeTrials } from '../stats';
import type { DataKind } from '../types';

/** Coarse: one BER for the chosen data kinds; fine: one BER per data type id (absent = 0). */
export type Assignment =
  | { mode: 'coarse'; ber: number; target: DataKind | 'all' }
  | { mode: 'fine'; perDataType: Record<string, number> };

/** The part of an accuracy estimate the pipeline reads. */
export interface Estimate {
  /** Mean accuracy over trials in [0, 1]. */
  mean: number;
  /** Lower / upper bound of the 95 % confidence interval. */
  lo: number;
  hi: number;
  trials: number;
  samples: number;
  /** Values fixed by out-of-range correction, summed over trials. */
  corrected?: number;
}

export type Evaluator = (assignment: Assignment) => Promise<Estimate>;

/**
 * The pass rule that accounts for trial noise: an operating point meets the target only
 * if the lower bound of its confidence interval does (not merely the mean).
 */
export function meetsTarget(estimate: Estimate, targetAccuracy: number): boolean {
  return estimate.lo >= targetAccuracy;
}

/**
 * The allowed accuracy drop of a target, as a fraction: 0.001 (0.1 point) to 0.5 (50 points).
 * The one rule of the page's field and link (`drop`) and the CLI's `--target-drop`: a drop of
 * 0 can never be met by a noisy measurement (the lower CI bound of any run with errors sits
 * below the clean accuracy), and above 50 points every BER passes on a 10-class task.
 */
export const TARGET_DROP = { min: 0.001, max: 0.5 } as const;

/** Target accuracy: clean accuracy minus the allowed drop (EDEN: 1 point = 0.01). */
export function targetAccuracy(cleanAccuracy: number, targetDrop: number): number {
  if (!(targetDrop >= TARGET_DROP.min && targetDrop <= TARGET_DROP.max)) {
    throw new Error(
      `target drop must be in [${TARGET_DROP.min}, ${TARGET_DROP.max}], got ${targetDrop}`,
    );
  }
  return cleanAccuracy - targetDrop;
}

/** Throws the signal's reason (an AbortError by default) if the work was cancelled. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error ? signal.reason : new Error('cancelled');
  }
}

/**
 * The estimate with its interval narrowed to trial noise only (which bits flip). The engine's
 * 95 % CI (src/core/stats.ts) adds, in quadrature, the sampling error of the N test images;
 * but characterization compares against the clean accuracy measured on the *same* images
 * (a paired comparison), so that term does not belong in the pass rule. Recovered exactly:
 * trial = √(hw² − sample²), with sample = the engine's interval for one trial.
 */
export function trialNoiseOnly<E extends Estimate>(e: E): E {
  const sample = e.mean - summarizeTrials([e.mean], e.samples).lo;
  const hw = e.mean - e.lo;
  const trial = Math.sqrt(Math.max(0, hw * hw - sample * sample));
  return { ...e, lo: Math.max(0, e.mean - trial), hi: Math.min(1, e.mean + trial) };
}
