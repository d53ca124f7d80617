/**
 * "Model stored in format F" (definition in the header of src/core/models/zoo.ts): weights
 * encoded per weight tensor in F (one scale per tensor), IFM/OFM fake-quantized in F with the
 * scale max(|range.min|, |range.max|) / qmax taken from the zoo entry's calibration ranges.
 * Compute stays float32 (docs/design.md §2). The one place that defines the clean accuracy of a
 * zoo model per format: the CLI (`eden eval`), scripts/train-models.ts (zoo.json) and the
 * worker all call these functions, so the browser's clean point equals the CLI's.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { fakeQuantize, qmax, ZERO_RANGE_SCALE } from '../core/formats';
import type { Dataset } from '../core/data';
import type { ZooEntry } from '../core/models/zoo';
import type { Format } from '../core/types';
import { computeLayers, isComputeLayer, runLayered, type ActivationHooks } from './executor';
import { scoreBatch } from './predictions';
import { batchTensors } from './train';

type Range = { min: number; max: number };

/**
 * Per-tensor quantization scale of an activation with clean range `r`. An all-zero range
 * (an activation that was 0 on every calibration image) takes ZERO_RANGE_SCALE, the
 * zero-range rule of src/core/formats: a flipped bit then stays at the data's magnitude
 * instead of reading back as 64 (int8) or 16384 (int16) with scale 1.
 */
export function activationScale(r: Range, format: Exclude<Format, 'fp32'>): number {
  const m = Math.max(Math.abs(r.min), Math.abs(r.max));
  return m > 0 ? m / qmax(format) : ZERO_RANGE_SCALE;
}

/** Fake-quantize x in `format` with a fixed scale: clip(round(x / s), -qmax, qmax) · s. */
export function fakeQuantizeTensor(x: tf.Tensor, format: Format, scale: number): tf.Tensor {
  if (format === 'fp32') return x;
  const q = qmax(format);
  return tf.tidy(() => tf.mul(tf.clipByValue(tf.round(tf.div(x, scale)), -q, q), scale));
}

/** IFM/OFM hooks that fake-quantize every compute layer's activations in `format`. */
export function formatHooks(entry: Pick<ZooEntry, 'dataTypes'>, format: Format): ActivationHooks {
  if (format === 'fp32') return {};
  const scales = new Map(entry.dataTypes.map((d) => [d.id, activationScale(d.range, format)]));
  const hook = (kind: 'ifm' | 'ofm') => (layer: string, x: tf.Tensor) => {
    const s = scales.get(`${layer}/${kind}`);
    if (s === undefined) throw new Error(`no ${kind} range for layer "${layer}" in the zoo entry`);
    return fakeQuantizeTensor(x, format, s);
  };
  return { ifm: hook('ifm'), ofm: hook('ofm') };
}

/** The clean float32 values of every compute layer's weight tensors, by layer name. */
export function snapshotWeights(model: LayersModel): Map<string, Float32Array[]> {
  const out = new Map<string, Float32Array[]>();
  for (const layer of model.layers) {
    if (!isComputeLayer(layer)) continue;
    out.set(
      layer.name,
      layer.getWeights().map((w) => new Float32Array(w.dataSync())),
    );
  }
  return out;
}

