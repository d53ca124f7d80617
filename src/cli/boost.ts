/**
 * `eden boost`: retrain a model with bit errors in its weights (EDEN §4; or RandBET, Stutz et
 * al. MLSys 2021) and save the boosted model to `--out DIR` (model.json + weights.bin +
 * entry.json + boost.json); `characterize` / `map` accept it back with `--model-dir DIR`.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { DATASETS } from '../core/data/catalog';
import { join } from 'node:path';
import {
  BOOST_RECIPES,
  boostSchedule,
  DEFAULT_ACTIVATION_CLIP,
  type ActivationClip,
} from '../core/eden/schedule';
import type { BoostProgress } from '../engine/boost';
import { runBoost } from '../engine/boostRun';
import { loadDatasetFile } from '../engine/nodeData';
import { saveModelToDir } from '../engine/tfNode';
import { TrainingCancelled } from '../engine/train';
import { CliError, int, LIMITS, num, oneOf, parseOptions, printJson } from './args';
import {
  ENTRY_FILE,
  openModel,
  PIPELINE_OPTIONS,
  PIPELINE_USAGE,
  pipelineArgs,
} from './pipelineArgs';

const USAGE = `usage: eden boost (--model ID | --model-dir DIR) --out DIR [--recipe eden|randbet (eden)]
  [--target-ber p (0.01)] [--epochs e (2)] [--steps n (4)] [--start-ber p] [--clip w (0.1)]
  [--train-samples n (10000 per epoch)] [--batch-size 64] [--lr 5e-4] [--validation-samples 1000]
  [--max-drop d (0.05)] [--inject all|weights (which data is read with errors while training; all)]
  [--act-clip q|off (IFM/OFM ranges clipped at the q-quantile of |x| while retraining, kept by
   the boosted model; eden 0.99, randbet off)] [--logit-clip q (logits clipped at the q-quantile
   of the images' top logit; 0.05)]
${PIPELINE_USAGE}`;

/** `--act-clip q|off` and `--logit-clip q` → the schedule's activationClip (undefined: the recipe's default). */
export function activationClipOption(
  act: string | undefined,
  logit: string | undefined,
): ActivationClip | null | undefined {
  if (act === 'off') {
    if (logit !== undefined)
      throw new CliError('--logit-clip needs activation clipping (not --act-clip off)');
    return null;
  }
  if (act === undefined && logit === undefined) return undefined;
  return {
    quantile: num('act-clip', act, DEFAULT_ACTIVATION_CLIP.quantile, { above: 0, max: 1 }),
    logitQuantile: num('logit-clip', logit, DEFAULT_ACTIVATION_CLIP.logitQuantile, {
      above: 0,
      max: 1,
    }),
  };
}

