/**
 * Test fixtures for the engine: a tiny seeded CNN with a zoo entry derived from it, a
 * labelled random set.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ZooEntry } from '../../../src/core/models/zoo';
import { storedBytes, type DataKind } from '../../../src/core/types';

export function lcg(seed: number) {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

export const INPUT = [8, 8, 1];

export function tinyModel(): tfl.Sequential {
  const m = tfl.sequential();
  m.add(
    tfl.layers.conv2d({
      inputShape: INPUT,
      filters: 4,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
      biasInitializer: 'zeros',
      name: 'conv1',
    }),
  );
  m.add(tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  m.add(tfl.layers.flatten({ name: 'flat' }));
  m.add(
    tfl.layers.dense({
      units: 16,
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
      name: 'fc1',
    }),
  );
  m.add(
    tfl.layers.dense({
      units: 10,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
      name: 'fc2',
    }),
  );
  return m;
}

export function randomImages(n: number, seed = 7): Float32Array {
  const rnd = lcg(seed);
  return Float32Array.from({ length: n * 64 }, () => rnd());
}

/** Labels = the fp32 model's own predictions, with every 5th one shifted (so accuracy is < 1). */
export function labelsFor(model: tfl.LayersModel, images: Float32Array, n: number): Int32Array {
  return tf.tidy(() => {
    const pred = tf
      .argMax(model.predict(tf.tensor(images, [n, ...INPUT])) as tf.Tensor, -1)
      .dataSync();
    return Int32Array.from(pred, (p, i) => (i % 5 === 4 ? (p + 1) % 10 : p));
  });
}

/** A zoo entry for `model`: data types of every compute layer with ranges from a calibration run. */
export function entryFor(model: tfl.Sequential, images: Float32Array, n: number): ZooEntry {
  const dataTypes: ZooEntry['dataTypes'] = [];
  const range = (t: tf.Tensor) => ({ min: tf.min(t).dataSync()[0], max: tf.max(t).dataSync()[0] });
  tf.tidy(() => {
    let x: tf.Tensor = tf.tensor(images, [n, ...INPUT]);
    model.layers.forEach((layer, layerIndex) => {
      const y = layer.apply(x) as tf.Tensor;
      if (['Conv2D', 'Dense'].includes(layer.getClassName())) {
        const w = layer.getWeights();
        const wAll = tf.concat(w.map((t) => tf.reshape(t, [-1])));
        const add = (
          kind: DataKind,
          shape: number[],
          elements: number,
          r: { min: number; max: number },
        ) =>
          dataTypes.push({
            id: `${layer.name}/${kind}`,
            layer: layer.name,
            layerIndex,
            kind,
            shape,
            elements,
            bytes: {
              fp32: storedBytes(elements, 'fp32'),
              int16: storedBytes(elements, 'int16'),
              int8: storedBytes(elements, 'int8'),
              int4: storedBytes(elements, 'int4'),
            },
            range: r,
          });
        add('weights', [wAll.size], wAll.size, range(wAll));
        add('ifm', x.shape.slice(1), x.size / n, range(x));
        add('ofm', y.shape.slice(1), y.size / n, range(y));
      }
      x = y;
    });
  });
  return {
    id: 'tiny-test',
    name: 'Tiny',
    family: 'lenet',
    paperCounterpart: 'none',
    dataset: 'mnist',
    path: 'models/tiny/model.json',
    params: model.countParams(),
    inputShape: INPUT,
    accuracy: { fp32: 0, int16: 0, int8: 0, int4: 0 },
    dataTypes,
    training: { epochs: 0, batchSize: 0, seed: 0, trainSamples: 0, seconds: 0, backend: 'cpu' },
  };
}
