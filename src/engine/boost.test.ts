import { beforeAll, describe, expect, it } from 'vitest';
import { bandImages, tinyClassifier } from '../../test/helpers/tinyClassifier';
import { boostSchedule } from '../core/eden/schedule';
import { fakeQuantize } from '../core/formats';
import { boostModel, readWeightsApproximate, windowOf, type BoostProgress } from './boost';
import { modelDataTypes } from './executor';
import { dataTypeRanges, snapshotWeights } from './quantizedModel';
import { initNodeBackend } from './tfNode';
import { TrainingCancelled } from './train';

const clean = new Map([
  [
    'd1',
    [
      Float32Array.from({ length: 300 }, (_, i) => Math.sin(i) * 0.3),
      Float32Array.from([0.1, -0.2]),
    ],
  ],
]);
const base = {
  errorModel: { id: 0 as const },
  moduleSeed: 1,
  trialSeed: 2,
  addresses: new Map([['d1/weights', 0]]),
  rowBytes: 8192,
};

describe('weights read through approximate DRAM', () => {
  it('BER 0 returns what is stored (fp32 exact, int8 fake-quantized per tensor)', () => {
    const fp = readWeightsApproximate(clean, {
      ...base,
      format: 'fp32',
      ber: 0,
      correction: 'none',
    });
    expect(fp.values.get('d1')).toEqual(clean.get('d1'));
    const i8 = readWeightsApproximate(clean, {
      ...base,
      format: 'int8',
      ber: 0,
      correction: 'none',
    });
    expect(i8.values.get('d1')![0]).toEqual(fakeQuantize(clean.get('d1')![0], 'int8'));
    expect(i8.values.get('d1')![1]).toEqual(fakeQuantize(clean.get('d1')![1], 'int8'));
    expect(i8.flips).toBe(0);
  });

  it('fp32 at a high BER: without correction values leave the clean range, with zero they do not', () => {
    const opts = { ...base, format: 'fp32' as const, ber: 0.01 };
    const none = readWeightsApproximate(clean, { ...opts, correction: 'none' });
    const zero = readWeightsApproximate(clean, { ...opts, correction: 'zero' });
    const all = (m: Map<string, Float32Array[]>) => m.get('d1')!.flatMap((t) => [...t]);
    expect(none.flips).toBeGreaterThan(50);
    expect(all(none.values).some((v) => !(Math.abs(v) <= 0.3))).toBe(true);
    expect(all(zero.values).every((v) => v >= -0.3 && v <= 0.3)).toBe(true);
    expect(zero.corrected).toBeGreaterThan(0);
    // Same seeds, same flips; another trial seed, other flips.
    expect(readWeightsApproximate(clean, { ...opts, correction: 'none' }).values).toEqual(
      none.values,
    );
    const other = readWeightsApproximate(clean, { ...opts, correction: 'none', trialSeed: 3 });
    expect(other.values).not.toEqual(none.values);
  });

  it('windowOf wraps around the dataset', () => {
    const ds = bandImages(5, 1);
    const w = windowOf(ds, 3, 4);
    expect([...w.labels]).toEqual([ds.labels[3], ds.labels[4], ds.labels[0], ds.labels[1]]);
    expect(w.pixels.subarray(36 * 2, 36 * 3)).toEqual(ds.pixels.subarray(0, 36));
  });
});

