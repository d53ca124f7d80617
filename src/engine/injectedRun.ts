/**
 * One forward pass of a stored model with its data read through approximate DRAM
 * (issue #4 item 2): weights injected once per trial on the CPU (injectErrors on the stored
 * bytes, then decode), activations fake-quantized and flipped on the device
 * (activationFlips.ts) with CPU-drawn flip positions.
 *
 * Full passes go through the zoo's `runLayered` (any graph). Sequential models can also be
 * walked here from any compute layer, which lets a trial start at the first compute layer it
 * changes, from cached clean activations (and lets the clean pass record them); the unit
 * tests check that both give the same predictions.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  flipCandidates as coreFlipCandidates,
  flipPositions as coreFlipPositions,
  injectErrors as coreInjectErrors,
  keepsAllBits,
  type BitPositionMask,
  type InjectOptions,
} from '../core/errors';
import { UniformMaskSampler } from '../core/errors/uniformMasks';
import { decode } from '../core/formats';
import { streamKey } from '../core/rng';
import { FORMAT_BITS } from '../core/types';
import type { CorrectionMode } from '../core/eden/correct';
import {
  applyActivationFlips,
  applyDenseFlips,
  applyHostMasks,
  flipOnHost,
  denseMasks,
  type ActivationQuant,
  type ElementMasks,
  fakeQuantize,
  groupCandidates,
  groupFlips,
  type ElementFlips,
  storeActivation,
} from './activationFlips';
import { runLayered } from './executor';
import {
  gpuKernelBackend,
  gpuReadActivation,
  gpuTrialWeights,
  type ReadSettings,
} from './gpuReads';
import type { ComputeLayer, StoredDataType, StoredModel } from './storedModel';

/** The bit-error engine (src/core/errors), injectable for tests. */
export interface ErrorSource {
  injectErrors: typeof coreInjectErrors;
  flipPositions: typeof coreFlipPositions;
  flipCandidates: typeof coreFlipCandidates;
}
export const CORE_ERRORS: ErrorSource = {
  injectErrors: coreInjectErrors,
  flipPositions: coreFlipPositions,
  flipCandidates: coreFlipCandidates,
};

/** BER of each data type id (0 or absent: error-free). */
export type BerMap = ReadonlyMap<string, number>;

export interface InjectionSettings extends ReadSettings {
  errors: ErrorSource;
  /**
   * Where flips are drawn and applied. Default: the fused kernel on webgpu (gpuReads.ts: drawn
   * on the device, weights too), on the host for wasm/cpu, else host-drawn flips applied on the
   * device with tfjs ops. Tests force one ('kernel' needs the webgpu backend).
   */
  applyOn?: 'host' | 'device' | 'kernel';
  /**
   * Only these bit positions of each stored element may flip (core/errors bitMask.ts); default
   * all. A mask that drops bits is drawn on the host (the fused kernel has no mask).
   */
  bitMask?: BitPositionMask;
}

/** Flip positions for activations are drawn per chunk of this many samples (batch-size independent). */
export const FLIP_CHUNK = 100;

export interface TrialWeights {
  /** Injected weights per compute index (only layers whose weights changed; on the kernel path every layer with BER > 0). */
  layers: Map<number, tf.Tensor[]>;
  /** Bit flips drawn in all weights (NaN on the kernel path: they are never counted on the host). */
  flips: number;
}

/** Whether reads go through the fused WebGPU kernel (gpuReads.ts). */
function onKernel(s: InjectionSettings): boolean {
  const masked = s.bitMask !== undefined && !keepsAllBits(s.bitMask);
  if (s.applyOn === 'kernel' && (masked || !gpuKernelBackend()))
    throw new Error(
      masked
        ? `applyOn 'kernel' has no bit-position mask`
        : `applyOn 'kernel' needs the webgpu backend, not ${tf.getBackend()}`,
    );
  return s.applyOn === 'kernel' || (s.applyOn === undefined && !masked && gpuKernelBackend());
}

