/**
 * The EDEN pipeline over the engine (CLI and worker alike): the engine's Evaluator wrapped as
 * the pipeline's evaluators (searches; validation runs with fresh trial seeds), estimates
 * narrowed to trial noise (a paired comparison with the clean accuracy on the same images).
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { DramProfile } from '../core/dram';
import type { CorrectionMode } from '../core/eden/correct';
import {
  type Estimate,
  type Evaluator as PipelineEvaluator,
  trialNoiseOnly,
} from '../core/eden/evaluator';
import type { PipelineInput } from '../core/eden/pipeline';
import type { ZooEntry } from '../core/models/zoo';
import type { ErrorModelSpec, Format } from '../core/types';
import type { RunConfig } from '../contract/api';
import { Evaluator, type EvalOptions, type EvalSet } from './evaluate';
import { storeModel } from './storedModel';

export interface PipelineRunOptions {
  format: Format;
  errorModel: ErrorModelSpec;
  correction: CorrectionMode;
  seed: number;
  samples: number;
  trials: number;
  /** Trials of the validation runs (fresh trial seeds). */
  validationTrials: number;
  rowBytes: number;
  targetDrop: number;
  maxBer: number;
  minBer?: number;
  profile: DramProfile;
  signal?: AbortSignal;
  /**
   * The original model a boosted one is judged against (EDEN: within 1 point of the original
   * DNN's accuracy): the target is its clean accuracy on the same images, minus the drop.
   */
  reference?: { model: LayersModel; entry: ZooEntry };
  /** Engine evaluation options (batch size per backend). */
  evalOptions?: Partial<EvalOptions>;
}

export interface PipelineRun {
  /** Clean accuracy of this model, and of the reference when there is one (same images). */
  modelClean: number;
  referenceClean: number | null;
  input: PipelineInput;
  /** Evaluator of the validation runs: another trial seed, its own trial count. */
  validate: PipelineEvaluator;
  /** Evaluations run so far (searches + validation). */
  evaluations: () => number;
  dispose(): void;
}

/** `test`: the test set of the model's dataset (the reference model is measured on it too). */
export async function createPipelineRun(
  model: LayersModel,
  entry: ZooEntry,
  test: EvalSet,
  o: PipelineRunOptions,
): Promise<PipelineRun> {
  if (o.samples > test.count)
    throw new Error(`samples must be at most ${test.count}, got ${o.samples}`);
  const stored = storeModel(model, entry, o.format);
  const config = (trialSeed: number, trials: number): RunConfig => ({
    modelId: entry.id,
    format: o.format,
    errorModel: o.errorModel,
    correction: o.correction,
    samples: o.samples,
    trials,
    moduleSeed: o.seed,
    trialSeed,
    rowBytes: o.rowBytes,
  });
  const opts = { batchSize: 1000, ...o.evalOptions, firstEstimateSamples: 0, signal: o.signal };
  const search = new Evaluator(stored, test, config(o.seed, o.trials), opts);
  const check = new Evaluator(stored, test, config(o.seed + 7919, o.validationTrials), opts);
  let count = 0;
  const wrap =
    (ev: Evaluator): PipelineEvaluator =>
    async (assignment): Promise<Estimate> => {
      count++;
      return trialNoiseOnly(await ev.evaluate(assignment));
    };
  const evaluate = wrap(search);
  const clean = await evaluate({ mode: 'coarse', ber: 0, target: 'all' });
  let referenceClean: number | null = null;
  if (o.reference) {
    const ref = storeModel(o.reference.model, o.reference.entry, o.format);
    try {
      const ev = new Evaluator(ref, test, config(o.seed, 1), opts);
      referenceClean = (await ev.evaluate({ mode: 'coarse', ber: 0, target: 'all' })).mean;
    } finally {
      ref.dispose();
    }
  }
  return {
    modelClean: clean.mean,
    referenceClean,
    input: {
      evaluate,
      cleanAccuracy: referenceClean ?? clean.mean,
      dataTypes: entry.dataTypes,
      format: o.format,
      targetDrop: o.targetDrop,
      maxBer: o.maxBer,
      minBer: o.minBer,
      profile: o.profile,
      signal: o.signal,
    },
    validate: wrap(check),
    evaluations: () => count,
    dispose: () => stored.dispose(),
  };
}
