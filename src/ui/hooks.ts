/** Derived values several panels need: the operating BER, the clean accuracy, the savings. */
import { useMemo } from 'react';
import { useExplorer } from '../state/appStore';
import { dramPort } from './dram/adapter';
import { operatingBer } from './engine/controller';
import { computeSavings, type Savings } from './savings/compute';
import { tolerableBer } from './chart/curve';

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

/** Clean accuracy for the current settings: the curve's BER-0 point, else the zoo's figure. */
export function useCleanAccuracy(): { value: number | null; source: 'measured' | 'zoo' | null } {
  const clean = useExplorer((s) => s.clean.points.find((p) => p.ber === 0));
  const format = useExplorer((s) => s.config.format);
  const entry = useModelEntry();
  if (clean) return { value: clean.mean, source: 'measured' };
  if (entry) return { value: entry.accuracy[format], source: 'zoo' };
  return { value: null, source: null };
}

export function useSavings(): Savings {
  const config = useExplorer((s) => s.config);
  const profile = useExplorer((s) => s.profile);
  const entry = useModelEntry();
  return useMemo(
    () => (profile ? computeSavings(dramPort, config, entry) : { energy: null, speed: null }),
    [config, profile, entry],
  );
}

/** The curve's coarse tolerable BER (largest swept BER meeting the target), null before the curve. */
export function useCurveTolerableBer(): number | null {
  const points = useExplorer((s) => s.clean.points);
  const drop = useExplorer((s) => s.config.targetDrop);
  const clean = useCleanAccuracy();
  return clean.value === null ? null : tolerableBer(points, clean.value - drop);
}
