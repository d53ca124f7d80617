/**
 * Boosting a model's error tolerance by retraining (EDEN §4; docs/design.md §1 step 1), in Node
 * (CLI) and in the worker: the same code on any tfjs backend with gradients.
 *
 * Every training batch reads the weights through approximate DRAM: the clean float weights
 * are encoded in the storage format (one scale per weight tensor), bits flip under the
 * error model at the schedule's BER, the bytes are decoded and out-of-range values corrected;
 * those perturbed weights run the forward pass, and the gradient is applied to the clean
 * weights (straight-through). Activations are fake-quantized in the format as in evaluation;
 * with the schedule's `activationClip` (the eden recipe's default; FT-ClipAct, Hoang et al.,
 * DATE 2020) their ranges are first tightened (activationClip.ts), the reads clip there with
 * the clip's gradient, and the result returns the ranges for the boosted model's entry.
 *
 * Recipes (src/core/eden/schedule.ts): `eden` raises the BER stage by stage; after each stage
 * a validation read at the stage's BER decides whether to advance or to hold the stage once
 * (curriculumDecision). `randbet` (Stutz et al., MLSys 2021) trains at the target BER with
 * weight clipping; its clean + perturbed loss average is realized in expectation by running
 * each batch clean with probability `cleanLossWeight` (0.5) and perturbed otherwise.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { sampleSize, type Dataset } from '../core/data';
import { correctOutOfRange, type CorrectionMode } from '../core/eden/correct';
import {
  curriculumDecision,
  type BoostProgress,
  type BoostResult,
  type BoostSchedule,
  type BoostStage,
  type StageReport,
} from '../core/eden/schedule';

export type { BoostProgress, BoostResult, StageReport };
import { injectErrors } from '../core/errors';
import { decode, encodeLayer, qmax } from '../core/formats';
import type { ZooEntry } from '../core/models/zoo';
import type { ErrorModelSpec, Format } from '../core/types';
import { layoutPartition, DEFAULT_ROW_BYTES } from '../core/dram/geometry';
import { rngFor } from '../core/rng';
import type { ActivationHooks } from './executor';
import { activationQuant } from './activationFlips';
import { clippedActivationRanges, withRanges } from './activationClip';
import { CORE_ERRORS, readActivation, type InjectionSettings } from './injectedRun';
import {
  evaluateWithHooks,
  formatHooks,
  setComputeWeights,
  snapshotWeights,
} from './quantizedModel';
import { trainClassifier, TrainingCancelled } from './train';

export interface WeightReadOptions {
  format: Format;
  errorModel: ErrorModelSpec;
  ber: number;
  moduleSeed: number;
  trialSeed: number;
  correction: CorrectionMode;
  /** Byte address of each layer's weights in the partition (`layer/weights` id → address). */
  addresses: Map<string, number>;
  rowBytes: number;
}

/** Addresses of the data types when the whole model sits in one partition (entry order, 64-byte aligned). */
export function coarseAddresses(
  entry: Pick<ZooEntry, 'dataTypes'>,
  format: Format,
): Map<string, number> {
  const image = layoutPartition(entry.dataTypes.map((d) => ({ id: d.id, bytes: d.bytes[format] })));
  return new Map(image.ranges.map((r) => [r.id, r.start]));
}

/**
 * What a read of the layers' weights from approximate DRAM returns: per layer, its tensors
 * encoded (one scale each, zero-range rule of src/core/formats) and stored back to back as the `layer/weights` data type, flipped,
 * decoded, and corrected against the clean values' range. Returns the values and the count of
 * corrected values.
 */
export function readWeightsApproximate(
  clean: Map<string, Float32Array[]>,
  o: WeightReadOptions,
): { values: Map<string, Float32Array[]>; corrected: number; flips: number } {
  const values = new Map<string, Float32Array[]>();
  let corrected = 0;
  let flips = 0;
  for (const [layer, tensors] of clean) {
    const id = `${layer}/weights`;
    const encoded = encodeLayer(tensors, o.format);
    const bytes = new Uint8Array(encoded.reduce((s, e) => s + e.bytes.length, 0));
    let at = 0;
    for (const e of encoded) {
      bytes.set(e.bytes, at);
      at += e.bytes.length;
    }
    if (o.ber > 0) {
      flips += injectErrors(bytes, {
        errorModel: o.errorModel,
        ber: o.ber,
        moduleSeed: o.moduleSeed,
        trialSeed: o.trialSeed,
        stream: id,
        placement: { baseAddress: o.addresses.get(id) ?? 0, rowBytes: o.rowBytes },
      }).flips;
    }
    let min = Infinity;
    let max = -Infinity;
    for (const t of tensors)
      for (let i = 0; i < t.length; i++) {
        if (t[i] < min) min = t[i];
        if (t[i] > max) max = t[i];
      }
    at = 0;
    const out = encoded.map((e) => {
      const read = decode({ ...e, bytes: bytes.subarray(at, at + e.bytes.length) });
      at += e.bytes.length;
      corrected += correctOutOfRange(read, { min, max }, o.correction);
      return read;
    });
    values.set(layer, out);
  }
  return { values, corrected, flips };
}

