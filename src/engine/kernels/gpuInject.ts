/**
 * The fused WGSL kernel of the GPU injection path (issue 17): one pass over a tensor on the
 * tfjs WebGPU backend reads it through approximate DRAM — quantize with the tensor's scale
 * (fake quantization, as quantizedModel.ts `fakeQuantizeTensor`), draw every stored bit's flip
 * from Philox4x32-10, XOR the integer code (or the fp32 bit pattern), decode, and apply EDEN's
 * out-of-range correction to changed elements. The draws are those of the host reference
 * src/core/errors/counterFlips.ts (same counters, keys, thresholds and weak-line lookups); the
 * browser test test/e2e/gpuInject.e2e.ts checks that the device gives the same masks.
 *
 * Registered through tfjs-backend-webgpu's custom-program interface (a WebGPUProgram run by
 * `backend.runWebGPUProgram`): the shader gets `X` (float32, flat) and for error models 1/2 `W`
 * (int32 bit mask of the weak rows / bitlines, uploaded once per module, gpuReads.ts). Format,
 * error model, persistence and correction are compiled in (one pipeline per combination; the
 * tensor size and all seeds and probabilities are uniforms, so no recompilation per read).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { CorrectionMode } from '../../core/eden/correct';
import type { CounterRead } from '../../core/errors/counterFlips';
import { FORMAT_BITS, type Format } from '../../core/types';

/** WGSL Philox4x32-10 (src/core/philox.ts, the same constants and steps). */
export const PHILOX_WGSL = /* wgsl */ `
fn mulhi32(a : u32, b : u32) -> u32 {
  let aLo = a & 0xffffu;
  let aHi = a >> 16u;
  let bLo = b & 0xffffu;
  let bHi = b >> 16u;
  let loLo = aLo * bLo;
  let hiLo = aHi * bLo;
  let loHi = aLo * bHi;
  let mid = (loLo >> 16u) + (hiLo & 0xffffu) + (loHi & 0xffffu);
  return aHi * bHi + (hiLo >> 16u) + (loHi >> 16u) + (mid >> 16u);
}

fn philox4x32(c : vec4<u32>, k : vec2<u32>) -> vec4<u32> {
  var x = c;
  var key = k;
  for (var r = 0u; r < 10u; r = r + 1u) {
    if (r > 0u) {
      key = key + vec2<u32>(0x9e3779b9u, 0xbb67ae85u);
    }
    let hi0 = mulhi32(0xd2511f53u, x.x);
    let lo0 = 0xd2511f53u * x.x;
    let hi1 = mulhi32(0xcd9e8d57u, x.z);
    let lo1 = 0xcd9e8d57u * x.z;
    x = vec4<u32>(hi1 ^ x.y ^ key.x, lo1, hi0 ^ x.w ^ key.y, lo0);
  }
  return x;
}
`;

const CORRECTION_ID: Record<CorrectionMode, number> = { none: 0, zero: 1, clamp: 2 };

/** The compile-time variant of the kernel. */
export interface GpuInjectVariant {
  format: Format;
  modelId: 0 | 1 | 2 | 3;
  persistent: boolean;
  correction: CorrectionMode;
}

