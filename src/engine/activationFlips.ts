/**
 * Bit errors in activations (IFM/OFM) applied where the activations live: on the device.
 *
 * The CPU only draws *where* bits flip (`flipPositions`, cost ∝ flips, docs/design.md §2) and
 * uploads those few positions; the activation tensor itself never comes back to the CPU.
 * On the device: gather the flipped elements, turn their values back into stored codes,
 * XOR the codes with the per-element flip masks using float arithmetic (tfjs has no XOR:
 * for every mask bit k, code ± 2^k depending on the code's bit k), decode, optionally
 * apply EDEN's out-of-range correction to the flipped elements only, and scatter them back. Works on every backend with stock tfjs ops (webgpu, webgl, wasm, cpu).
 *
 * fp32 activations are the exception: float arithmetic cannot reproduce an IEEE-754 bit flip
 * exactly, so for fp32 the *flipped elements only* (a handful of floats, never the
 * activation) are read back, flipped bit-exactly on the CPU, and uploaded again.
 *
 * Storage layout (src/core/formats): int8 one byte per element, int16 little-endian, int4
 * two per byte (element 2k low nibble), fp32 little-endian. In all of them bit position
 * p of the stored bytes belongs to element floor(p / bits), bit (p mod bits) of its code.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FORMAT_BITS, type Format } from '../core/types';
import type { CorrectionMode } from '../core/eden/correct';
import { writableHostValues } from './hostMemory';
import { activationScale, fakeQuantizeTensor } from './quantizedModel';

/**
 * Flips grouped per element: `elements` ascending, `masks[i]` = XOR mask of its code. With
 * `zeroToOne` (error model 3, bit-value-dependent; core/errors `flipCandidates`) `masks` are
 * candidates that flip only stored ones and `zeroToOne` those that flip only stored zeros, so
 * the device applies them without the host ever reading the activation.
 */
export interface ElementFlips {
  elements: Int32Array;
  masks: Uint32Array;
  zeroToOne?: Uint32Array;
}

function masksByElement(positions: ArrayLike<number>, bits: number): Map<number, number> {
  const byElement = new Map<number, number>();
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    const e = Math.floor(p / bits);
    byElement.set(e, ((byElement.get(e) ?? 0) ^ (1 << (p % bits))) >>> 0);
  }
  return byElement;
}

/** Group bit positions (any order, duplicates cancel out as two flips would) per element. */
export function groupFlips(positions: ArrayLike<number>, format: Format): ElementFlips {
  const byElement = masksByElement(positions, FORMAT_BITS[format]);
  const elements = [...byElement.keys()]
    .filter((e) => byElement.get(e) !== 0)
    .sort((a, b) => a - b);
  return {
    elements: Int32Array.from(elements),
    masks: Uint32Array.from(elements, (e) => byElement.get(e)!),
  };
}

/** Error model 3's candidates (1→0 and 0→1 bit positions, any order) grouped per element. */
export function groupCandidates(
  oneToZero: ArrayLike<number>,
  zeroToOne: ArrayLike<number>,
  format: Format,
): ElementFlips {
  const bits = FORMAT_BITS[format];
  const ones = masksByElement(oneToZero, bits);
  const zeros = masksByElement(zeroToOne, bits);
  const elements = [...new Set([...ones.keys(), ...zeros.keys()])].sort((a, b) => a - b);
  return {
    elements: Int32Array.from(elements),
    masks: Uint32Array.from(elements, (e) => ones.get(e) ?? 0),
    zeroToOne: Uint32Array.from(elements, (e) => zeros.get(e) ?? 0),
  };
}

/** Activation quantization of "a model stored in format F" (zoo.ts header): per tensor. */
export interface ActivationQuant {
  format: Format;
  /** max(|range.min|, |range.max|) / qmax; unused for fp32. */
  scale: number;
  /** Clean value range, for out-of-range correction. */
  range: { min: number; max: number };
}

export function activationQuant(
  format: Format,
  range: { min: number; max: number },
): ActivationQuant {
  return { format, scale: format === 'fp32' ? 1 : activationScale(range, format), range };
}

/** Error-free read of an activation stored in `q.format` (quantizedModel.ts, the zoo's definition); a new tensor. */
export function fakeQuantize(x: tf.Tensor, q: ActivationQuant): tf.Tensor {
  return q.format === 'fp32' ? x.clone() : fakeQuantizeTensor(x, q.format, q.scale);
}

