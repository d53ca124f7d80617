import { describe, expect, it } from 'vitest';
import { decode, encode, storedCode } from '../formats';
import { rangeOf } from '../eden/correct';
import { FORMATS } from '../types';
import { bitFields, bitFlipView, readApproximate, type ReadOptions } from './index';
import { randomPayload } from './payload';

const base: Omit<ReadOptions, 'ber'> = {
  errorModel: { id: 0 },
  moduleSeed: 1,
  trialSeed: 2,
  stream: 'w',
  placement: { baseAddress: 0, rowBytes: 8192 },
};

describe('read path', () => {
  for (const format of FORMATS) {
    it(`${format}: clean read decodes the stored tensor, the stored bytes stay untouched`, () => {
      const stored = randomPayload(4000, format, 3);
      const before = stored.bytes.slice();
      expect(readApproximate(stored, { ...base, ber: 0 }).values).toEqual(decode(stored));
      const noisy = readApproximate(stored, { ...base, ber: 0.01 });
      expect(stored.bytes).toEqual(before);
      expect(noisy.stats.flips).toBeGreaterThan(0);
      expect(noisy.values).not.toEqual(decode(stored));
    });
  }

  it('fp32: zeroing out-of-range values removes the huge errors of exponent flips', () => {
    const stored = randomPayload(400_000, 'fp32', 4);
    const clean = decode(stored);
    const range = rangeOf(clean);
    const raw = readApproximate(stored, { ...base, ber: 1e-3 });
    const fixed = readApproximate(stored, { ...base, ber: 1e-3, range, correction: 'zero' });
    const worst = (v: Float32Array) =>
      v.reduce((m, x, i) => Math.max(m, Number.isNaN(x) ? Infinity : Math.abs(x - clean[i])), 0);
    expect(worst(raw.values)).toBeGreaterThan(1e6); // some exponent MSB flipped
    expect(fixed.corrected).toBeGreaterThan(0);
    expect(worst(fixed.values)).toBeLessThanOrEqual(Math.max(-range.min, range.max) * 2);
    expect(() => readApproximate(stored, { ...base, ber: 1e-3, correction: 'clamp' })).toThrow(
      /clean range/,
    );
  });
});

describe('bit view', () => {
  it('splits fp32 into sign, exponent and mantissa', () => {
    const one = bitFields('fp32', 0x3f800000);
    expect(one.value).toBe(1);
    expect(one.bits.join('')).toBe('00111111100000000000000000000000');
    expect(one.fields.map((f) => [f.name, f.msb, f.lsb])).toEqual([
      ['sign', 31, 31],
      ['exponent', 30, 23],
      ['mantissa', 22, 0],
    ]);
    const view = bitFlipView('fp32', 0x3f800000, 0x3f800000 ^ (1 << 30));
    expect(view.after.value).toBe(Infinity); // 0x7f800000: exponent all ones
    expect(view.flipped.indexOf(true)).toBe(1);
    expect(bitFields('fp32', 0xbf800000).value).toBe(-1);
  });

  it('shows two’s complement codes of the integer formats', () => {
    expect(bitFields('int8', -1).bits.join('')).toBe('11111111');
    expect(bitFields('int8', 0xff, 0.5).value).toBe(-0.5);
    expect(bitFields('int4', 0b1000).value).toBe(-8);
    expect(bitFields('int16', 0x7fff).value).toBe(32767);
    const enc = encode(Float32Array.from([-3, 1, 7]), 'int4');
    expect(bitFields('int4', storedCode(enc, 0), enc.scale[0]).value).toBeCloseTo(-3, 5);
    const flip = bitFlipView('int8', 5, 5 ^ 0x80);
    expect([flip.before.value, flip.after.value]).toEqual([5, -123]);
    expect(flip.flipped).toEqual([true, false, false, false, false, false, false, false]);
  });
});