/** The core error engine's options for one read of `dt` (its address, the trial's stream). */
export function injectOptions(
  s: InjectionSettings,
  dt: StoredDataType,
  ber: number,
  trialSeed: number,
  stream: string,
): InjectOptions {
  return {
    errorModel: s.errorModel,
    ber,
    moduleSeed: s.moduleSeed,
    trialSeed,
    stream,
    placement: { baseAddress: dt.baseAddress, rowBytes: s.rowBytes },
    bitMask: s.bitMask,
  };
}

/** Out-of-range correction of the elements of `values` that differ from `clean` (EDEN §6). */
function correctFlipped(
  values: Float32Array,
  clean: Float32Array,
  range: { min: number; max: number },
  correction: CorrectionMode,
): void {
  if (correction === 'none') return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Object.is(v, clean[i])) continue;
    if (Number.isNaN(v)) values[i] = 0;
    else if (v < range.min || v > range.max)
      values[i] = correction === 'zero' ? 0 : Math.min(range.max, Math.max(range.min, v));
  }
}

/** Read every weight data type with BER > 0 through its partition once for this trial. */
export function injectTrialWeights(
  sm: StoredModel,
  bers: BerMap,
  s: InjectionSettings,
  trialSeed: number,
): TrialWeights {
  if (onKernel(s)) return { layers: gpuTrialWeights(sm, bers, s, trialSeed), flips: NaN };
  const layers = new Map<number, tf.Tensor[]>();
  let flips = 0;
  sm.compute.forEach((c, ci) => {
    const ber = bers.get(c.weights.info.id) ?? 0;
    if (ber <= 0) return;
    const bytes = c.storedBytes.slice();
    const stats = s.errors.injectErrors(
      bytes,
      injectOptions(s, c.weights, ber, trialSeed, c.weights.info.id),
    );
    if (stats.flips === 0) return;
    flips += stats.flips;
    let at = 0;
    const tensors = c.encoded.map((enc, i) => {
      const mine = { ...enc, bytes: bytes.subarray(at, at + enc.bytes.length) };
      at += enc.bytes.length;
      const values = decode(mine);
      correctFlipped(values, decode(enc), c.weights.info.range, s.correction);
      return tf.tensor(values, c.cleanTensors[i].shape);
    });
    layers.set(ci, tensors);
  });
  return { layers, flips };
}

export function setLayerWeights(c: ComputeLayer, tensors: tf.Tensor[]): void {
  c.layer.setWeights(tensors);
}

/** One read of an activation batch: `count` samples from `firstSample` of data type `dt`. */
interface ActivationRead {
  s: InjectionSettings;
  dt: StoredDataType;
  q: ActivationQuant;
  ber: number;
  trialSeed: number;
  firstSample: number;
  count: number;
}

/**
 * The batch's samples in chunks of FLIP_CHUNK aligned to multiples of it, each with its own
 * stream label: flips drawn per chunk do not depend on the batch size.
 */
function forEachChunk(
  r: ActivationRead,
  body: (c0: number, n: number, stream: string) => void,
): void {
  const end = r.firstSample + r.count;
  for (let c0 = r.firstSample; c0 < end;) {
    const chunkEnd = Math.min(end, (Math.floor(c0 / FLIP_CHUNK) + 1) * FLIP_CHUNK);
    body(c0, chunkEnd - c0, `${r.dt.info.id}@${c0}+${chunkEnd - c0}`);
    c0 = chunkEnd;
  }
}

/** Bit positions flipped in the batch's copies of the activation (sample-major, `elements` per sample). */
function activationPositions(
  r: ActivationRead,
  storedOf: ((sample: number) => Uint8Array) | null,
): Uint32Array {
  const { s, dt, ber, trialSeed, firstSample, count } = r;
  const sampleBits = dt.info.elements * FORMAT_BITS[r.q.format];
  const parts: { pos: Uint32Array; offset: number; limit: number }[] = [];
  if (s.errorModel.id === 0) {
    // Uniform (persistent here): addresses do not matter, so one draw covers a chunk of samples.
    forEachChunk(r, (c0, n, stream) => {
      const pos = s.errors.flipPositions(
        null,
        n * sampleBits,
        injectOptions(s, dt, ber, trialSeed, stream),
      );
      parts.push({ pos, offset: (c0 - firstSample) * sampleBits, limit: n * sampleBits });
    });
  } else {
    // Models 1–3: each sample's copy sits at the tensor's address (weak lines are the module's).
    const storedBits = Math.ceil(sampleBits / 8) * 8;
    for (let i = 0; i < count; i++) {
      const bytes = storedOf ? storedOf(i) : null;
      const pos = s.errors.flipPositions(
        bytes,
        storedBits,
        injectOptions(s, dt, ber, trialSeed, `${dt.info.id}@${firstSample + i}`),
      );
      parts.push({ pos, offset: i * sampleBits, limit: sampleBits });
    }
  }
  return concatParts(parts);
}

