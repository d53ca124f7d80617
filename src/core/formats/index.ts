/**
 * Storage formats (docs/design.md §2): how a float32 tensor is laid out as bytes in DRAM.
 *
 * - fp32: the IEEE-754 bit pattern, little-endian (as a Float32Array's bytes on x86/ARM).
 * - int16 / int8 / int4: symmetric linear quantization, two's complement,
 *   q = clamp(round(x / scale), -qmax, qmax), qmax = 2^(bits-1) - 1, scale = max|x| / qmax,
 *   one scale per tensor or (option) per output channel = the last axis, as in tfjs kernels
 *   ([kh, kw, cin, cout] for conv, [in, out] for dense). int4 is packed two per byte:
 *   element 2k in the low nibble, element 2k+1 in the high nibble. Little-endian int16.
 *
 * Zero-range rule (issue #13 item 3): values that are all zero have no magnitude of their own,
 * and scale 1 made one flipped bit of a zero bias read back as 16384 (int16) or 64 (int8), far
 * beyond anything the layer holds. An all-zero channel or tensor therefore takes the scale of
 * the data it is stored with: the largest scale of the other channels of its tensor, or of
 * the other tensors of its layer (encodeLayer: a zero bias takes the kernel's scale, so a flip
 * reads back at most as large as the layer's largest weight, as in integer inference where
 * the bias scale derives from the kernel's). When the whole group is zero, ZERO_RANGE_SCALE.
 *
 * Integer formats cannot hold NaN or ±Inf (a NaN used to be stored as 0 and one +Inf made the
 * whole tensor NaN): encode throws a NonFiniteError naming the count instead.
 */
import { FORMAT_BITS, type Format, storedBytes } from '../types';

export interface EncodedTensor {
  format: Format;
  /** The bytes as stored in DRAM; error models flip bits in here. */
  bytes: Uint8Array;
  /** Number of values. */
  length: number;
  /** Dequantization scale: one entry (per tensor) or one per channel (last axis). Empty for fp32. */
  scale: Float32Array;
}

export interface EncodeOptions {
  /** Per-channel scales over the last axis, with this many channels. */
  channels?: number;
  /**
   * Scale of an all-zero tensor (or channel, when no other channel has a magnitude); default
   * ZERO_RANGE_SCALE. encodeLayer passes the layer's largest scale.
   */
  zeroScale?: number;
}

/**
 * Scale of data whose values are all zero and that is stored with nothing larger: 2^-24 (the
 * float32 spacing at 1), so a flipped bit reads back at most qmax · 2^-24 (int16: 0.002;
 * int8: 7.6e-6), negligible against inputs and weights of unit magnitude.
 */
export const ZERO_RANGE_SCALE = 2 ** -24;

/** Thrown when an integer format is asked to store NaN or ±Inf. */
export class NonFiniteError extends Error {
  constructor(
    readonly count: number,
    readonly kinds: string,
  ) {
    super(`${count} non-finite value${count === 1 ? '' : 's'} (${kinds})`);
  }
}

/** Count and kinds ("NaN, +Inf") of the non-finite values in `values`. */
export function nonFinite(values: ArrayLike<number>): { count: number; kinds: string } {
  let nan = 0;
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) nan++;
    else if (v === Infinity) pos++;
    else if (v === -Infinity) neg++;
  }
  const kinds = [nan && 'NaN', pos && '+Inf', neg && '-Inf'].filter(Boolean).join(', ');
  return { count: nan + pos + neg, kinds };
}

function maxAbsOf(values: Float32Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > m) m = a;
  }
  return m;
}

export function qmax(format: Format): number {
  return 2 ** (FORMAT_BITS[format] - 1) - 1;
}

function scalesFor(
  values: Float32Array,
  format: Format,
  channels: number,
  zeroScale: number,
): Float32Array {
  const maxAbs = new Float32Array(channels);
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    const a = Math.abs(values[i]);
    if (a > maxAbs[c]) maxAbs[c] = a;
  }
  const q = qmax(format);
  // The zero-range rule (header): a channel of zeros takes the tensor's largest scale.
  const largest = Math.max(...maxAbs);
  const zero = largest > 0 ? largest / q : zeroScale;
  return maxAbs.map((m) => (m > 0 ? m / q : zero));
}

