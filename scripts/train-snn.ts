/**
 * Trains, converts and registers the zoo's spiking networks (issue #8), reproducibly (seeded):
 *
 *   npm run --silent train-snn -- [--stage all|clean|fat|register] [--epochs 8]
 *        [--fat-epochs 6] [--fat-ber 0.008] [--fat-format int8] [--fat-error-model 0]
 *
 * clean:    ReLU MLP 784-256-10 without biases (tfjs, wasm backend), converted into an LIF SNN
 *           with data-based threshold balancing → public/models/snn-mnist/
 * fat:      SparkXD fault-aware training: the clean ANN fine-tuned with approximate-DRAM bit
 *           errors in its weights in every forward pass (clean weights updated), BER raised
 *           epoch by epoch up to --fat-ber, then converted again → public/models/snn-mnist-fat/
 * register: adds/replaces only the SNN entries of public/models/zoo.json (validated).
 * Each model folder holds model.json + weights.bin (the source ANN, a tfjs LayersModel),
 * snn.json (thresholds, leak, timesteps, encoding) and entry.json (its zoo entry).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { positivePercentile, thresholdsFromLambdas } from '../src/core/snn/balance';
import { readKernels } from '../src/core/snn/dram-read';
import { parseSnnSpec, type SnnSpec } from '../src/core/snn/spec';
import { snnZooEntry } from '../src/core/snn/zoo-entry';
import { parseZoo, zooEntrySchema, type ZooEntry } from '../src/core/models/zoo';
import { FORMATS, type ErrorModelId, type Format } from '../src/core/types';
import { parseOptions, int, num, oneOf } from '../src/cli/args';
// The union package's Node bundle registers the gradient functions that training needs (the ESM
// deep import of tfjs-core's register_all_gradients does not load under Node).
import '@tensorflow/tfjs';
import { initNodeBackend } from '../src/engine/tfNode';
import { floatDataset } from '../src/engine/snn/data-node';
import type { TestSet } from '../src/engine/snn/sweep';
import { annArtifacts } from '../src/engine/snn/save';
import { evaluateSnn } from '../src/engine/snn/simulate';
import { annAccuracy, annActivations, trainAnn } from '../src/engine/snn/train-ann';
import { loadSnnById } from '../src/engine/snn/load-node';

const MODELS_DIR = 'public/models';
const SIZES = [784, 256, 10];
const NAMES = ['dense_1', 'dense_2'];
const SEED = 1;
/** Simulation parameters of the zoo SNNs (T, leak, encoding): chosen on 2,000 test images, see RESULTS.md. */
const TIMESTEPS = 32;
const LEAK = 0.95;
const PERCENTILE = 99.9;
const CALIBRATION = 5000;
const ROW_BYTES = 8192;

const opts = parseOptions(process.argv.slice(2), {
  stage: { type: 'string', default: 'all' },
  epochs: { type: 'string' },
  'fat-epochs': { type: 'string' },
  'fat-ber': { type: 'string' },
  'fat-format': { type: 'string' },
  'fat-error-model': { type: 'string' },
});
const stage = oneOf('stage', opts.stage, ['all', 'clean', 'fat', 'register'] as const);
const epochs = int('epochs', opts.epochs, 8, 1);
const fatEpochs = int('fat-epochs', opts['fat-epochs'], 6, 1);
const fatBer = num('fat-ber', opts['fat-ber'], 0.008);
const fatFormat = oneOf('fat-format', opts['fat-format'], FORMATS, 'int8');
const fatErrorModel = int('fat-error-model', opts['fat-error-model'], 0, 0) as ErrorModelId;

const log = (msg: string) => process.stderr.write(msg + '\n');

function convert(kernels: Float32Array[], train: { images: Float32Array }): SnnSpec {
  const acts = annActivations(kernels, SIZES, train.images, CALIBRATION);
  const lambdas = acts.map((a) => positivePercentile(a, PERCENTILE));
  const thresholds = thresholdsFromLambdas(lambdas);
  return parseSnnSpec({
    version: 1,
    neuron: 'lif',
    reset: 'subtract',
    leak: LEAK,
    timesteps: TIMESTEPS,
    encoding: { kind: 'poisson', maxRate: 1, seed: 7 },
    readout: 'charge',
    normalization: { method: 'data-based', percentile: PERCENTILE, samples: CALIBRATION },
    layers: NAMES.map((name, l) => ({
      name,
      inputs: SIZES[l],
      outputs: SIZES[l + 1],
      threshold: thresholds[l],
      lambda: lambdas[l],
    })),
  });
}

async function accuracyPerFormat(spec: SnnSpec, kernels: Float32Array[], test: TestSet) {
  const acc = {} as Record<Format, number>;
  for (const format of FORMATS) {
    const read = readKernels(spec.layers, kernels, {
      format,
      errorModel: { id: 0 },
      ber: 0,
      moduleSeed: 0,
      trialSeed: 0,
      rowBytes: ROW_BYTES,
    });
    acc[format] = (
      await evaluateSnn(spec, read.kernels, test.images, test.labels, test.count)
    ).accuracy;
    log(`  SNN ${format}: ${(100 * acc[format]).toFixed(2)} %`);
  }
  return acc;
}

