import { describe, expect, it } from 'vitest';
import { DEFAULT_ROW_BYTES } from '../../core/dram/geometry';
import { DEFAULT_CONFIG } from '../../state/config';
import type { MapRunReport } from '../../state/pipelineRun';
import { appliedMap, mapRunKey } from './compute';

describe('a Map run is the page’s only with the settings it measured with', () => {
  const config = { ...DEFAULT_CONFIG, mapping: 'fine' as const };
  const report = { key: mapRunKey(config, DEFAULT_ROW_BYTES) } as MapRunReport;
  const state = { config, mapReport: report, fineMap: [], profile: null };

  it('applies with its own settings, and across a platform change (not a measured setting)', () => {
    expect(appliedMap(state)).toBe(report);
    expect(appliedMap({ ...state, config: { ...config, platform: 'gpu' } })).toBe(report);
    expect(appliedMap({ ...state, config: { ...config, mapping: 'coarse' } })).toBeNull();
  });

  it('not after a model switch (the card showed LeNet-5’s map accuracy under an MLP)', () => {
    for (const change of [
      { modelId: 'mlp-mnist' },
      { format: 'fp32' as const },
      { em: 1 as const },
      { samples: 200 },
      { trialSeed: 7 },
      { targetDrop: 0.02 },
      { profileId: 'ddr4-2400' },
    ])
      expect(
        appliedMap({ ...state, config: { ...config, ...change } }),
        JSON.stringify(change),
      ).toBeNull();
  });
});
