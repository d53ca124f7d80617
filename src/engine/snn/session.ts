/**
 * The SNN branch of the worker's session (issue #8 item 5): what `ExplorerSession.sweep` and
 * `evaluate` call when the loaded zoo entry has family 'snn'. The generic executor would run
 * the SNN's source ANN instead, so SNNs must take this path.
 */
import type { ZooEntry } from '../../core/models/zoo';
import type {
  AccuracyEstimate,
  BerAssignment,
  RunConfig,
  SweepPoint,
  SweepResult,
} from '../../contract/api';
import type { DataKind } from '../../core/types';
import { EngineError } from '../engineError';
import { loadSnn, type PublicReader } from './load';
import {
  snnPoint,
  type SnnModel,
  type SnnSweepOptions,
  type SnnSweepPoint,
  type TestSet,
} from './sweep';

const cache = new Map<string, Promise<SnnModel>>();

/** The SNN of a zoo entry (snn.json + kernels), loaded once per id. */
export function snnFor(entry: ZooEntry, read: PublicReader): Promise<SnnModel> {
  let p = cache.get(entry.id);
  if (!p) {
    p = loadSnn(entry, read);
    p.catch(() => cache.delete(entry.id));
    cache.set(entry.id, p);
  }
  return p;
}

function checkTarget(target: DataKind | 'all'): void {
  if (target === 'ifm' || target === 'ofm')
    throw new EngineError(
      'bad-input',
      `an SNN keeps its spikes on chip: only its weights live in DRAM (target ${target} does not apply)`,
    );
}

function options(config: RunConfig, data: TestSet, signal?: AbortSignal): SnnSweepOptions {
  return {
    format: config.format,
    errorModel: config.errorModel,
    correction: config.correction,
    trials: config.trials,
    samples: Math.min(config.samples, data.count),
    moduleSeed: config.moduleSeed,
    trialSeed: config.trialSeed,
    rowBytes: config.rowBytes,
    bers: [],
    signal,
  };
}

function toEstimate(p: SnnSweepPoint): SweepPoint {
  const { ber, mean, lo, hi, min, max, trials, samples, corrected } = p;
  return { ber, mean, lo, hi, min, max, trials, samples, final: true, corrected };
}

/** Accuracy vs BER of the weights, streamed point by point (same shape as the generic sweep). */
export async function snnSessionSweep(
  model: SnnModel,
  data: TestSet,
  config: RunConfig,
  bers: readonly number[],
  target: DataKind | 'all',
  onPoint?: (point: SweepPoint, done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<SweepResult> {
  checkTarget(target);
  const o = options(config, data, signal);
  const points: SweepPoint[] = [];
  for (const ber of bers) {
    const p = toEstimate(await snnPoint(model, data, ber, o));
    points.push(p);
    onPoint?.(p, points.length, bers.length);
  }
  const clean = points.find((p) => p.ber === 0) ?? toEstimate(await snnPoint(model, data, 0, o));
  return {
    model: model.id,
    format: config.format,
    errorModel: config.errorModel,
    baseline: clean.mean,
    points,
  };
}

/** One operating point (coarse: one BER for the weights; fine: the BER of each `layer/weights`). */
export async function snnSessionEvaluate(
  model: SnnModel,
  data: TestSet,
  config: RunConfig,
  ber: BerAssignment,
  signal?: AbortSignal,
): Promise<AccuracyEstimate> {
  let b: number;
  if (ber.mode === 'coarse') {
    checkTarget(ber.target);
    b = ber.ber;
  } else {
    const values = model.spec.layers.map((l) => ber.perDataType[`${l.name}/weights`] ?? 0);
    if (new Set(values).size > 1)
      throw new EngineError(
        'bad-input',
        'per-layer BERs for an SNN are not supported yet: give every layer the same BER',
      );
    b = values[0];
  }
  const { ber: _ber, ...estimate } = toEstimate(
    await snnPoint(model, data, b, options(config, data, signal)),
  );
  return estimate;
}
