import { describe, expect, it } from 'vitest';
import { bitlineOf, layoutPartition, placementOf, rowOf, rowsTouched } from './geometry';

describe('DRAM image geometry', () => {
  it('maps addresses to rows and bitlines as docs/design.md §2 says', () => {
    expect(rowOf(0, 8192)).toBe(0);
    expect(rowOf(8191, 8192)).toBe(0);
    expect(rowOf(8192, 8192)).toBe(1);
    expect(bitlineOf(8192 + 3, 5, 8192)).toBe(3 * 8 + 5);
    expect(bitlineOf(8191, 7, 8192)).toBe(8192 * 8 - 1);
    expect(rowsTouched({ baseAddress: 8000, rowBytes: 8192 }, 500)).toEqual({ first: 0, last: 1 });
    expect(rowsTouched({ baseAddress: 8000, rowBytes: 8192 }, 0).last).toBeLessThan(0);
  });

  it('lays data types out contiguously with alignment and finds them again', () => {
    const image = layoutPartition(
      [
        { id: 'conv1/weights', bytes: 100 },
        { id: 'conv1/ofm', bytes: 8192 },
        { id: 'dense/weights', bytes: 3 },
      ],
      1024,
      64,
    );
    expect(image.ranges.map((r) => r.start)).toEqual([0, 128, 8320]);
    expect(image.bytes).toBe(8323);
    expect(image.rows).toBe(9);
    expect(placementOf(image, 'conv1/ofm')).toEqual({ baseAddress: 128, rowBytes: 1024 });
    expect(() => placementOf(image, 'nope')).toThrow(/not placed/);
    // A partition further up the module: addresses (and so rows) shift with its base address.
    const upper = layoutPartition([{ id: 'fc/weights', bytes: 2048 }], 1024, 64, 10 * 1024 + 100);
    expect(placementOf(upper, 'fc/weights')).toEqual({
      baseAddress: 10 * 1024 + 128,
      rowBytes: 1024,
    });
    expect(upper.rows).toBe(3);
    expect(() => layoutPartition([{ id: 'x', bytes: -1 }])).toThrow(/non-negative/);
    expect(() => layoutPartition([], 0)).toThrow(/row size/);
    expect(() => layoutPartition([], 1 << 20)).toThrow(
      /row size must be an integer from 1 to 65536/,
    );
  });
});
