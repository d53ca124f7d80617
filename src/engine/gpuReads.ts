/**
 * Reads through approximate DRAM where the tensors live, on the tfjs WebGPU backend (issue 17):
 * weights once per trial and every IFM/OFM read go through the fused kernel
 * (kernels/gpuInject.ts), with the flips drawn on the device by the counter-based sampler
 * (src/core/errors/counterFlips.ts). The host only computes a read's key and thresholds (a few
 * words of uniforms per dispatch); no flip positions, masks or values cross the bus. The
 * only upload is the weak-row / weak-bitline mask of error models 1/2, once per module
 * (cached here per backend, module seed, kind, fraction and line range).
 *
 * The kernel is registered as the tfjs kernel `EdenGpuInject` for the 'webgpu' backend, so the
 * engine moves its inputs to the device, tracks its output in tidy scopes, and disposes it
 * like any op's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { counterRead, type CounterRead } from '../core/errors/counterFlips';
import { FORMAT_BITS, type ErrorModelSpec, type Format } from '../core/types';
import type { CorrectionMode } from '../core/eden/correct';
import type { ActivationQuant } from './activationFlips';
import { runGpuInject, type GpuInjectRun, type GpuInjectVariant } from './kernels/gpuInject';
import type { StoredDataType, StoredModel } from './storedModel';

export const GPU_INJECT_KERNEL = 'EdenGpuInject';

interface KernelAttrs {
  variant: GpuInjectVariant;
  run: Omit<GpuInjectRun, 'weakMask'>;
}

/** Register the fused kernel for the 'webgpu' backend (idempotent). */
export function registerGpuInjectKernel(): void {
  if (tf.getKernel(GPU_INJECT_KERNEL, 'webgpu')) return;
  tf.registerKernel({
    kernelName: GPU_INJECT_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { variant, run } = attrs as unknown as KernelAttrs;
      const x = inputs.x as tf.TensorInfo;
      const size = x.shape.reduce((a, b) => a * b, 1);
      return runGpuInject(backend, x, size, variant, { ...run, weakMask: inputs.w });
    },
  });
}

/** Whether reads on the active backend go through the fused kernel. */
export function gpuKernelBackend(): boolean {
  return tf.getBackend() === 'webgpu';
}

const weakMasks = new Map<string, tf.Tensor>();

/**
 * The weak lines [first, first + count) of the module as int32 words (bit r of word r >> 5 =
 * line first + r), on the device; uploaded on first use, then cached.
 */
function weakMaskTensor(
  read: CounterRead,
  spec: ErrorModelSpec,
  moduleSeed: number,
  first: number,
  count: number,
): tf.Tensor {
  const kind = spec.id === 1 ? 'row' : 'bitline';
  const fraction = spec.weakFraction;
  const id = `${tf.getBackend()}|${moduleSeed}|${kind}|${fraction ?? ''}|${first}|${count}`;
  let t = weakMasks.get(id);
  if (t && !t.isDisposed) return t;
  if (weakMasks.size >= 64) {
    const [oldest, old] = weakMasks.entries().next().value as [string, tf.Tensor];
    old.dispose();
    weakMasks.delete(oldest);
  }
  const words = new Int32Array(Math.ceil(count / 32));
  for (let r = 0; r < count; r++) if (read.weak!(first + r)) words[r >> 5] |= 1 << (r & 31);
  t = tf.keep(tf.tensor1d(words, 'int32'));
  weakMasks.set(id, t);
  return t;
}

/** What the device reads need of the injection settings (injectedRun.ts InjectionSettings). */
export interface ReadSettings {
  errorModel: ErrorModelSpec;
  correction: CorrectionMode;
  moduleSeed: number;
  rowBytes: number;
}

/** One kernel read of a flat tensor: its data type, format and place in the data type. */
interface KernelRead {
  dt: StoredDataType;
  format: Format;
  ber: number;
  trialSeed: number;
  /** Stored bytes of one copy (one sample's activation, or all of a layer's weights). */
  copyBytes: number;
  where: { perSample: number; firstSample: number; firstElement: number };
  /** Quantization scale (1 for fp32) and clean range. */
  scale: number;
  range: { min: number; max: number };
}

