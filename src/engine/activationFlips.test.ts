import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { decode, qmax, type EncodedTensor } from '../core/formats';
import { FORMAT_BITS, storedBytes, type Format } from '../core/types';
import {
  activationQuant,
  applyActivationFlips,
  applyHostMasks,
  applyDenseFlips,
  denseMasks,
  fakeQuantize,
  groupFlips,
  storeActivation,
} from './activationFlips';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Deterministic pseudo-random integers (LCG) so the test needs no RNG from core. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

/** Reference: store codes in the documented byte layout, flip bits in the bytes, decode. */
function reference(
  codes: number[],
  format: Format,
  scale: number,
  positions: number[],
): Float32Array {
  const bytes = new Uint8Array(storedBytes(codes.length, format));
  const bits = FORMAT_BITS[format];
  codes.forEach((c, i) => {
    const u = c & (2 ** bits - 1);
    for (let k = 0; k < bits; k++)
      if ((u >>> k) & 1) bytes[(i * bits + k) >> 3] |= 1 << ((i * bits + k) & 7);
  });
  for (const p of positions) bytes[p >> 3] ^= 1 << (p & 7);
  const enc: EncodedTensor = {
    format,
    bytes,
    length: codes.length,
    scale: new Float32Array([scale]),
  };
  return decode(enc);
}

describe('activation flips on the device', () => {
  it('groups bit positions per element, duplicates cancel', () => {
    const g = groupFlips([17, 3, 16, 3, 5], 'int8');
    expect(Array.from(g.elements)).toEqual([0, 2]);
    expect(Array.from(g.masks)).toEqual([1 << 5, 0b11]);
    expect(Array.from(groupFlips([4, 9], 'int4').elements)).toEqual([1, 2]);
  });

  for (const format of ['int8', 'int16', 'int4'] as const) {
    it(`matches flipping the stored ${format} bytes bit for bit`, () => {
      const rnd = lcg(FORMAT_BITS[format]);
      const m = qmax(format);
      const n = 60;
      const scale = 0.037;
      const codes = Array.from({ length: n }, () => (rnd() % (2 * m + 1)) - m);
      const positions = Array.from({ length: 40 }, () => rnd() % (n * FORMAT_BITS[format]));
      const x = tf.tensor(
        codes.map((c) => c * scale),
        [3, 4, 5],
      );
      const q = { format, scale, range: { min: -1e9, max: 1e9 } };
      const y = applyActivationFlips(x, q, groupFlips(positions, format), 'none');
      expect(y.shape).toEqual([3, 4, 5]);
      const want = reference(codes, format, scale, positions);
      const got = y.dataSync();
      for (let i = 0; i < n; i++)
        expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-6 * Math.abs(want[i]) + 1e-7);
      tf.dispose([x, y]);
    });
  }

  it('fp32 flips are bit-exact IEEE-754 flips', () => {
    const values = new Float32Array([1.5, -2.25, 0.1, 3e-3]);
    const x = tf.tensor1d(values);
    const positions = [31, 32 + 23, 64 + 30, 96 + 0];
    const y = applyActivationFlips(
      x,
      activationQuant('fp32', { min: -10, max: 10 }),
      groupFlips(positions, 'fp32'),
      'none',
    );
    const want = new Float32Array(values);
    const u = new Uint32Array(want.buffer);
    u[0] ^= 1 << 31;
    u[1] ^= 1 << 23;
    u[2] ^= 1 << 30;
    u[3] ^= 1;
    expect(Array.from(y.dataSync())).toEqual(Array.from(want));
    expect(Array.from(x.dataSync())).toEqual(Array.from(values)); // input untouched
    tf.dispose([x, y]);
  });

  it('out-of-range correction touches only flipped elements', () => {
    // ReLU-like range [0, 1]: a sign-bit flip makes a negative value.
    const q = activationQuant('int8', { min: 0, max: 1 });
    const x0 = tf.tensor1d([0.5, 1.2, 0.25]);
    const x = fakeQuantize(x0, q); // 1.2 clips to 1
    const flips = groupFlips([7], 'int8'); // element 0, sign bit
    const zeroed = applyActivationFlips(x, q, flips, 'zero').dataSync();
    const clamped = applyActivationFlips(x, q, flips, 'clamp').dataSync();
    const none = applyActivationFlips(x, q, flips, 'none').dataSync();
    expect(zeroed[0]).toBe(0);
    expect(clamped[0]).toBe(0);
    expect(none[0]).toBeLessThan(0);
    expect(zeroed[1]).toBeCloseTo(1, 6);
    expect(zeroed[2]).toBeCloseTo(Math.round(0.25 * 127) / 127, 6);
  });

  it('leaks no tensors and rejects positions outside the tensor', () => {
    const x = tf.ones([2, 8]);
    const q = activationQuant('int8', { min: -1, max: 1 });
    const before = tf.memory().numTensors;
    const y = applyActivationFlips(x, q, groupFlips([3, 100], 'int8'), 'zero');
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => applyActivationFlips(x, q, groupFlips([8 * 16], 'int8'), 'none')).toThrow(
      /outside/,
    );
    x.dispose();
  });
});