/**
 * Straight-through gradient around a forward transform of one tensor: the identity, or — with
 * a finite `bound` — the derivative of clipping to [−bound, bound] (1 inside, 0 outside; the
 * usual fake-quantization gradient, and FT-ClipAct's/PACT's for a clipped activation).
 */
function straightThrough(
  f: (x: tf.Tensor) => tf.Tensor,
  bound = Infinity,
): (x: tf.Tensor) => tf.Tensor {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor;
    (args[args.length - 1] as tf.GradSaveFunc)([x]);
    return {
      value: f(x),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        Number.isFinite(bound)
          ? tf.mul(dy, tf.cast(tf.lessEqual(tf.abs(saved[0]), bound), dy.dtype))
          : dy,
    };
  }) as (x: tf.Tensor) => tf.Tensor;
}

export interface ActivationReadOptions {
  errorModel: ErrorModelSpec;
  correction: CorrectionMode;
  moduleSeed: number;
  rowBytes: number;
  /** Addresses of the data types in the partition (coarseAddresses). */
  addresses: Map<string, number>;
  /**
   * Gradient of the read: zero where the value lies outside the format's range (clipped in the
   * forward pass), identity inside; default identity everywhere (the reads' rounding and flips
   * have no useful gradient either way). Used with clipped activation ranges.
   */
  clipGradient?: boolean;
}

/**
 * IFM/OFM hooks for training: each activation read as the engine reads it (fake-quantized in
 * the format, then — when `ber` > 0 — bits flipped under the error model and out-of-range
 * values corrected; src/engine/injectedRun.ts), with a straight-through gradient: round() and
 * the flips have no useful gradient, so the backward pass treats the read as the identity.
 */
export function trainingReadHooks(
  entry: Pick<ZooEntry, 'dataTypes'>,
  format: Format,
  ber: number,
  trialSeed: number,
  o: ActivationReadOptions,
): ActivationHooks {
  const settings: InjectionSettings = {
    errorModel: o.errorModel,
    correction: o.correction,
    moduleSeed: o.moduleSeed,
    rowBytes: o.rowBytes,
    errors: CORE_ERRORS,
  };
  const reads = new Map(
    entry.dataTypes.map((d) => {
      const q = activationQuant(format, d.range);
      const stored = { info: d, baseAddress: o.addresses.get(d.id) ?? 0 };
      const read = (x: tf.Tensor) => readActivation(settings, stored, q, ber, x, trialSeed, 0);
      const bound = o.clipGradient && format !== 'fp32' ? q.scale * qmax(format) : Infinity;
      return [d.id, straightThrough(read, bound)] as const;
    }),
  );
  const hook = (kind: 'ifm' | 'ofm') => (layer: string, x: tf.Tensor) => {
    const f = reads.get(`${layer}/${kind}`);
    if (!f) throw new Error(`no ${kind} range for layer "${layer}"`);
    return f(x);
  };
  return { ifm: hook('ifm'), ofm: hook('ofm') };
}

/** The format's activation quantization for training (no errors), straight-through. */
export function trainingFormatHooks(
  entry: Pick<ZooEntry, 'dataTypes'>,
  format: Format,
  clipGradient = false,
): ActivationHooks {
  if (format === 'fp32') return {};
  const addresses = new Map<string, number>();
  const none = {
    errorModel: { id: 0 as const },
    correction: 'none' as const,
    moduleSeed: 0,
    rowBytes: 8192,
    addresses,
    clipGradient,
  };
  return trainingReadHooks(entry, format, 0, 0, none);
}

