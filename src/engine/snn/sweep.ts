/**
 * Accuracy of an SNN vs the BER of the DRAM its weights live in (issue #8 item 2), and the
 * coarse tolerable BER. Each trial reads the kernels once through approximate DRAM
 * (core/snn/dram-read.ts) with trial seed `trialSeed + k`, then runs the spiking simulation on
 * the first `samples` test images (same input spike trains in every trial: the encoding seed
 * is part of the model). Statistics: core/stats.ts (CI over trials and samples).
 */
import type { CorrectionMode } from '../../core/eden/correct';
import { readKernels } from '../../core/snn/dram-read';
import type { SnnSpec } from '../../core/snn/spec';
import { summarizeTrials, type AccuracySummary } from '../../core/stats';
import type { ErrorModelSpec, Format } from '../../core/types';
import {
  searchTolerableBer,
  type SearchOptions,
  type ToleranceResult,
} from '../../core/eden/characterize';
import { targetAccuracy } from '../../core/eden/evaluator';
import type { EvalSet } from '../evaluate';
import { evaluateSnn } from './simulate';
import { EngineError, throwIfAborted } from '../engineError';

export interface SnnModel {
  id: string;
  spec: SnnSpec;
  /** Clean kernels [inputs, outputs] per layer. */
  kernels: Float32Array[];
}

/** Test images in [0, 1] and labels: the engine's EvalSet. */
export type TestSet = EvalSet;

export interface SnnSweepOptions {
  format: Format;
  errorModel: ErrorModelSpec;
  bers: readonly number[];
  trials: number;
  samples: number;
  moduleSeed: number;
  trialSeed: number;
  rowBytes: number;
  correction?: CorrectionMode;
  /** Images per simulated batch (default 1000). */
  batchSize?: number;
  /** Called after each BER point (streaming). */
  onPoint?: (p: SnnSweepPoint) => void;
  /** Checked between trials: once aborted, throws its reason (an EngineError, 'cancelled' by default). */
  signal?: AbortSignal;
}

export interface SnnSweepPoint extends AccuracySummary {
  ber: number;
  final: true;
  flips: number;
  corrected: number;
}

export interface SnnSweepResult {
  model: string;
  format: Format;
  errorModel: ErrorModelSpec;
  baseline: number;
  points: SnnSweepPoint[];
}

/** One BER point: `trials` reads of the weights, each evaluated on `samples` images. */
export async function snnPoint(
  m: SnnModel,
  test: TestSet,
  ber: number,
  o: SnnSweepOptions,
): Promise<SnnSweepPoint> {
  if (o.samples > test.count)
    throw new EngineError('bad-input', `samples ${o.samples} > test set size ${test.count}`);
  const trials = ber === 0 ? 1 : o.trials;
  const acc: number[] = [];
  let flips = 0;
  let corrected = 0;
  for (let k = 0; k < trials; k++) {
    throwIfAborted(o.signal);
    const read = readKernels(m.spec.layers, m.kernels, { ...o, ber, trialSeed: o.trialSeed + k });
    flips += read.flips;
    corrected += read.corrected;
    acc.push(
      (await evaluateSnn(m.spec, read.kernels, test.images, test.labels, o.samples, o.batchSize))
        .accuracy,
    );
  }
  return { ber, ...summarizeTrials(acc, o.samples), final: true, flips, corrected };
}

export async function sweepSnn(
  m: SnnModel,
  test: TestSet,
  o: SnnSweepOptions,
): Promise<SnnSweepResult> {
  const points: SnnSweepPoint[] = [];
  for (const ber of o.bers) {
    const p = await snnPoint(m, test, ber, o);
    points.push(p);
    o.onPoint?.(p);
  }
  const clean = points.find((p) => p.ber === 0) ?? (await snnPoint(m, test, 0, o));
  return { model: m.id, format: o.format, errorModel: o.errorModel, baseline: clean.mean, points };
}

/**
 * Coarse tolerable BER of the SNN (EDEN §5.1 / SparkXD §III-C) with the EDEN pipeline's search
 * and pass rule (src/core/eden/characterize.ts: log grid, binary search, log bisection; the
 * lower 95 % CI bound must meet clean − maxDrop).
 */
export async function snnTolerableBer(
  m: SnnModel,
  test: TestSet,
  o: Omit<SnnSweepOptions, 'bers'> & { maxDrop: number; search?: SearchOptions },
): Promise<ToleranceResult & { baseline: number }> {
  const opts = { ...o, bers: [] };
  const baseline = (await snnPoint(m, test, 0, opts)).mean;
  const r = await searchTolerableBer(
    (ber) => snnPoint(m, test, ber, opts),
    targetAccuracy(baseline, o.maxDrop),
    o.search,
  );
  return { ...r, baseline };
}