function correctValues(
  values: tf.Tensor,
  range: { min: number; max: number },
  correction: CorrectionMode,
): tf.Tensor {
  if (correction === 'none') return values;
  if (correction === 'clamp') {
    // NaN (fp32 exponent flips) has no place to clamp to: it becomes 0.
    return tf.where(
      tf.isNaN(values),
      tf.zerosLike(values),
      tf.clipByValue(values, range.min, range.max),
    );
  }
  const bad = tf.logicalOr(
    tf.logicalOr(tf.less(values, range.min), tf.greater(values, range.max)),
    tf.isNaN(values),
  );
  return tf.where(bad, tf.zerosLike(values), values);
}

/** IEEE-754 flips of a few float32 values, bit-exact, on the CPU (model 3: candidates by bit value). */
function flipFloat32(
  values: Float32Array,
  masks: Uint32Array,
  zeroToOne?: Uint32Array,
): Float32Array {
  const out = new Float32Array(values);
  const u = new Uint32Array(out.buffer);
  for (let i = 0; i < u.length; i++) {
    const m = zeroToOne ? (u[i] & masks[i]) | (~u[i] & zeroToOne[i]) : masks[i];
    u[i] = (u[i] ^ m) >>> 0;
  }
  return out;
}

/**
 * `x` read back through a faulty store: x must hold values that are exact in `q.format`
 * (i.e. already fake-quantized). Returns a new tensor; `x` is not disposed. With no flips
 * it returns a clone, so callers can dispose uniformly.
 */
export function applyActivationFlips(
  x: tf.Tensor,
  q: ActivationQuant,
  flips: ElementFlips,
  correction: CorrectionMode,
): tf.Tensor {
  const count = flips.elements.length;
  if (count === 0) return x.clone();
  if (flips.elements[count - 1] >= x.size) {
    throw new Error(
      `applyActivationFlips: element ${flips.elements[count - 1]} outside a tensor of ${x.size}`,
    );
  }
  // GPU backends compile a shader per tensor shape: with the flip count as a shape every read
  // compiled new programs (minutes per sweep on WebGL). So the lists are padded to a power of
  // two with no-op entries aimed at one spare element past the end, which is cut off after.
  const padded = padToPow2(flips, x.size);
  const n = padded.elements.length;
  return tf.tidy(() => {
    const flat = tf.concat([tf.reshape(x, [-1]), tf.zeros([1])]);
    const idx = tf.tensor1d(padded.elements, 'int32');
    const old = tf.gather(flat, idx);
    let flipped: tf.Tensor;
    // Model 3 candidates may leave an element unchanged: only changed ones are corrected.
    let changed: tf.Tensor | null = null;
    if (q.format === 'fp32') {
      const before = old.dataSync() as Float32Array;
      const after = flipFloat32(before, padded.masks, padded.zeroToOne);
      flipped = tf.tensor1d(after, 'float32');
      if (padded.zeroToOne) {
        const a = new Uint32Array(before.buffer, before.byteOffset, n);
        const b = new Uint32Array(after.buffer);
        changed = tf.tensor1d(
          Uint8Array.from(b, (v, i) => (v !== a[i] ? 1 : 0)),
          'bool',
        );
      }
    } else {
      const bits = FORMAT_BITS[q.format];
      const wrap = 2 ** bits;
      // Unsigned stored code u in [0, 2^bits): two's complement of round(value / scale).
      const code = tf.round(tf.div(old, q.scale));
      const u = tf.add(code, tf.mul(tf.cast(tf.less(code, 0), 'float32'), wrap));
      const pow2 = tf.tensor2d(
        Array.from({ length: bits }, (_, k) => 2 ** k),
        [1, bits],
      );
      const bitsOf = (masks: Uint32Array) => {
        const out = new Float32Array(n * bits);
        for (let i = 0; i < n; i++)
          for (let k = 0; k < bits; k++) out[i * bits + k] = (masks[i] >>> k) & 1;
        return tf.tensor2d(out, [n, bits]);
      };
      const codeBits = tf.mod(tf.floor(tf.div(tf.reshape(u, [n, 1]), pow2)), 2);
      // Model 3: a candidate flips only a bit of its value: m·c + z·(1 − c).
      const m = padded.zeroToOne
        ? tf.add(
            tf.mul(bitsOf(padded.masks), codeBits),
            tf.mul(bitsOf(padded.zeroToOne), tf.sub(1, codeBits)),
          )
        : bitsOf(padded.masks);
      // u XOR m = u + Σ_k m_k · 2^k · (1 − 2·u_k)
      const delta = tf.sum(tf.mul(tf.mul(m, pow2), tf.sub(1, tf.mul(codeBits, 2))), 1);
      if (padded.zeroToOne) changed = tf.greater(tf.sum(m, 1), 0);
      const u2 = tf.add(u, delta);
      const signed = tf.sub(u2, tf.mul(tf.cast(tf.greaterEqual(u2, wrap / 2), 'float32'), wrap));
      flipped = tf.mul(signed, q.scale);
    }
    let corrected = correctValues(flipped, q.range, correction);
    if (changed) corrected = tf.where(changed, corrected, old);
    // Not tf.tensorScatterUpdate: tfjs 4.22's cpu kernel writes into its input's buffer.
    // (Duplicate indices add up in scatterND: only the spare element has them.)
    const at = tf.reshape(idx, [n, 1]);
    const hit = tf.cast(tf.scatterND(at, tf.ones([n], 'int32'), [x.size + 1]), 'bool');
    const out = tf.where(hit, tf.scatterND(at, corrected, [x.size + 1]), flat);
    return tf.reshape(tf.slice(out, 0, x.size), x.shape);
  });
}

