/** Node-side access to the zoo registry public/models/zoo.json (no tfjs here: cheap to import). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseZoo, type Zoo, type ZooEntry } from '../core/models/zoo';
import { publicDir } from './nodePaths';

export function zooPath(): string {
  return join(publicDir(), 'models', 'zoo.json');
}

/** The validated registry; throws a one-line message when it is missing or invalid. */
export function readZoo(): Zoo {
  const file = zooPath();
  if (!existsSync(file))
    throw new Error(`model registry ${file} is missing: run \`npm run train-models\``);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  return parseZoo(json);
}

export function findZooEntry(zoo: Zoo, id: string): ZooEntry {
  const entry = zoo.models.find((m) => m.id === id);
  if (!entry)
    throw new Error(`unknown model "${id}" (known: ${zoo.models.map((m) => m.id).join(', ')})`);
  return entry;
}
