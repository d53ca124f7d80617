/**
 * A reusable, seeded training loop for classification LayersModels (zoo training in Node, EDEN
 * boosting in the worker). Softmax cross-entropy on the model's logits, Adam, mini-batches in
 * a seeded shuffled order, progress per batch, cancellation with an AbortSignal.
 *
 * Fault-aware training (EDEN §4 "boosting"): `beforeBatch` may swap perturbed weights (e.g.
 * read through an approximate-DRAM error model) into the model for the forward pass and return
 * a function that restores the clean weights; the gradient computed at the perturbed weights is
 * then applied to the clean ones (straight-through). `hooks` inject into IFM/OFM the same way.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { sampleSize, type Dataset } from '../core/data';
import { rngFor, type Rng } from '../core/rng';
import { runLayered, toModelInput, type ActivationHooks } from './executor';
import { predictedClass } from './predictions';

export interface TrainProgress {
  epoch: number;
  /** Batch index within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** Mean loss / accuracy of this batch (on the forward pass actually used). */
  loss: number;
  accuracy: number;
  /** Samples seen so far over all epochs. */
  seen: number;
}

export interface BatchContext {
  epoch: number;
  batch: number;
  /** Global step (batches done before this one). */
  step: number;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  /** Seeds the shuffle order (the model's initial weights are seeded by its builder). */
  seed: number;
  learningRate?: number;
  /** Use only the first `samples` training samples. */
  samples?: number;
  /** Learning rate per epoch (overrides learningRate for that epoch). */
  learningRateAt?: (epoch: number) => number;
  /** Before each batch: swap in perturbed weights; return a function restoring the clean ones. */
  beforeBatch?: (model: LayersModel, ctx: BatchContext) => (() => void) | void;
  /** IFM/OFM hooks for the forward pass (runs the model with runLayered). */
  hooks?: ActivationHooks | ((ctx: BatchContext) => ActivationHooks | undefined);
  onProgress?: (p: TrainProgress) => void;
  /** Called after every `progressEvery` batches (default 1). */
  progressEvery?: number;
  signal?: AbortSignal;
}

export interface TrainResult {
  epochs: number;
  steps: number;
  seconds: number;
  /** Mean loss / accuracy over the last epoch's batches. */
  lastEpochLoss: number;
  lastEpochAccuracy: number;
}

/** Fisher–Yates permutation of 0 … n-1 drawn from `rng` (src/core/rng.ts, the one generator). */
export function seededPermutation(n: number, rng: Rng): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

export class TrainingCancelled extends Error {
  constructor() {
    super('training cancelled');
  }
}

/** Input tensor [n, rows, cols, channels] (pixel / 255) and labels for the given sample indices. */
export function batchTensors(
  ds: Dataset,
  indices: ArrayLike<number>,
): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const size = sampleSize(ds);
  const n = indices.length;
  const xs = new Float32Array(n * size);
  const ys = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k];
    const off = i * size;
    for (let j = 0; j < size; j++) xs[k * size + j] = ds.pixels[off + j] / 255;
    ys[k] = ds.labels[i];
  }
  return {
    x: tf.tensor4d(xs, [n, ds.rows, ds.cols, ds.channels]),
    y: tf.tensor1d(ys, 'int32'),
  };
}

const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));

export async function trainClassifier(
  model: LayersModel,
  data: Dataset,
  opts: TrainOptions,
): Promise<TrainResult> {
  const t0 = performance.now();
  const n = Math.min(opts.samples ?? data.count, data.count);
  const batches = Math.ceil(n / opts.batchSize);
  const optimizer = tf.train.adam(opts.learningRate ?? 1e-3);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const every = opts.progressEvery ?? 1;
  let step = 0;
  let seen = 0;
  let epochLoss = 0;
  let epochAcc = 0;
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      if (opts.learningRateAt) {
        (optimizer as unknown as { learningRate: number }).learningRate =
          opts.learningRateAt(epoch);
      }
      // One permutation per epoch, from (seed, epoch): reproducible and independent of batching.
      const order = seededPermutation(n, rngFor(opts.seed, 'shuffle', epoch));
      epochLoss = 0;
      epochAcc = 0;
      for (let b = 0; b < batches; b++) {
        if (opts.signal?.aborted) throw new TrainingCancelled();
        const ctx: BatchContext = { epoch, batch: b, step };
        const idx = order.subarray(b * opts.batchSize, Math.min(n, (b + 1) * opts.batchSize));
        const { x, y } = batchTensors(data, idx);
        const hooks = typeof opts.hooks === 'function' ? opts.hooks(ctx) : opts.hooks;
        const restore = opts.beforeBatch?.(model, ctx);
        let lossT: tf.Scalar;
        let accT: tf.Scalar;
        let grads: tf.NamedTensorMap;
        try {
          ({ lossT, accT, grads } = tf.tidy(() => {
            let acc: tf.Scalar | undefined;
            const { value, grads } = tf.variableGrads(() => {
              const logits = hooks
                ? runLayered(model, x, hooks)
                : (model.apply(toModelInput(model, x), { training: true }) as tf.Tensor);
              const hit = tf.cast(tf.equal(predictedClass(logits), y), 'float32');
              acc = tf.keep(tf.mean(hit) as tf.Scalar);
              return tf.losses.softmaxCrossEntropy(
                tf.oneHot(y, logits.shape[1]!),
                logits,
              ) as tf.Scalar;
            }, vars);
            return { lossT: value, accT: acc!, grads };
          }));
        } finally {
          restore?.();
          tf.dispose([x, y]);
        }
        optimizer.applyGradients(grads as Parameters<typeof optimizer.applyGradients>[0]);
        tf.dispose(grads);
        const [loss, accuracy] = [(await lossT.data())[0], (await accT.data())[0]];
        tf.dispose([lossT, accT]);
        epochLoss += loss / batches;
        epochAcc += accuracy / batches;
        seen += idx.length;
        step++;
        if (opts.onProgress && (b % every === every - 1 || b === batches - 1)) {
          opts.onProgress({ epoch, batch: b, batchesPerEpoch: batches, loss, accuracy, seen });
        }
        if (b % 8 === 7) await yieldToEventLoop();
      }
    }
  } finally {
    optimizer.dispose();
  }
  return {
    epochs: opts.epochs,
    steps: step,
    seconds: (performance.now() - t0) / 1000,
    lastEpochLoss: epochLoss,
    lastEpochAccuracy: epochAcc,
  };
}
