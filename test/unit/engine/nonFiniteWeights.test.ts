import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ZERO_RANGE_SCALE } from '../../../src/core/formats';
import { activationScale } from '../../../src/engine/quantizedModel';
import { storeModel } from '../../../src/engine/storedModel';
import { entryFor, randomImages, tinyModel } from './tinyModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('degenerate weights at load (issue #13 item 3)', () => {
  it('a zero bias is stored with its kernel’s scale (zero-range rule)', () => {
    const model = tinyModel(); // conv1, fc1, fc2 have all-zero biases
    const sm = storeModel(model, entryFor(model, randomImages(50), 50), 'int16');
    try {
      for (const c of sm.compute) {
        const [kernel, bias] = c.encoded;
        expect(bias.scale[0]).toBe(kernel.scale[0]);
      }
    } finally {
      sm.dispose();
      model.dispose();
    }
  });

  it('NaN and +Inf weights are refused before anything changes, naming tensor and count', () => {
    const model = tinyModel();
    const entry = entryFor(model, randomImages(50), 50);
    const fc1 = model.getLayer('fc1');
    const [k, b] = fc1.getWeights();
    const kv = k.dataSync().slice();
    kv[3] = Infinity;
    const bv = b.dataSync().slice();
    bv[0] = NaN;
    bv[5] = NaN;
    fc1.setWeights([tf.tensor(kv, k.shape), tf.tensor(bv, b.shape)]);
    const before = model.getLayer('conv1').getWeights()[0].dataSync().slice();
    for (const format of ['fp32', 'int8'] as const) {
      expect(() => storeModel(model, entry, format)).toThrow(
        /non-finite weights \(fc1\/kernel: 1 non-finite value \(\+Inf\); fc1\/bias: 2 non-finite values \(NaN\)\)/,
      );
    }
    expect(model.getLayer('conv1').getWeights()[0].dataSync()).toEqual(before);
    model.dispose();
  });

  it('an activation that was always 0 gets ZERO_RANGE_SCALE, not 1', () => {
    expect(activationScale({ min: 0, max: 0 }, 'int8')).toBe(ZERO_RANGE_SCALE);
    expect(activationScale({ min: -1, max: 2 }, 'int8')).toBe(2 / 127);
  });
});