/** Set the weights of the compute layers (same order as snapshotWeights). */
export function setComputeWeights(model: LayersModel, values: Map<string, Float32Array[]>): void {
  for (const layer of model.layers) {
    const v = values.get(layer.name);
    if (!v) continue;
    const current = layer.getWeights();
    const tensors = v.map((a, i) => tf.tensor(a, current[i].shape));
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
}

/** What an error-free read of the weights stored in `format` returns (one scale per weight tensor). */
export function storedWeights(
  clean: Map<string, Float32Array[]>,
  format: Format,
): Map<string, Float32Array[]> {
  if (format === 'fp32') return clean;
  return new Map([...clean].map(([name, ws]) => [name, ws.map((w) => fakeQuantize(w, format))]));
}

/**
 * Run `fn` with the model's compute-layer weights replaced by `values`, restoring the clean
 * weights afterwards (also when fn throws).
 */
export async function withWeights<T>(
  model: LayersModel,
  values: Map<string, Float32Array[]>,
  fn: () => Promise<T>,
): Promise<T> {
  const clean = snapshotWeights(model);
  setComputeWeights(model, values);
  try {
    return await fn();
  } finally {
    setComputeWeights(model, clean);
  }
}

export interface EvalOptions {
  /** Evaluate the first `samples` samples (default all). */
  samples?: number;
  batchSize?: number;
  onProgress?: (done: number, total: number, correct: number) => void;
  signal?: AbortSignal;
}

export interface EvalResult {
  accuracy: number;
  correct: number;
  /** Predictions with non-finite outputs (counted as wrong; src/engine/predictions.ts). */
  nonFinite: number;
  samples: number;
}

/** Accuracy of the model as it is (weights as currently set) with the given hooks. */
export async function evaluateWithHooks(
  model: LayersModel,
  data: Dataset,
  hooks: ActivationHooks,
  opts: EvalOptions = {},
): Promise<EvalResult> {
  const total = Math.min(opts.samples ?? data.count, data.count);
  const bs = opts.batchSize ?? 500;
  let correct = 0;
  let nonFinite = 0;
  for (let start = 0; start < total; start += bs) {
    if (opts.signal?.aborted) throw new Error('cancelled');
    const n = Math.min(bs, total - start);
    const idx = Array.from({ length: n }, (_, i) => start + i);
    const { x, y } = batchTensors(data, idx);
    const logits = runLayered(model, x, hooks);
    const score = scoreBatch(logits, y);
    const [c, bad] = await Promise.all([score.correct.data(), score.nonFinite.data()]);
    correct += c[0];
    nonFinite += bad[0];
    tf.dispose([x, y, logits, score.correct, score.nonFinite]);
    opts.onProgress?.(start + n, total, correct);
  }
  return { accuracy: total ? correct / total : 0, correct, nonFinite, samples: total };
}

/** Clean (error-free) accuracy of a zoo model stored in `format` (the zoo.json definition). */
export async function evaluateClean(
  model: LayersModel,
  entry: Pick<ZooEntry, 'dataTypes'>,
  format: Format,
  data: Dataset,
  opts: EvalOptions = {},
): Promise<EvalResult> {
  const hooks = formatHooks(entry, format);
  if (format === 'fp32') return evaluateWithHooks(model, data, hooks, opts);
  const stored = storedWeights(snapshotWeights(model), format);
  return withWeights(model, stored, () => evaluateWithHooks(model, data, hooks, opts));
}

/**
 * Clean value ranges per data type: weights over all the layer's parameters, IFM/OFM over the
 * first `samples` images of `calibration` (1,000 training images for the zoo).
 */
export async function dataTypeRanges(
  model: LayersModel,
  calibration: Dataset,
  samples = 1000,
): Promise<Map<string, Range>> {
  const ranges = new Map<string, Range>();
  const widen = (id: string, min: number, max: number) => {
    const r = ranges.get(id);
    ranges.set(id, r ? { min: Math.min(r.min, min), max: Math.max(r.max, max) } : { min, max });
  };
  const names = new Set(computeLayers(model).map((l) => l.name));
  for (const layer of model.layers) {
    if (!names.has(layer.name)) continue;
    for (const w of layer.getWeights()) {
      const v = w.dataSync();
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < v.length; i++) {
        if (v[i] < lo) lo = v[i];
        if (v[i] > hi) hi = v[i];
      }
      widen(`${layer.name}/weights`, lo, hi);
    }
  }
  const pending: Array<{ id: string; min: tf.Tensor; max: tf.Tensor }> = [];
  const record = (kind: 'ifm' | 'ofm') => (layer: string, t: tf.Tensor) => {
    pending.push({ id: `${layer}/${kind}`, min: tf.keep(tf.min(t)), max: tf.keep(tf.max(t)) });
    return t;
  };
  const n = Math.min(samples, calibration.count);
  const bs = 250;
  for (let start = 0; start < n; start += bs) {
    const idx = Array.from({ length: Math.min(bs, n - start) }, (_, i) => start + i);
    const { x, y } = batchTensors(calibration, idx);
    const out = runLayered(model, x, { ifm: record('ifm'), ofm: record('ofm') });
    tf.dispose([x, y, out]);
    for (const p of pending.splice(0)) {
      widen(p.id, (await p.min.data())[0], (await p.max.data())[0]);
      tf.dispose([p.min, p.max]);
    }
  }
  return ranges;
}
