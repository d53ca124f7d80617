/** Derived values several panels need: the operating BER, the clean accuracy, the savings. */
import { useMemo } from 'react';
import { useExplorer } from '../state/appStore';
import { cleanMeasurement } from '../state/store';
import { dramPort } from './dram/adapter';
import { operatingBer } from './engine/controller';
import { computeSavings, type Savings } from './savings/compute';
import { tolerable, toleranceWhy, type CurveTolerableBer } from './chart/curve';

export function useOperatingBer(): number | null {
  const config = useExplorer((s) => s.config);
  const profile = useExplorer((s) => s.profile);
  // The profile dependency re-evaluates once it has loaded.
  return useMemo(() => (profile ? operatingBer(dramPort, config) : null), [config, profile]);
}

export function useModelEntry() {
  const modelId = useExplorer((s) => s.config.modelId);
  const models = useExplorer((s) => s.models);
  return models.find((m) => m.id === modelId) ?? null;
}

/**
 * The one clean-accuracy figure of the page (issue #15 item 7): the curve's BER-0 point, measured
 * on the same images × trials as every other number (or, first, the final estimate at BER 0), so the target line does not move once it
 * shows. null (pending) until measured; the zoo's 10,000-image figure is not mixed in.
 */
export function useCleanAccuracy(): {
  value: number | null;
  samples: number | null;
  trials: number | null;
} {
  const clean = useExplorer(cleanMeasurement);
  return clean
    ? { value: clean.mean, samples: clean.samples, trials: clean.trials }
    : { value: null, samples: null, trials: null };
}

export function useSavings(): Savings {
  const config = useExplorer((s) => s.config);
  const profile = useExplorer((s) => s.profile);
  const report = useExplorer((s) => s.mapReport);
  const fineMap = useExplorer((s) => s.fineMap);
  const entry = useModelEntry();
  return useMemo(
    () =>
      profile
        ? computeSavings(dramPort, { config, mapReport: report, fineMap, profile }, entry)
        : { energy: null, speed: null },
    [config, profile, entry, report, fineMap],
  );
}

export function useCurveTolerableBer(): CurveTolerableBer {
  const points = useExplorer((s) => s.clean.points);
  const running = useExplorer((s) => s.clean.running);
  const drop = useExplorer((s) => s.config.targetDrop);
  const clean = useCleanAccuracy();
  return useMemo(() => {
    if (running || !points.length || clean.value === null)
      return { ber: null, reading: null, pending: true, why: null };
    const both = tolerable(points, clean.value, drop);
    const why = toleranceWhy(both.why, drop);
    if (both.bound !== null)
      return { ber: both.bound, reading: 'bound', pending: false, why: null };
    if (both.why?.kind === 'one-trial' && both.point !== null)
      return { ber: both.point, reading: 'point', pending: false, why };
    return { ber: null, reading: null, pending: false, why };
  }, [points, running, drop, clean.value]);
}
