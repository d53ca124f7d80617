import { describe, expect, it } from 'vitest';
import { correctOutOfRange, rangeOf } from './correct';

describe('out-of-range correction', () => {
  const noisy = () => Float32Array.from([0.5, -2, 3e38, Number.NaN, -Infinity, 1, -1]);
  const range = { min: -1, max: 1 };

  it('zeroes values outside the clean range, NaN included, and counts them', () => {
    const v = noisy();
    expect(correctOutOfRange(v, range, 'zero')).toBe(4);
    expect(Array.from(v)).toEqual([0.5, 0, 0, 0, 0, 1, -1]);
  });

  it('clamps to the range (NaN to 0)', () => {
    const v = noisy();
    expect(correctOutOfRange(v, range, 'clamp')).toBe(4);
    expect(Array.from(v)).toEqual([0.5, -1, 1, 0, -1, 1, -1]);
  });

  it("'none' leaves the values alone", () => {
    const v = noisy();
    expect(correctOutOfRange(v, range, 'none')).toBe(0);
    expect(Object.is(v[3], Number.NaN)).toBe(true);
  });

  it('takes the range of a clean tensor and rejects an empty range', () => {
    expect(rangeOf(Float32Array.from([0.25, -3, 2]))).toEqual({ min: -3, max: 2 });
    expect(() => correctOutOfRange(noisy(), { min: 1, max: -1 }, 'zero')).toThrow(/min ≤ max/);
  });
});
