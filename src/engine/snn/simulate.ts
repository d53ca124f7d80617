/**
 * The SNN of src/core/snn/spec.ts simulated over a batch with tfjs matrix ops: per timestep,
 * one [batch, in] × [in, out] matmul per layer and the LIF update as element-wise ops. Same
 * dynamics as the reference `simulateReference` in core (lif.ts); this one is what sweeps
 * use. Measured in Node on the wasm backend (2-core machine, 784-256-10, T = 32): see
 * bench/RESULTS.md "## SparkXD".
 */
import * as tf from '@tensorflow/tfjs-core';
import { PoissonEncoder } from '../../core/snn/encoding';
import type { SnnSpec } from '../../core/snn/spec';
import { predictedClass } from '../predictions';

export interface BatchResult {
  predictions: Int32Array;
  /** Spikes per layer (input first), summed over the batch and timesteps. */
  spikes: number[];
}

/** Simulate `samples` (row indices into `images`) with the given kernels (tensors [in, out]). */
export async function simulateBatch(
  spec: SnnSpec,
  kernels: tf.Tensor2D[],
  images: Float32Array,
  samples: readonly number[],
): Promise<BatchResult> {
  const layers = spec.layers;
  const b = samples.length;
  const pixels = layers[0].inputs;
  const enc = new PoissonEncoder(images, pixels, samples, spec.encoding);
  const buf = new Float32Array(b * pixels);
  let v = layers.map((l) => tf.zeros([b, l.outputs]) as tf.Tensor2D);
  let counts = tf.zeros([b, layers[layers.length - 1].outputs]) as tf.Tensor2D;
  let spikeSums = tf.zeros([layers.length + 1]) as tf.Tensor1D;
  for (let t = 0; t < spec.timesteps; t++) {
    enc.next(buf);
    const next = tf.tidy(() => {
      let prev: tf.Tensor2D = tf.tensor2d(buf, [b, pixels]);
      const sums: tf.Scalar[] = [tf.sum(prev)];
      const vNew: tf.Tensor2D[] = [];
      for (let l = 0; l < layers.length; l++) {
        const { threshold } = layers[l];
        const u = tf.add(tf.mul(v[l], spec.leak), tf.matMul(prev, kernels[l])) as tf.Tensor2D;
        const s = tf.cast(tf.greaterEqual(u, threshold), 'float32') as tf.Tensor2D;
        vNew.push(tf.sub(u, tf.mul(s, threshold)));
        sums.push(tf.sum(s));
        prev = s;
      }
      return {
        v: vNew,
        counts: tf.add(counts, prev) as tf.Tensor2D,
        spikeSums: tf.add(spikeSums, tf.stack(sums)) as tf.Tensor1D,
      };
    });
    tf.dispose([...v, counts, spikeSums]);
    ({ v, counts, spikeSums } = next);
  }
  const last = layers[layers.length - 1];
  const pred = tf.tidy(() =>
    predictedClass(tf.add(tf.mul(counts, last.threshold), v[v.length - 1])),
  );
  const [p, s] = await Promise.all([pred.data(), spikeSums.data()]);
  tf.dispose([pred, ...v, counts, spikeSums]);
  return { predictions: Int32Array.from(p), spikes: Array.from(s) };
}

export interface EvalResult {
  accuracy: number;
  correct: number;
  samples: number;
  /** Average spikes per sample per layer (input first). */
  spikesPerSample: number[];
}

/** Accuracy of the SNN on the first `samples` rows of (images, labels), in batches. */
export async function evaluateSnn(
  spec: SnnSpec,
  kernels: Float32Array[],
  images: Float32Array,
  labels: ArrayLike<number>,
  samples: number,
  batchSize = 1000,
): Promise<EvalResult> {
  const w = kernels.map((k, l) => tf.tensor2d(k, [spec.layers[l].inputs, spec.layers[l].outputs]));
  let correct = 0;
  const spikes = new Array<number>(spec.layers.length + 1).fill(0);
  try {
    for (let start = 0; start < samples; start += batchSize) {
      const idx = Array.from({ length: Math.min(batchSize, samples - start) }, (_, i) => start + i);
      const r = await simulateBatch(spec, w, images, idx);
      idx.forEach((i, k) => (correct += r.predictions[k] === labels[i] ? 1 : 0));
      r.spikes.forEach((s, l) => (spikes[l] += s));
    }
  } finally {
    tf.dispose(w);
  }
  return {
    accuracy: correct / samples,
    correct,
    samples,
    spikesPerSample: spikes.map((s) => s / samples),
  };
}
