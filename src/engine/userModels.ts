/**
 * "Your own model": a tfjs LayersModel (model.json + weight files) and a
 * labelled dataset (IDX pair, the app's binary, or a built-in test set) loaded from disk into
 * the worker — nothing leaves the browser. The model gets a zoo-style entry (data types from
 * the executor, clean value ranges calibrated on the first 1,000 images of the dataset, clean
 * accuracy per format on the first 1,000 images) and is then run like any zoo model.
 *
 * Wraps the session's Platform: user entries are listed after the zoo's, loaded from memory,
 * and evaluated on their own dataset.
 *
 * Run right or refused with a reason (issue #13): files are read and checked here (one-line
 * messages naming the file); NaN/±Inf weights are refused; any input shape that holds the
 * samples' values in order runs (src/core/models/inputShape.ts); layers with weights outside
 * the error model are listed (`notModelled`); what the model cannot do is stated in
 * `entry.unavailable` — boost when tfjs has no gradient for one of its layers (probed on two
 * images), or when the test data is the user's own file (boost would otherwise train on a
 * built-in set; characterize and map run on the user's file, `entry.datasetLabel`).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { datasetFromIdx, decodeDataset, sliceDataset, type Dataset } from '../core/data';
import { datasetPath } from '../core/data/catalog';
import type { ZooEntry } from '../core/models/zoo';
import { FORMATS, type DatasetId } from '../core/types';
import { EngineError } from './engineError';
import { checkModelAlone, checkModelOnData, graphModelProblem, outputCount } from './modelChecks';
import { evalSetOf } from './evalData';
import type { EvalSet } from './evaluate';
import { computeLayers, modelDataTypes, runLayered, unmodelledLayers } from './executor';
import { registerWasmGradientKernels } from './kernels';
import { batchTensors } from './train';
import { dataTypeRanges, evaluateClean } from './quantizedModel';
import type { Platform } from './session';
import type { UserModelFiles, UserModelInfo } from '../contract/api';

/** Images used to calibrate activation ranges and to measure clean accuracy per format. */
const CALIBRATION = 1000;

interface UserModel {
  entry: ZooEntry;
  artifacts: tf.io.ModelArtifacts;
  set: EvalSet;
}

const bad = (message: string) => new EngineError('bad-input', message);

/**
 * The user's test data. An IDX pair has no class count of its own: it is the model's output
 * count (`classes`), and a label outside 0 … classes−1 is refused naming the label file.
 */
async function readDataset(
  files: UserModelFiles,
  fetchBuiltin: (id: DatasetId) => Promise<Dataset>,
  classes: number,
) {
  const d = files.dataset;
  try {
    if (d.kind === 'builtin')
      return {
        ds: await fetchBuiltin(d.id),
        label: d.id === 'mnist' ? 'MNIST test set' : 'Fashion-MNIST test set',
      };
    if (d.kind === 'app') {
      const ds = decodeDataset(new Uint8Array(await d.file.arrayBuffer()), d.file.name);
      return { ds, label: d.file.name };
    }
    const ds = datasetFromIdx(
      new Uint8Array(await d.images.arrayBuffer()),
      new Uint8Array(await d.labels.arrayBuffer()),
      classes,
      {
        images: d.images.name,
        labels: d.labels.name,
        classesFrom: `the model has ${classes} outputs`,
      },
    );
    return { ds, label: `${d.images.name} + ${d.labels.name}` };
  } catch (e) {
    throw bad(`dataset: ${(e as Error).message}`);
  }
}

/**
 * model.json + weight files → ModelArtifacts, checked on the way (issue #13 item 7). Read
 * here rather than by tf.io.browserFiles, whose FileReader callbacks throw outside its
 * promise on a model.json that is not JSON (the load never settled and the panel stayed
 * busy). Every failure is a one-line EngineError('bad-input') naming the file. `ignored`: the
 * picked files the weightsManifest does not list (a notes.txt, a stale shard), by name, so the
 * page can say they were not used.
 */
