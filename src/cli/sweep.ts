/**
 * `eden sweep`: accuracy vs BER of a zoo model stored in a format, under an error model, on
 * the test set (mean over trials with a 95 % CI: src/core/stats.ts). The same Evaluator as
 * the browser worker, on tfjs-wasm (cpu fallback) in Node.
 */
import Papa from 'papaparse';
import { DEFAULT_ROW_BYTES } from '../core/dram/geometry';
import { DEFAULT_SWEEP_BERS } from '../core/stats';
import type { ZooEntry } from '../core/models/zoo';
import { DATASETS } from '../core/data/catalog';
import { FORMATS, type DataKind } from '../core/types';
import type { CorrectionMode } from '../core/eden/correct';
import type { RunConfig, SweepResult } from '../contract/api';
import { EngineError } from '../engine/engineError';
import { sweepInNode, zooEntry } from '../engine/nodeEngine';
import {
  atMostOne,
  CliError,
  int,
  LIMITS,
  listOption,
  num,
  oneOf,
  parseOptions,
  printJson,
  seedOption,
  str,
} from './args';
import { errorModelArgs } from './pipelineArgs';

const USAGE = `usage: eden sweep --model <id> --format fp32|int16|int8|int4 [--error-model 0..3 (0)]
  [--ber 0,1e-5,...] [--target weights|ifm|ofm|all] [--trials K] [--samples N] [--seed s]
  [--module-seed m] [--correction none|zero|clamp] [--weak-fraction f] [--one-to-zero-share r]
  [--persistent] [--row-bytes 8192] [--backend wasm|cpu] [--batch 1000] [--json | --csv]
defaults: --ber = 0 and 11 log-spaced BERs 1e-5…1e-1, --target all, --trials 5, all test samples,
  --correction zero for fp32 and none otherwise`;

/**
 * `--ber` list: each in [0, maxBer] (models 1/2: at most the weak fraction); the default list
 * stops at maxBer.
 */
function parseBers(raw: string | undefined, maxBer: number): number[] {
  if (raw === undefined) return DEFAULT_SWEEP_BERS.filter((b) => b <= maxBer);
  const bers = listOption('ber', raw, (s) => num('ber', s));
  for (const b of bers)
    if (b < 0 || b > maxBer)
      throw new CliError(
        `--ber values must be in [0, ${maxBer}]${maxBer < 1 ? ' (at most the weak fraction)' : ''}, got ${b}`,
      );
  return bers;
}

/** The result as CSV rows (one per BER point). */
export function sweepCsv(r: SweepResult): string {
  return Papa.unparse(
    r.points.map((p) => ({
      model: r.model,
      format: r.format,
      errorModel: r.errorModel.id,
      baseline: r.baseline,
      ber: p.ber,
      mean: p.mean,
      lo: p.lo,
      hi: p.hi,
      min: p.min,
      max: p.max,
      trials: p.trials,
      samples: p.samples,
    })),
  );
}