/** Clip every compute-layer weight to [−c, c] in place (RandBET's weight clipping). */
export function clipWeights(model: LayersModel, c: number): void {
  const w = snapshotWeights(model);
  for (const tensors of w.values())
    for (const t of tensors) {
      for (let i = 0; i < t.length; i++) t[i] = t[i] > c ? c : t[i] < -c ? -c : t[i];
    }
  setComputeWeights(model, w);
}

/** `count` samples starting at `start`, wrapping around the dataset (copies). */
export function windowOf(ds: Dataset, start: number, count: number): Dataset {
  const size = sampleSize(ds);
  const n = Math.min(count, ds.count);
  const labels = new Uint8Array(n);
  const pixels = new Uint8Array(n * size);
  for (let k = 0; k < n; k++) {
    const i = (start + k) % ds.count;
    labels[k] = ds.labels[i];
    pixels.set(ds.pixels.subarray(i * size, (i + 1) * size), k * size);
  }
  return { ...ds, count: n, labels, pixels };
}

export interface BoostOptions {
  schedule: BoostSchedule;
  format: Format;
  errorModel: ErrorModelSpec;
  correction: CorrectionMode;
  moduleSeed: number;
  /** Seeds the shuffle, the per-batch flips and the clean/perturbed choice. */
  seed: number;
  rowBytes?: number;
  batchSize?: number;
  learningRate?: number;
  /** Training samples that make one epoch (default: the whole training set). */
  epochSamples?: number;
  /** Validation images for the stage checks (default 1,000). */
  validationSamples?: number;
  /** Data read with errors during training: weights only, or weights, IFMs and OFMs (default). */
  inject?: 'weights' | 'all';
  /** Curriculum guard: hold a stage whose validation drop exceeds this (default 0.05). */
  maxDrop?: number;
  onProgress?: (p: BoostProgress) => void;
  signal?: AbortSignal;
}

/** Split a stage into runs of at most one epoch so progress and checks come at least per epoch. */
function chunks(stage: BoostStage): number[] {
  const out: number[] = [];
  let left = stage.epochs;
  while (left > 1e-9) {
    out.push(Math.min(1, left));
    left -= out[out.length - 1];
  }
  return out;
}

/**
 * Retrain `model` in place per the schedule. `train` feeds the batches, `validation` the
 * stage checks. Cancellable through `signal` (throws TrainingCancelled).
 */
