import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../core/data';
import { bandImages, tinyClassifier } from '../../test/helpers/tinyClassifier';
import { boostSchedule } from '../core/eden/schedule';
import { clippedActivationRanges, logitBound, quantileOf, withRanges } from './activationClip';
import { boostModel } from './boost';
import { modelDataTypes } from './executor';
import { describeModel } from './modelEntry';
import { dataTypeRanges } from './quantizedModel';
import { initNodeBackend } from './tfNode';
import { batchTensors } from './train';

async function entryOf(model: LayersModel, data: Dataset) {
  const ranges = await dataTypeRanges(model, data, 100);
  return { dataTypes: modelDataTypes(model).map((d) => ({ ...d, range: ranges.get(d.id)! })) };
}

describe('quantileOf', () => {
  it('is the nearest-rank quantile', () => {
    const v = () => Float32Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantileOf(v(), 0.99)).toBe(99);
    expect(quantileOf(v(), 1)).toBe(100);
    expect(quantileOf(v(), 0)).toBe(1);
    expect(quantileOf([3, 1, 2], 0.5)).toBe(2);
    expect(() => quantileOf([], 0.5)).toThrow(/no values/);
  });
});

describe('logitBound', () => {
  it("is the top logits' quantile unless runner-ups would tie there", () => {
    const tops = Array.from({ length: 100 }, (_, i) => 10 + i / 10);
    expect(logitBound(tops, new Array(100).fill(1), 0.05)).toBeCloseTo(10.4, 6);
    expect(logitBound(tops, new Array(100).fill(12), 0.05)).toBe(12);
    expect(logitBound([-3], [-5], 0.5)).toBe(3);
  });
});

describe('clipped activation ranges (FT-ClipAct)', () => {
  beforeAll(async () => {
    await initNodeBackend('cpu');
  });

  it('quantile 1 gives the calibration maximum, lower quantiles tighter ranges; the input keeps its range', async () => {
    const model = tinyClassifier();
    const [h, out] = [model.layers[1].name, model.layers[2].name];
    const data = bandImages(90, 3);
    const entry = await entryOf(model, data);
    const full = await clippedActivationRanges(model, entry, data, {
      quantile: 1,
      logitQuantile: 1,
    });
    const range = (id: string) => entry.dataTypes.find((d) => d.id === id)!.range;
    expect(full.has(`${h}/ifm`)).toBe(false);
    expect(full.get(`${h}/ofm`)).toEqual(range(`${h}/ofm`));
    expect(full.get(`${out}/ifm`)).toEqual(range(`${out}/ifm`));
    const tight = await clippedActivationRanges(model, entry, data, {
      quantile: 0.5,
      logitQuantile: 0.1,
    });
    expect(tight.get(`${h}/ofm`)!.max).toBeLessThan(range(`${h}/ofm`).max);
    expect(tight.get(`${h}/ofm`)!.min).toBe(0);
    // Logits: ±(the 10 % quantile of the images' top logit, or the runner-ups' 99 % one), within the calibrated range.
    const { x } = batchTensors(
      data,
      Array.from({ length: 90 }, (_, i) => i),
    );
    const logits = (model.predict(x) as tf.Tensor).arraySync() as number[][];
    const sorted = logits.map((r) => [...r].sort((a, b) => b - a));
    const c = logitBound(
      sorted.map((r) => r[0]),
      sorted.map((r) => r[1]),
      0.1,
    );
    expect(c).toBeGreaterThanOrEqual(
      quantileOf(
        sorted.map((r) => r[0]),
        0.1,
      ),
    );
    const lr = range(`${out}/ofm`);
    expect(tight.get(`${out}/ofm`)).toEqual({
      min: Math.max(lr.min, -c),
      max: Math.min(lr.max, c),
    });
    const put = withRanges(entry, tight);
    expect(put.dataTypes.find((d) => d.id === `${h}/ofm`)!.range).toEqual(tight.get(`${h}/ofm`));
    expect(put.dataTypes.find((d) => d.id === `${h}/ifm`)!.range).toEqual(range(`${h}/ifm`));
  });

  it('boosting with clipping returns the ranges it trained with, and the boosted entry keeps them', async () => {
    const model = tinyClassifier();
    const train = bandImages(192, 5);
    const entry = await entryOf(model, train);
    const schedule = boostSchedule({ recipe: 'eden', targetBer: 1e-3, epochs: 1, steps: 1 });
    expect(schedule.activationClip).toEqual({ quantile: 0.99, logitQuantile: 0.05 });
    const common = {
      format: 'int8' as const,
      errorModel: { id: 0 as const },
      correction: 'none' as const,
      moduleSeed: 1,
      seed: 1,
      batchSize: 32,
      validationSamples: 100,
    };
    const r = await boostModel(model, entry, train, train, { ...common, schedule });
    const ranges = r.activationRanges!;
    const [h, out] = [model.layers[1].name, model.layers[2].name];
    expect(Object.keys(ranges).sort()).toEqual([`${h}/ofm`, `${out}/ifm`, `${out}/ofm`].sort());
    const described = await describeModel(
      model,
      { ...entry, id: 'x', dataset: 'mnist' } as never,
      { id: 'x-b', name: 'x', path: 'x', training: {} as never },
      train,
      bandImages(60, 6),
      undefined,
      ranges,
    );
    for (const [id, range] of Object.entries(ranges))
      expect(described.dataTypes.find((d) => d.id === id)!.range).toEqual(range);
    const other = tinyClassifier();
    const off = await boostModel(other, await entryOf(other, train), train, train, {
      schedule: boostSchedule({
        recipe: 'eden',
        targetBer: 1e-3,
        epochs: 1,
        steps: 1,
        activationClip: null,
      }),
      ...common,
    });
    expect(off.activationRanges).toBeUndefined();
  });
});
