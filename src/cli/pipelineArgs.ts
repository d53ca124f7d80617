/**
 * Options shared by the EDEN pipeline commands (`boost`, `characterize`, `map`) and the model
 * they work on: a zoo model (`--model ID`) or a model directory (`--model-dir DIR`, e.g. what
 * `boost --out DIR` wrote: model.json + weights.bin + entry.json).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { CorrectionMode } from '../core/eden/correct';
import { TARGET_DROP } from '../core/eden/evaluator';
import { ErrorParamError, maxBerFor, resolveModel } from '../core/errors';
import { DATASETS } from '../core/data/catalog';
import { workloadFor } from '../core/models/workload';
import { zooEntrySchema, type ZooEntry } from '../core/models/zoo';
import { FORMATS, type ErrorModelId, type ErrorModelSpec, type Format } from '../core/types';
import { DEFAULT_PROFILE_ID, PROFILE_IDS, type DramProfile } from '../core/dram';
import { checkModelAlone, checkModelOnData } from '../engine/modelChecks';
import { describeModel } from '../engine/modelEntry';
import { nodePipeline, readProfile } from '../engine/nodePipeline';
import type { PipelineRun } from '../engine/pipelineRun';
import { loadDatasetFile } from '../engine/nodeData';
import { loadEntryModel } from '../engine/nodeEngine';
import { findZooEntry, readZoo } from '../engine/nodeZoo';
import { initNodeBackend, loadModelFromDir, type NodeBackend } from '../engine/tfNode';
import { CliError, int, LIMITS, num, oneOf, seedOption, str } from './args';
import { issueAt } from '../core/schemaIssue';

export const PIPELINE_OPTIONS = {
  model: { type: 'string' },
  'model-dir': { type: 'string' },
  format: { type: 'string' },
  'error-model': { type: 'string' },
  'weak-fraction': { type: 'string' },
  'one-to-zero-share': { type: 'string' },
  persistent: { type: 'boolean' },
  'target-drop': { type: 'string' },
  seed: { type: 'string' },
  correction: { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const PIPELINE_USAGE = `  --model ID | --model-dir DIR   a zoo model, or a saved model (boost --out; entry.json beside it,
                                 else --model names the zoo model whose dataset it uses)
  [--format fp32|int16|int8|int4 (int8)] [--error-model 0..3 (0)] [--weak-fraction f]
  [--one-to-zero-share r] [--persistent] [--target-drop d (0.01)] [--seed s (1)]
  [--correction none|zero|clamp (zero for fp32, none otherwise)] [--backend wasm|cpu] [--json]`;

type Raw = Partial<Record<keyof typeof PIPELINE_OPTIONS, string | boolean>>;

export interface PipelineArgs {
  modelId?: string;
  modelDir?: string;
  format: Format;
  errorModel: ErrorModelSpec;
  /** Highest BER the error model allows (models 1/2: the weak fraction). */
  maxBer: number;
  targetDrop: number;
  seed: number;
  correction: CorrectionMode;
  backend: NodeBackend;
  json: boolean;
}

/**
 * `--error-model`, `--weak-fraction`, `--one-to-zero-share`, `--persistent` → the error model,
 * checked in full (src/core/errors resolveModel) before any work, and the highest BER it
 * allows (models 1/2: the weak fraction; at most `cap`).
 */
export function errorModelArgs(
  o: Raw,
  fallbackId: number | undefined = 0,
  cap = 0.5,
): { errorModel: ErrorModelSpec; maxBer: number } {
  const id = int('error-model', str(o['error-model']), fallbackId, 0, 3);
  const errorModel: ErrorModelSpec = { id: id as ErrorModelId };
  const wf = str(o['weak-fraction']);
  const oz = str(o['one-to-zero-share']);
  if (wf !== undefined)
    errorModel.weakFraction = num('weak-fraction', wf, undefined, { above: 0, max: 1 });
  if (oz !== undefined)
    errorModel.oneToZeroShare = num('one-to-zero-share', oz, undefined, { min: 0, max: 1 });
  if (o.persistent) errorModel.persistent = true;
  const maxBer = maxBerFor(errorModel, cap);
  try {
    resolveModel(errorModel, maxBer);
  } catch (e) {
    if (e instanceof ErrorParamError) throw new CliError(e.message);
    throw e;
  }
  return { errorModel, maxBer };
}

