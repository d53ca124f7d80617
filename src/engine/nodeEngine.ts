/**
 * The engine in Node (CLI `sweep`, bench/sweep.ts, e2e reference): the same Evaluator the
 * worker runs, on the wasm backend (cpu as fallback), with models and data read from public/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { parseZoo, type ZooEntry } from '../core/models/zoo';
import type { DataKind } from '../core/types';
import type { RunConfig, SweepPoint, SweepResult } from '../../workers/api';
import { evalSetOf } from './evalData';
import { Evaluator, type EvalOptions, type EvalSet } from './evaluate';
import { loadDatasetFile } from './nodeData';
import { publicDir } from './nodePaths';
import { storeModel } from './storedModel';
import { initNodeBackend, loadModelFromDir, type NodeBackend } from './tfNode';

export function readZooEntries(): ZooEntry[] {
  const file = join(publicDir(), 'models', 'zoo.json');
  if (!existsSync(file))
    throw new Error(`model registry ${file} is missing: run \`npm run train-models\``);
  return parseZoo(JSON.parse(readFileSync(file, 'utf8'))).models;
}

export function zooEntry(id: string): ZooEntry {
  const models = readZooEntries();
  const entry = models.find((m) => m.id === id);
  if (!entry)
    throw new Error(
      `unknown model "${id}" (known: ${models.map((m) => m.id).join(', ') || 'none'})`,
    );
  return entry;
}

export function loadEntryModel(entry: ZooEntry): Promise<LayersModel> {
  return loadModelFromDir(join(publicDir(), dirname(entry.path)));
}

const testSets = new Map<string, EvalSet>();
export function testSetFor(entry: ZooEntry): EvalSet {
  let s = testSets.get(entry.dataset);
  if (!s) {
    s = evalSetOf(loadDatasetFile(entry.dataset, 'test'));
    testSets.set(entry.dataset, s);
  }
  return s;
}

export interface NodeSweepRequest {
  config: RunConfig;
  bers: number[];
  target: DataKind | 'all';
  backend?: NodeBackend;
  options?: Partial<EvalOptions>;
  onPoint?: (point: SweepPoint, done: number, total: number) => void;
}

/** A sweep in this process; returns the result and the backend that ran it. */
export async function sweepInNode(
  req: NodeSweepRequest,
): Promise<{ result: SweepResult; backend: NodeBackend }> {
  const backend = await initNodeBackend(req.backend ?? 'wasm');
  const entry = zooEntry(req.config.modelId);
  const model = await loadEntryModel(entry);
  const stored = storeModel(model, entry, req.config.format);
  try {
    const ev = new Evaluator(stored, testSetFor(entry), req.config, {
      batchSize: 1000,
      firstEstimateSamples: 0,
      ...req.options,
    });
    return { result: await ev.sweep(req.bers, req.target, req.onPoint), backend };
  } finally {
    stored.dispose();
    model.dispose();
  }
}
