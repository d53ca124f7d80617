/**
 * The CLI for the zoo's spiking networks (issue #8). The generic commands hand SNN models
 * over to this file: `eden eval` (runSnnEval) and `eden sweep` (runSnnSweep) do it already;
 * `eden characterize` and `eden map` should call runSnnCharacterize / runSparkxdMap for a
 * model of family 'snn'. Until then, `eden snn <sub>` runs them directly:
 *
 *   snn sweep --model <id> [--format int8] [--error-model 0] [--ber list] [--target weights|all]
 *             [--trials K] [--samples N] [--seed 1] [--module-seed 1] [--row-bytes 8192]
 *             [--correction none|zero|clamp] [--weak-fraction f] [--one-to-zero-share r]
 *             [--persistent] [--backend wasm|cpu] [--batch 1000] [--json | --csv]
 *   snn characterize --model <id> [--format int8] [--error-model 0] [--target-drop 0.01]
 *             [--profile ddr3-eden] [sweep options] [--json]
 *   snn map --model <id> [--format int8] [--policy sparkxd|naive|both] [--profile ddr3-eden]
 *           [--ber p] [--buffer-kib 32] [--json]
 *
 * Images × trials default to the model's and format's (src/core/models/workload.ts: a 10k-image
 * pass of the SNN takes ~15 s here, T = 32 timesteps, so the cost cap keeps them small).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { largestStepForBer, loadProfile, PROFILE_IDS, type DramProfile } from '../core/dram';
import { maxBerFor } from '../core/errors/params';
import type { CorrectionMode } from '../core/eden/correct';
import { TARGET_DROP } from '../core/eden/evaluator';
import { workloadFor } from '../core/models/workload';
import type { ZooEntry } from '../core/models/zoo';
import { readZoo as readZooFile } from '../engine/nodeZoo';
import { MAPPING_POLICIES } from '../core/sparkxd/mapping';
import {
  DEFAULT_BUFFER_BYTES,
  sparkxdReport,
  weightMatrices,
  type PolicyResult,
} from '../core/sparkxd/report';
import { DEFAULT_SWEEP_BERS } from '../core/stats';
import { FORMATS, type ErrorModelSpec, type Format } from '../core/types';
import { readKernels } from '../core/snn/dram-read';
import { evaluateSnn } from '../engine/snn/simulate';
import { initNodeBackend } from '../engine/tfNode';
import { publicDir } from '../engine/nodePaths';
import { floatDataset } from '../engine/snn/data-node';
import { loadSnn } from '../engine/snn/load';
import { nodePublicReader } from '../engine/snn/load-node';
import {
  snnTolerableBer,
  sweepSnn,
  type SnnModel,
  type SnnSweepOptions,
} from '../engine/snn/sweep';
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
} from './args';
import { errorModelArgs, TEST_SAMPLES } from './pipelineArgs';
import { sweepCsv } from './sweep';

function readZoo(): ZooEntry[] {
  try {
    return readZooFile().models;
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

/** The zoo entry `id` if it is an SNN, with its spec and clean kernels. */
export async function loadZooSnn(
  id: string | undefined,
): Promise<{ entry: ZooEntry; model: SnnModel }> {
  const models = readZoo();
  const snns = models.filter((m) => m.family === 'snn').map((m) => m.id);
  if (!id)
    throw new CliError(`--model is required (SNNs in the zoo: ${snns.join(', ') || 'none'})`);
  const entry = models.find((m) => m.id === id);
  if (!entry)
    throw new CliError(`no model "${id}" in the zoo (SNNs: ${snns.join(', ') || 'none'})`);
  if (entry.family !== 'snn')
    throw new CliError(`model "${id}" is not an SNN (family ${entry.family})`);
  try {
    return { entry, model: await loadSnn(entry, nodePublicReader()) };
  } catch (e) {
    throw new CliError(`cannot load SNN "${id}": ${(e as Error).message}`);
  }
}