export function encode(
  values: Float32Array,
  format: Format,
  options: EncodeOptions = {},
): EncodedTensor {
  const length = values.length;
  if (format === 'fp32') {
    const copy = new Float32Array(values);
    return { format, bytes: new Uint8Array(copy.buffer), length, scale: new Float32Array(0) };
  }
  const channels = options.channels ?? 1;
  if (!Number.isInteger(channels) || channels < 1 || length % channels !== 0) {
    throw new Error(`encode: ${length} values cannot be split into ${channels} channels`);
  }
  const bad = nonFinite(values);
  if (bad.count > 0) throw new NonFiniteError(bad.count, bad.kinds);
  const scale = scalesFor(values, format, channels, options.zeroScale ?? ZERO_RANGE_SCALE);
  const q = qmax(format);
  const bytes = new Uint8Array(storedBytes(length, format));
  const code = (i: number) => {
    const v = Math.round(values[i] / scale[i % channels]);
    return v > q ? q : v < -q ? -q : v;
  };
  if (format === 'int8') {
    for (let i = 0; i < length; i++) bytes[i] = code(i) & 0xff;
  } else if (format === 'int16') {
    for (let i = 0; i < length; i++) {
      const v = code(i) & 0xffff;
      bytes[2 * i] = v & 0xff;
      bytes[2 * i + 1] = v >>> 8;
    }
  } else {
    for (let i = 0; i < length; i++) {
      const nib = code(i) & 0x0f;
      bytes[i >> 1] |= i & 1 ? nib << 4 : nib;
    }
  }
  return { format, bytes, length, scale };
}

/**
 * Encode the weight tensors of one layer (kernel, bias, …), one scale per tensor, with the
 * zero-range rule of the header: an all-zero tensor takes the largest scale of the layer.
 */
export function encodeLayer(tensors: readonly Float32Array[], format: Format): EncodedTensor[] {
  const largest = format === 'fp32' ? 0 : Math.max(0, ...tensors.map(maxAbsOf));
  const zeroScale = largest > 0 ? largest / qmax(format) : ZERO_RANGE_SCALE;
  return tensors.map((t) => encode(t, format, { zeroScale }));
}

/** Two's complement value of the stored code of element i (for the bit view and tests). */
export function storedCode(enc: EncodedTensor, i: number): number {
  const { bytes } = enc;
  switch (enc.format) {
    case 'int8':
      return (bytes[i] << 24) >> 24;
    case 'int16':
      return ((bytes[2 * i] | (bytes[2 * i + 1] << 8)) << 16) >> 16;
    case 'int4': {
      const b = bytes[i >> 1];
      const nib = i & 1 ? b >>> 4 : b & 0x0f;
      return (nib << 28) >> 28;
    }
    case 'fp32':
      return new DataView(bytes.buffer, bytes.byteOffset).getUint32(4 * i, true);
  }
}

export function decode(
  enc: EncodedTensor,
  out: Float32Array = new Float32Array(enc.length),
): Float32Array {
  const { bytes, length, scale } = enc;
  if (enc.format === 'fp32') {
    // Copy via an aligned view (the stored bytes may sit at any offset).
    const aligned =
      bytes.byteOffset % 4 === 0
        ? new Float32Array(bytes.buffer, bytes.byteOffset, length)
        : new Float32Array(bytes.slice().buffer);
    out.set(aligned);
    return out;
  }
  const channels = scale.length;
  if (enc.format === 'int8') {
    for (let i = 0; i < length; i++) out[i] = ((bytes[i] << 24) >> 24) * scale[i % channels];
  } else if (enc.format === 'int16') {
    for (let i = 0; i < length; i++) {
      out[i] = (((bytes[2 * i] | (bytes[2 * i + 1] << 8)) << 16) >> 16) * scale[i % channels];
    }
  } else {
    for (let i = 0; i < length; i++) {
      const b = bytes[i >> 1];
      const nib = i & 1 ? b >>> 4 : b & 0x0f;
      out[i] = ((nib << 28) >> 28) * scale[i % channels];
    }
  }
  return out;
}

/** Quantize-dequantize in one go: what an error-free read of the stored tensor returns. */
export function fakeQuantize(
  values: Float32Array,
  format: Format,
  options: EncodeOptions = {},
): Float32Array {
  return decode(encode(values, format, options));
}
