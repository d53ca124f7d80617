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
import { storeModel } from './storedModel';
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

/** A sweep in this process; returns the result and the backend that ran it. */
export async function sweepInNode(
  req: NodeSweepRequest,
): Promise<{ result: SweepResult; backend: NodeBackend }> {
  const backend = await initNodeBackend(req.backend ?? 'wasm');
  const entry = zooEntry(req.config.modelId);
  const model = await loadZooModel(entry);
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
