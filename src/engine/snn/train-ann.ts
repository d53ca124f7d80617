/**
 * Training of the ReLU MLP (no biases, as in Diehl et al. 2015 §3.1: biases have no clean
 * spiking counterpart) that is converted into the SNN, with tfjs ops on explicit variables so
 * that fault-aware training (SparkXD §III-B) can swap in the kernels as read from approximate
 * DRAM for the forward pass while the gradient updates the clean kernels (straight-through:
 * W_eff = W + stopGradient(W_dram − W)).
 */
import * as tf from '@tensorflow/tfjs-core';
import { rngFor } from '../../core/rng';

export interface AnnTrainOptions {
  /** Layer widths, input first, e.g. [784, 256, 10]. */
  sizes: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Initial kernels (e.g. the clean model, for fault-aware fine-tuning); Glorot-uniform otherwise. */
  init?: Float32Array[];
  /**
   * Fault-aware training: the kernels the forward pass of step `step` sees (e.g. the clean
   * ones read through approximate DRAM with fresh bit errors). Called every step.
   */
  readKernels?: (clean: Float32Array[], step: number, epoch: number) => Float32Array[];
  onEpoch?: (info: { epoch: number; loss: number; seconds: number }) => void;
}

export interface TrainedAnn {
  kernels: Float32Array[];
  seconds: number;
}

function glorotUniform(fanIn: number, fanOut: number, seed: number, layer: number): Float32Array {
  const rng = rngFor(seed, 'glorot', layer);
  const lim = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: fanIn * fanOut }, () => (2 * rng.next() - 1) * lim);
}

function shuffled(n: number, seed: number, epoch: number): Uint32Array {
  const rng = rngFor(seed, 'shuffle', epoch);
  const p = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** Logits of the MLP for x [n, in] with kernels `w` (ReLU between layers, none after the last). */
export function mlpForward(x: tf.Tensor2D, w: tf.Tensor2D[]): tf.Tensor2D {
  let h = x;
  w.forEach((k, l) => {
    h = tf.matMul(h, k);
    if (l < w.length - 1) h = tf.relu(h);
  });
  return h;
}

export async function trainAnn(
  images: Float32Array,
  labels: ArrayLike<number>,
  count: number,
  o: AnnTrainOptions,
): Promise<TrainedAnn> {
  const t0 = performance.now();
  const { sizes } = o;
  const pixels = sizes[0];
  const classes = sizes[sizes.length - 1];
  const vars = sizes.slice(1).map((out, l) => {
    const init = o.init?.[l] ?? glorotUniform(sizes[l], out, o.seed, l);
    return tf.variable(tf.tensor2d(init, [sizes[l], out]), true, `snn_dense_${l}`);
  });
  const opt = tf.train.adam(o.learningRate);
  const xb = new Float32Array(o.batchSize * pixels);
  const yb = new Int32Array(o.batchSize);
  let step = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = shuffled(count, o.seed, epoch);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start + o.batchSize <= count; start += o.batchSize) {
      for (let k = 0; k < o.batchSize; k++) {
        const i = order[start + k];
        xb.set(images.subarray(i * pixels, (i + 1) * pixels), k * pixels);
        yb[k] = labels[i];
      }
      let deltas: tf.Tensor2D[] | null = null;
      if (o.readKernels) {
        const clean = vars.map((v) => v.dataSync() as Float32Array);
        const read = o.readKernels(clean, step, epoch);
        deltas = read.map((r, l) => {
          const d = new Float32Array(r.length);
          for (let i = 0; i < r.length; i++) d[i] = r[i] - clean[l][i];
          return tf.tensor2d(d, [sizes[l], sizes[l + 1]]);
        });
      }
      const x = tf.tensor2d(xb, [o.batchSize, pixels]);
      const y = tf.oneHot(tf.tensor1d(yb, 'int32'), classes);
      const loss = opt.minimize(() => {
        const w = deltas ? vars.map((v, l) => tf.add(v, deltas![l]) as tf.Tensor2D) : vars;
        return tf.losses.softmaxCrossEntropy(y, mlpForward(x, w)) as tf.Scalar;
      }, true);
      lossSum += (await loss!.data())[0];
      batches++;
      tf.dispose([x, y, loss!, ...(deltas ?? [])]);
      step++;
    }
    o.onEpoch?.({ epoch, loss: lossSum / batches, seconds: (performance.now() - t0) / 1000 });
  }
  const kernels = vars.map((v) => Float32Array.from(v.dataSync()));
  tf.dispose(vars);
  opt.dispose();
  return { kernels, seconds: (performance.now() - t0) / 1000 };
}

/** ReLU activations of every layer (the last: logits) for the first `count` rows of `images`. */
export function annActivations(
  kernels: Float32Array[],
  sizes: number[],
  images: Float32Array,
  count: number,
): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor2d(images.subarray(0, count * sizes[0]), [count, sizes[0]]);
    const out: Float32Array[] = [];
    let h: tf.Tensor2D = x;
    kernels.forEach((k, l) => {
      h = tf.matMul(h, tf.tensor2d(k, [sizes[l], sizes[l + 1]]));
      if (l < kernels.length - 1) h = tf.relu(h);
      out.push(h.dataSync() as Float32Array);
    });
    return out;
  });
}

/** ANN test accuracy (argmax of the logits). */
export function annAccuracy(
  kernels: Float32Array[],
  sizes: number[],
  images: Float32Array,
  labels: ArrayLike<number>,
  count: number,
): number {
  const logits = annActivations(kernels, sizes, images, count).pop()!;
  const classes = sizes[sizes.length - 1];
  let correct = 0;
  for (let r = 0; r < count; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if (logits[r * classes + c] > logits[r * classes + best]) best = c;
    if (best === labels[r]) correct++;
  }
  return correct / count;
}
