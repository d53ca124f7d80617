import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../tfNode';

/** Deterministic pseudo-random tensor (LCG), independent of any backend's RNG. */
function det(shape: number[], seed: number): tf.Tensor {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = s / 2 ** 32 - 0.5;
  }
  return tf.tensor(v, shape);
}

type Case = {
  name: string;
  depthwise: boolean;
  x: number[];
  k: number[];
  stride: number;
  pad: 'same' | 'valid';
};

const cases: Case[] = [
  {
    name: 'conv s1 same',
    depthwise: false,
    x: [3, 7, 7, 2],
    k: [3, 3, 2, 4],
    stride: 1,
    pad: 'same',
  },
  {
    name: 'conv s2 same',
    depthwise: false,
    x: [2, 8, 8, 3],
    k: [3, 3, 3, 5],
    stride: 2,
    pad: 'same',
  },
  {
    name: 'conv s2 valid odd',
    depthwise: false,
    x: [2, 9, 8, 3],
    k: [3, 2, 3, 2],
    stride: 2,
    pad: 'valid',
  },
  {
    name: 'conv 5x5 valid',
    depthwise: false,
    x: [2, 10, 10, 1],
    k: [5, 5, 1, 3],
    stride: 1,
    pad: 'valid',
  },
  { name: 'dw s1 same', depthwise: true, x: [2, 6, 6, 3], k: [3, 3, 3, 1], stride: 1, pad: 'same' },
  { name: 'dw s2 same', depthwise: true, x: [2, 7, 7, 4], k: [3, 3, 4, 1], stride: 2, pad: 'same' },
  {
    name: 'dw s2 valid mult2',
    depthwise: true,
    x: [2, 8, 9, 2],
    k: [3, 3, 2, 2],
    stride: 2,
    pad: 'valid',
  },
];

/** Gradients of sum(conv(x, w) * r) w.r.t. x and w on the current backend. */
function grads(c: Case): { dx: Float32Array; dw: Float32Array } {
  return tf.tidy(() => {
    const x = det(c.x, 1) as tf.Tensor4D;
    const w = det(c.k, 2) as tf.Tensor4D;
    const f = (xx: tf.Tensor, ww: tf.Tensor) => {
      const y = c.depthwise
        ? tf.depthwiseConv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.stride, c.pad)
        : tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.stride, c.pad);
      return tf.sum(tf.mul(y, det(y.shape, 3)));
    };
    const [dx, dw] = tf.grads(f)([x, w]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

describe('wasm gradient kernels match the cpu backend', () => {
  const reference = new Map<string, { dx: Float32Array; dw: Float32Array }>();
  beforeAll(async () => {
    await initNodeBackend('cpu');
    for (const c of cases) reference.set(c.name, grads(c));
    expect(await initNodeBackend('wasm')).toBe('wasm');
  });

  for (const c of cases) {
    it(c.name, () => {
      const before = tf.memory().numTensors;
      const got = grads(c);
      const ref = reference.get(c.name)!;
      expect(tf.memory().numTensors).toBe(before);
      expect(got.dw.length).toBe(ref.dw.length);
      for (let i = 0; i < ref.dw.length; i++) expect(got.dw[i]).toBeCloseTo(ref.dw[i], 4);
      for (let i = 0; i < ref.dx.length; i++) expect(got.dx[i]).toBeCloseTo(ref.dx[i], 4);
    });
  }
});