/** Options of the commands that run a zoo model at operating points (sweep, why). */
export const RUN_OPTIONS = {
  model: { type: 'string' },
  format: { type: 'string' },
  'error-model': { type: 'string' },
  ber: { type: 'string' },
  target: { type: 'string' },
  trials: { type: 'string' },
  samples: { type: 'string' },
  seed: { type: 'string' },
  'module-seed': { type: 'string' },
  correction: { type: 'string' },
  'weak-fraction': { type: 'string' },
  'one-to-zero-share': { type: 'string' },
  persistent: { type: 'boolean' },
  'row-bytes': { type: 'string' },
  backend: { type: 'string' },
  batch: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type RunRaw = Partial<Record<keyof typeof RUN_OPTIONS, string | boolean>>;

/**
 * The zoo entry and run configuration from the options (one-line CliError for a bad value):
 * --model, --format, --error-model and its parameters, --correction (zero for fp32, else none),
 * --samples, --trials, --module-seed, --seed, --row-bytes, each within its bounds (args.ts
 * LIMITS; samples within the test set), and the highest BER the error model allows.
 */
export function runConfigOf(
  o: RunRaw,
  defaultSamples: number,
  defaultTrials: number,
  defaultErrorModel: number,
): { entry: ZooEntry; config: RunConfig; maxBer: number } {
  if (!o.model) throw new CliError('--model is required (see `eden zoo`)');
  const format = oneOf('format', str(o.format), FORMATS);
  const { errorModel, maxBer } = errorModelArgs(o, defaultErrorModel, 1);
  let entry: ZooEntry;
  try {
    entry = zooEntry(str(o.model)!);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const tests = DATASETS[entry.dataset].counts.test;
  const config: RunConfig = {
    modelId: entry.id,
    format,
    errorModel,
    correction: oneOf<CorrectionMode>(
      'correction',
      str(o.correction),
      ['none', 'zero', 'clamp'],
      format === 'fp32' ? 'zero' : 'none',
    ),
    samples: int('samples', str(o.samples), Math.min(defaultSamples, tests), 1, tests),
    trials: int('trials', str(o.trials), defaultTrials, 1, LIMITS.trials),
    moduleSeed: seedOption('module-seed', str(o['module-seed']), 1),
    trialSeed: seedOption('seed', str(o.seed), 1),
    rowBytes: int('row-bytes', str(o['row-bytes']), DEFAULT_ROW_BYTES, 1, LIMITS.rowBytes),
  };
  return { entry, config, maxBer };
}

export async function run(argv: string[]): Promise<number> {
  const o = parseOptions(argv, RUN_OPTIONS);
  if (o.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  atMostOne(o, ['json', 'csv']);
  const { entry, config, maxBer } = runConfigOf(o, 10_000, 5, 0);
  // Spiking networks (issue #8) run on their own simulator: src/cli/snn.ts.
  if (entry.family === 'snn') return (await import('./snn')).runSnnSweep(argv);
  const target = oneOf<DataKind | 'all'>(
    'target',
    o.target,
    ['weights', 'ifm', 'ofm', 'all'],
    'all',
  );
  const bers = parseBers(o.ber, maxBer);
  const backend = oneOf('backend', o.backend, ['wasm', 'cpu'] as const, 'wasm');
  const batchSize = int('batch', o.batch, 1000, 1, LIMITS.batch);
  const quiet = o.json || o.csv;
  const t0 = performance.now();
  let out;
  try {
    out = await sweepInNode({
      config,
      bers,
      target,
      backend,
      options: { batchSize },
      onPoint: quiet
        ? undefined
        : (p, done, total) =>
            process.stderr.write(
              `  [${done}/${total}] BER ${p.ber.toExponential(1)}: ${(100 * p.mean).toFixed(2)} %\n`,
            ),
    });
  } catch (e) {
    if (e instanceof EngineError && e.code === 'bad-input') throw new CliError(e.message);
    if (e instanceof Error && e.name === 'ErrorParamError') throw new CliError(e.message);
    throw e;
  }
  const { result } = out;
  if (o.json) printJson(result);
  else if (o.csv) process.stdout.write(sweepCsv(result) + '\n');
  else {
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    process.stdout.write(
      `${result.model} ${result.format}, error model ${result.errorModel.id}, target ${target}, ${config.trials} trials × ${config.samples} samples (${out.backend}, ${s} s)\n` +
        `baseline (clean) accuracy: ${(100 * result.baseline).toFixed(2)} %\n` +
        `${'BER'.padEnd(10)}${'mean %'.padStart(9)}${'95% CI'.padStart(18)}${'min–max %'.padStart(16)}\n` +
        result.points
          .map(
            (p) =>
              `${p.ber.toExponential(1).padEnd(10)}${(100 * p.mean).toFixed(2).padStart(9)}${`[${(100 * p.lo).toFixed(2)}, ${(100 * p.hi).toFixed(2)}]`.padStart(18)}${`${(100 * p.min).toFixed(1)}–${(100 * p.max).toFixed(1)}`.padStart(16)}`,
          )
          .join('\n') +
        '\n',
    );
  }
  return 0;
}
