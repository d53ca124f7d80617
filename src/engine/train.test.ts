import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../core/data';
import { rngFor } from '../core/rng';
import { seededPermutation, trainClassifier, TrainingCancelled } from './train';
import { initNodeBackend } from './tfNode';

function model(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [4, 4, 1],
        filters: 2,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
        biasInitializer: tfl.initializers.constant({ value: 0.5 }),
      }),
      tfl.layers.depthwiseConv2d({
        kernelSize: 2,
        padding: 'valid',
        activation: 'relu',
        depthwiseInitializer: tfl.initializers.glorotUniform({ seed: 4 }),
        biasInitializer: tfl.initializers.constant({ value: 0.5 }),
      }),
      tfl.layers.flatten(),
      tfl.layers.dense({
        units: 2,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }),
      }),
    ],
  });
}

/** Class 1 = bright left half, class 0 = bright right half. */
const data: Dataset = (() => {
  const count = 64;
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * 16);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    for (let p = 0; p < 16; p++) {
      const left = p % 4 < 2;
      pixels[i * 16 + p] = (left === (i % 2 === 1) ? 200 : 20) + ((i * 7 + p * 3) % 40);
    }
  }
  return { count, rows: 4, cols: 4, channels: 1, classes: 2, labels, pixels };
})();

const weightsOf = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('trainClassifier', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('learns, is reproducible from the seed, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const a = model();
    const b = model();
    const afterBuild = tf.memory().numTensors;
    const opts = { epochs: 3, batchSize: 16, seed: 7, learningRate: 0.05 };
    const ra = await trainClassifier(a, data, opts);
    await trainClassifier(b, data, opts);
    expect(ra.steps).toBe(12);
    expect(ra.lastEpochAccuracy).toBeGreaterThan(0.9);
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(tf.memory().numTensors).toBe(afterBuild);
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('straight-through: gradients at perturbed weights update the restored clean weights', async () => {
    const m = model();
    const calls: number[] = [];
    const seen: number[] = [];
    await trainClassifier(m, data, {
      epochs: 1,
      batchSize: 32,
      seed: 1,
      beforeBatch: (mm, ctx) => {
        calls.push(ctx.step);
        const clean = mm.getWeights().map((w) => tf.clone(w));
        mm.setWeights(clean.map((w) => tf.zerosLike(w)));
        return () => {
          seen.push(...mm.getWeights()[0].dataSync());
          mm.setWeights(clean);
          tf.dispose(clean);
        };
      },
    });
    expect(calls).toEqual([0, 1]);
    // The forward pass saw the perturbed (zero) weights; training went on from the clean ones.
    expect(seen.every((v) => v === 0)).toBe(true);
    expect(weightsOf(m)[0].some((v) => v !== 0)).toBe(true);
  });

  it('stops on abort', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(
      trainClassifier(model(), data, { epochs: 1, batchSize: 8, seed: 1, signal: ac.signal }),
    ).rejects.toBeInstanceOf(TrainingCancelled);
  });

  it('permutations are seeded', () => {
    expect(Array.from(seededPermutation(10, rngFor(3)))).toEqual(
      Array.from(seededPermutation(10, rngFor(3))),
    );
    expect(Array.from(seededPermutation(10, rngFor(3))).sort((x, y) => x - y)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(Array.from(seededPermutation(10, rngFor(3)))).not.toEqual(
      Array.from(seededPermutation(10, rngFor(4))),
    );
  });
});
