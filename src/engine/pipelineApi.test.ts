import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeDataset, type Dataset } from '../core/data';
import { datasetPath } from '../core/data/catalog';
import { EngineError } from './engineError';
import { evalSetOf } from './evalData';
import { ExplorerSession, type Platform } from './session';
import { initNodeBackend } from './tfNode';
import { entryFor, labelsFor, tinyModel } from '../../test/unit/engine/tinyModel';
import type { RunConfig } from '../contract/api';
import { BackendLifecycle } from './backendLifecycle';
import { BoostedModels, createPipelineApi } from './pipelineApi';
import { withUserModels } from './userModels';
import { saveModel } from '../../test/fixtures/userModels';
import { evaluateClean } from './quantizedModel';
import { sliceDataset } from '../core/data';

/** 8×8 random images labelled by the tiny model itself (every 5th label shifted). */
function dataset(n: number, seed: number): Dataset {
  let s = seed;
  const pixels = Uint8Array.from(
    { length: n * 64 },
    () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24,
  );
  const images = Float32Array.from(pixels, (p) => p / 255);
  const labels = Uint8Array.from(labelsFor(tinyModel(), images, n));
  return { count: n, rows: 8, cols: 8, channels: 1, classes: 10, labels, pixels };
}

function setup() {
  const train = dataset(1400, 3);
  const test = dataset(300, 4);
  const entry = entryFor(
    tinyModel(),
    Float32Array.from(train.pixels.subarray(0, 200 * 64), (p) => p / 255),
    200,
  );
  const files: Record<string, Uint8Array> = {
    [datasetPath('mnist', 'train')]: encodeDataset(train),
    [datasetPath('mnist', 'test')]: encodeDataset(test),
  };
  const platform: Platform = {
    initBackend: async (request) => ({
      requested: request,
      active: 'cpu',
      reason: 'test',
      attempts: [],
    }),
    listModels: async () => [entry],
    loadModel: async () => tinyModel(),
    loadTestSet: async () => evalSetOf(test),
    evalOptions: () => ({ batchSize: 150 }),
  };
  const boosted = new BoostedModels();
  const wrapped = boosted.wrap(platform);
  const fetchBytes = async (path: string) =>
    files[path] ?? new Uint8Array(readFileSync(join('public', path)));
  const backend = new BackendLifecycle(wrapped);
  const api = createPipelineApi({ platform: wrapped, boosted, fetchBytes, backend });
  const config: RunConfig = {
    modelId: entry.id,
    format: 'int8',
    errorModel: { id: 0 },
    correction: 'none',
    samples: 300,
    trials: 2,
    moduleSeed: 1,
    trialSeed: 1,
    rowBytes: 8192,
  };
  return { api, wrapped, config, entry };
}