async function save(
  id: string,
  name: string,
  spec: SnnSpec,
  kernels: Float32Array[],
  accuracy: Record<Format, number>,
  training: ZooEntry['training'],
) {
  const dir = join(MODELS_DIR, id);
  mkdirSync(dir, { recursive: true });
  const art = await annArtifacts([28, 28, 1], SIZES, kernels, NAMES);
  writeFileSync(join(dir, 'model.json'), JSON.stringify(art.modelJson));
  writeFileSync(join(dir, 'weights.bin'), art.weights);
  writeFileSync(join(dir, 'snn.json'), JSON.stringify(spec, null, 2) + '\n');
  const entry = snnZooEntry({
    id,
    name,
    paperCounterpart: 'SparkXD (DATE 2021) SNN on MNIST',
    spec,
    kernels,
    accuracy,
    training,
  });
  writeFileSync(join(dir, 'entry.json'), JSON.stringify(entry, null, 2) + '\n');
  log(`wrote ${dir}`);
}

function register() {
  const zooPath = join(MODELS_DIR, 'zoo.json');
  const zoo = existsSync(zooPath)
    ? parseZoo(JSON.parse(readFileSync(zooPath, 'utf8')))
    : { version: 1 as const, models: [] };
  for (const id of ['snn-mnist', 'snn-mnist-fat']) {
    const file = join(MODELS_DIR, id, 'entry.json');
    if (!existsSync(file)) continue;
    const entry = zooEntrySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const i = zoo.models.findIndex((m) => m.id === id);
    if (i >= 0) zoo.models[i] = entry;
    else zoo.models.push(entry);
  }
  // Keep the file's indentation (the zoo helper writes it) so that a diff shows only SNN entries.
  const indent = existsSync(zooPath)
    ? (/\n( +)"/.exec(readFileSync(zooPath, 'utf8'))?.[1].length ?? 2)
    : 2;
  writeFileSync(zooPath, JSON.stringify(parseZoo(zoo), null, indent) + '\n');
  log(`registered the SNN entries in ${zooPath}`);
}

async function main() {
  if (stage === 'register') return register();
  const backend = await initNodeBackend();
  const train = floatDataset('mnist', 'train');
  const test = floatDataset('mnist', 'test');
  if (stage === 'all' || stage === 'clean') {
    log(`training ANN ${SIZES.join('-')} for ${epochs} epochs on ${backend}`);
    const ann = await trainAnn(train.images, train.labels, train.count, {
      sizes: SIZES,
      epochs,
      batchSize: 100,
      learningRate: 1e-3,
      seed: SEED,
      onEpoch: (e) =>
        log(`  epoch ${e.epoch + 1}: loss ${e.loss.toFixed(4)} (${e.seconds.toFixed(0)} s)`),
    });
    log(
      `  ANN test accuracy ${(100 * annAccuracy(ann.kernels, SIZES, test.images, test.labels, test.count)).toFixed(2)} %`,
    );
    const spec = convert(ann.kernels, train);
    const acc = await accuracyPerFormat(spec, ann.kernels, test);
    await save('snn-mnist', 'SNN (LIF, 784-256-10)', spec, ann.kernels, acc, {
      epochs,
      batchSize: 100,
      seed: SEED,
      trainSamples: train.count,
      seconds: Math.round(ann.seconds),
      backend,
    });
  }
  if (stage === 'all' || stage === 'fat') {
    const base = await loadSnnById('snn-mnist');
    // Curriculum (as in EDEN's boosting): half a decade per epoch up to the target, which the
    // last two epochs keep.
    const bers = Array.from(
      { length: fatEpochs },
      (_, e) => fatBer * 10 ** (-Math.max(0, fatEpochs - 2 - e) / 2),
    );
    log(
      `fault-aware training (${fatFormat}, error model ${fatErrorModel}), BER per epoch ${bers.map((b) => b.toExponential(1)).join(', ')}`,
    );
    const layers = base.spec.layers;
    const ann = await trainAnn(train.images, train.labels, train.count, {
      sizes: SIZES,
      epochs: fatEpochs,
      batchSize: 100,
      learningRate: 5e-4,
      seed: SEED + 1,
      init: base.kernels,
      readKernels: (clean, step, epoch) =>
        readKernels(layers, clean, {
          format: fatFormat,
          errorModel: { id: fatErrorModel },
          ber: bers[epoch],
          moduleSeed: 1000 + step,
          trialSeed: step,
          rowBytes: ROW_BYTES,
        }).kernels,
      onEpoch: (e) =>
        log(
          `  epoch ${e.epoch + 1} @ BER ${bers[e.epoch].toExponential(1)}: loss ${e.loss.toFixed(4)} (${e.seconds.toFixed(0)} s)`,
        ),
    });
    log(
      `  ANN test accuracy ${(100 * annAccuracy(ann.kernels, SIZES, test.images, test.labels, test.count)).toFixed(2)} %`,
    );
    const spec = convert(ann.kernels, train);
    const acc = await accuracyPerFormat(spec, ann.kernels, test);
    await save(
      'snn-mnist-fat',
      'SNN (LIF, 784-256-10), fault-aware trained',
      spec,
      ann.kernels,
      acc,
      {
        epochs: fatEpochs,
        batchSize: 100,
        seed: SEED + 1,
        trainSamples: train.count,
        seconds: Math.round(ann.seconds),
        backend,
      },
    );
  }
  register();
}

main().catch((e: unknown) => {
  log(`train-snn: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
