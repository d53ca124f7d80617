/**
 * Storage formats (DESIGN.md §2): how a float32 tensor is laid out as bytes in DRAM.
 *
 * - fp32: the IEEE-754 bit pattern, little-endian (as a Float32Array's bytes on x86/ARM).
 * - int16 / int8 / int4: symmetric linear quantization, two's complement,
 *   q = clamp(round(x / scale), -qmax, qmax), qmax = 2^(bits-1) - 1, scale = max|x| / qmax,
 *   one scale per tensor or (option) per output channel = the last axis, as in tfjs kernels
 *   ([kh, kw, cin, cout] for conv, [in, out] for dense). int4 is packed two per byte:
 *   element 2k in the low nibble, element 2k+1 in the high nibble. Little-endian int16.
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
}

export function qmax(format: Format): number {
  return 2 ** (FORMAT_BITS[format] - 1) - 1;
}

function scalesFor(values: Float32Array, format: Format, channels: number): Float32Array {
  const maxAbs = new Float32Array(channels);
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    const a = Math.abs(values[i]);
    if (a > maxAbs[c]) maxAbs[c] = a;
  }
  const q = qmax(format);
  // A channel of zeros gets scale 1 so that decode stays finite (its codes are all 0).
  return maxAbs.map((m) => (m > 0 ? m / q : 1));
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
  const scale = scalesFor(values, format, channels);
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
