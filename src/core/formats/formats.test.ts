import { describe, expect, it } from 'vitest';
import { decode, encode, fakeQuantize, qmax, storedCode } from './index';
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