export async function readArtifacts(
  modelJson: Blob & { name: string },
  weights: readonly (Blob & { name: string })[],
): Promise<{ artifacts: tf.io.ModelArtifacts; ignored: string[] }> {
  const name = modelJson.name;
  let json: unknown;
  try {
    json = JSON.parse(await modelJson.text());
  } catch (e) {
    throw bad(`${name} is not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const m = json as Partial<tf.io.ModelJSON> | null;
  if (!m || typeof m !== 'object' || Array.isArray(m))
    throw bad(`${name} is not a tfjs model.json (expected an object)`);
  if (!m.modelTopology || typeof m.modelTopology !== 'object')
    throw bad(`${name} has no modelTopology: it is not a tfjs LayersModel`);
  const graph = graphModelProblem(m);
  if (graph) throw bad(`${name} is ${graph}`);
  const manifest = m.weightsManifest;
  if (
    !Array.isArray(manifest) ||
    manifest.some((g) => !Array.isArray(g?.paths) || !Array.isArray(g?.weights))
  )
    throw bad(`${name} has no valid weightsManifest (groups of paths and weights)`);
  const byName = new Map(weights.map((f) => [f.name, f]));
  const listed = new Set<string>();
  const parts: ArrayBuffer[] = [];
  for (const group of manifest)
    for (const path of group.paths) {
      const base = path.split('/').pop() ?? path;
      const file = byName.get(base);
      if (!file) throw bad(`${name} lists weight file "${base}", which was not picked`);
      listed.add(base);
      parts.push(await file.arrayBuffer());
    }
  const ignored = [...byName.keys()].filter((n) => !listed.has(n));
  const weightSpecs = manifest.flatMap((g) => g.weights);
  const have = parts.reduce((n, p) => n + p.byteLength, 0);
  const need = weightSpecs.reduce((n, w) => n + specBytes(w), 0);
  if (have !== need)
    throw bad(
      `the weight files hold ${have} bytes, ${name} describes ${need} (${weightSpecs.length} tensors): wrong or truncated .bin files`,
    );
  const weightData = new Uint8Array(have);
  let at = 0;
  for (const p of parts) {
    weightData.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: m.modelTopology,
    format: m.format,
    generatedBy: m.generatedBy,
    convertedBy: m.convertedBy,
    trainingConfig: m.trainingConfig,
    userDefinedMetadata: m.userDefinedMetadata,
    weightSpecs,
    weightData: weightData.buffer,
  };
  return { artifacts, ignored };
}

/** Bytes of one weight tensor in the files (quantized: 1 or 2 bytes per value). */
function specBytes(w: tf.io.WeightsManifestEntry): number {
  const n = w.shape.reduce((a, b) => a * b, 1);
  const q = w.quantization?.dtype;
  if (q) return n * (q === 'uint8' ? 1 : 2);
  if (w.dtype === 'string') return NaN;
  return w.dtype === 'bool' ? n : n * 4;
}

/**
 * Why tfjs cannot train `model` (the first line of the error of one gradient step on two
 * images, e.g. Conv2D with dilation > 1), or null when it can.
 */
async function gradientProblem(model: tfl.LayersModel, data: Dataset): Promise<string | null> {
  registerWasmGradientKernels(); // as boost does (workers/pipeline.ts): wasm lacks conv backprop
  const { x, y } = batchTensors(data, [0, Math.min(1, data.count - 1)]);
  try {
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const logits = runLayered(model, x);
        return tf.losses.softmaxCrossEntropy(tf.oneHot(y, logits.shape[1]!), logits) as tf.Scalar;
      }, vars);
      tf.dispose(grads);
    });
    return null;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  } finally {
    tf.dispose([x, y]);
  }
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/\.json$/, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'model'
  );
}

export function withUserModels(base: Platform, fetchBuiltin: (id: DatasetId) => Promise<Dataset>) {
  const users = new Map<string, UserModel>();
  let current: string | null = null;

  const platform: Platform = {
    ...base,
    async listModels() {
      return [...(await base.listModels()), ...[...users.values()].map((u) => u.entry)];
    },
    async loadModel(entry) {
      const user = users.get(entry.id);
      current = entry.id;
      return user ? tfl.loadLayersModel(tf.io.fromMemory(user.artifacts)) : base.loadModel(entry);
    },
    async loadTestSet(dataset) {
      const user = current ? users.get(current) : undefined;
      return user ? user.set : base.loadTestSet(dataset);
    },
  };

  async function addUserModel(files: UserModelFiles): Promise<UserModelInfo> {
    const { artifacts, ignored } = await readArtifacts(files.modelJson, files.weights);
    let model: tfl.LayersModel;
    try {
      model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    } catch (e) {
      throw new EngineError(
        'unsupported-model',
        `the model could not be built: ${(e as Error).message}`,
      );
    }
    try {
      // The checks the CLI's --model-dir runs too (modelChecks.ts), before any calibration.
      checkModelAlone(model);
      const { ds, label } = await readDataset(files, fetchBuiltin, outputCount(model));
      // Nothing to calibrate or score on (it read "no value range for …/ifm").
      if (ds.count === 0) throw bad(`dataset: ${label} holds no images`);
      checkModelOnData(model, ds, label);
      const calib = sliceDataset(ds, 0, Math.min(CALIBRATION, ds.count));
      const ranges = await dataTypeRanges(model, calib, calib.count);
      const dataTypes = modelDataTypes(model).map((d) => {
        const range = ranges.get(d.id);
        if (!range) throw new EngineError('unsupported-model', `no value range for ${d.id}`);
        return { ...d, range };
      });
      const accuracy = { fp32: 0, int16: 0, int8: 0, int4: 0 };
      for (const f of FORMATS)
        accuracy[f] = (await evaluateClean(model, { dataTypes }, f, calib)).accuracy;
      let id = `user-${slug(files.name)}`;
      for (let k = 2; users.has(id); k++) id = `user-${slug(files.name)}-${k}`;
      const hasConv = computeLayers(model).some((l) => l.className !== 'Dense');
      const unavailable: NonNullable<ZooEntry['unavailable']> = {};
      const noGradient = await gradientProblem(model, calib);
      if (noGradient) unavailable.boost = `Boost needs gradients: ${noGradient}`;
      if (files.dataset.kind !== 'builtin')
        unavailable.boost ??= `Boost needs training images from the source of your test set; with your own file (${label}) it would train on a built-in set, so it is off for this model (Characterize and Map run on your file)`;
      const entry: ZooEntry = {
        id,
        name: `${files.name} (yours)`,
        family: hasConv ? 'lenet' : 'mlp',
        paperCounterpart: 'your model',
        // The evaluator reads the user's own set (loadTestSet above); this only types the entry.
        dataset: files.dataset.kind === 'builtin' ? files.dataset.id : 'mnist',
        ...(files.dataset.kind === 'builtin' ? {} : { datasetLabel: label, testSamples: ds.count }),
        ...(Object.keys(unavailable).length ? { unavailable } : {}),
        path: `user:${id}`,
        params: model.countParams(),
        inputShape: model.inputs[0].shape.slice(1).map(Number),
        accuracy,
        dataTypes,
        training: {
          epochs: 0,
          batchSize: 0,
          seed: 0,
          trainSamples: 0,
          seconds: 0,
          backend: 'user',
        },
      };
      users.set(id, { entry, artifacts, set: evalSetOf(ds) });
      return {
        entry,
        datasetLabel: label,
        samples: ds.count,
        calibrationSamples: calib.count,
        notModelled: unmodelledLayers(model),
        ignoredFiles: ignored,
      };
    } finally {
      model.dispose();
    }
  }

  return { platform, addUserModel };
}

/** The built-in test sets, fetched from the app's own origin. */
export function builtinTestSets(baseUrl: () => string): (id: DatasetId) => Promise<Dataset> {
  return async (id) => {
    const path = datasetPath(id, 'test');
    const r = await fetch(new URL(path, baseUrl()).href);
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return decodeDataset(new Uint8Array(await r.arrayBuffer()), path);
  };
}