/** `flips` padded to a power-of-two length (≥ 64) with zero masks at element `spare`. */
function padToPow2(flips: ElementFlips, spare: number): ElementFlips {
  const n = flips.elements.length;
  const size = Math.max(64, 2 ** Math.ceil(Math.log2(n)));
  if (size === n) return flips;
  const pad = <T extends Int32Array | Uint32Array>(a: T, fill: number): T => {
    const out = new (a.constructor as new (n: number) => T)(size);
    out.set(a);
    out.fill(fill, n);
    return out;
  };
  return {
    elements: pad(flips.elements, spare),
    masks: pad(flips.masks, 0),
    zeroToOne: flips.zeroToOne ? pad(flips.zeroToOne, 0) : undefined,
  };
}

/** The stored bytes of one activation copy (values already exact in `q.format`), as formats/ lays them out. */
export function storeActivation(values: Float32Array, q: ActivationQuant): Uint8Array {
  if (q.format === 'fp32') return new Uint8Array(new Float32Array(values).buffer);
  const bits = FORMAT_BITS[q.format];
  const bytes = new Uint8Array(Math.ceil((values.length * bits) / 8));
  const mask = 2 ** bits - 1;
  for (let i = 0; i < values.length; i++) {
    const u = Math.round(values[i] / q.scale) & mask;
    if (bits === 8) bytes[i] = u;
    else if (bits === 16) {
      bytes[2 * i] = u & 0xff;
      bytes[2 * i + 1] = u >>> 8;
    } else bytes[i >> 1] |= i & 1 ? u << 4 : u;
  }
  return bytes;
}

/**
 * Per-element XOR masks from bit positions, for dense flips (high BER: a large share of the
 * elements changes, so the sparse gather/scatter would touch most of the tensor anyway).
 */
export function denseMasks(
  positions: ArrayLike<number>,
  format: Format,
  elements: number,
): Uint32Array {
  const bits = FORMAT_BITS[format];
  const masks = new Uint32Array(elements);
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    const e = Math.floor(p / bits);
    masks[e] = (masks[e] ^ (1 << (p % bits))) >>> 0;
  }
  return masks;
}

/** a XOR b for every pair of `bits`-bit values (at most 8 bits): the lookup for dense flips. */
function xorTable(bits: number): tf.Tensor {
  const n = 2 ** bits;
  const t = new Int32Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) t[a * n + b] = a ^ b;
  return tf.tensor1d(t, 'int32');
}

/**
 * Like applyActivationFlips for dense masks (one per element of x, 0 = unchanged): the codes
 * are XORed on the device through a lookup table (bytewise for int16); out-of-range
 * correction applies to changed elements only. fp32 masks are applied on the CPU.
 */
