import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulateReference } from '../../core/snn/lif';
import { parseSnnSpec } from '../../core/snn/spec';
import { rngFor } from '../../core/rng';
import { evaluateSnn, simulateBatch } from './simulate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const spec = parseSnnSpec({
  version: 1,
  neuron: 'lif',
  reset: 'subtract',
  leak: 0.9,
  timesteps: 20,
  encoding: { kind: 'poisson', maxRate: 1, seed: 5 },
  readout: 'charge',
  normalization: { method: 'data-based', percentile: 99.9, samples: 1 },
  layers: [
    { name: 'h', inputs: 30, outputs: 16, threshold: 0.7, lambda: 1 },
    { name: 'o', inputs: 16, outputs: 5, threshold: 1.3, lambda: 1 },
  ],
});
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
