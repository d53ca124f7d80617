import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Evaluator, type EvalSet, type PointTally } from '../../../src/engine/evaluate';
import { storeModel, type StoredModel } from '../../../src/engine/storedModel';
import type { RunConfig } from '../../../src/contract/api';
import { EngineError } from '../../../src/engine/engineError';
import { entryFor, labelsFor, randomImages, tinyModel } from './tinyModel';

const N = 300;
let sm: StoredModel;
let data: EvalSet;

const config = (over: Partial<RunConfig> = {}): RunConfig => ({
  modelId: 'tiny-test',
  format: 'int8',
  errorModel: { id: 0 },
  correction: 'none',
  samples: N,
  trials: 3,
  moduleSeed: 1,
  trialSeed: 42,
  rowBytes: 8192,
  ...over,
});

beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = tinyModel();
  const images = randomImages(N);
  const entry = entryFor(model, images, N);
  data = { images, labels: labelsFor(model, images, N), count: N };
  sm = storeModel(model, entry, 'int8');
});

// The real error engine (src/core/errors), skip sampler.
const fast = { yieldEvery: async () => {} };

describe('Evaluator', () => {
  it('BER 0 is the clean accuracy, exactly, with every batch size and cache setting', async () => {
    const a = await new Evaluator(sm, data, config(), {
      ...fast,
      batchSize: 300,
      firstEstimateSamples: 0,
    }).evaluate({ mode: 'coarse', ber: 0, target: 'all' });
    const b = await new Evaluator(sm, data, config(), {
      ...fast,
      batchSize: 64,
      firstEstimateSamples: 100,
      cacheBudgetBytes: 0,
    }).evaluate({
      mode: 'coarse',
      ber: 0,
      target: 'all',
    });
    expect(a.mean).toBe(b.mean);
    expect(a.min).toBe(a.max);
    expect(a.mean).toBeGreaterThan(0.6);
    expect(a.mean).toBeLessThan(0.85);
  });

  it('starting from cached clean activations gives the same trials as full passes', async () => {
    for (const target of ['weights', 'all'] as const) {
      const bers = [1e-3, 3e-2];
      const cached = await new Evaluator(sm, data, config(), {
        ...fast,
        batchSize: 100,
        firstEstimateSamples: 0,
      }).sweep(bers, target);
      const full = await new Evaluator(sm, data, config(), {
        ...fast,
        batchSize: 300,
        firstEstimateSamples: 0,
        cacheBudgetBytes: 0,
      }).sweep(bers, target);
      expect(cached.points.map((p) => [p.mean, p.min, p.max])).toEqual(
        full.points.map((p) => [p.mean, p.min, p.max]),
      );
    }
  });

  it('accuracy falls with BER; weights-only degrades less than all data', async () => {
    const ev = (target: 'weights' | 'all') =>
      new Evaluator(sm, data, config(), { ...fast, batchSize: 150, firstEstimateSamples: 0 }).sweep(
        [0, 1e-2],
        target,
      );
    const w = await ev('weights');
    const all = await ev('all');
    expect(w.points[1].mean).toBeLessThan(w.points[0].mean);
    expect(all.points[1].mean).toBeLessThan(w.points[1].mean);
    expect(all.baseline).toBe(w.baseline);
  });

  it('refines in phases of ten times more samples', async () => {
    const seen: number[] = [];
    await new Evaluator(sm, data, config(), {
      ...fast,
      batchSize: 100,
      firstEstimateSamples: 20,
    }).evaluate({ mode: 'coarse', ber: 1e-2, target: 'all' }, (e) => seen.push(e.samples));
    expect(seen).toEqual([20, 200, 300]);
  });

  it('streams a first estimate, then the final points, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const seen: [number, boolean, number, number][] = [];
    const r = await new Evaluator(sm, data, config(), {
      ...fast,
      batchSize: 100,
      firstEstimateSamples: 100,
    }).sweep([0, 1e-2], 'all', (p, done, total) => seen.push([p.samples, p.final, done, total]));
    expect(seen).toEqual([
      [100, false, 1, 4],
      [100, false, 2, 4],
      [300, true, 3, 4],
      [300, true, 4, 4],
    ]);
    expect(r.points[1].trials).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a sweep superseded after its first phase goes on from its tallies: same points, phase 1 not measured again', async () => {
    const bers = [0, 3e-3, 1e-2];
    const opts = { batchSize: 100, firstEstimateSamples: 100 };
    let batches = 0;
    const counting = { ...opts, yieldEvery: async () => void batches++ };
    const whole = await new Evaluator(sm, data, config(), fast).sweep(bers, 'all');
    await new Evaluator(sm, data, config(), counting).sweep(bers.slice(1), 'all');
    const freshBatches = batches;
    // Superseded as the page's why request does it: once the first final point is in.
    const tallies = new Map<number, PointTally>();
    const ac = new AbortController();
    await expect(
      new Evaluator(sm, data, config(), { ...opts, ...fast, signal: ac.signal }).sweep(
        bers,
        'all',
        (p) => {
          if (p.final) ac.abort(new EngineError('superseded', 'the why view goes first'));
        },
        tallies,
      ),
    ).rejects.toMatchObject({ code: 'superseded' });
    expect([...tallies.values()].map((t) => t.seen)).toEqual([300, 100, 100]);
    batches = 0;
    const missing = bers.slice(1);
    const seen: [number, boolean][] = [];
    const resumed = await new Evaluator(sm, data, config(), counting).sweep(
      missing,
      'all',
      (p) => seen.push([p.samples, p.final]),
      tallies,
    );
    expect(resumed.points).toEqual(whole.points.slice(1));
    expect(seen).toEqual([
      [300, true],
      [300, true],
    ]);
    // Phase 1 (one batch of 100 images: its clean pass and 2 points × 3 trials) is not run again.
    expect(freshBatches - batches).toBe(1 + 2 * 3);
  });

  it('cancels through its AbortSignal and rejects bad input', async () => {
    const ac = new AbortController();
    ac.abort(new EngineError('superseded', 'a newer sweep started'));
    const before = tf.memory().numTensors;
    await expect(
      new Evaluator(sm, data, config(), { ...fast, signal: ac.signal }).sweep([1e-2], 'all'),
    ).rejects.toMatchObject({ code: 'superseded' });
    expect(tf.memory().numTensors).toBe(before);
    expect(() => new Evaluator(sm, data, config({ samples: N + 1 }))).toThrow(/samples/);
    await expect(
      new Evaluator(sm, data, config(), fast).evaluate({
        mode: 'fine',
        perDataType: { 'nope/weights': 0.1 },
      }),
    ).rejects.toThrow(/unknown data type/);
  });
});

describe('non-finite outputs (issue #13 item 4)', () => {
  it('NaN logits score 0 % (not the class-0 share) and are counted', async () => {
    // NaN inputs make every logit of the fp32 model NaN; every label is 0, the class that
    // argMax of a NaN row used to give.
    const images = new Float32Array(N * 64).fill(NaN);
    const labels = Int32Array.from({ length: N }, () => 0);
    const model = tinyModel();
    const fp32 = storeModel(model, entryFor(model, randomImages(N), N), 'fp32');
    try {
      const e = await new Evaluator(fp32, { images, labels, count: N }, config(), {
        ...fast,
        firstEstimateSamples: 0,
      }).evaluate({ mode: 'coarse', ber: 0, target: 'all' });
      expect(e.mean).toBe(0);
      expect(e.nonFinite).toBe(N * 3);
    } finally {
      fp32.dispose();
      model.dispose();
    }
  });

  it('reports no non-finite count when every output is finite', async () => {
    const e = await new Evaluator(sm, data, config(), {
      ...fast,
      firstEstimateSamples: 0,
    }).evaluate({ mode: 'coarse', ber: 0, target: 'all' });
    expect(e.nonFinite).toBeUndefined();
  });
});
