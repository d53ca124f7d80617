import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { testSnnSpec } from '../../../test/helpers/snn';
import { rngFor } from '../../core/rng';
import { snnSessionEvaluate, snnSessionSweep } from './session';
import { snnTolerableBer, sweepSnn, type SnnModel, type TestSet } from './sweep';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// A 16-pixel, 4-class toy: class c lights pixels 4c…4c+3; the SNN sums each group.
const spec = testSnnSpec([
  ['h', 16, 4, 1],
  ['o', 4, 4, 1],
]);
const h = Float32Array.from({ length: 64 }, (_, k) =>
  Math.floor(k / 4) >> 2 === k % 4 ? 0.5 : -0.1,
);
const o = Float32Array.from({ length: 16 }, (_, k) => (k % 5 === 0 ? 1 : 0));
const model: SnnModel = { id: 'toy', spec, kernels: [h, o] };
const n = 60;
const r = rngFor(3, 'toy-data');
const labels = Uint8Array.from({ length: n }, (_, i) => i % 4);
const images = Float32Array.from({ length: n * 16 }, (_, k) => {
  const i = Math.floor(k / 16);
  return Math.floor((k % 16) / 4) === labels[i] ? 0.6 + 0.4 * r.next() : 0.1 * r.next();
});
const test: TestSet = { images, labels, count: n };
const base = {
  format: 'int8' as const,
  errorModel: { id: 0 as const },
  trials: 3,
  samples: n,
  moduleSeed: 1,
  trialSeed: 1,
  rowBytes: 64,
};

describe('SNN sweeps over weight BER', () => {
  it('is exact at BER 0 (one trial) and degrades as BER rises', async () => {
    const res = await sweepSnn(model, test, { ...base, bers: [0, 0.3] });
    expect(res.baseline).toBe(1);
    expect(res.points[0]).toMatchObject({ ber: 0, trials: 1, mean: 1, flips: 0 });
    expect(res.points[1].trials).toBe(3);
    expect(res.points[1].flips).toBeGreaterThan(0);
    expect(res.points[1].mean).toBeLessThan(0.9);
  });

  it('finds a tolerable BER between the passing and failing points', async () => {
    const res = await snnTolerableBer(model, test, {
      ...base,
      maxDrop: 0.05,
      search: { minBer: 1e-3, maxBer: 0.5, perDecade: 1, refine: 1 },
    });
    expect(res.baseline).toBe(1);
    expect(res.tolerableBer).toBeGreaterThan(0);
    expect(res.failingBer).not.toBeNull();
    expect(res.tolerableBer).toBeLessThan(res.failingBer!);
    for (const p of res.points) expect(p.pass).toBe(p.ber <= res.tolerableBer);
  });
});

describe('the worker session branch for SNNs', () => {
  const config = {
    modelId: 'toy',
    format: 'int8' as const,
    errorModel: { id: 0 as const },
    correction: 'none' as const,
    samples: 10_000,
    trials: 2,
    moduleSeed: 1,
    trialSeed: 1,
    rowBytes: 64,
  };

  it('streams sweep points in the generic shape and rejects activation targets', async () => {
    const seen: number[] = [];
    const r = await snnSessionSweep(model, test, config, [0, 0.3], 'all', (_, done) =>
      seen.push(done),
    );
    expect(seen).toEqual([1, 2]);
    expect(r.baseline).toBe(1);
    expect(r.points[1]).toMatchObject({ ber: 0.3, trials: 2, samples: n, final: true });
    await expect(snnSessionSweep(model, test, config, [0], 'ifm')).rejects.toThrow(
      /only its weights/,
    );
  });

  it('evaluates coarse and uniform fine assignments alike', async () => {
    const coarse = await snnSessionEvaluate(model, test, config, {
      mode: 'coarse',
      ber: 0.3,
      target: 'weights',
    });
    const fine = await snnSessionEvaluate(model, test, config, {
      mode: 'fine',
      perDataType: { 'h/weights': 0.3, 'o/weights': 0.3 },
    });
    expect(fine.mean).toBe(coarse.mean);
    await expect(
      snnSessionEvaluate(model, test, config, { mode: 'fine', perDataType: { 'h/weights': 0.3 } }),
    ).rejects.toThrow(/same BER/);
  });
});
