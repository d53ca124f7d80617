/** From the page's configuration to the worker's RunConfig, and the BER grid of the curve. */
import type { RunConfig } from '../../contract/api';
import type { ErrorModelSpec } from '../../core/types';
import type { ExplorerConfig } from '../../state/config';
import type { CurveConfig } from '../../state/curves';

export function errorModelOf(c: CurveConfig): ErrorModelSpec {
  if (c.em === 1 || c.em === 2) return { id: c.em, weakFraction: c.weakFraction };
  if (c.em === 3) return { id: 3, oneToZeroShare: c.oneToZeroShare };
  return { id: 0 };
}

export function runConfigOf(c: CurveConfig, rowBytes: number): RunConfig {
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

export { SWEEP_BERS, sweepBers } from '../../state/curves';

/** Why an operating BER cannot be evaluated for this error model, or null. */
export function berProblem(c: ExplorerConfig, ber: number): string | null {
  if ((c.em === 1 || c.em === 2) && ber > c.weakFraction) {
    const lines = c.em === 1 ? 'rows' : 'bitlines';
    return `BER ${ber.toExponential(1)} is above the weak fraction ${c.weakFraction} of ${lines}: this error model cannot produce it.`;
  }
  return null;
}
