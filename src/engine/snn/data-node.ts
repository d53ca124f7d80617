/** A zoo data set as the SNN reads it in Node: pixels / 255 (the engine's EvalSet). */
import type { Split } from '../../core/data/catalog';
import type { DatasetId } from '../../core/types';
import { evalSetOf } from '../evalData';
import type { EvalSet } from '../evaluate';
import { loadDatasetFile } from '../nodeData';

export function floatDataset(id: DatasetId, split: Split): EvalSet {
  return evalSetOf(loadDatasetFile(id, split));
}
