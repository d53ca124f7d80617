import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ExplorerSession, type Platform } from '../../../src/engine/session';
import { CORE_ERRORS, type ErrorSource } from '../../../src/engine/injectedRun';
import type { BackendName, RunConfig } from '../../../workers/api';
import type { ZooEntry } from '../../../src/core/models/zoo';
import { entryFor, labelsFor, randomImages, tinyModel } from './tinyModel';

const N = 200;
let entry: ZooEntry;
let images: Float32Array;
let labels: Int32Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const m = tinyModel();
  images = randomImages(N);
  entry = entryFor(m, images, N);
  labels = labelsFor(m, images, N);
  m.dispose();
});

/** A Node platform over the cpu backend; `failOnce` makes the first injected read throw like a broken backend. */
function platform(opts: { failOnce?: boolean } = {}) {
  const inits: { request: string; exclude: BackendName[] }[] = [];
  let failures = opts.failOnce ? 1 : 0;
  const errors: ErrorSource = {
    ...CORE_ERRORS,
    injectErrors: (bytes, o) => {
      if (failures > 0) {
        failures--;
        throw new Error('GPU device was lost');
      }
      return CORE_ERRORS.injectErrors(bytes, o);
    },
  };
  const p: Platform = {
    initBackend: async (request, exclude) => {
      inits.push({ request, exclude: [...exclude] });
      return { requested: request, active: 'cpu', reason: 'test', attempts: [] };
    },
    listModels: async () => [entry],
    loadModel: async () => {
      const m = tinyModel() as unknown as tfl.LayersModel;
      return m;
    },
    loadTestSet: async () => ({ images, labels, count: N }),
    evalOptions: () => ({
      batchSize: 50,
      firstEstimateSamples: 100,
      errors,
      yieldEvery: () => new Promise((r) => setTimeout(r, 0)),
    }),
  };
  return { p, inits };
}

const config: RunConfig = {
  modelId: 'tiny-test',
  format: 'int8',
  errorModel: { id: 0 },
  correction: 'none',
  samples: N,
  trials: 2,
  moduleSeed: 1,
  trialSeed: 3,
  rowBytes: 8192,
};

describe('ExplorerSession', () => {
  it('latest wins: a newer sweep supersedes the running one; cancel() cancels', async () => {
    const { p } = platform();
    const s = new ExplorerSession(p);
    await s.init('auto');
    const before = tf.memory().numTensors;
    const first = s.sweep(config, [0, 1e-3, 1e-2, 1e-1], 'all');
    const second = s.sweep(config, [0, 1e-2], 'weights');
    await expect(first).rejects.toMatchObject({ code: 'superseded' });
    const r = await second;
    expect(r.points.map((q) => q.ber)).toEqual([0, 1e-2]);
    const third = s.evaluate(config, { mode: 'coarse', ber: 1e-2, target: 'all' });
    await s.cancel();
    await expect(third).rejects.toMatchObject({ code: 'cancelled' });
    // Only the loaded model's own tensors remain (the stored int8 weights stay for the next request).
    const again = await s.sweep(config, [0], 'all');
    expect(again.baseline).toBe(r.baseline);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 20);
  });

  it('a backend failure falls back and reruns the request with the same configuration', async () => {
    const { p, inits } = platform({ failOnce: true });
    const s = new ExplorerSession(p);
    await s.init('auto');
    const r = await s.evaluate(config, { mode: 'coarse', ber: 1e-2, target: 'weights' });
    expect(r.trials).toBe(2);
    expect(inits.map((i) => i.exclude)).toEqual([[], ['cpu']]);
    expect((await s.backendInfo())!.reason).toMatch(/cpu failed \(GPU device was lost\)/);
  });

  it('bad input is a typed error', async () => {
    const { p } = platform();
    const s = new ExplorerSession(p);
    await expect(s.loadModel('nope')).rejects.toMatchObject({ code: 'bad-input' });
    await expect(s.sweep({ ...config, samples: N + 5 }, [0], 'all')).rejects.toMatchObject({
      code: 'bad-input',
    });
  });

  it('a failure outside the computation (test set, storage format) does not blame the backend', async () => {
    const { p, inits } = platform();
    const s = new ExplorerSession({
      ...p,
      loadTestSet: async () => {
        throw new Error('HTTP 404');
      },
    });
    await s.init('cpu');
    await expect(s.sweep(config, [0], 'all')).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/HTTP 404/),
    });
    // No fallback: the backend was not switched, nothing excluded.
    expect(inits).toHaveLength(1);
    expect((await s.backendInfo())!.active).toBe('cpu');
  });
});