/** Per-sample position lists concatenated (ascending), dropping positions in int4 padding nibbles. */
function concatParts(parts: { pos: Uint32Array; offset: number; limit: number }[]): Uint32Array {
  let total = 0;
  for (const p of parts) total += p.pos.length;
  const out = new Uint32Array(total);
  let n = 0;
  for (const { pos, offset, limit } of parts) {
    for (let i = 0; i < pos.length; i++) if (pos[i] < limit) out[n++] = offset + pos[i];
  }
  return out.subarray(0, n);
}

/**
 * Error model 3 for an activation on a device: the candidate flips of every sample's read
 * (core/errors `flipCandidates`, the same streams as activationPositions), so the device
 * decides by the stored bit and the activation never comes back to the host.
 */
function activationCandidates(r: ActivationRead): ElementFlips {
  const { s, dt, ber, trialSeed, firstSample, count } = r;
  const sampleBits = dt.info.elements * FORMAT_BITS[r.q.format];
  const storedBits = Math.ceil(sampleBits / 8) * 8;
  const ones: { pos: Uint32Array; offset: number; limit: number }[] = [];
  const zeros: { pos: Uint32Array; offset: number; limit: number }[] = [];
  for (let i = 0; i < count; i++) {
    const c = s.errors.flipCandidates(
      storedBits,
      injectOptions(s, dt, ber, trialSeed, `${dt.info.id}@${firstSample + i}`),
    );
    ones.push({ pos: c.oneToZero, offset: i * sampleBits, limit: sampleBits });
    zeros.push({ pos: c.zeroToOne, offset: i * sampleBits, limit: sampleBits });
  }
  return groupCandidates(concatParts(ones), concatParts(zeros), r.q.format);
}

/** Backends whose tensors live in main memory: flips are applied there directly (no device to protect). */
const HOST_MEMORY_BACKENDS: ReadonlySet<string> = new Set(['wasm', 'cpu']);

/**
 * Above this many changed elements a device gets one mask per element (a lookup over the whole
 * tensor) instead of gather/scatter: tfjs-webgl's scatterND loops over every update for every
 * output element, so 1e-3 on 200 LeNet-5 images took 67 s there against 14 s dense at 1e-2.
 */
const DEVICE_SPARSE_MAX = 64;

/**
 * Error model 0 redrawn per read: element masks drawn per stored unit (uniformMasks.ts), per
 * chunk with the chunk's own stream, handed to `onChange` in ascending element order.
 */
function visitUniformMasks(
  r: ActivationRead,
  sampler: UniformMaskSampler,
  onChange: (element: number, mask: number) => void,
): void {
  const per = r.dt.info.elements;
  forEachChunk(r, (c0, n, stream) => {
    const rng = streamKey(r.trialSeed, 'read', r.s.moduleSeed, stream).with('units').rng();
    sampler.visit(rng, (c0 - r.firstSample) * per, n * per, onChange, undefined, r.s.bitMask?.keep);
  });
}

/** visitUniformMasks collected for a device: one mask per element unless only a few elements change. */
function uniformActivationMasks(r: ActivationRead, sampler: UniformMaskSampler): ElementMasks {
  const changedShare = 1 - (1 - r.ber) ** FORMAT_BITS[r.q.format];
  if (changedShare * r.count * r.dt.info.elements > DEVICE_SPARSE_MAX) {
    const masks = new Uint32Array(r.count * r.dt.info.elements);
    visitUniformMasks(r, sampler, (e, m) => (masks[e] = m));
    return masks;
  }
  const elements: number[] = [];
  const masks: number[] = [];
  visitUniformMasks(r, sampler, (e, m) => {
    elements.push(e);
    masks.push(m);
  });
  return { elements: Int32Array.from(elements), masks: Uint32Array.from(masks) };
}

