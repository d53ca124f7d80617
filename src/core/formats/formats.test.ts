import { describe, expect, it } from 'vitest';
import {
  decode,
  encode,
  encodeLayer,
  fakeQuantize,
  NonFiniteError,
  qmax,
  storedCode,
  ZERO_RANGE_SCALE,
} from './index';
import { FORMATS, storedBytes } from '../types';

function ramp(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 5)));
}

describe('formats', () => {
  it('fp32 round-trips bit-exactly', () => {
    const v = ramp(101);
    expect(decode(encode(v, 'fp32'))).toEqual(v);
  });

  for (const format of FORMATS.filter((f) => f !== 'fp32')) {
    it(`${format} round-trip error is at most half a step, sizes are packed`, () => {
      const v = ramp(257);
      const enc = encode(v, format);
      expect(enc.bytes.length).toBe(storedBytes(257, format));
      const out = decode(enc);
      const step = enc.scale[0];
      for (let i = 0; i < v.length; i++)
        expect(Math.abs(out[i] - v[i])).toBeLessThanOrEqual(step / 2 + 1e-6);
      // The largest magnitude maps to ±qmax exactly.
      const codes = Array.from({ length: v.length }, (_, i) => Math.abs(storedCode(enc, i)));
      expect(Math.max(...codes)).toBe(qmax(format));
    });

    it(`${format} per-channel scales follow the last axis`, () => {
      const v = Float32Array.from([1, 100, -2, 50, 0.5, -100]); // 3 rows x 2 channels
      const enc = encode(v, format, { channels: 2 });
      expect(enc.scale.length).toBe(2);
      expect(enc.scale[0]).toBeCloseTo(2 / qmax(format));
      expect(enc.scale[1]).toBeCloseTo(100 / qmax(format));
      const out = fakeQuantize(v, format, { channels: 2 });
      expect(out[5]).toBeCloseTo(-100, 4);
    });
  }

  it('int4 packs element 2k low and 2k+1 high, two’s complement', () => {
    const enc = encode(Float32Array.from([7, -7, 1, -1]), 'int4');
    expect(Array.from(enc.bytes)).toEqual([0x97, 0xf1]);
    expect([0, 1, 2, 3].map((i) => storedCode(enc, i))).toEqual([7, -7, 1, -1]);
  });

  it('all-zero tensors decode to zeros', () => {
    expect(Array.from(fakeQuantize(new Float32Array(4), 'int8'))).toEqual([0, 0, 0, 0]);
  });

  it('rejects a channel count that does not divide the length', () => {
    expect(() => encode(new Float32Array(5), 'int8', { channels: 2 })).toThrow(/channels/);
  });
});

describe('zero-range rule and non-finite values (issue #13 item 3)', () => {
  // A layer with trained kernel weights (|w| ≤ 0.5) and an all-zero bias.
  const kernel = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i) * 0.5);
  const bias = new Float32Array(8);
  const maxKernel = Math.max(...kernel.map(Math.abs));

  for (const format of ['int16', 'int8', 'int4'] as const) {
    it(`${format}: one flipped bit of a zero bias reads back within the layer's magnitude`, () => {
      const [, b] = encodeLayer([kernel, bias], format);
      const bits = format === 'int16' ? 16 : format === 'int8' ? 8 : 4;
      for (let bit = 0; bit < bits; bit++) {
        const flipped = { ...b, bytes: b.bytes.slice() };
        if (format === 'int16') flipped.bytes[bit >> 3] ^= 1 << (bit & 7);
        else flipped.bytes[0] ^= 1 << bit; // element 0 (int4: its low nibble)
        const v = Math.abs(decode(flipped)[0]);
        // Scale 1 read this back as up to 16384 (int16) / 64 (int8).
        expect(v).toBeLessThanOrEqual(maxKernel * (1 + 1 / qmax(format)) + 1e-6);
      }
      expect(decode(b)).toEqual(bias);
    });
  }

  it('an all-zero layer and an all-zero tensor on its own take ZERO_RANGE_SCALE', () => {
    expect(encodeLayer([bias, bias], 'int8').map((e) => e.scale[0])).toEqual([
      Math.fround(ZERO_RANGE_SCALE),
      Math.fround(ZERO_RANGE_SCALE),
    ]);
    expect(encode(bias, 'int16').scale[0]).toBe(Math.fround(ZERO_RANGE_SCALE));
  });

  it('a zero channel takes the tensor’s largest channel scale', () => {
    const v = Float32Array.from([0.5, 0, -0.25, 0]); // channel 1 is zero
    const e = encode(v, 'int8', { channels: 2 });
    expect(e.scale[1]).toBe(e.scale[0]);
  });

  it('integer formats refuse NaN and ±Inf with the count; fp32 keeps their bits', () => {
    const v = Float32Array.from([0.5, NaN, Infinity, -0.25, NaN]);
    for (const format of ['int16', 'int8', 'int4'] as const) {
      expect(() => encode(v, format)).toThrow(NonFiniteError);
      expect(() => encode(v, format)).toThrow('3 non-finite values (NaN, +Inf)');
    }
    expect(Array.from(decode(encode(v, 'fp32')))).toEqual(Array.from(v));
  });
});
