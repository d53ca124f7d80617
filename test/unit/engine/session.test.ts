import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ExplorerSession, type Platform } from '../../../src/engine/session';
import { CORE_ERRORS, type ErrorSource } from '../../../src/engine/injectedRun';
import type { BackendName, RunConfig } from '../../../src/contract/api';
import type { ZooEntry } from '../../../src/core/models/zoo';
import { readZoo } from '../../../src/engine/nodeZoo';
import { nodePublicReader } from '../../../src/engine/snn/load-node';
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

/**
 * A Node platform over the cpu backend. `failOnce` makes the first injected read throw a plain
 * Error; `broken` says whether the backend then fails its health check (a real backend
 * failure) or passes it (a bug: no fallback). `initMs` delays every backend initialization.
 */
function platform(opts: { failOnce?: boolean; broken?: boolean; initMs?: number } = {}) {
  const inits: { request: string; exclude: BackendName[] }[] = [];
  let failures = opts.failOnce ? 1 : 0;
  let broken = false;
  let initializing = false;
  const errors: ErrorSource = {
    ...CORE_ERRORS,
    injectErrors: (bytes, o) => {
      if (failures > 0) {
        failures--;
        broken = !!opts.broken;
        throw new Error('GPU device was lost');
      }
      return CORE_ERRORS.injectErrors(bytes, o);
    },
  };
  const p: Platform = {
    initBackend: async (request, exclude) => {
      inits.push({ request, exclude: [...exclude] });
      initializing = true;
      await new Promise((r) => setTimeout(r, opts.initMs ?? 0));
      initializing = false;
      broken = false;
      return { requested: request, active: 'cpu', reason: 'test', attempts: [] };
    },
    checkBackend: async () => {
      if (broken) throw new Error('device is gone');
    },
    listModels: async () => [entry, { ...entry, id: 'tiny-test-b' }],
    loadModel: async () => {
      // Work while the backend initializes is the race this guards against.
      if (initializing) throw new Error("Backend 'cpu' has not yet been initialized");
      await new Promise((r) => setTimeout(r, 1));
      return tinyModel() as unknown as tfl.LayersModel;
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
    const { p, inits } = platform({ failOnce: true, broken: true });
    const s = new ExplorerSession(p);
    await s.init('auto');
    const r = await s.evaluate(config, { mode: 'coarse', ber: 1e-2, target: 'weights' });
    expect(r.trials).toBe(2);
    expect(inits.map((i) => i.exclude)).toEqual([[], ['cpu']]);
    expect((await s.backendInfo())!.reason).toMatch(/cpu failed \(GPU device was lost/);
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

  it('an unexplained error on a healthy backend is internal and keeps the backend', async () => {
    const { p, inits } = platform({ failOnce: true, broken: false });
    const s = new ExplorerSession(p);
    await s.init('cpu');
    await expect(
      s.evaluate(config, { mode: 'coarse', ber: 1e-2, target: 'weights' }),
    ).rejects.toMatchObject({ code: 'internal', message: 'GPU device was lost' });
    expect(inits).toHaveLength(1);
    // The next request runs on the same backend.
    expect(
      (await s.evaluate(config, { mode: 'coarse', ber: 1e-2, target: 'weights' })).trials,
    ).toBe(2);
    expect(inits).toHaveLength(1);
  });

  it('an SNN request with errors in ifm is bad input and keeps the backend', async () => {
    const snn = readZoo().models.find((m) => m.id === 'snn-mnist')!;
    const { p, inits } = platform();
    const s = new ExplorerSession({
      ...p,
      listModels: async () => [snn],
      loadTestSet: async () => ({
        images: new Float32Array(10 * 784),
        labels: new Int32Array(10),
        count: 10,
      }),
      reader: nodePublicReader(),
    });
    await s.init('cpu');
    const snnConfig = { ...config, modelId: 'snn-mnist', samples: 10, trials: 1 };
    const bad = {
      code: 'bad-input',
      message: expect.stringMatching(/only its weights live in DRAM \(target ifm/),
    };
    await expect(
      s.evaluate(snnConfig, { mode: 'coarse', ber: 1e-3, target: 'ifm' }),
    ).rejects.toMatchObject(bad);
    await expect(s.sweep(snnConfig, [0, 1e-3], 'ifm')).rejects.toMatchObject(bad);
    expect(inits.map((i) => i.exclude)).toEqual([[]]);
    expect((await s.backendInfo())!.reason).toBe('test');
  });

  it('requests that arrive while the backend initializes wait for it', async () => {
    const { p, inits } = platform({ initMs: 30 });
    const s = new ExplorerSession(p);
    const info = s.init('wasm');
    // Sent at once, as when Boost / Load is clicked during start-up.
    const [loaded] = await Promise.all([s.loadModel('tiny-test'), info]);
    expect(loaded.entry.id).toBe('tiny-test');
    // A second switch while requests wait: they run after it, on the new backend.
    const again = s.init('cpu');
    const late = s.evaluate(config, { mode: 'coarse', ber: 0, target: 'all' });
    await again;
    expect((await late).samples).toBe(N);
    expect(inits.map((i) => i.request)).toEqual(['wasm', 'cpu']);
  });

  it('20 overlapping loadModel + sweep calls leave no tensors behind', async () => {
    const { p } = platform();
    const s = new ExplorerSession(p);
    await s.init('cpu');
    await s.sweep(config, [0], 'all');
    const fresh = tf.memory().numTensors;
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      // Alternate between two ids so each load really replaces the model.
      calls.push(s.loadModel(i % 2 ? 'tiny-test' : 'tiny-test-b'));
      calls.push(
        s.sweep({ ...config, modelId: i % 2 ? 'tiny-test-b' : 'tiny-test' }, [0, 1e-2], 'all'),
      );
    }
    const settled = await Promise.allSettled(calls);
    // Latest wins: only the last sweep completes, the others were superseded.
    const codes = settled.map((r) =>
      r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok',
    );
    expect(codes.at(-1)).toBe('ok');
    expect(new Set(codes.slice(0, -1))).toEqual(new Set(['superseded']));
    await s.sweep(config, [0], 'all');
    expect(tf.memory().numTensors).toBe(fresh);
  });
});
