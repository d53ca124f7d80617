/**
 * Bit-position masks (issue #16, "which bits matter"): a read may be restricted to flip only
 * some bit positions of every stored element, e.g. only bit 7 (the sign) of each int8 code or
 * only the 8 exponent bits of each fp32 value.
 *
 * The restriction filters the flips the error model draws; it never changes the draw. So bit k
 * of every element still flips with the model's probability and from the same random stream,
 * the other bits are left alone, and a mask that keeps every bit gives exactly (bit for bit,
 * seed for seed) the flips of a read without a mask.
 *
 * Bit numbering as in index.ts: tensor bit `p` is bit `p mod elementBits` (0 = LSB) of the code
 * of element ⌊p / elementBits⌋ (src/core/formats: int4 low nibble first, int16/fp32
 * little-endian), so the filter needs no knowledge of the element values.
 */
import { FORMAT_BITS, type Format } from '../types';
import { FORMAT_FIELDS } from './bitview';

/** Which bits of each element's stored code may flip. */
export interface BitPositionMask {
  /** Bits per stored element: 4, 8, 16 or 32 (FORMAT_BITS of the tensor's format). */
  elementBits: number;
  /** Bit k of `keep` set: code bit k may flip (an unsigned 32-bit value). */
  keep: number;
}

/** A mask over `format`'s elements keeping the code bits `bits` (0 = LSB). Throws RangeError for a bit outside the format. */
export function bitPositionMask(format: Format, bits: readonly number[]): BitPositionMask {
  const elementBits = FORMAT_BITS[format];
  let keep = 0;
  for (const b of bits) {
    if (!(Number.isInteger(b) && b >= 0 && b < elementBits))
      throw new RangeError(`bit ${b} is not a bit of a ${format} value (0…${elementBits - 1})`);
    keep = (keep | (1 << b)) >>> 0;
  }
  return { elementBits, keep };
}

/** Whether the mask keeps every bit (then filtering is a no-op). */
export function keepsAllBits(m: BitPositionMask): boolean {
  return m.elementBits >= 32 ? m.keep >>> 0 === 0xffffffff : m.keep === 2 ** m.elementBits - 1;
}

/** Whether tensor bit `pos` may flip under the mask. */
export function keepsBit(m: BitPositionMask, pos: number): boolean {
  return ((m.keep >>> (pos % m.elementBits)) & 1) === 1;
}

/** The positions of an ascending list that the mask keeps (the same array when it keeps all). */
export function filterPositions(
  positions: Uint32Array,
  m: BitPositionMask | undefined,
): Uint32Array {
  if (!m || keepsAllBits(m)) return positions;
  return positions.filter((p) => keepsBit(m, p));
}

/** A group of code bits shown as one bar of the bit-position view. */
export interface BitGroup {
  /** e.g. "sign", "bit 3", "exponent". */
  label: string;
  /** Code bits (0 = LSB), MSB first. */
  bits: number[];
}

/**
 * The bit groups of the bit-position view: every bit of an integer format on its own (the MSB
 * is the two's complement sign), fp32 as its IEEE-754 fields (sign, exponent, mantissa).
 */
export function bitGroups(format: Format): BitGroup[] {
  if (format === 'fp32') {
    return FORMAT_FIELDS.fp32.map((f) => ({
      label: f.name,
      bits: Array.from({ length: f.msb - f.lsb + 1 }, (_, i) => f.msb - i),
    }));
  }
  const width = FORMAT_BITS[format];
  return Array.from({ length: width }, (_, i) => {
    const bit = width - 1 - i;
    return { label: bit === width - 1 ? 'sign' : `bit ${bit}`, bits: [bit] };
  });
}