/**
 * Activation read through its partition: fake quantization, then flips (if ber > 0).
 * Returns a new tensor; `x` is not disposed.
 */
export function readActivation(
  s: InjectionSettings,
  dt: StoredDataType,
  q: ActivationQuant,
  ber: number,
  x: tf.Tensor,
  trialSeed: number,
  firstSample: number,
): tf.Tensor {
  if (ber > 0 && onKernel(s)) return gpuReadActivation(s, dt, q, ber, x, trialSeed, firstSample);
  const fq = fakeQuantize(x, q);
  if (ber <= 0) return fq;
  const r: ActivationRead = { s, dt, q, ber, trialSeed, firstSample, count: x.shape[0] };
  const host =
    (s.applyOn ?? (HOST_MEMORY_BACKENDS.has(tf.getBackend()) ? 'host' : 'device')) === 'host';
  let flips: ElementMasks;
  if (s.errorModel.id === 0 && !s.errorModel.persistent) {
    const sampler = new UniformMaskSampler(ber, FORMAT_BITS[q.format]);
    if (host) {
      // Drawn and applied in one walk over the values: no mask array at all.
      const y = flipOnHost(
        fq,
        q,
        s.correction,
        (flip) => visitUniformMasks(r, sampler, flip),
        true,
      );
      if (y !== fq) fq.dispose();
      return y;
    }
    flips = uniformActivationMasks(r, sampler);
  } else if (s.errorModel.id === 3 && !host) {
    flips = activationCandidates(r);
  } else {
    let storedOf: ((i: number) => Uint8Array) | null = null;
    if (s.errorModel.id === 3) {
      // On the host the stored bits are at hand: exact flips from them.
      const values = fq.dataSync() as Float32Array;
      const n = dt.info.elements;
      storedOf = (i) => storeActivation(values.subarray(i * n, (i + 1) * n), q);
    }
    const positions = activationPositions(r, storedOf);
    flips =
      positions.length > DEVICE_SPARSE_MAX
        ? denseMasks(positions, q.format, fq.size)
        : groupFlips(positions, q.format);
  }
  const changed = flips instanceof Uint32Array ? flips.length : flips.elements.length;
  if (!changed) return fq;
  let y: tf.Tensor;
  if (host) y = applyHostMasks(fq, q, flips, s.correction, true);
  else if (flips instanceof Uint32Array) y = applyDenseFlips(fq, q, flips, s.correction);
  else y = applyActivationFlips(fq, q, flips, s.correction);
  if (y !== fq) fq.dispose();
  return y;
}

export interface PassOptions {
  bers: BerMap;
  trialSeed: number;
  /** Index of the first sample of the batch in the evaluated set (for per-sample streams). */
  firstSample: number;
  /** Compute index to start at; `input` is then the clean input of that compute layer. */
  start: number;
  /** Called with the clean input of each compute layer ≥ 1 (a tensor the callee must keep or not). */
  capture?: (computeIndex: number, x: tf.Tensor) => void;
  /**
   * Called after every activation read with the data type, the value before the read (not yet
   * stored in the format) and as read; both tensors are the pass's own (read, do not keep).
   */
  observe?: (
    dt: StoredDataType,
    quant: ActivationQuant,
    before: tf.Tensor,
    read: tf.Tensor,
  ) => void;
}

/** A plain chain of layers (Sequential, or a functional model without branches): can be walked from any layer. */
export function isSequential(sm: StoredModel): boolean {
  const layers = sm.model.layers;
  for (let i = 1; i < layers.length; i++) {
    const nodes = layers[i].inboundNodes;
    if (
      nodes.length !== 1 ||
      nodes[0].inboundLayers.length !== 1 ||
      nodes[0].inboundLayers[0] !== layers[i - 1]
    )
      return false;
  }
  return true;
}

