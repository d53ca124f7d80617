import { describe, expect, it } from 'vitest';
import { dataTypesFor } from './dataTypes';

describe('dataTypesFor', () => {
  const types = dataTypesFor([
    {
      name: 'conv1',
      ifmShape: [28, 28, 1],
      ofmShape: [24, 24, 3],
      weights: [
        { name: 'kernel', shape: [5, 5, 1, 3] },
        { name: 'bias', shape: [3] },
      ],
    },
    {
      name: 'fc',
      ifmShape: [1728],
      ofmShape: [10],
      weights: [{ name: 'kernel', shape: [1728, 10] }],
    },
  ]);

  it('lists weights, ifm, ofm per compute layer in order', () => {
    expect(types.map((t) => t.id)).toEqual([
      'conv1/weights',
      'conv1/ifm',
      'conv1/ofm',
      'fc/weights',
      'fc/ifm',
      'fc/ofm',
    ]);
    expect(types.map((t) => t.layerIndex)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('counts elements and bytes per format (int4: each weight tensor padded to a byte)', () => {
    const w = types[0];
    expect(w.elements).toBe(78);
    expect(w.shape).toEqual([78]);
    // kernel 75 values -> 38 bytes in int4, bias 3 -> 2 bytes
    expect(w.bytes).toEqual({ fp32: 312, int16: 156, int8: 78, int4: 40 });
    expect(types[2].elements).toBe(24 * 24 * 3);
    expect(types[2].bytes.int4).toBe(864);
    expect(types[5].bytes).toEqual({ fp32: 40, int16: 20, int8: 10, int4: 5 });
  });

  it('rejects a compute layer without weights', () => {
    expect(() => dataTypesFor([{ name: 'x', ifmShape: [1], ofmShape: [1], weights: [] }])).toThrow(
      /no weights/,
    );
  });
});
