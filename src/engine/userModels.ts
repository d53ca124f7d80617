/**
 * "Your own model": a tfjs LayersModel (model.json + weight files) and a
 * labelled dataset (IDX pair, the app's binary, or a built-in test set) loaded from disk into
 * the worker — nothing leaves the browser. The model gets a zoo-style entry (data types from
 * the executor, clean value ranges calibrated on the first 1,000 images of the dataset, clean
 * accuracy per format on the first 1,000 images) and is then run like any zoo model.
 *
 * Wraps the session's Platform: user entries are listed after the zoo's, loaded from memory,
 * and evaluated on their own dataset.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { datasetFromIdx, decodeDataset, sliceDataset, type Dataset } from '../core/data';
import { datasetPath } from '../core/data/catalog';
import type { ZooEntry } from '../core/models/zoo';
import { FORMATS, type DatasetId } from '../core/types';
import { EngineError } from './engineError';
import { evalSetOf } from './evalData';
import type { EvalSet } from './evaluate';
import { computeLayers, modelDataTypes } from './executor';
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

async function readDataset(
  files: UserModelFiles,
  fetchBuiltin: (id: DatasetId) => Promise<Dataset>,
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
      10,
      {
        images: d.images.name,
        labels: d.labels.name,
      },
    );
    return { ds, label: `${d.images.name} + ${d.labels.name}` };
  } catch (e) {
    throw bad(`dataset: ${(e as Error).message}`);
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
    let artifacts: tf.io.ModelArtifacts;
    try {
      artifacts = await tf.io.browserFiles([files.modelJson, ...files.weights]).load!();
    } catch (e) {
      throw bad(`model files: ${(e as Error).message}`);
    }
    if (!artifacts.modelTopology)
      throw bad('model.json has no modelTopology: it is not a tfjs LayersModel');
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
      const { ds, label } = await readDataset(files, fetchBuiltin);
      const input = model.inputs[0].shape.slice(1).map(Number);
      const sample = [ds.rows, ds.cols, ds.channels];
      const flat = ds.rows * ds.cols * ds.channels;
      const fits =
        input.join('x') === sample.join('x') || (input.length === 1 && input[0] === flat);
      if (!fits)
        throw bad(
          `the model expects inputs of shape [${input.join(', ')}], the dataset has [${sample.join(', ')}] (or flat ${flat})`,
        );
      const outputs = Number(model.outputs[0].shape.at(-1));
      if (!(outputs >= ds.classes))
        throw bad(`the model has ${outputs} outputs, the dataset ${ds.classes} classes`);
      if (computeLayers(model).length === 0)
        throw new EngineError(
          'unsupported-model',
          'the model has no Conv2D, DepthwiseConv2D or Dense layer: nothing to store in DRAM',
        );
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
      const entry: ZooEntry = {
        id,
        name: `${files.name} (yours)`,
        family: hasConv ? 'lenet' : 'mlp',
        paperCounterpart: 'your model',
        // The evaluator reads the user's own set (loadTestSet above); this only types the entry.
        dataset: files.dataset.kind === 'builtin' ? files.dataset.id : 'mnist',
        path: `user:${id}`,
        params: model.countParams(),
        inputShape: input,
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
      return { entry, datasetLabel: label, samples: ds.count, calibrationSamples: calib.count };
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
