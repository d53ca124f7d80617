/** A zoo data set as float pixels in [0, 1] for the SNN's Poisson encoder (Node side). */
import type { Split } from '../../core/data/catalog';
import type { DatasetId } from '../../core/types';
import { loadDatasetFile } from '../nodeData';
import type { TestSet } from './sweep';

export function floatDataset(id: DatasetId, split: Split): TestSet {
  const ds = loadDatasetFile(id, split);
  const images = new Float32Array(ds.pixels.length);
  for (let i = 0; i < images.length; i++) images[i] = ds.pixels[i] / 255;
  return { images, labels: ds.labels, count: ds.count };
}