export function pipelineArgs(o: Raw): PipelineArgs {
  const modelId = str(o.model);
  const modelDir = str(o['model-dir']);
  if (!modelId && !modelDir)
    throw new CliError('--model or --model-dir is required (see `eden zoo` for ids)');
  const format = oneOf('format', str(o.format), FORMATS, 'int8');
  const { errorModel, maxBer } = errorModelArgs(o);
  const targetDrop = num('target-drop', str(o['target-drop']), 0.01, TARGET_DROP);
  return {
    modelId,
    modelDir,
    format,
    errorModel,
    maxBer,
    targetDrop,
    seed: seedOption('seed', str(o.seed), 1),
    // EDEN: out-of-range correction on by default for fp32 (a flipped exponent bit is huge).
    correction: oneOf<CorrectionMode>(
      'correction',
      str(o.correction),
      ['none', 'zero', 'clamp'],
      format === 'fp32' ? 'zero' : 'none',
    ),
    backend: oneOf('backend', str(o.backend), ['wasm', 'cpu'] as const, 'wasm'),
    json: o.json === true,
  };
}

export interface OpenedModel {
  entry: ZooEntry;
  model: LayersModel;
  backend: NodeBackend;
  /** Where it came from (zoo id or directory). */
  source: string;
}

export const ENTRY_FILE = 'entry.json';

/** Test images every dataset has (src/core/data/catalog.ts): the bound of `--samples`. */
export const TEST_SAMPLES = Math.min(...Object.values(DATASETS).map((d) => d.counts.test));

/** Loads the model and its entry; user errors become one-line CliErrors. */
export async function openModel(a: PipelineArgs): Promise<OpenedModel> {
  const backend = await initNodeBackend(a.backend);
  const fail = (e: unknown): never => {
    throw new CliError((e as Error).message.split('\n')[0]);
  };
  if (!a.modelDir) {
    const entry = findEntry(a.modelId!);
    const model = await loadEntryModel(entry).catch(fail);
    return { entry, model, backend, source: entry.id };
  }
  const dir = a.modelDir;
  const modelFile = join(dir, 'model.json');
  if (!existsSync(modelFile)) throw new CliError(`--model-dir ${dir} holds no model.json`);
  const model = await loadModelFromDir(dir).catch((e: Error) =>
    fail(new Error(`${modelFile}: ${e.message}`)),
  );
  try {
    const entryFile = join(dir, ENTRY_FILE);
    const saved = existsSync(entryFile) ? readEntryFile(entryFile) : null;
    if (!saved && !a.modelId)
      throw new CliError(
        `${entryFile} is missing: name the zoo model whose dataset it uses with --model`,
      );
    const base = saved ?? findEntry(a.modelId!);
    // The page's checks of a user's model (engine/modelChecks.ts), before any calibration.
    const test = loadDatasetFile(base.dataset, 'test');
    try {
      checkModelAlone(model);
      checkModelOnData(model, test, `the ${DATASETS[base.dataset].name} test set`);
    } catch (e) {
      throw new CliError(`${modelFile}: ${(e as Error).message}`);
    }
    if (saved) return { entry: saved, model, backend, source: dir };
    const entry = await describeModel(
      model,
      base,
      {
        id: `${base.id}-user`,
        name: `${base.name} (from ${dir})`,
        path: modelFile,
        training: base.training,
      },
      loadDatasetFile(base.dataset, 'train'),
      test,
    );
    return { entry, model, backend, source: dir };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/** A zoo entry by id; an unknown id is a one-line CliError. */
function findEntry(id: string): ZooEntry {
  try {
    return findZooEntry(readZoo(), id);
  } catch (e) {
    throw new CliError((e as Error).message.split('\n')[0]);
  }
}

/** A saved model's entry.json (boost --out), checked; a bad one is a CliError naming the file. */
function readEntryFile(entryFile: string): ZooEntry {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(entryFile, 'utf8'));
  } catch (e) {
    throw new CliError(`${entryFile} is not valid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = zooEntrySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${entryFile} is invalid at ${issueAt(issue)}`);
  }
  return parsed.data;
}

/** Options of the commands that measure accuracy (characterize, map). */
export const EVAL_OPTIONS = {
  samples: { type: 'string' },
  trials: { type: 'string' },
  'validation-trials': { type: 'string' },
  profile: { type: 'string' },
  'min-ber': { type: 'string' },
  'row-bytes': { type: 'string' },
  'reference-model': { type: 'string' },
} as const;

export const EVAL_USAGE = `  [--samples N] [--trials K] (default: the model's and format's, README "Choosing images × trials")
  [--validation-trials K (2 × trials)] [--profile ${PROFILE_IDS.join('|')}]
  [--min-ber p (1e-7)] [--row-bytes B (the profile's row)]
  [--reference-model ID (the original model the target is taken from; for a boost --out
   directory, the model it was boosted from)]`;

