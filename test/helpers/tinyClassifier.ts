/**
 * A tiny seeded classification task for engine tests that train (boosting): 6×6 images,
 * 3 classes, class c lights up row band c; and a small dense model for it.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { Dataset } from '../../src/core/data';

export function bandImages(count: number, seed: number): Dataset {
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * 36);
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = 0; i < count; i++) {
    const c = i % 3;
    labels[i] = c;
    for (let p = 0; p < 36; p++)
      pixels[i * 36 + p] = Math.round((Math.floor(p / 12) === c ? 180 : 40) + rnd() * 60);
  }
  return { count, rows: 6, cols: 6, channels: 1, classes: 3, labels, pixels };
}

export function tinyClassifier(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [6, 6, 1] }),
      tfl.layers.dense({
        units: 8,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
      }),
      tfl.layers.dense({
        units: 3,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
}
