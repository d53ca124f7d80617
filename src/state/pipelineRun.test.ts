import { describe, expect, it } from 'vitest';
import type { PartitionMap } from '../core/eden/map';
import {
  boostProgressText,
  characterizationKey,
  partitionsOf,
  pipelineProgressText,
} from './pipelineRun';

const dataTypes = [
  {
    id: 'dense/weights',
    layer: 'dense',
    kind: 'weights' as const,
    bytes: { fp32: 400, int16: 200, int8: 100, int4: 50 },
  },
  {
    id: 'dense/ofm',
    layer: 'dense',
    kind: 'ofm' as const,
    bytes: { fp32: 40, int16: 20, int8: 10, int4: 5 },
  },
];

describe('partitionsOf', () => {
  it('turns the worker map into drawn partitions, dropping empty ones, with tolerances', () => {
    const map: PartitionMap = {
      mode: 'fine',
      totalBytes: 1000,
      partitions: [
        {
          index: 0,
          vddDelta: -0.1,
          trcdDelta: 0,
          ber: 1e-4,
          targetBer: 1e-4,
          capacity: 500,
          used: 128,
          placed: [{ id: 'dense/weights', start: 0, end: 100, tolerableBer: 2e-4 }],
        },
        {
          index: 1,
          vddDelta: -0.2,
          trcdDelta: 0,
          ber: 1e-2,
          targetBer: 0,
          capacity: 500,
          used: 0,
          placed: [],
        },
        {
          index: 2,
          vddDelta: -0.3,
          trcdDelta: -2,
          ber: 3e-2,
          targetBer: 3e-2,
          capacity: 500,
          used: 64,
          placed: [{ id: 'dense/ofm', start: 0, end: 10, tolerableBer: 3e-2 }],
        },
      ],
    };
    const parts = partitionsOf(map, dataTypes, 'int8', { 'dense/weights': 5e-4 });
    expect(parts.map((p) => p.label)).toEqual(['partition 1', 'partition 3']);
    expect(parts[0]!.dataTypes[0]).toEqual({
      id: 'dense/weights',
      layer: 'dense',
      kind: 'weights',
      bytes: 100,
      tolerableBer: 5e-4,
    });
    expect(parts[1]).toMatchObject({ vddDelta: -0.3, trcdDelta: -2, ber: 3e-2 });
    expect(parts[1]!.dataTypes[0]).toMatchObject({ kind: 'ofm', bytes: 10, tolerableBer: 3e-2 });
  });
});

describe('progress texts', () => {
  it('reports the share of epochs done while boosting', () => {
    const t = boostProgressText({
      kind: 'batch',
      stage: 0,
      ber: 1e-3,
      epoch: 0.25,
      totalEpochs: 1,
      loss: 0.5,
      accuracy: 0.9,
    });
    expect(t.fraction).toBe(0.25);
    expect(t.text).toContain('stage 1');
  });
  it('reports data types done in the isolated step, no share in searches', () => {
    const point = {
      ber: 1e-3,
      estimate: { mean: 0.97, lo: 0.96, hi: 0.98, trials: 1, samples: 200 },
      pass: true,
    } as never;
    expect(
      pipelineProgressText({ phase: 'isolated', id: 'a', point, done: 3, total: 4 }).fraction,
    ).toBe(0.75);
    expect(pipelineProgressText({ phase: 'coarse', point }).fraction).toBeNull();
    expect(pipelineProgressText({ phase: 'validate', which: 'fine' }).text).toContain('fine');
  });
});

describe('characterizationKey', () => {
  it('is the same for the same settings in any key order, and differs when one changes', () => {
    const a = characterizationKey({ modelId: 'm', samples: 100, trials: 2 }, 0.01, 'ddr3-eden');
    expect(characterizationKey({ trials: 2, samples: 100, modelId: 'm' }, 0.01, 'ddr3-eden')).toBe(
      a,
    );
    expect(
      characterizationKey({ modelId: 'm', samples: 200, trials: 2 }, 0.01, 'ddr3-eden'),
    ).not.toBe(a);
    expect(
      characterizationKey({ modelId: 'm', samples: 100, trials: 2 }, 0.02, 'ddr3-eden'),
    ).not.toBe(a);
    expect(
      characterizationKey({ modelId: 'm', samples: 100, trials: 2 }, 0.01, 'ddr4-2400'),
    ).not.toBe(a);
  });
});