/** Logits of one batch. `input` is not disposed. */
export function forward(
  sm: StoredModel,
  s: InjectionSettings,
  input: tf.Tensor,
  o: PassOptions,
): tf.Tensor {
  const computeOf = new Map(sm.compute.map((c, i) => [c.layerIndex, i]));
  const read = (ci: number, which: 'ifm' | 'ofm', x: tf.Tensor) => {
    const c = sm.compute[ci];
    const [stored, quant] = which === 'ifm' ? [c.ifm, c.ifmQuant] : [c.ofm, c.ofmQuant];
    const y = readActivation(
      s,
      stored,
      quant,
      o.bers.get(stored.info.id) ?? 0,
      x,
      o.trialSeed,
      o.firstSample,
    );
    o.observe?.(stored, quant, x, y);
    return y;
  };
  const ifm = (ci: number, x: tf.Tensor) => read(ci, 'ifm', x);
  const ofm = (ci: number, y: tf.Tensor) => read(ci, 'ofm', y);
  if (o.start === 0 && !o.capture) {
    // A full pass: the zoo's executor (any graph).
    const byName = new Map(sm.compute.map((c, i) => [c.name, i]));
    return runLayered(sm.model, input, {
      ifm: (layer, x) => ifm(byName.get(layer)!, x),
      ofm: (layer, y) => ofm(byName.get(layer)!, y),
    });
  }
  // Resuming mid-way (or recording clean activations): a chain of layers, walked here.
  if (!isSequential(sm))
    throw new Error('forward: only sequential models can start mid-way or be cached');
  const layers = sm.model.layers;
  // From the model's input, every layer runs (e.g. a Flatten before the first Dense); from
  // compute layer k > 0, the input is its recorded IFM, so the walk starts at that layer.
  const from = o.start === 0 ? 0 : sm.compute[o.start].layerIndex;
  return tf.tidy(() => {
    let cur = input;
    for (let li = from; li < layers.length; li++) {
      const layer = layers[li];
      if (layer.getClassName() === 'InputLayer') continue;
      const ci = computeOf.get(li);
      let x = cur;
      if (ci !== undefined) {
        if (ci >= 1 && o.capture) o.capture(ci, cur);
        x = ifm(ci, cur);
      }
      let y = layer.apply(x, { training: false }) as tf.Tensor;
      if (ci !== undefined) y = ofm(ci, y);
      cur = y;
    }
    return cur;
  });
}

/** Compute indices whose IFM/OFM get errors under `bers`: the first one bounds where a pass can start. */
export function firstActivationLayer(sm: StoredModel, bers: BerMap): number {
  for (let ci = 0; ci < sm.compute.length; ci++) {
    const c = sm.compute[ci];
    if ((bers.get(c.ifm.info.id) ?? 0) > 0 || (bers.get(c.ofm.info.id) ?? 0) > 0) return ci;
  }
  return Infinity;
}

/**
 * The activation flips of one trial over samples [0, samples), counted per data type and code
 * bit, drawn exactly as `readActivation` draws them (same streams and chunks). Only for flips
 * that do not depend on the stored values: null for error model 3.
 */
export function activationFlipCounts(
  sm: StoredModel,
  s: InjectionSettings,
  bers: BerMap,
  trialSeed: number,
  samples: number,
): { dataType: string; flips: number; byBit: number[] }[] | null {
  if (s.errorModel.id === 3) return null;
  const out: { dataType: string; flips: number; byBit: number[] }[] = [];
  for (const c of sm.compute) {
    for (const [dt, q] of [
      [c.ifm, c.ifmQuant],
      [c.ofm, c.ofmQuant],
    ] as const) {
      const ber = bers.get(dt.info.id) ?? 0;
      if (ber <= 0) continue;
      const bits = FORMAT_BITS[q.format];
      const byBit = new Array<number>(bits).fill(0);
      const r: ActivationRead = { s, dt, q, ber, trialSeed, firstSample: 0, count: samples };
      const count = (mask: number) => {
        for (let b = 0; b < bits; b++) if ((mask >>> b) & 1) byBit[b]++;
      };
      if (s.errorModel.id === 0 && !s.errorModel.persistent)
        visitUniformMasks(r, new UniformMaskSampler(ber, bits), (_e, m) => count(m));
      else for (const p of activationPositions(r, null)) byBit[p % bits]++;
      out.push({ dataType: dt.info.id, flips: byBit.reduce((a, b) => a + b, 0), byBit });
    }
  }
  return out;
}
