/** From the page's configuration to the worker's RunConfig, and the BER grid of the curve. */
import type { RunConfig } from '../../../workers/api';
import type { ErrorModelSpec } from '../../core/types';
import type { ExplorerConfig } from '../../state/config';

export function errorModelOf(c: ExplorerConfig): ErrorModelSpec {
  if (c.em === 1 || c.em === 2) return { id: c.em, weakFraction: c.weakFraction };
  if (c.em === 3) return { id: 3, oneToZeroShare: c.oneToZeroShare };
  return { id: 0 };
}

export function runConfigOf(c: ExplorerConfig, rowBytes: number): RunConfig {
  return {
    modelId: c.modelId,
    format: c.format,
    errorModel: errorModelOf(c),
    correction: c.correction,
    samples: c.samples,
    trials: c.trials,
    moduleSeed: c.moduleSeed,
    trialSeed: c.trialSeed,
    rowBytes,
  };
}

/** Log-spaced BERs of the accuracy curve (1-3-10 per decade, 1e-6 … 0.3), plus 0 (the clean point). */
export const SWEEP_BERS: readonly number[] = [
  0, 1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 2e-2, 5e-2, 1e-1, 2e-1, 3e-1,
];

/** The BERs an error model can produce: models 1/2 cannot exceed their weak fraction (DESIGN.md §1). */
export function sweepBers(c: ExplorerConfig): number[] {
  const max = c.em === 1 || c.em === 2 ? c.weakFraction : 1;
  return SWEEP_BERS.filter((b) => b <= max);
}

/** Why an operating BER cannot be evaluated for this error model, or null. */
export function berProblem(c: ExplorerConfig, ber: number): string | null {
  if ((c.em === 1 || c.em === 2) && ber > c.weakFraction) {
    const lines = c.em === 1 ? 'rows' : 'bitlines';
    return `BER ${ber.toExponential(1)} is above the weak fraction ${c.weakFraction} of ${lines}: this error model cannot produce it.`;
  }
  return null;
}
