/**
 * "Seeing the bits": the bit fields of one stored value before and after flips, for the UI.
 * fp32: IEEE-754 binary32 (sign 1, exponent 8, mantissa 23). int16/int8/int4: two's complement
 * codes of the symmetric linear quantization (src/core/formats), value = code · scale.
 */
import { FORMAT_BITS, type Format } from '../types';

export interface BitField {
  name: 'sign' | 'exponent' | 'mantissa' | 'integer';
  /** Bit numbers (0 = LSB), inclusive. */
  msb: number;
  lsb: number;
}

export interface BitDecomposition {
  format: Format;
  width: number;
  /** The stored bits as an unsigned integer of `width` bits. */
  raw: number;
  /** Bits MSB first. */
  bits: (0 | 1)[];
  fields: BitField[];
  /** fp32: the float; ints: the two's complement code times `scale`. */
  value: number;
}

/** The bit fields of each stored format, MSB first. */
export const FORMAT_FIELDS: Record<Format, BitField[]> = {
  fp32: [
    { name: 'sign', msb: 31, lsb: 31 },
    { name: 'exponent', msb: 30, lsb: 23 },
    { name: 'mantissa', msb: 22, lsb: 0 },
  ],
  int16: [
    { name: 'sign', msb: 15, lsb: 15 },
    { name: 'integer', msb: 14, lsb: 0 },
  ],
  int8: [
    { name: 'sign', msb: 7, lsb: 7 },
    { name: 'integer', msb: 6, lsb: 0 },
  ],
  int4: [
    { name: 'sign', msb: 3, lsb: 3 },
    { name: 'integer', msb: 2, lsb: 0 },
  ],
};

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Decomposes a stored value: `storedBits` is the element's stored pattern (fp32: the uint32 bit
 * pattern; ints: the code, signed or unsigned, of which the low `width` bits count, e.g. what
 * `storedCode` in src/core/formats returns).
 */
export function bitFields(format: Format, storedBits: number, scale = 1): BitDecomposition {
  const width = FORMAT_BITS[format];
  const raw = width === 32 ? storedBits >>> 0 : storedBits & ((1 << width) - 1);
  const bits: (0 | 1)[] = [];
  for (let b = width - 1; b >= 0; b--) bits.push(((raw >>> b) & 1) as 0 | 1);
  let value: number;
  if (format === 'fp32') {
    u32[0] = raw;
    value = f32[0];
  } else {
    value = ((raw << (32 - width)) >> (32 - width)) * scale;
  }
  return { format, width, raw, bits, fields: FORMAT_FIELDS[format], value };
}

/** Both decompositions and, MSB first, which bits differ. */
export function bitFlipView(format: Format, before: number, after: number, scale = 1) {
  const b = bitFields(format, before, scale);
  const a = bitFields(format, after, scale);
  return { before: b, after: a, flipped: b.bits.map((bit, i) => bit !== a.bits[i]) };
}
