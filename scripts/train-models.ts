/**
 * Trains the model zoo (seeded, reproducible) and writes public/models/<id>/ (model.json,
 * weights.bin, training.json) and the registry public/models/zoo.json.
 *
 * Usage: tsx scripts/train-models.ts [--only <id>[,<id>…]] [--eval-only] [--backend wasm|cpu]
 *   --only       train (or evaluate) just these models, in this order, merging them into zoo.json
 *   --eval-only  keep the saved weights, recompute zoo.json's entries (accuracy per format,
 *                data types, ranges)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initNodeBackend, type NodeBackend } from '../src/engine/tfNode';
import { publicDir } from '../src/engine/nodePaths';
import type { ZooEntry } from '../src/core/models/zoo';
import { ZOO_SPECS } from './zoo/specs';
import { TRAINING_RECORD, trainOne } from './zoo/trainOne';
import { registerModel } from './zoo/register';

async function main() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      'eval-only': { type: 'boolean' },
      backend: { type: 'string' },
    },
  });
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((id) => !ZOO_SPECS.some((s) => s.id === id)) ?? [];
  if (unknown.length) throw new Error(`unknown model id(s): ${unknown.join(', ')}`);
  const backend = await initNodeBackend((values.backend as NodeBackend | undefined) ?? 'wasm');
  console.log(`train-models: backend ${backend}`);
  const specs = only ? only.map((id) => ZOO_SPECS.find((s) => s.id === id)!) : ZOO_SPECS;
  for (const spec of specs) {
    const dir = join(publicDir(), 'models', spec.id);
    let training: ZooEntry['training'];
    if (values['eval-only']) {
      const rec = join(dir, TRAINING_RECORD);
      if (!existsSync(rec)) throw new Error(`${spec.id}: no ${rec}; train it first`);
      training = JSON.parse(readFileSync(rec, 'utf8')) as ZooEntry['training'];
    } else {
      console.log(`train-models: training ${spec.id}`);
      training = await trainOne(spec, dir, backend);
      console.log(`train-models: ${spec.id} trained in ${training.seconds} s`);
    }
    const entry = await registerModel(spec, training);
    const acc = Object.entries(entry.accuracy).map(([f, a]) => `${f} ${(100 * a).toFixed(2)} %`);
    console.log(`train-models: ${spec.id}: ${acc.join(', ')}`);
  }
}

main().catch((e: unknown) => {
  console.error(`train-models: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
