/**
 * tfjs in Node (CLI, scripts, tests) without tfjs-node (whose install downloads a native
 * binary): the wasm backend (SIMD; tfjs 4.22 disables wasm threads under Node) with the cpu
 * backend as fallback (docs/design.md §5), and a file-system IOHandler to load and save a
 * LayersModel as `model.json` + `weights.bin` in a directory.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerWasmGradientKernels } from './kernels';
import { graphModelProblem } from './modelChecks';

export type NodeBackend = 'wasm' | 'cpu';

let wasmPathsSet = false;

/** Directory holding the tfjs wasm binaries inside node_modules (with a trailing slash). */
export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/';
}

/**
 * Select a backend for Node: `wasm` by default (fastest here), `cpu` when wasm fails to
 * initialize or when asked. Returns the backend that is active. Idempotent.
 */
export async function initNodeBackend(preferred: NodeBackend = 'wasm'): Promise<NodeBackend> {
  // PROD silences tfjs's "install tfjs-node" banner (tfjs-node's install downloads a binary).
  tf.env().set('PROD', true);
  if (preferred === 'wasm') {
    if (!wasmPathsSet) {
      setWasmPaths(wasmDistDir());
      wasmPathsSet = true;
    }
    registerWasmGradientKernels();
    try {
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
    } catch {
      // fall through to cpu
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

/** An IOHandler over a directory: `model.json` (weightsManifest → `weights.bin`) and the weights. */
export function fileSystemIO(dir: string): tf.io.IOHandler {
  const root = resolve(dir);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer)
        throw new Error('fileSystemIO: binary topologies are not supported');
      mkdirSync(root, { recursive: true });
      const weightData = artifacts.weightData
        ? tf.io.concatenateArrayBuffers(toBuffers(artifacts.weightData))
        : new ArrayBuffer(0);
      const modelJson = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileSync(join(root, MODEL_JSON), JSON.stringify(modelJson));
      writeFileSync(join(root, WEIGHTS_BIN), Buffer.from(weightData));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
          weightDataBytes: weightData.byteLength,
        },
      };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = join(root, MODEL_JSON);
      if (!existsSync(jsonPath)) throw new Error(`no model at ${jsonPath}`);
      const modelJson = JSON.parse(readFileSync(jsonPath, 'utf8')) as tf.io.ModelJSON;
      const graph = graphModelProblem(modelJson);
      if (graph) throw new Error(`it is ${graph}`);
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: ArrayBuffer[] = [];
      for (const group of modelJson.weightsManifest ?? []) {
        specs.push(...group.weights);
        for (const p of group.paths) {
          const file = join(root, p);
          if (!existsSync(file))
            throw new Error(`weights file ${file} named in ${jsonPath} is missing`);
          const b = readFileSync(file);
          buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
        }
      }
      return {
        modelTopology: modelJson.modelTopology,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
        trainingConfig: modelJson.trainingConfig,
        weightSpecs: specs,
        weightData: tf.io.concatenateArrayBuffers(buffers),
      };
    },
  };
}

function toBuffers(data: tf.io.WeightData): ArrayBuffer[] {
  return Array.isArray(data) ? data : [data];
}

/** Load a LayersModel saved by `saveModelToDir` (or any model.json + weight files). */
export async function loadModelFromDir(dir: string): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(fileSystemIO(dir));
}

export async function saveModelToDir(model: tfl.LayersModel, dir: string): Promise<void> {
  await model.save(fileSystemIO(dir));
}
