import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { NO_CLASS, predictedClass, scoreBatch } from './predictions';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('predictedClass (issue #13 item 4)', () => {
  it('a row with NaN or ±Inf predicts no class, not class 0', () => {
    const outputs = tf.tensor2d([
      [NaN, NaN, NaN],
      [0.1, 0.9, 0.3],
      [Infinity, 0, 0],
      [0, -Infinity, 2],
      [0, NaN, 5],
    ]);
    // The fault this rule exists for: argMax of an all-NaN row is 0 on this backend.
    expect(tf.argMax(outputs, -1).arraySync()).toEqual([0, 1, 0, 2, 2]);
    expect(predictedClass(outputs).arraySync()).toEqual([
      NO_CLASS,
      1,
      NO_CLASS,
      NO_CLASS,
      NO_CLASS,
    ]);
    const labels = tf.tensor1d([0, 1, 0, 2, 2], 'int32');
    const s = scoreBatch(outputs, labels);
    expect([s.correct.arraySync(), s.nonFinite.arraySync()]).toEqual([1, 4]);
    tf.dispose([outputs, labels, s.correct, s.nonFinite]);
  });
});