describe('boosting (straight-through retraining)', () => {
  beforeAll(async () => {
    await initNodeBackend('cpu');
  });

  it('runs the curriculum, streams progress, keeps clean weights and learns', async () => {
    const model = tinyClassifier();
    const train = bandImages(384, 7);
    const val = bandImages(150, 8);
    const ranges = await dataTypeRanges(model, train, 100);
    const entry = {
      dataTypes: modelDataTypes(model).map((d) => ({ ...d, range: ranges.get(d.id)! })),
    };
    const schedule = boostSchedule({ recipe: 'eden', targetBer: 1e-3, epochs: 2, steps: 2 });
    const events: BoostProgress[] = [];
    const r = await boostModel(model, entry, train, val, {
      schedule,
      format: 'fp32',
      errorModel: { id: 0 },
      correction: 'none',
      moduleSeed: 1,
      seed: 1,
      batchSize: 32,
      learningRate: 1e-2,
      onProgress: (e) => events.push(e),
    });
    expect(r.stages.map((s) => s.ber)).toEqual([1e-4, 1e-3]);
    expect(r.stages.at(-1)!.clean).toBeGreaterThan(0.9); // separable: it learns
    expect(events.some((e) => e.kind === 'batch')).toBe(true);
    expect(events.filter((e) => e.kind === 'stage')).toHaveLength(r.stages.length);
    // The model holds clean weights after training (perturbed fp32 reads would hold huge values).
    for (const ts of snapshotWeights(model).values())
      for (const t of ts) for (const v of t) expect(Math.abs(v)).toBeLessThan(10);
  });

  it('randbet clips the weights, and training is cancellable', async () => {
    const model = tinyClassifier();
    const train = bandImages(192, 9);
    const ranges = await dataTypeRanges(model, train, 100);
    const entry = {
      dataTypes: modelDataTypes(model).map((d) => ({ ...d, range: ranges.get(d.id)! })),
    };
    const common = {
      format: 'int8' as const,
      errorModel: { id: 0 as const },
      correction: 'none' as const,
      moduleSeed: 1,
      seed: 2,
      batchSize: 32,
    };
    const r = await boostModel(model, entry, train, train, {
      ...common,
      schedule: boostSchedule({ recipe: 'randbet', targetBer: 1e-2, epochs: 1, clip: 0.05 }),
    });
    expect(r.stages).toHaveLength(1);
    for (const ts of snapshotWeights(model).values())
      for (const t of ts) for (const v of t) expect(Math.abs(v)).toBeLessThanOrEqual(0.05 + 1e-7);
    const ctl = new AbortController();
    const run = boostModel(model, entry, train, train, {
      ...common,
      schedule: boostSchedule({ recipe: 'eden', targetBer: 1e-2, epochs: 2 }),
      signal: ctl.signal,
      onProgress: (e) => {
        if (e.kind === 'batch') ctl.abort();
      },
    });
    await expect(run).rejects.toThrow(TrainingCancelled);
  });
});

describe('training-time activation quantization', () => {
  beforeAll(async () => {
    await initNodeBackend('cpu');
  });

  it('has the forward values of formatHooks and a straight-through (or clipped) gradient', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const { formatHooks } = await import('./quantizedModel');
    const { trainingFormatHooks } = await import('./boost');
    const entry = { dataTypes: [{ id: 'l/ofm', range: { min: 0, max: 2 } }] } as never;
    const x = tf.tensor1d([0.013, 0.5, 1.999, 3]);
    const plain = formatHooks(entry, 'int8').ofm!('l', x);
    const ste = trainingFormatHooks(entry, 'int8').ofm!('l', x);
    expect(Array.from(ste.dataSync())).toEqual(Array.from(plain.dataSync()));
    const g = tf.grad((t: import('@tensorflow/tfjs-core').Tensor) =>
      tf.sum(trainingFormatHooks(entry, 'int8').ofm!('l', t)),
    )(x);
    expect(Array.from(g.dataSync())).toEqual([1, 1, 1, 1]);
    // With clipped ranges: the clip's derivative, 0 where the value was clipped (|x| > 2).
    const gc = tf.grad((t: import('@tensorflow/tfjs-core').Tensor) =>
      tf.sum(trainingFormatHooks(entry, 'int8', true).ofm!('l', t)),
    )(x);
    expect(Array.from(gc.dataSync())).toEqual([1, 1, 1, 0]);
    tf.dispose([x, plain, ste, g, gc]);
  });
});
