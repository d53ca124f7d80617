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
import { evaluateSnn } from './simulate';

export interface SnnModel {
  id: string;
  spec: SnnSpec;
  /** Clean kernels [inputs, outputs] per layer. */
  kernels: Float32Array[];
}

export interface TestSet {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

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
  /** Polled between trials; return true to stop (throws 'cancelled'). */
  cancelled?: () => boolean;
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
  if (o.samples > test.count) throw new Error(`samples ${o.samples} > test set size ${test.count}`);
  const trials = ber === 0 ? 1 : o.trials;
  const acc: number[] = [];
  let flips = 0;
  let corrected = 0;
  for (let k = 0; k < trials; k++) {
    if (o.cancelled?.()) throw new Error('cancelled');
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

export interface TolerableBer {
  /** Highest BER found whose mean accuracy over trials is ≥ target (0 if none). */
  ber: number;
  target: number;
  baseline: number;
  /** Every point evaluated, in the order of evaluation. */
  points: SnnSweepPoint[];
}

/**
 * Coarse tolerable BER (EDEN §4 / SparkXD §III-C): the highest BER at which the mean accuracy
 * over trials stays ≥ baseline − maxDrop. Scans `grid` upward (log-spaced BERs) until the
 * first failing point, then bisects (in log BER) `refine` times between the last passing and
 * the first failing BER.
 */
export async function tolerableBer(
  m: SnnModel,
  test: TestSet,
  o: Omit<SnnSweepOptions, 'bers'> & { grid: readonly number[]; maxDrop: number; refine?: number },
): Promise<TolerableBer> {
  const points: SnnSweepPoint[] = [];
  const at = async (ber: number) => {
    const p = await snnPoint(m, test, ber, { ...o, bers: [] });
    points.push(p);
    o.onPoint?.(p);
    return p;
  };
  const baseline = (await at(0)).mean;
  const target = baseline - o.maxDrop;
  let pass = 0;
  let fail = NaN;
  for (const ber of o.grid) {
    if ((await at(ber)).mean >= target) pass = ber;
    else {
      fail = ber;
      break;
    }
  }
  if (pass > 0 && Number.isFinite(fail)) {
    for (let i = 0; i < (o.refine ?? 2); i++) {
      const mid = Number(Math.sqrt(pass * fail).toPrecision(3));
      if ((await at(mid)).mean >= target) pass = mid;
      else fail = mid;
    }
  }
  return { ber: pass, target, baseline, points };
}
