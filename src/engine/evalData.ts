/** A decoded dataset as the evaluator reads it: pixels / 255 as float32 (as the zoo was trained, src/engine/train.ts). */
import type { Dataset } from '../core/data';
import type { EvalSet } from './evaluate';

export function evalSetOf(ds: Dataset): EvalSet {
  const images = new Float32Array(ds.pixels.length);
  for (let i = 0; i < images.length; i++) images[i] = ds.pixels[i] / 255;
  return { images, labels: ds.labels, count: ds.count };
}
