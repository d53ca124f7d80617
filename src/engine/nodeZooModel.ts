/** Node-side loading of a zoo model's LayersModel from public/models (CLI, scripts, tests). */
import { dirname, join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ZooEntry } from '../core/models/zoo';
import { publicDir } from './nodePaths';
import { loadModelFromDir } from './tfNode';

/** Load a zoo model's LayersModel from public/<entry.path>. */
export async function loadZooModel(entry: Pick<ZooEntry, 'id' | 'path'>): Promise<LayersModel> {
  const dir = join(publicDir(), dirname(entry.path));
  try {
    return await loadModelFromDir(dir);
  } catch (e) {
    throw new Error(
      `cannot load model "${entry.id}" from ${dir}: ${(e as Error).message.split('\n')[0]}`,
      { cause: e },
    );
  }
}
