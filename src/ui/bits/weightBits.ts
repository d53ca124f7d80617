/**
 * One weight before and after a read (issue #7 item 5): its stored bits (sign/exponent/mantissa
 * for fp32, two's complement for ints), the bits that flipped, the decoded value and what EDEN's
 * out-of-range correction makes of it.
 */
import type { CorrectionMode } from '../../core/eden/correct';
import { bitFields, bitFlipView, injectErrors, type InjectOptions } from '../../core/errors';
import { encode, storedCode } from '../../core/formats';
import { FORMAT_BITS, type Format } from '../../core/types';

export interface WeightRead {
  before: ReturnType<typeof bitFields>;
  after: ReturnType<typeof bitFields>;
  /** MSB first, as the bits are shown. */
  flipped: boolean[];
  /** After correction: the value the network computes with. */
  used: number;
  corrected: 'zeroed' | 'clamped' | null;
}

/**
 * `value` stored in `format` with the tensor's per-tensor scale (max |range| / qmax), then the
 * bits in `flipMask` (bit 0 = LSB of the stored element) flipped, decoded and corrected.
 */
export function readWeight(
  value: number,
  format: Format,
  range: { min: number; max: number },
  flipMask: number,
  correction: CorrectionMode,
): WeightRead {
  const maxAbs = Math.max(Math.abs(range.min), Math.abs(range.max), Math.abs(value));
  const enc = encode(new Float32Array([value, maxAbs]), format);
  const scale = enc.scale[0] ?? 1;
  const width = FORMAT_BITS[format];
  const beforeBits = storedCode(enc, 0);
  const mask = width === 32 ? flipMask >>> 0 : flipMask & ((1 << width) - 1);
  const afterBits = width === 32 ? (beforeBits ^ mask) >>> 0 : beforeBits ^ mask;
  const view = bitFlipView(format, beforeBits, afterBits, scale);
  const v = view.after.value;
  let used = v;
  let corrected: WeightRead['corrected'] = null;
  const outside = !Number.isFinite(v) || v < range.min || v > range.max;
  if (outside && correction === 'zero') {
    used = 0;
    corrected = 'zeroed';
  } else if (outside && correction === 'clamp') {
    used = Number.isNaN(v) ? 0 : Math.min(range.max, Math.max(range.min, v));
    corrected = 'clamped';
  }
  return { before: view.before, after: view.after, flipped: view.flipped, used, corrected };
}

/** The flip mask one read at `ber` gives this weight under the error model (its own stream). */
export function drawFlipMask(
  value: number,
  format: Format,
  range: { min: number; max: number },
  options: Omit<InjectOptions, 'stream' | 'placement'>,
): number {
  const maxAbs = Math.max(Math.abs(range.min), Math.abs(range.max), Math.abs(value));
  const enc = encode(new Float32Array([value, maxAbs]), format);
  const before = storedCode(enc, 0);
  const bytes = enc.bytes.slice();
  injectErrors(bytes, {
    ...options,
    stream: 'ui/bit-view',
    placement: { baseAddress: 0, rowBytes: 8192 },
  });
  const after = storedCode({ ...enc, bytes }, 0);
  const width = FORMAT_BITS[format];
  return width === 32 ? (before ^ after) >>> 0 : (before ^ after) & ((1 << width) - 1);
}
