/**
 * The engine in Node (CLI `sweep`, bench/sweep.ts, e2e reference): the same Evaluator the
 * worker runs, on the wasm backend (cpu as fallback), with models and data read from public/.
 */
import type { ZooEntry } from '../core/models/zoo';
import type { DataKind } from '../core/types';
import type { RunConfig, SweepPoint, SweepResult } from '../contract/api';
import { evalSetOf } from './evalData';
import { Evaluator, type EvalOptions, type EvalSet } from './evaluate';
import { loadDatasetFile } from './nodeData';
import { findZooEntry, readZoo } from './nodeZoo';
import { loadZooModel } from './nodeZooModel';
import { storeModel, type StoredModel } from './storedModel';
import { initNodeBackend, type NodeBackend } from './tfNode';

/** The zoo entry `id` (one-line error when unknown or when zoo.json is missing). */
export function zooEntry(id: string): ZooEntry {
  return findZooEntry(readZoo(), id);
}

/** A zoo model's LayersModel from public/ (nodeZooModel.ts). */
export const loadEntryModel = loadZooModel;

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

/**
 * Runs `work` on the zoo model of `config` stored in its format, with its test set, on a Node
 * backend (wasm by default); frees the model afterwards. Returns the result and the backend.
 */
export async function withStoredInNode<T>(
  config: RunConfig,
  backendRequest: NodeBackend | undefined,
  work: (stored: StoredModel, data: EvalSet) => Promise<T>,
): Promise<{ result: T; backend: NodeBackend }> {
  const backend = await initNodeBackend(backendRequest ?? 'wasm');
  const entry = zooEntry(config.modelId);
  const model = await loadZooModel(entry);
  const stored = storeModel(model, entry, config.format);
  try {
    return { result: await work(stored, testSetFor(entry)), backend };
  } finally {
    stored.dispose();
    model.dispose();
  }
}

/** A sweep in this process; returns the result and the backend that ran it. */
export function sweepInNode(
  req: NodeSweepRequest,
): Promise<{ result: SweepResult; backend: NodeBackend }> {
  return withStoredInNode(req.config, req.backend, (stored, data) =>
    new Evaluator(stored, data, req.config, {
      batchSize: 1000,
      firstEstimateSamples: 0,
      ...req.options,
    }).sweep(req.bers, req.target, req.onPoint),
  );
}