/** The value of --model in raw argv (`--model x` or `--model=x`), for the generic commands' dispatch. */
export function modelArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--model') return argv[i + 1];
    if (argv[i].startsWith('--model=')) return argv[i].slice('--model='.length);
  }
  return undefined;
}

/** Whether a generic command should hand `argv` to this file: an SNN model, or (map) --policy. */
export function routesToSnn(argv: readonly string[], policyFlag = false): boolean {
  if (policyFlag && argv.some((a) => a === '--policy' || a.startsWith('--policy='))) return true;
  return isZooSnn(modelArg(argv));
}

/** true if `id` names a zoo model of family 'snn' (for the generic commands' dispatch). */
export function isZooSnn(id: string | undefined): boolean {
  try {
    return !!id && readZoo().some((m) => m.id === id && m.family === 'snn');
  } catch {
    return false;
  }
}

const common = {
  model: { type: 'string' },
  format: { type: 'string' },
  'error-model': { type: 'string' },
  target: { type: 'string' },
  trials: { type: 'string' },
  samples: { type: 'string' },
  seed: { type: 'string' },
  'module-seed': { type: 'string' },
  'row-bytes': { type: 'string' },
  correction: { type: 'string' },
  'weak-fraction': { type: 'string' },
  'one-to-zero-share': { type: 'string' },
  persistent: { type: 'boolean' },
  backend: { type: 'string' },
  batch: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function commonOptions(o: { [K in keyof typeof common]?: string | boolean }) {
  const str = (k: keyof typeof common) => o[k] as string | undefined;
  const target = oneOf(
    'target',
    o.target as string | undefined,
    ['weights', 'ifm', 'ofm', 'all'] as const,
    'weights',
  );
  if (target === 'ifm' || target === 'ofm') {
    throw new CliError(
      `an SNN keeps its spikes on chip: only its weights live in DRAM (--target ${target} does not apply)`,
    );
  }
  const format = oneOf('format', o.format as string | undefined, FORMATS, 'int8');
  const { errorModel: checked } = errorModelArgs(o, 0, 1);
  const correction =
    o.correction === undefined
      ? undefined
      : oneOf('correction', o.correction as string, ['none', 'zero', 'clamp'] as const);
  const errorModel: ErrorModelSpec = { ...checked, persistent: !!o.persistent };
  // The model's default images × trials (README "Choosing images × trials").
  const usual = workloadFor(str('model') ?? '', format);
  return {
    format,
    errorModel,
    backend: oneOf('backend', str('backend'), ['wasm', 'cpu'] as const, 'wasm'),
    batchSize: int('batch', str('batch'), 1000, 1, LIMITS.batch),
    trials: int('trials', str('trials'), usual.trials, 1, LIMITS.trials),
    samples: int('samples', str('samples'), usual.samples, 1, TEST_SAMPLES),
    trialSeed: seedOption('seed', str('seed'), 1),
    moduleSeed: seedOption('module-seed', str('module-seed'), 1),
    rowBytes: int('row-bytes', str('row-bytes'), 8192, 1, LIMITS.rowBytes),
    correction: correction as CorrectionMode | undefined,
  };
}

function berList(raw: string | undefined): number[] {
  if (raw === undefined) return [...DEFAULT_SWEEP_BERS];
  const bers = listOption('ber', raw, (s) => num('ber', s));
  for (const b of bers)
    if (b < 0 || b > 1) throw new CliError(`--ber values must be in [0, 1], got ${b}`);
  return bers;
}

async function setup(samples: number, prefer: 'wasm' | 'cpu' = 'wasm') {
  const backend = await initNodeBackend(prefer);
  const test = floatDataset('mnist', 'test');
  if (samples > test.count)
    throw new CliError(`--samples ${samples} exceeds the ${test.count} test images`);
  return { backend, test };
}

function progress(json: boolean) {
  return (p: { ber: number; mean: number; lo: number; hi: number; trials: number }) => {
    if (!json)
      process.stderr.write(
        `  BER ${p.ber.toExponential(2)}: ${(100 * p.mean).toFixed(2)} % [${(100 * p.lo).toFixed(2)}, ${(100 * p.hi).toFixed(2)}] (${p.trials} trials)\n`,
      );
  };
}

export async function runSnnSweep(argv: string[]): Promise<number> {
  const o = parseOptions(argv, { ...common, ber: { type: 'string' }, csv: { type: 'boolean' } });
  atMostOne(o, ['json', 'csv']);
  const c = commonOptions(o);
  const bers = berList(o.ber);
  const { entry, model } = await loadZooSnn(o.model);
  const { test } = await setup(c.samples, c.backend);
  const opts: SnnSweepOptions = { ...c, bers, onPoint: progress(!!o.json || !!o.csv) };
  const r = await sweepSnn(model, test, opts).catch((e: Error) => {
    throw new CliError(e.message);
  });
  if (o.csv) process.stdout.write(sweepCsv(r) + '\n');
  else if (o.json) printJson({ ...r, family: entry.family, samples: c.samples, target: 'weights' });
  else
    process.stdout.write(
      `${entry.id} ${c.format}, error model ${c.errorModel.id}: clean ${(100 * r.baseline).toFixed(2)} % on ${c.samples} test images\n`,
    );
  return 0;
}

export async function runSnnCharacterize(argv: string[]): Promise<number> {
  const o = parseOptions(argv, {
    ...common,
    mode: { type: 'string' },
    'target-drop': { type: 'string' },
    profile: { type: 'string' },
  });
  const mode = oneOf('mode', o.mode, ['coarse', 'fine'] as const, 'coarse');
  if (mode === 'fine')
    throw new CliError('an SNN has one data kind in DRAM (weights): use --mode coarse');
  const c = commonOptions(o);
  const maxDrop = num('target-drop', o['target-drop'], 0.01, TARGET_DROP);
  const { entry, model } = await loadZooSnn(o.model);
  const profile = await profileFor(o.profile);
  const { test } = await setup(c.samples, c.backend);
  const maxBer = maxBerFor(c.errorModel);
  const r = await snnTolerableBer(model, test, {
    ...c,
    maxDrop,
    search: {
      minBer: 1e-5,
      maxBer,
      perDecade: 2,
      refine: 3,
      onPoint: (p) => progress(!!o.json)({ ber: p.ber, ...p.estimate }),
    },
  }).catch((e: Error) => {
    throw new CliError(e.message);
  });
  const vdd = largestStepForBer(profile, 'vdd', r.tolerableBer);
  const trcd = largestStepForBer(profile, 'trcd', r.tolerableBer);
  const out = {
    model: entry.id,
    format: c.format,
    errorModel: c.errorModel,
    mode,
    samples: c.samples,
    trials: c.trials,
    ...r,
    profile: profile.id,
    vdd,
    trcd,
  };
  if (o.json) printJson(out);
  else
    process.stdout.write(
      `${entry.id} ${c.format}, error model ${c.errorModel.id}: clean ${(100 * r.baseline).toFixed(2)} %, tolerable BER ${r.tolerableBer.toExponential(2)} (lower CI bound ≥ ${(100 * r.targetAccuracy).toFixed(2)} %), ΔVDD ${vdd.delta.toFixed(2)} V, ΔtRCD ${trcd.delta.toFixed(1)} ns on ${profile.id}\n`,
    );
  return 0;
}

async function profileFor(id: string | undefined): Promise<DramProfile> {
  const chosen = oneOf('profile', id, PROFILE_IDS, 'ddr3-eden');
  return loadProfile(chosen, async (p) =>
    JSON.parse(readFileSync(join(publicDir(), p), 'utf8')),
  ).catch((e: Error) => {
    throw new CliError(e.message);
  });
}

function describePolicy(p: PolicyResult): string {
  const c = p.counts;
  return `${p.policy.padEnd(8)} RD ${c.reads}, ACT ${c.activates}, PRE ${c.precharges}, row hits ${(100 * p.rowHitRate).toFixed(1)} %, ${(c.timeNs / 1000).toFixed(1)} µs, ${(p.nominal.total * 1e6).toFixed(2)} µJ nominal / ${(p.approx.total * 1e6).toFixed(2)} µJ approximate`;
}

export async function runSparkxdMap(argv: string[]): Promise<number> {
  const o = parseOptions(argv, {
    model: { type: 'string' },
    format: { type: 'string' },
    policy: { type: 'string' },
    profile: { type: 'string' },
    ber: { type: 'string' },
    'buffer-kib': { type: 'string' },
    json: { type: 'boolean' },
  });
  const format = oneOf('format', o.format, FORMATS, 'int8');
  const policy = oneOf('policy', o.policy, [...MAPPING_POLICIES, 'both'] as const, 'both');
  const ber = num('ber', o.ber, 0);
  if (ber < 0 || ber > 1) throw new CliError(`--ber must be in [0, 1], got ${ber}`);
  const bufferKib = num('buffer-kib', o['buffer-kib'], DEFAULT_BUFFER_BYTES / 1024);
  if (!(bufferKib > 0)) throw new CliError(`--buffer-kib must be > 0, got ${bufferKib}`);
  const { entry, model } = await loadZooSnn(o.model);
  const profile = await profileFor(o.profile);
  const r = sparkxdReport(
    profile,
    weightMatrices(model.spec.layers, format),
    bufferKib * 1024,
    ber,
  );
  const chosen = policy === 'both' ? [r.naive, r.sparkxd] : [r[policy]];
  if (o.json) printJson({ model: entry.id, format, policy, ...r });
  else {
    process.stdout.write(
      `${entry.id} ${format} (${r.weightBytes} B of weights) on ${profile.id}, ${bufferKib} KiB weight buffer; BER ${ber} → VDD ${r.vdd.approx.toFixed(2)} V (Δ ${r.vdd.delta.toFixed(2)} V)\n`,
    );
    for (const p of chosen) process.stdout.write(`  ${describePolicy(p)}\n`);
    const s = r.savings;
    process.stdout.write(
      `  saving vs naive at nominal VDD: mapping ${(100 * s.mapping).toFixed(1)} % + voltage ${(100 * s.voltage).toFixed(1)} % = combined ${(100 * s.combined).toFixed(1)} % (voltage alone on naive: ${(100 * s.voltageOnNaive).toFixed(1)} %)\n`,
    );
  }
  return 0;
}

/** `eden eval` for an SNN: clean accuracy of the SNN with its weights stored in `format`. */
export async function runSnnEval(
  entry: ZooEntry,
  format: Format,
  samples: number,
  backend: string,
  json: boolean,
): Promise<number> {
  const model = await loadSnn(entry, nodePublicReader());
  const test = floatDataset(entry.dataset, 'test');
  const t0 = performance.now();
  const read = readKernels(model.spec.layers, model.kernels, {
    format,
    errorModel: { id: 0 },
    ber: 0,
    moduleSeed: 0,
    trialSeed: 0,
    rowBytes: 8192,
  });
  const r = await evaluateSnn(model.spec, read.kernels, test.images, test.labels, samples);
  const seconds = (performance.now() - t0) / 1000;
  if (json) {
    printJson({
      model: entry.id,
      dataset: entry.dataset,
      format,
      samples,
      correct: r.correct,
      accuracy: r.accuracy,
      backend,
      seconds,
      spikesPerSample: r.spikesPerSample,
    });
  } else {
    process.stdout.write(
      `${entry.id} (SNN, T = ${model.spec.timesteps}) stored as ${format}: ${(100 * r.accuracy).toFixed(2)} % (${r.correct}/${samples}, ${backend}, ${seconds.toFixed(1)} s)\n`,
    );
  }
  return 0;
}

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  sweep: runSnnSweep,
  characterize: runSnnCharacterize,
  map: runSparkxdMap,
};

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const usage = `usage: eden snn <${Object.keys(SUBCOMMANDS).join('|')}> --model <id> [options]`;
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(usage + '\n');
    return 0;
  }
  const f = sub ? SUBCOMMANDS[sub] : undefined;
  if (!f) throw new CliError(`${usage} (got "${sub ?? ''}")`);
  return f(rest);
}