export async function boostModel(
  model: LayersModel,
  entry: Pick<ZooEntry, 'dataTypes'>,
  train: Dataset,
  validation: Dataset,
  o: BoostOptions,
): Promise<BoostResult> {
  const t0 = performance.now();
  const rowBytes = o.rowBytes ?? DEFAULT_ROW_BYTES;
  const addresses = coarseAddresses(entry, o.format);
  const inject = o.inject ?? 'all';
  const { schedule } = o;
  // FT-ClipAct: ranges tightened once, on the first training images (the zoo's calibration
  // set), before any update; the model trains, is validated and is saved with them.
  const clipRanges = schedule.activationClip
    ? await clippedActivationRanges(model, entry, train, schedule.activationClip)
    : null;
  const work = clipRanges ? withRanges(entry, clipRanges) : entry;
  const hooks = formatHooks(work, o.format);
  const trainHooks = trainingFormatHooks(work, o.format, clipRanges !== null);
  const actRead: ActivationReadOptions = {
    errorModel: o.errorModel,
    correction: o.correction,
    moduleSeed: o.moduleSeed,
    rowBytes,
    addresses,
    clipGradient: clipRanges !== null,
  };
  /** Activation hooks of a forward pass at `ber` (errors only when activations are injected). */
  const hooksAt = (ber: number, trialSeed: number) =>
    inject === 'all' && ber > 0
      ? trainingReadHooks(work, o.format, ber, trialSeed, actRead)
      : trainHooks;
  const epochSamples = Math.min(o.epochSamples ?? train.count, train.count);
  const valSamples = Math.min(o.validationSamples ?? 1000, validation.count);
  const read = (ber: number, trialSeed: number) =>
    readWeightsApproximate(snapshotWeights(model), {
      format: o.format,
      errorModel: o.errorModel,
      ber,
      moduleSeed: o.moduleSeed,
      trialSeed,
      correction: o.correction,
      addresses,
      rowBytes,
    });
  // Validation: the same images and the same flip draw (trial seed) at every check; `before`
  // reads the model as it came (its own ranges), the stage checks as it trains.
  const validate = async (ber: number, asTrained = true) => {
    const h = asTrained ? hooks : formatHooks(entry, o.format);
    const hAt = (b: number, seed: number) =>
      asTrained ? hooksAt(b, seed) : trainingReadHooks(entry, o.format, b, seed, actRead);
    if (o.signal?.aborted) throw new TrainingCancelled();
    const clean = snapshotWeights(model);
    const evalWith = async (values: Map<string, Float32Array[]>, h: ActivationHooks) => {
      setComputeWeights(model, values);
      try {
        return (
          await evaluateWithHooks(model, validation, h, {
            samples: valSamples,
            signal: o.signal,
          })
        ).accuracy;
      } finally {
        setComputeWeights(model, clean);
      }
    };
    const stored = read(0, 0).values;
    const perturbed = read(ber, 0x5eed);
    return {
      clean: await evalWith(stored, h),
      perturbed: await evalWith(perturbed.values, inject === 'all' ? hAt(ber, 0x5eed) : h),
      corrected: perturbed.corrected,
    };
  };

  const before = await validate(schedule.targetBer, false);
  const clean0 = before.clean;
  const stages: StageReport[] = [];
  let epochsDone = 0;
  let steps = 0;
  let offset = 0;
  for (const stage of schedule.stages) {
    for (let holds = 0; ;) {
      for (const part of chunks(stage)) {
        const samples = Math.max(o.batchSize ?? 64, Math.round(part * epochSamples));
        const data = windowOf(train, offset, samples);
        offset = (offset + samples) % train.count;
        const base = epochsDone;
        const first = steps;
        // RandBET's clean/perturbed mix: batch `step` runs clean with probability cleanLossWeight.
        const runsClean = (step: number) =>
          stage.cleanLossWeight > 0 &&
          rngFor(o.seed, 'clean-mix', first + step).next() < stage.cleanLossWeight;
        const batchSeed = (step: number) => rngFor(o.seed, 'batch-errors', first + step).nextU32();
        const result = await trainClassifier(model, data, {
          epochs: 1,
          batchSize: o.batchSize ?? 64,
          seed: (o.seed + steps) >>> 0,
          learningRate: o.learningRate ?? 5e-4,
          hooks: (ctx) =>
            runsClean(ctx.step) ? trainHooks : hooksAt(stage.ber, batchSeed(ctx.step)),
          signal: o.signal,
          progressEvery: 4,
          beforeBatch: (m, ctx) => {
            if (stage.clip !== null) clipWeights(m, stage.clip);
            if (runsClean(ctx.step)) return;
            const clean = snapshotWeights(m);
            const { values } = readWeightsApproximate(clean, {
              format: o.format,
              errorModel: o.errorModel,
              ber: stage.ber,
              moduleSeed: o.moduleSeed,
              trialSeed: batchSeed(ctx.step),
              correction: o.correction,
              addresses,
              rowBytes,
            });
            setComputeWeights(m, values);
            return () => setComputeWeights(m, clean);
          },
          onProgress: (p) =>
            o.onProgress?.({
              kind: 'batch',
              stage: stage.index,
              ber: stage.ber,
              epoch: base + (part * (p.batch + 1)) / p.batchesPerEpoch,
              totalEpochs: schedule.totalEpochs,
              loss: p.loss,
              accuracy: p.accuracy,
            }),
        });
        steps += result.steps;
        epochsDone += part;
      }
      if (stage.clip !== null) clipWeights(model, stage.clip);
      const v = await validate(stage.ber);
      const last = stage.index === schedule.stages.length - 1;
      const decision = curriculumDecision(v.perturbed, clean0, holds, { maxDrop: o.maxDrop });
      const report: StageReport = {
        stage: stage.index,
        ber: stage.ber,
        epochs: stage.epochs,
        epochsDone,
        clean: v.clean,
        perturbed: v.perturbed,
        decision: last && decision === 'advance' ? 'end' : decision,
        corrected: v.corrected,
      };
      stages.push(report);
      o.onProgress?.({ kind: 'stage', report, totalEpochs: schedule.totalEpochs });
      if (schedule.recipe === 'randbet' || decision === 'advance') break;
      holds++;
    }
  }
  return {
    schedule,
    stages,
    before,
    seconds: (performance.now() - t0) / 1000,
    steps,
    ...(clipRanges ? { activationRanges: Object.fromEntries(clipRanges) } : {}),
  };
}
