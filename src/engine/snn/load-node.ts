/** Loading a zoo SNN from public/ in Node (CLI, scripts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ZooEntry } from '../../core/models/zoo';
import { publicDir } from '../nodePaths';
import { loadSnn, type PublicReader } from './load';
import type { SnnModel } from './sweep';

export const nodePublicReader = (root = publicDir()): PublicReader => ({
  json: async (p) => JSON.parse(readFileSync(join(root, p), 'utf8')),
  bytes: async (p) => {
    const b = readFileSync(join(root, p));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  },
});

/** The SNN whose files are in public/models/<id>/ (the zoo layout). */
export function loadSnnById(id: string, root = publicDir()): Promise<SnnModel> {
  const entry: Pick<ZooEntry, 'id' | 'path' | 'family'> = {
    id,
    path: `models/${id}/model.json`,
    family: 'snn',
  };
  return loadSnn(entry, nodePublicReader(root));
}
