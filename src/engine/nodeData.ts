/** Node-side loading of the app's dataset files from public/data (CLI, scripts, tests). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetPath, type Split } from '../core/data/catalog';
import { decodeDataset, type Dataset } from '../core/data';
import type { DatasetId } from '../core/types';
import { publicDir } from './nodePaths';

const cache = new Map<string, Dataset>();

/** The decoded dataset file; throws a one-line message when it is missing. */
export function loadDatasetFile(id: DatasetId, split: Split): Dataset {
  const rel = datasetPath(id, split);
  const hit = cache.get(rel);
  if (hit) return hit;
  const file = join(publicDir(), rel);
  if (!existsSync(file))
    throw new Error(`dataset file ${file} is missing: run \`npm run build-data\``);
  const ds = decodeDataset(readFileSync(file), file);
  cache.set(rel, ds);
  return ds;
}