describe('storeActivation', () => {
  it('lays codes out as src/core/formats does', () => {
    for (const format of ['int8', 'int16', 'int4'] as const) {
      const m = qmax(format);
      const codes = [m, -m, 0, 1, -1];
      const scale = 0.5;
      const bytes = storeActivation(
        Float32Array.from(codes, (c) => c * scale),
        { format, scale, range: { min: -1e9, max: 1e9 } },
      );
      expect(
        Array.from(
          decode({ format, bytes, length: codes.length, scale: new Float32Array([scale]) }),
        ),
      ).toEqual(codes.map((c) => c * scale));
    }
  });
});

describe('dense flips', () => {
  for (const format of ['int8', 'int16', 'int4', 'fp32'] as const) {
    it(`give the same tensor as sparse flips (${format})`, () => {
      const rnd = lcg(99 + FORMAT_BITS[format]);
      const n = 200;
      const q = activationQuant(format, { min: -1, max: 2 });
      const x0 = tf.tensor1d(Array.from({ length: n }, () => (rnd() / 2 ** 32) * 3 - 1));
      const x = fakeQuantize(x0, q);
      const positions = Array.from({ length: 300 }, () => rnd() % (n * FORMAT_BITS[format])).sort(
        (a, b) => a - b,
      );
      for (const correction of ['none', 'zero'] as const) {
        const sparse = applyActivationFlips(x, q, groupFlips(positions, format), correction);
        const dense = applyDenseFlips(x, q, denseMasks(positions, format, n), correction);
        const a = sparse.dataSync();
        const b = dense.dataSync();
        for (let i = 0; i < n; i++)
          expect(Object.is(a[i], b[i]) || Math.abs(a[i] - b[i]) <= 1e-6 * Math.abs(a[i])).toBe(
            true,
          );
        tf.dispose([sparse, dense]);
      }
      tf.dispose([x0, x]);
    });
  }
});

describe('host flips (wasm, cpu)', () => {
  for (const format of ['int8', 'int16', 'int4', 'fp32'] as const) {
    it(`match the device path (${format})`, () => {
      const rnd = lcg(7 + FORMAT_BITS[format]);
      const n = 150;
      const q = activationQuant(format, { min: -1, max: 2 });
      const x0 = tf.tensor1d(Array.from({ length: n }, () => (rnd() / 2 ** 32) * 3 - 1));
      const x = fakeQuantize(x0, q);
      const positions = Array.from({ length: 200 }, () => rnd() % (n * FORMAT_BITS[format])).sort(
        (a, b) => a - b,
      );
      for (const correction of ['none', 'clamp'] as const) {
        const dev = applyActivationFlips(
          x,
          q,
          groupFlips(positions, format),
          correction,
        ).dataSync();
        const host = applyHostMasks(x, q, groupFlips(positions, format), correction).dataSync();
        for (let i = 0; i < n; i++)
          expect(
            Object.is(dev[i], host[i]) || Math.abs(dev[i] - host[i]) <= 1e-6 * Math.abs(dev[i]),
          ).toBe(true);
      }
    });
  }
});