export async function run(argv: string[]): Promise<number> {
  const o = parseOptions(argv, {
    ...PIPELINE_OPTIONS,
    out: { type: 'string' },
    recipe: { type: 'string' },
    'target-ber': { type: 'string' },
    epochs: { type: 'string' },
    steps: { type: 'string' },
    'start-ber': { type: 'string' },
    clip: { type: 'string' },
    'train-samples': { type: 'string' },
    'batch-size': { type: 'string' },
    lr: { type: 'string' },
    'validation-samples': { type: 'string' },
    'max-drop': { type: 'string' },
    inject: { type: 'string' },
    'act-clip': { type: 'string' },
    'logit-clip': { type: 'string' },
  });
  if (o.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const a = pipelineArgs(o);
  // An SNN is trained fault-aware through its source network (SparkXD), not by this retraining.
  if (!a.modelDir && (await import('./snn')).isZooSnn(a.modelId))
    throw new CliError(
      `--model ${a.modelId} is a spiking network: boost retrains DNNs; its fault-aware training is \`npm run train-snn\` (SparkXD)`,
    );
  if (!o.out) throw new CliError('--out DIR is required (where the boosted model is saved)');
  if (existsSync(o.out) && !statSync(o.out).isDirectory())
    throw new CliError(`--out ${o.out} is an existing file; name a directory (new or existing)`);
  const recipe = oneOf('recipe', o.recipe, BOOST_RECIPES, 'eden');
  const inject = oneOf('inject', o.inject, ['weights', 'all'] as const, 'all');
  const targetBer = num('target-ber', o['target-ber'], 0.01, { above: 0 });
  if (targetBer > a.maxBer) {
    throw new CliError(
      `--target-ber ${targetBer} exceeds what error model ${a.errorModel.id} allows (${a.maxBer})`,
    );
  }
  let schedule;
  try {
    schedule = boostSchedule({
      recipe,
      targetBer,
      epochs: num('epochs', o.epochs, 2, { above: 0, max: LIMITS.epochs }),
      steps: int('steps', o.steps, 4, 1, LIMITS.steps),
      startBer:
        o['start-ber'] === undefined
          ? undefined
          : num('start-ber', o['start-ber'], undefined, { above: 0, max: targetBer }),
      clip: num('clip', o.clip, 0.1, { above: 0 }),
      activationClip: activationClipOption(o['act-clip'], o['logit-clip']),
    });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const batchSize = int('batch-size', o['batch-size'], 64, 1, LIMITS.batch);
  const learningRate = num('lr', o.lr, 5e-4, { above: 0, max: LIMITS.learningRate });
  const maxDrop = num('max-drop', o['max-drop'], 0.05, { min: 0, max: 1 });
  const validationSamples = int('validation-samples', o['validation-samples'], 1000, 100);
  const trainSamples = int('train-samples', o['train-samples'], 10000, 64);
  const trainCount = Math.min(...Object.values(DATASETS).map((d) => d.counts.train));
  if (trainSamples + validationSamples > trainCount) {
    throw new CliError(`--train-samples + --validation-samples must be ≤ ${trainCount}`);
  }
  const opened = await openModel(a);
  const { entry, model } = opened;
  const train = loadDatasetFile(entry.dataset, 'train');
  const test = loadDatasetFile(entry.dataset, 'test');
  const out = o.out;

  const ctl = new AbortController();
  const onSigint = () => ctl.abort();
  process.once('SIGINT', onSigint);
  const log = (p: BoostProgress) => {
    if (a.json) return;
    if (p.kind === 'batch') {
      process.stderr.write(
        `\rstage ${p.stage} BER ${p.ber.toExponential(1)} epoch ${p.epoch.toFixed(2)}/${p.totalEpochs} loss ${p.loss.toFixed(3)} acc ${p.accuracy.toFixed(3)}   `,
      );
    } else {
      const r = p.report;
      process.stderr.write(
        `\rstage ${r.stage} BER ${r.ber.toExponential(1)}: validation clean ${(100 * r.clean).toFixed(2)} %, at BER ${(100 * r.perturbed).toFixed(2)} % → ${r.decision}\n`,
      );
    }
  };
  let run;
  try {
    run = await runBoost(model, entry, train, test, {
      schedule,
      format: a.format,
      errorModel: a.errorModel,
      correction: a.correction,
      moduleSeed: a.seed,
      seed: a.seed,
      batchSize,
      learningRate,
      trainSamples,
      validationSamples,
      maxDrop,
      inject,
      onProgress: log,
      signal: ctl.signal,
      id: `${entry.id}-boosted`,
      path: join(out, 'model.json'),
      onDescribe: () => {
        if (!a.json)
          process.stderr.write(
            'measuring the boosted model (ranges, clean accuracy per format)…\n',
          );
      },
    });
  } catch (e) {
    if (e instanceof TrainingCancelled) throw new CliError('boost cancelled (nothing saved)');
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
  const { result, entry: boosted } = run;
  mkdirSync(out, { recursive: true });
  await saveModelToDir(model, out);
  writeFileSync(join(out, ENTRY_FILE), JSON.stringify(boosted, null, 1));
  const summary = {
    model: entry.id,
    source: opened.source,
    out,
    format: a.format,
    errorModel: a.errorModel,
    correction: a.correction,
    recipe,
    inject,
    schedule,
    before: result.before,
    stages: result.stages,
    cleanAccuracy: { before: entry.accuracy, after: boosted.accuracy },
    seconds: result.seconds,
    steps: result.steps,
    backend: opened.backend,
  };
  writeFileSync(join(out, 'boost.json'), JSON.stringify(summary, null, 1));
  if (a.json) printJson(summary);
  else {
    const last = result.stages[result.stages.length - 1];
    process.stdout.write(
      `boosted ${entry.id} (${a.format}, error model ${a.errorModel.id}, ${recipe}) in ${result.seconds.toFixed(0)} s → ${out}\n` +
        `validation at BER ${targetBer}: ${(100 * result.before.perturbed).toFixed(2)} % before, ${(100 * last.perturbed).toFixed(2)} % after\n` +
        `clean test accuracy (${a.format}): ${(100 * entry.accuracy[a.format]).toFixed(2)} % before, ${(100 * boosted.accuracy[a.format]).toFixed(2)} % after\n`,
    );
  }
  model.dispose();
  return 0;
}
