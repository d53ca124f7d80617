/**
 * Images × trials per zoo model and storage format (issue #15 item 8): the workload the page
 * and the CLI use unless told otherwise (URL `samples=`/`trials=`, `--samples`/`--trials`).
 *
 * The rule (`adequate`, `chooseWorkload`): a workload is adequate for a model and format when,
 * on its accuracy-vs-BER curve (page grid, error model 0, all data, seeds 1), the 95 %
 * half-width over trials (the conservative reading's interval, src/core/eden/curveTolerance.ts)
 * at the point-estimate tolerable BER is at most half the target drop (1 point): then every
 * BER whose mean costs at most half the drop is certified by the conservative bound, which so
 * sits at most about one grid step below the point estimate. The default is the cheapest
 * adequate workload on WORKLOAD_LADDER (cost = images × trials) whose page sweep took at most
 * MAX_SWEEP_SECONDS of CPU here; when none is adequate within that cost, the largest within it.
 * `npm run bench:workloads` measures the ladder and prints ZOO_WORKLOADS (bench/RESULTS.md
 * "Workloads"); the README ("Choosing images × trials") lists the measured figures.
 */
import type { Format } from '../types';

export interface Workload {
  /** Test images (the first N of the test set). */
  samples: number;
  /** Error trials per BER point. */
  trials: number;
}

/** Candidate workloads in order of cost (images × trials). Student t(0.975, K−1)/√K falls
 * from 2.48 at 3 trials to 1.24 at 5 and 0.72 at 10, so trials are added before images. */
export const WORKLOAD_LADDER: readonly Workload[] = [
  { samples: 1000, trials: 3 },
  { samples: 1000, trials: 5 },
  { samples: 2000, trials: 5 },
  { samples: 4000, trials: 5 },
  { samples: 4000, trials: 10 },
];

/** A model's and user models' workload when the table has no entry (the first rung). */
export const FALLBACK_WORKLOAD: Workload = WORKLOAD_LADDER[0];

/**
 * The cost cap: a page-grid sweep (15 BERs) of at most this many CPU seconds in Node (wasm) on
 * the 2-core machine of bench/RESULTS.md (CPU time: less sensitive to its shared load).
 */
export const MAX_SWEEP_SECONDS = 60;

/** The rule: the half-width over trials (fraction) at the point estimate is ≤ half the drop. */
export function adequate(halfWidth: number, targetDrop: number): boolean {
  return halfWidth <= targetDrop / 2;
}

/** One rung of the ladder measured on one model and format. */
export interface WorkloadMeasurement extends Workload {
  /** 95 % half-width over trials at the point-estimate tolerable BER (fraction); null: no point estimate. */
  halfWidth: number | null;
  /** CPU seconds a page-grid sweep takes with this workload. */
  seconds: number;
}

/**
 * The default workload from measured rungs (see the module comment): the cheapest adequate one
 * within `maxSeconds`, else the most expensive within it, else the cheapest measured. Throws
 * on an empty list.
 */
export function chooseWorkload(
  measured: readonly WorkloadMeasurement[],
  targetDrop = 0.01,
  maxSeconds = MAX_SWEEP_SECONDS,
): Workload {
  if (!measured.length) throw new Error('chooseWorkload: no measured workloads');
  const byCost = [...measured].sort((a, b) => a.samples * a.trials - b.samples * b.trials);
  const affordable = byCost.filter((m) => m.seconds <= maxSeconds);
  const pick =
    affordable.find((m) => m.halfWidth !== null && adequate(m.halfWidth, targetDrop)) ??
    affordable.at(-1) ??
    byCost[0];
  return { samples: pick.samples, trials: pick.trials };
}

type PerFormat = Readonly<Partial<Record<Format, Workload>>>;
const w = (samples: number, trials: number): Workload => ({ samples, trials });

/**
 * The chosen workloads, printed by `npm run bench:workloads` (measured 2026-11-29, Node,
 * wasm, shared 2-core machine; figures in bench/RESULTS.md "Workloads").
 */
export const ZOO_WORKLOADS: Readonly<Record<string, PerFormat>> = {
  'lenet5-mnist': { fp32: w(1000, 3), int16: w(1000, 3), int8: w(2000, 5), int4: w(1000, 5) },
  'mlp-mnist': { fp32: w(1000, 5), int16: w(1000, 3), int8: w(4000, 5), int4: w(2000, 5) },
  'mlp-fashion': { fp32: w(2000, 5), int16: w(4000, 5), int8: w(4000, 5), int4: w(2000, 5) },
  'resnet-mnist': { fp32: w(2000, 5), int16: w(1000, 3), int8: w(1000, 5), int4: w(4000, 5) },
  'resnet-fashion': { fp32: w(1000, 5), int16: w(2000, 5), int8: w(2000, 5), int4: w(4000, 5) },
  'lenet5-fashion': { fp32: w(1000, 3), int16: w(2000, 5), int8: w(2000, 5), int4: w(4000, 5) },
  'alexnet-fashion': { fp32: w(1000, 3), int16: w(2000, 5), int8: w(2000, 5), int4: w(4000, 5) },
  'squeezenet-mnist': { fp32: w(1000, 5), int16: w(1000, 3), int8: w(1000, 3), int4: w(1000, 5) },
  'mobilenetv2-fashion': {
    fp32: w(1000, 3),
    int16: w(1000, 3),
    int8: w(1000, 3),
    int4: w(1000, 5),
  },
  'vgg-mnist': { fp32: w(1000, 3), int16: w(1000, 5), int8: w(1000, 5), int4: w(2000, 5) },
  'snn-mnist': { fp32: w(1000, 5), int16: w(1000, 3), int8: w(1000, 3), int4: w(1000, 5) },
  'snn-mnist-fat': { fp32: w(1000, 5), int16: w(1000, 5), int8: w(1000, 3), int4: w(1000, 5) },
};

/** The default images × trials of a model in a format; FALLBACK_WORKLOAD for those not in the table. */
export function workloadFor(modelId: string, format: Format): Workload {
  const measured = Object.hasOwn(ZOO_WORKLOADS, modelId)
    ? ZOO_WORKLOADS[modelId][format]
    : undefined;
  return { ...(measured ?? FALLBACK_WORKLOAD) };
}