/** Opens the model and builds the pipeline (evaluators on the engine, DRAM profile). */
export async function openPipeline(
  a: PipelineArgs,
  o: Partial<Record<keyof typeof EVAL_OPTIONS, string | boolean>>,
  signal?: AbortSignal,
  /** Checks of the command's own options that need the model's entry (before any evaluation). */
  check?: (entry: ZooEntry) => void,
): Promise<{
  opened: OpenedModel;
  pipeline: PipelineRun;
  samples: number;
  trials: number;
  profile: DramProfile;
}> {
  const profileId = oneOf('profile', str(o.profile), PROFILE_IDS, DEFAULT_PROFILE_ID);
  const profile = await readProfile(profileId).catch((e: Error) => {
    throw new CliError(e.message);
  });
  // The model's default images × trials (a saved model: those of the zoo model --model names).
  const usual = workloadFor(a.modelId ?? '', a.format);
  const samples = int('samples', str(o.samples), usual.samples, 1, TEST_SAMPLES);
  const trials = int('trials', str(o.trials), Math.max(2, usual.trials), 2, LIMITS.trials);
  const validationTrials = int(
    'validation-trials',
    str(o['validation-trials']),
    2 * trials,
    2,
    LIMITS.trials,
  );
  const minBer = num('min-ber', str(o['min-ber']), 1e-7);
  if (!(minBer > 0 && minBer < a.maxBer))
    throw new CliError(`--min-ber must be in (0, ${a.maxBer}), got ${minBer}`);
  const rowBytes = int(
    'row-bytes',
    str(o['row-bytes']),
    profile.organization.rowBytes,
    1,
    LIMITS.rowBytes,
  );
  const opened = await openModel(a);
  try {
    check?.(opened.entry);
  } catch (e) {
    opened.model.dispose();
    throw e;
  }
  // A boosted model is judged against the original's clean accuracy (EDEN's target).
  let referenceId = str(o['reference-model']);
  const boostFile = a.modelDir ? join(a.modelDir, 'boost.json') : null;
  if (!referenceId && boostFile && existsSync(boostFile)) {
    referenceId = (JSON.parse(readFileSync(boostFile, 'utf8')) as { model?: string }).model;
  }
  let reference: { model: LayersModel; entry: ZooEntry } | undefined;
  if (referenceId) {
    const entry = (() => {
      try {
        return findZooEntry(readZoo(), referenceId);
      } catch (e) {
        throw new CliError((e as Error).message);
      }
    })();
    reference = { entry, model: await loadEntryModel(entry) };
  }
  let pipeline: PipelineRun;
  try {
    pipeline = await nodePipeline(opened.model, opened.entry, {
      format: a.format,
      errorModel: a.errorModel,
      correction: a.correction,
      seed: a.seed,
      samples,
      trials,
      validationTrials,
      rowBytes,
      targetDrop: a.targetDrop,
      maxBer: a.maxBer,
      minBer,
      profile,
      signal,
      reference,
    });
  } catch (e) {
    throw new CliError((e as Error).message.split('\n')[0]);
  } finally {
    reference?.model.dispose();
  }
  return { opened, pipeline, samples, trials, profile };
}

export type PipelineContext = Awaited<ReturnType<typeof openPipeline>>;

/** Opens the pipeline, runs `body`, and releases the model whatever happens. */
export async function withPipeline<T>(
  a: PipelineArgs,
  o: Partial<Record<keyof typeof EVAL_OPTIONS, string | boolean>>,
  body: (ctx: PipelineContext) => Promise<T>,
  check?: (entry: ZooEntry) => void,
): Promise<T> {
  const ctx = await openPipeline(a, o, undefined, check);
  try {
    return await body(ctx);
  } finally {
    ctx.pipeline.dispose();
    ctx.opened.model.dispose();
  }
}

/** The fields every pipeline command's JSON starts with. */
export function resultHeader(a: PipelineArgs, ctx: PipelineContext) {
  return {
    model: ctx.opened.entry.id,
    source: ctx.opened.source,
    format: a.format,
    errorModel: a.errorModel,
    correction: a.correction,
    profile: ctx.profile.id,
    samples: ctx.samples,
    trials: ctx.trials,
    seed: a.seed,
    cleanAccuracy: ctx.pipeline.modelClean,
    referenceAccuracy: ctx.pipeline.referenceClean,
  };
}

/** Accuracy as a percentage with two decimals (pipeline commands' human output). */
export const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
/** A BER in scientific notation (0 stays 0). */
export const sci = (x: number) => (x === 0 ? '0' : x.toExponential(2));