export function applyDenseFlips(
  x: tf.Tensor,
  q: ActivationQuant,
  masks: Uint32Array,
  correction: CorrectionMode,
): tf.Tensor {
  if (masks.length !== x.size)
    throw new Error(`applyDenseFlips: ${masks.length} masks for a tensor of ${x.size}`);
  if (q.format === 'fp32') {
    const values = new Float32Array(x.dataSync() as Float32Array);
    const u = new Uint32Array(values.buffer);
    for (let i = 0; i < u.length; i++) if (masks[i]) u[i] = (u[i] ^ masks[i]) >>> 0;
    for (let i = 0; i < values.length; i++) {
      if (!masks[i] || correction === 'none') continue;
      const v = values[i];
      if (Number.isNaN(v)) values[i] = 0;
      else if (v < q.range.min || v > q.range.max)
        values[i] = correction === 'zero' ? 0 : Math.min(q.range.max, Math.max(q.range.min, v));
    }
    return tf.tensor(values, x.shape);
  }
  return tf.tidy(() => {
    const bits = FORMAT_BITS[q.format];
    const wrap = 2 ** bits;
    const flat = tf.reshape(x, [-1]);
    const code = tf.round(tf.div(flat, q.scale));
    const u = tf.cast(tf.add(code, tf.mul(tf.cast(tf.less(code, 0), 'float32'), wrap)), 'int32');
    // Masks fit in 16 bits, so the Int32 view of the same bytes holds the same values.
    const m = tf.tensor1d(new Int32Array(masks.buffer, masks.byteOffset, masks.length), 'int32');
    const i32 = (v: number) => tf.scalar(v, 'int32');
    let u2: tf.Tensor;
    if (bits <= 8) {
      u2 = tf.gather(xorTable(bits), tf.add(tf.mul(u, i32(wrap)), m));
    } else {
      // int16: XOR the low and the high byte separately.
      const table = xorTable(8);
      const b = i32(256);
      const lo = tf.gather(table, tf.add(tf.mul(tf.mod(u, b), b), tf.mod(m, b)));
      const hi = tf.gather(table, tf.add(tf.mul(tf.floorDiv(u, b), b), tf.floorDiv(m, b)));
      u2 = tf.add(tf.mul(hi, b), lo);
    }
    const u2f = tf.cast(u2, 'float32');
    const signed = tf.sub(u2f, tf.mul(tf.cast(tf.greaterEqual(u2f, wrap / 2), 'float32'), wrap));
    const flipped = correctValues(tf.mul(signed, q.scale), q.range, correction);
    return tf.reshape(tf.where(tf.greater(m, i32(0)), flipped, flat), x.shape);
  });
}

/**
 * The host-side flip of one element: XOR its stored code, decode, out-of-range correction.
 * Integer codes use int32 bit operations (`code & (2^bits − 1)` is the two's-complement
 * stored code also for negatives); a float `%` here cost ~60 ns per element.
 */
function hostFlipper(
  values: Float32Array,
  q: ActivationQuant,
  correction: CorrectionMode,
): (e: number, mask: number) => void {
  const { min, max } = q.range;
  const fix = (v: number) =>
    correction === 'none' || (v >= min && v <= max)
      ? v
      : correction === 'zero' || Number.isNaN(v)
        ? 0
        : Math.min(max, Math.max(min, v));
  if (q.format === 'fp32') {
    const u32 = new Uint32Array(values.buffer, values.byteOffset, values.length);
    return (e, mask) => {
      u32[e] ^= mask;
      values[e] = fix(values[e]);
    };
  }
  const wrap = 1 << FORMAT_BITS[q.format];
  const codeMask = wrap - 1;
  const half = wrap >> 1;
  const { scale } = q;
  return (e, mask) => {
    const u = (Math.round(values[e] / scale) & codeMask) ^ mask;
    values[e] = fix((u >= half ? u - wrap : u) * scale);
  };
}

/** Flips as changed elements (sparse) or as one mask per element (dense, 0 = unchanged). */
export type ElementMasks = ElementFlips | Uint32Array;

/**
 * Flips applied where the backend keeps its tensors in main memory (wasm, cpu): `visit` flips
 * the codes of the touched elements through the callback it gets. With `reuse` (the caller
 * gives `x` up) in place when `x` owns its values alone (hostMemory.ts; `x` itself is then
 * returned), else on a copy written back as a new tensor. Same result as the device paths.
 */
export function flipOnHost(
  x: tf.Tensor,
  q: ActivationQuant,
  correction: CorrectionMode,
  visit: (flip: (element: number, mask: number) => void) => void,
  reuse = false,
): tf.Tensor {
  const inPlace = reuse ? writableHostValues(x) : null;
  const values = inPlace ?? new Float32Array(x.dataSync() as Float32Array);
  const flip = hostFlipper(values, q, correction);
  visit((e, mask) => {
    if (e >= values.length)
      throw new Error(`flipOnHost: element ${e} outside a tensor of ${values.length}`);
    flip(e, mask);
  });
  return inPlace ? x : tf.tensor(values, x.shape);
}

/** flipOnHost for masks given as changed elements (sparse) or one per element (dense, 0 = unchanged). */
export function applyHostMasks(
  x: tf.Tensor,
  q: ActivationQuant,
  flips: ElementMasks,
  correction: CorrectionMode,
  reuse = false,
): tf.Tensor {
  if (flips instanceof Uint32Array && flips.length !== x.size)
    throw new Error(`applyHostMasks: ${flips.length} masks for a tensor of ${x.size}`);
  return flipOnHost(
    x,
    q,
    correction,
    (flip) => {
      if (flips instanceof Uint32Array) {
        for (let e = 0; e < flips.length; e++) if (flips[e]) flip(e, flips[e]);
      } else {
        const { elements, masks } = flips;
        for (let i = 0; i < elements.length; i++) if (masks[i]) flip(elements[i], masks[i]);
      }
    },
    reuse,
  );
}