/** A WebGPUProgram (tfjs-backend-webgpu webgpu_program.ts) for one read of `size` values. */
export class GpuInjectProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [64, 1, 1];
  readonly size = true;
  readonly uniforms =
    'key0 : u32, key1 : u32, t1hi : u32, t1lo : u32, t0hi : u32, t0lo : u32, scale : f32, ' +
    'rangeMin : f32, rangeMax : f32, perSample : u32, firstSample : u32, firstElement : u32, ' +
    'baseAddress : u32, rowBytes : u32, lineBase : u32,';

  constructor(
    readonly v: GpuInjectVariant,
    size: number,
  ) {
    const weak = v.modelId === 1 || v.modelId === 2;
    this.variableNames = weak ? ['X', 'W'] : ['X'];
    this.outputShape = [size];
    this.dispatch = [Math.ceil(size / this.workgroupSize[0]), 1, 1];
    this.shaderKey = `edenInject_${v.format}_${v.modelId}_${v.persistent ? 'p' : 'r'}_${v.correction}`;
  }

  getUserCode(): string {
    const { format, modelId, persistent, correction } = this.v;
    const bits = FORMAT_BITS[format];
    const fp32 = format === 'fp32';
    const qmax = 2 ** (bits - 1) - 1;
    const codeMask = bits === 32 ? '0xffffffffu' : `${2 ** bits - 1}u`;
    const corr = CORRECTION_ID[correction];
    const site =
      modelId === 1
        ? 'isWeak(byte / uniforms.rowBytes)'
        : modelId === 2
          ? 'isWeak((byte % uniforms.rowBytes) * 8u + (pos & 7u))'
          : 'true';
    const encode = fp32
      ? 'bitcast<u32>(x)'
      : `u32(i32(clamp(round(x / uniforms.scale), -${qmax}.0, ${qmax}.0))) & ${codeMask}`;
    // Decode + correction of a changed element (CPU: activationFlips.ts hostFlipper).
    const decodeChanged = fp32
      ? `
        let expo = (c >> 23u) & 0xffu;
        if (expo == 0xffu) {
          // Inf / NaN from an exponent flip: judged by its bits (WGSL float ops need not keep them).
          ${
            corr === 0
              ? 'return bitcast<f32>(c);'
              : corr === 1
                ? 'return 0.0;'
                : 'if ((c & 0x7fffffu) != 0u) { return 0.0; }\n          return select(uniforms.rangeMax, uniforms.rangeMin, (c >> 31u) == 1u);'
          }
        }
        let v = bitcast<f32>(c);`
      : `
        let sv = select(i32(c), i32(c) - ${2 ** bits}, c >= ${2 ** (bits - 1)}u);
        let v = f32(sv) * uniforms.scale;`;
    const decodeClean = fp32
      ? 'x'
      : `f32(select(i32(code), i32(code) - ${2 ** bits}, code >= ${2 ** (bits - 1)}u)) * uniforms.scale`;
    return `
${PHILOX_WGSL}
fn isWeak(line : u32) -> bool {
  ${modelId === 1 || modelId === 2 ? 'let r = line - uniforms.lineBase; return ((u32(W[r >> 5u]) >> (r & 31u)) & 1u) == 1u;' : 'return true;'}
}

fn readChanged(c : u32) -> f32 {
  ${decodeChanged}
  ${
    corr === 0
      ? 'return v;'
      : `if (v >= uniforms.rangeMin && v <= uniforms.rangeMax) { return v; }
  return ${corr === 1 ? '0.0' : 'clamp(v, uniforms.rangeMin, uniforms.rangeMax)'};`
  }
}

fn main(index : i32) {
  if (index >= uniforms.size) { return; }
  let x = X[index];
  let i = u32(index);
  let smp = i / uniforms.perSample;
  let element = uniforms.firstElement + (i - smp * uniforms.perSample);
  let readIdx = uniforms.firstSample + smp;
  let code = ${encode};
  let key = vec2<u32>(uniforms.key0, uniforms.key1);
  var words = vec4<u32>(0u);
  var lastX = 0xffffffffu;
  var lastBlock = 0xffffffffu;
  var mask = 0u;
  for (var k = 0u; k < ${bits}u; k = k + 1u) {
    let pos = element * ${bits}u + k;
    let byte = uniforms.baseAddress + (pos >> 3u);
    if (!(${site})) { continue; }
    let cx = ${persistent ? 'byte' : 'element'};
    let cy = ${persistent ? '0u' : 'readIdx'};
    let idx = ${persistent ? 'pos & 7u' : 'k'};
    let blk = idx >> 2u;
    if (cx != lastX || blk != lastBlock) {
      words = philox4x32(vec4<u32>(cx, cy, blk, 0u), key);
      lastX = cx;
      lastBlock = blk;
    }
    let u = words[idx & 3u];
    let one = ((code >> k) & 1u) == 1u;
    let hi = select(uniforms.t0hi, uniforms.t1hi, one);
    let lo = select(uniforms.t0lo, uniforms.t1lo, one);
    var flip = u < hi;
    if (u == hi) {
      flip = philox4x32(vec4<u32>(cx, cy, idx, 1u), key).x < lo;
    }
    if (flip) { mask = mask | (1u << k); }
  }
  if (mask == 0u) {
    setOutputAtIndex(index, ${decodeClean});
  } else {
    setOutputAtIndex(index, readChanged(code ^ mask));
  }
}
`;
  }
}

/** What one kernel run needs besides the tensor: the read's draws and its place in the data type. */
export interface GpuInjectRun {
  read: CounterRead;
  /** Quantization scale (int formats; 1 for fp32) and clean range (for correction). */
  scale: number;
  range: { min: number; max: number };
  /** Elements per read (one sample's copy); `firstSample` is the read index of the first one. */
  perSample: number;
  firstSample: number;
  /** Element index of the tensor's first element within its data type (weights: across tensors). */
  firstElement: number;
  /** Models 1/2: the weak-line mask (int32 words, bit r = line lineBase + r) and its first line. */
  weakMask?: tf.TensorInfo;
  lineBase?: number;
}

interface WebGpuBackendLike {
  runWebGPUProgram(
    program: GpuInjectProgram,
    inputs: tf.TensorInfo[],
    outputDtype: 'float32',
    uniforms: { type: string; data: number[] }[],
  ): tf.TensorInfo;
}

/**
 * Run the kernel on the active webgpu backend: returns the read tensor's TensorInfo (flat,
 * `x.size` float32 values); `x` must be flat float32 on that backend.
 */
export function runGpuInject(
  backend: unknown,
  x: tf.TensorInfo,
  size: number,
  v: GpuInjectVariant,
  r: GpuInjectRun,
): tf.TensorInfo {
  const program = new GpuInjectProgram(v, size);
  const u32 = (n: number) => ({ type: 'uint32', data: [n >>> 0] });
  const f32 = (n: number) => ({ type: 'float32', data: [n] });
  const uniforms = [
    u32(r.read.key[0]),
    u32(r.read.key[1]),
    u32(r.read.t1[0]),
    u32(r.read.t1[1]),
    u32(r.read.t0[0]),
    u32(r.read.t0[1]),
    f32(r.scale),
    f32(r.range.min),
    f32(r.range.max),
    u32(r.perSample),
    u32(r.firstSample),
    u32(r.firstElement),
    u32(r.read.baseAddress),
    u32(r.read.rowBytes),
    u32(r.lineBase ?? 0),
  ];
  const inputs = program.variableNames.length === 2 ? [x, r.weakMask!] : [x];
  return (backend as WebGpuBackendLike).runWebGPUProgram(program, inputs, 'float32', uniforms);
}
