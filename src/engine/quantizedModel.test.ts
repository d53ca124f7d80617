import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../core/data';
import { fakeQuantize } from '../core/formats';
import { modelDataTypes } from './executor';
import {
  dataTypeRanges,
  evaluateClean,
  fakeQuantizeTensor,
  snapshotWeights,
  storedWeights,
} from './quantizedModel';
import { initNodeBackend } from './tfNode';

function tinyModel(): tfl.LayersModel {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [6, 6, 1],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init(1),
        biasInitializer: 'ones',
        name: 'c',
      }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 3, kernelInitializer: init(2), name: 'd' }),
    ],
  });
}

/** 60 deterministic 6×6 images, labelled by the model's own fp32 prediction. */
function selfLabelled(model: tfl.LayersModel): Dataset {
  const count = 60;
  const pixels = Uint8Array.from({ length: count * 36 }, (_, i) => (i * 97 + ((i * i) % 31)) % 256);
  const x = tf.div(tf.tensor4d(Float32Array.from(pixels), [count, 6, 6, 1]), 255);
  const labels = Uint8Array.from(
    (tf.argMax(model.predict(x) as tf.Tensor, 1) as tf.Tensor).dataSync(),
  );
  return { count, rows: 6, cols: 6, channels: 1, classes: 3, labels, pixels };
}

describe('clean model in format F', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('fp32 is the model itself; int formats restore the clean weights afterwards', async () => {
    const model = tinyModel();
    const data = selfLabelled(model);
    const ranges = await dataTypeRanges(model, data, 60);
    const entry = {
      dataTypes: modelDataTypes(model).map((d) => ({ ...d, range: ranges.get(d.id)! })),
    };
    expect((await evaluateClean(model, entry, 'fp32', data)).accuracy).toBe(1);
    const before = snapshotWeights(model);
    const tensors = tf.memory().numTensors;
    const int4 = await evaluateClean(model, entry, 'int4', data, { batchSize: 7 });
    const int16 = await evaluateClean(model, entry, 'int16', data);
    expect(int16.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(int4.samples).toBe(60);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(snapshotWeights(model)).toEqual(before);
  });

  it('records ranges: weights over kernel+bias, the first IFM is the input range', async () => {
    const model = tinyModel();
    const data = selfLabelled(model);
    const ranges = await dataTypeRanges(model, data, 60);
    expect(ranges.get('c/weights')!.max).toBeGreaterThanOrEqual(1); // bias initialized to ones
    const ifm = ranges.get('c/ifm')!;
    expect(ifm.min).toBeGreaterThanOrEqual(0);
    expect(ifm.max).toBeLessThanOrEqual(1);
    expect(ranges.get('c/ofm')!.min).toBeGreaterThanOrEqual(0); // ReLU output
  });

  it('weights use one scale per weight tensor, activations the range scale', () => {
    const w = new Map([['c', [Float32Array.from([0.5, -1, 0.25]), Float32Array.from([8, 0])]]]);
    const q = storedWeights(w, 'int4').get('c')!;
    expect(Array.from(q[0])).toEqual(Array.from(fakeQuantize(w.get('c')![0], 'int4')));
    expect(Array.from(q[1])).toEqual([8, 0]);
    const x = tf.tensor1d([0.26, -5, 3]);
    // int8, scale 2/127: 3 clips to 127 · scale = 2
    const y = fakeQuantizeTensor(x, 'int8', 2 / 127).dataSync();
    expect(y[0]).toBeCloseTo((Math.round(0.26 / (2 / 127)) * 2) / 127, 6);
    expect(y[1]).toBeCloseTo(-2, 6);
    expect(y[2]).toBeCloseTo(2, 6);
  });
});
