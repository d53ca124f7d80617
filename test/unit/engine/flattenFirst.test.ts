/**
 * Regression: a model whose first layer is not a compute layer (an MLP: Flatten, then Dense)
 * must run from its input on the cached path too (it once started at the first Dense and fed
 * it the unflattened images).
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { Evaluator } from '../../../src/engine/evaluate';
import { storeModel } from '../../../src/engine/storedModel';
import type { RunConfig } from '../../../src/contract/api';
import { entryFor, INPUT, labelsFor, randomImages } from './tinyModel';

function tinyMlp(): tfl.Sequential {
  const m = tfl.sequential();
  m.add(tfl.layers.flatten({ inputShape: INPUT, name: 'flat' }));
  m.add(
    tfl.layers.dense({
      units: 16,
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }),
      name: 'fc1',
    }),
  );
  m.add(
    tfl.layers.dense({
      units: 10,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }),
      name: 'fc2',
    }),
  );
  return m;
}

describe('Evaluator on a Flatten-first model', () => {
  it('sweeps weights-only and all-data errors with the cache on', async () => {
    await tf.setBackend('cpu');
    const N = 200;
    const model = tinyMlp();
    const images = randomImages(N);
    const entry = entryFor(model, images, N);
    const data = { images, labels: labelsFor(model, images, N), count: N };
    const sm = storeModel(model, entry, 'int8');
    const config: RunConfig = {
      modelId: 'tiny-mlp',
      format: 'int8',
      errorModel: { id: 0 },
      correction: 'none',
      samples: N,
      trials: 2,
      moduleSeed: 1,
      trialSeed: 3,
      rowBytes: 8192,
    };
    for (const target of ['weights', 'all'] as const) {
      const r = await new Evaluator(sm, data, config, {
        yieldEvery: async () => {},
        batchSize: 100,
        firstEstimateSamples: 0,
      }).sweep([0, 1e-3, 1e-1], target);
      expect(r.points).toHaveLength(3);
      expect(r.points[0].mean).toBeGreaterThan(0.7);
      expect(r.points[2].mean).toBeLessThan(r.points[0].mean);
    }
  });
});
