import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulateReference } from '../../core/snn/lif';
import { testSnnSpec } from '../../../test/helpers/snn';
import { rngFor } from '../../core/rng';
import { evaluateSnn, simulateBatch } from './simulate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const spec = testSnnSpec(
  [
    ['h', 30, 16, 0.7],
    ['o', 16, 5, 1.3],
  ],
  { leak: 0.9, timesteps: 20, encoding: { kind: 'poisson', maxRate: 1, seed: 5 } },
);
const r = rngFor(42, 'snn-test');
// Weights on a grid of 1/64 so that sums are exact in float32 and both simulators agree bit for bit.
const kernels = spec.layers.map((l) =>
  Float32Array.from({ length: l.inputs * l.outputs }, () => Math.round((r.next() - 0.4) * 64) / 64),
);
const n = 12;
const images = Float32Array.from({ length: n * 30 }, () => (r.next() < 0.3 ? 0 : r.next()));

describe('tfjs SNN simulation', () => {
  it('matches the reference simulation spike for spike', async () => {
    const samples = Array.from({ length: n }, (_, i) => i);
    const ref = simulateReference(spec, kernels, images, samples);
    const w = kernels.map((k, l) =>
      tf.tensor2d(k, [spec.layers[l].inputs, spec.layers[l].outputs]),
    );
    const before = tf.memory().numTensors;
    const got = await simulateBatch(spec, w, images, samples);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(w);
    expect(Array.from(got.predictions)).toEqual(Array.from(ref.predictions));
    expect(got.spikes).toEqual(ref.spikes);
    expect(Math.min(...ref.spikes)).toBeGreaterThan(0); // every layer fired: the check has teeth
  });

  it('evaluates in batches without leaking tensors', async () => {
    const labels = Uint8Array.from({ length: n }, (_, i) => i % 5);
    const before = tf.memory().numTensors;
    const a = await evaluateSnn(spec, kernels, images, labels, n, 5);
    const b = await evaluateSnn(spec, kernels, images, labels, n, 12);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.correct).toBe(b.correct);
    expect(a.spikesPerSample).toEqual(b.spikesPerSample);
  });
});