describe('pipeline worker API (Node, cpu backend)', () => {
  beforeAll(async () => {
    await initNodeBackend('cpu');
  });

  it('boosts, keeps the model in the session, serves its files, characterizes and maps it', async () => {
    const { api, wrapped, config, entry } = setup();
    const events: string[] = [];
    const b = await api.boost(
      {
        config,
        recipe: 'eden',
        targetBer: 1e-2,
        epochs: 1,
        steps: 2,
        trainSamples: 400,
        validationSamples: 200,
        batchSize: 50,
      },
      (p) => events.push(p.kind),
    );
    expect(b.modelId).toBe(`${entry.id}-boosted-1`);
    expect([...new Set(b.stages.map((s) => s.ber))]).toEqual([1e-3, 1e-2]); // a collapsed stage may be held once
    expect(events).toContain('batch');
    expect(events).toContain('stage');
    expect((await wrapped.listModels()).map((m) => m.id)).toContain(b.modelId);
    const files = await api.modelFiles(b.modelId);
    const json = JSON.parse(files.modelJson);
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    expect(files.weights.byteLength).toBe(entry.params * 4);
    expect(JSON.parse(files.entryJson).id).toBe(b.modelId);
    // The eden recipe clips activation ranges (FT-ClipAct): the boosted entry carries them.
    const saved = JSON.parse(files.entryJson) as typeof entry;
    expect(Object.keys(b.activationRanges ?? {}).length).toBeGreaterThan(0);
    for (const [id, r] of Object.entries(b.activationRanges!))
      expect(saved.dataTypes.find((d) => d.id === id)!.range).toEqual(r);

    const c = await api.characterize({
      config: { ...config, modelId: b.modelId, samples: 150 },
      mode: 'coarse',
    });
    expect(c.referenceAccuracy).not.toBeNull(); // judged against the model it was boosted from
    expect(c.coarse.targetAccuracy).toBeCloseTo(c.referenceAccuracy! - 0.01, 12);
    expect(c.fine).toBeNull();

    // The explorer session sweeps the boosted model like any other (the chart's boosted curve).
    const session = new ExplorerSession({
      ...wrapped,
      initBackend: async (request) => ({
        requested: request,
        active: 'cpu',
        reason: 'test',
        attempts: [],
      }),
    });
    const swept = await session.sweep(
      { ...config, modelId: b.modelId, samples: 150 },
      [0, 1e-2],
      'weights',
    );
    expect(swept.points).toHaveLength(2);
    expect(swept.points[0].mean).toBeGreaterThan(0.5);

    const m = await api.map(
      {
        config: { ...config, samples: 150 },
        partitions: 2,
        platforms: ['cpu'],
        joint: false,
        refine: false,
      },
      () => undefined,
    );
    expect(m.report.fineMap.partitions).toHaveLength(2);
    expect(m.report.validation.fine.estimate.trials).toBe(4);
    expect(m.energy.cpu.fine.saving).toBeGreaterThanOrEqual(m.energy.cpu.coarse.saving);
  });

  it('cancel stops a boost with a typed error and keeps nothing', async () => {
    const { api, wrapped, config } = setup();
    const run = api.boost(
      { config, recipe: 'eden', targetBer: 1e-2, epochs: 2, trainSamples: 400, batchSize: 50 },
      (p) => {
        if (p.kind === 'batch') void api.cancelPipeline();
      },
    );
    await expect(run).rejects.toSatisfy(
      (e: unknown) => e instanceof EngineError && e.code === 'cancelled',
    );
    expect((await wrapped.listModels()).length).toBe(1);
    await expect(api.modelFiles('nope')).rejects.toThrow(/no boosted model/);
  });
});

describe('a user model on its own data file (issue #13 item 1)', () => {
  beforeAll(async () => {
    await initNodeBackend('cpu');
  });

  it('characterizes on the user’s file, not a built-in set; boost is refused with its reason', async () => {
    const { wrapped, config } = setup();
    // The user's data: 8×8 images of another seed, labelled so that accuracy differs from the
    // built-in test set's.
    const own = dataset(300, 99);
    own.labels = own.labels.map((l, i) => (i % 3 ? l : (l + 1) % 10));
    const users = withUserModels(wrapped, async () => {
      throw new Error('no built-in set in this test');
    });
    const model = tinyModel();
    const files = await saveModel(model);
    const file = (f: { name: string; bytes: Uint8Array }) =>
      new File([f.bytes as BlobPart], f.name);
    const info = await users.addUserModel({
      name: 'mine',
      modelJson: file(files.modelJson),
      weights: files.weights.map(file),
      dataset: { kind: 'app', file: file({ name: 'own.bin', bytes: encodeDataset(own) }) },
    });
    expect(info.entry.datasetLabel).toBe('own.bin');
    const boosted = new BoostedModels();
    const platform = boosted.wrap(users.platform);
    const api = createPipelineApi({
      platform,
      boosted,
      fetchBytes: async (path) => new Uint8Array(readFileSync(join('public', path))),
      backend: new BackendLifecycle(platform),
    });
    const userConfig = { ...config, modelId: info.entry.id, samples: 300 };
    const c = await api.characterize({ config: userConfig, mode: 'coarse' });
    const expected = await evaluateClean(model, info.entry, 'int8', sliceDataset(own, 0, 300));
    expect(c.cleanAccuracy).toBe(expected.accuracy);
    await expect(
      api.boost({ config: userConfig, recipe: 'eden', targetBer: 1e-2, epochs: 1, steps: 1 }),
    ).rejects.toThrow(/Boost needs training images from the source of your test set/);
  });
});