/** One read of flat tensor `x` through the fused kernel. */
function kernelRead(x: tf.Tensor, s: ReadSettings, k: KernelRead): tf.Tensor {
  registerGpuInjectKernel();
  const { errorModel: spec, moduleSeed, rowBytes } = s;
  const placement = { baseAddress: k.dt.baseAddress, rowBytes };
  const bits = FORMAT_BITS[k.format];
  const read = counterRead(spec, k.ber, bits, moduleSeed, k.trialSeed, k.dt.info.id, placement);
  let w: tf.Tensor | undefined;
  let lineBase = 0;
  if (read.modelId === 1) {
    const first = Math.floor(placement.baseAddress / rowBytes);
    const last = Math.floor((placement.baseAddress + Math.max(1, k.copyBytes) - 1) / rowBytes);
    w = weakMaskTensor(read, spec, moduleSeed, first, last - first + 1);
    lineBase = first;
  } else if (read.modelId === 2) {
    w = weakMaskTensor(read, spec, moduleSeed, 0, rowBytes * 8);
  }
  const variant: GpuInjectVariant = {
    format: k.format,
    modelId: read.modelId,
    persistent: read.persistent,
    correction: s.correction,
  };
  const run: KernelAttrs['run'] = {
    read: { ...read, weak: null },
    scale: k.scale,
    range: k.range,
    lineBase,
    ...k.where,
  };
  const inputs: tf.NamedTensorMap = w ? { x, w } : { x };
  return tf.engine().runKernel(GPU_INJECT_KERNEL, inputs, {
    variant,
    run,
  } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/**
 * An IFM/OFM batch (`x`: [samples, ...], sample `firstSample + i` in row i) read through its
 * partition at `ber` on the device: fake quantization in `q.format`, the flips of every sample's
 * read, decode, correction. Returns a new tensor of x's shape; `x` is not disposed.
 * Throws if x does not hold whole samples of `dt`.
 */
export function gpuReadActivation(
  s: ReadSettings,
  dt: StoredDataType,
  q: ActivationQuant,
  ber: number,
  x: tf.Tensor,
  trialSeed: number,
  firstSample: number,
): tf.Tensor {
  const per = dt.info.elements;
  if (x.size !== x.shape[0] * per)
    throw new Error(
      `gpuReadActivation: ${dt.info.id} holds ${per} values per sample, got shape [${x.shape}]`,
    );
  return tf.tidy(() =>
    tf.reshape(
      kernelRead(tf.reshape(x, [-1]), s, {
        dt,
        format: q.format,
        ber,
        trialSeed,
        copyBytes: Math.ceil((per * FORMAT_BITS[q.format]) / 8),
        where: { perSample: per, firstSample, firstElement: 0 },
        scale: q.format === 'fp32' ? 1 : q.scale,
        range: q.range,
      }),
      x.shape,
    ),
  );
}

/**
 * Every weight data type with BER > 0 read once for this trial on the device: per compute
 * layer its clean tensors (values exact in the stored format) through the kernel, each tensor
 * at its place in the layer's stored bytes (read index 0). Layers whose BER is 0 are left
 * out. Throws for per-channel scales (the zoo stores one scale per tensor).
 */
export function gpuTrialWeights(
  sm: StoredModel,
  bers: ReadonlyMap<string, number>,
  s: ReadSettings,
  trialSeed: number,
): Map<number, tf.Tensor[]> {
  const layers = new Map<number, tf.Tensor[]>();
  const bits = FORMAT_BITS[sm.format];
  sm.compute.forEach((c, ci) => {
    const ber = bers.get(c.weights.info.id) ?? 0;
    if (ber <= 0) return;
    let bitOffset = 0;
    const tensors = c.encoded.map((enc, i) => {
      if (enc.scale.length > 1)
        throw new Error(`gpuTrialWeights: ${c.weights.info.id} has per-channel scales`);
      const clean = c.cleanTensors[i];
      const firstElement = bitOffset / bits;
      bitOffset += enc.bytes.length * 8;
      return tf.tidy(() =>
        tf.reshape(
          kernelRead(tf.reshape(clean, [-1]), s, {
            dt: c.weights,
            format: sm.format,
            ber,
            trialSeed,
            copyBytes: c.storedBytes.length,
            where: { perSample: clean.size, firstSample: 0, firstElement },
            scale: sm.format === 'fp32' ? 1 : enc.scale[0],
            range: c.weights.info.range,
          }),
          clean.shape,
        ),
      );
    });
    layers.set(ci, tensors);
  });
  return layers;
}
