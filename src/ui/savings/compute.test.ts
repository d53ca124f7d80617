import { describe, expect, it } from 'vitest';
import { DEFAULT_ROW_BYTES } from '../../core/dram/geometry';
import { DEFAULT_CONFIG } from '../../state/config';
import type { MapRunReport } from '../../state/pipelineRun';
import type { ZooEntry } from '../../core/models/zoo';
import type { DramPort, PartitionSetting } from '../../state/dramPort';
import { appliedMap, computeSavings, mapRunKey, pageCharacterization } from './compute';

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

describe('every savings figure follows one rule (applied map vs knobs)', () => {
  // A port whose knob speedup and map speedup differ, so a card reading the wrong one shows it.
  const knobSpeed = { speedup: 1.05, latencyNominal: 20, latencyApprox: 18, memoryBound: 0.5 };
  const mapFine = { saving: 0.12, speedup: 1.2 };
  const energyCalls: PartitionSetting[][] = [];
  const port = {
    speed: () => knobSpeed,
    energy: (_p: string, _m: ZooEntry, _f: string, _pl: string, parts: PartitionSetting[]) => {
      energyCalls.push(parts);
      return { nominal: 1, approx: 1 - mapFine.saving, saving: mapFine.saving, parts: [] };
    },
    mapEnergy: () => ({
      coarse: { saving: 0.1, speedup: 1.1, settings: [] },
      fine: { ...mapFine, settings: [] },
      sources: [],
    }),
    largestStep: () => -0.05,
  } as unknown as DramPort;
  const entry = { id: 'lenet5-mnist', dataTypes: [{ id: 'w1' }] } as unknown as ZooEntry;
  const config = { ...DEFAULT_CONFIG, mapping: 'fine' as const, trcdDelta: -2 };
  const fineMap = {
    partitions: [{ index: 0, targetBer: 1e-4, placed: [{ id: 'w1' }] }],
  } as unknown as MapRunReport['fineMap'];
  const report = {
    key: mapRunKey(config, DEFAULT_ROW_BYTES),
    fineMap,
    modelId: 'lenet5-mnist',
    profileId: config.profileId,
  } as MapRunReport;
  const state = { config, mapReport: report, fineMap: [], profile: null };

  it('with the map applied, the speed card shows the map’s speedup, not the knob’s', () => {
    const s = computeSavings(port, state, entry);
    expect(s.source).toBe('map');
    expect(s.speed?.speedup).toBe(mapFine.speedup);
    expect(s.energy?.saving).toBe(mapFine.saving);
    expect(energyCalls.at(-1)).toEqual([{ vddDelta: -0.05, trcdDelta: 0, dataTypes: ['w1'] }]);
    // The shown latency is the one Amdahl's law gives that speedup: 1 / (1 − m + m·t′/t).
    const { latencyNominal: t, latencyApprox: t1, memoryBound: m } = s.speed!;
    expect(1 / (1 - m + (m * t1) / t)).toBeCloseTo(mapFine.speedup, 12);
  });

  it('without it (coarse, or the map of other settings), both are the knobs’', () => {
    for (const st of [
      { ...state, config: { ...config, mapping: 'coarse' as const } },
      { ...state, config: { ...config, format: 'int4' as const } },
    ]) {
      const s = computeSavings(port, st, entry);
      expect(s.source).toBe('knobs');
      expect(s.speed).toBe(knobSpeed);
      expect(energyCalls.at(-1)?.[0]).toMatchObject({
        vddDelta: st.config.vddDelta,
        trcdDelta: -2,
      });
    }
  });
});

describe('a fine characterization is shown only with the settings it measured with', () => {
  const config = DEFAULT_CONFIG;
  const characterization = {
    tolerances: { 'conv1/weights': 1e-3 },
    coarseTolerableBer: 3e-4,
    key: mapRunKey(config, DEFAULT_ROW_BYTES),
    modelId: config.modelId,
    format: config.format,
  };
  const state = { config, profile: null, characterization };

  it('is the page’s with its settings, and across knob moves (not measured settings)', () => {
    expect(pageCharacterization(state)).toBe(characterization);
    expect(pageCharacterization({ ...state, config: { ...config, vddDelta: -0.1 } })).toBe(
      characterization,
    );
  });

  it('not after the run ended under a model switch (LeNet-5’s tolerances under the MLP)', () => {
    for (const change of [
      { modelId: 'mlp-mnist' },
      { format: 'int4' as const },
      { em: 2 as const },
    ])
      expect(pageCharacterization({ ...state, config: { ...config, ...change } })).toBeNull();
  });
});
