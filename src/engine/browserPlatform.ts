/**
 * The session's platform in the browser worker: backends (backends.ts), zoo models and test
 * sets fetched from the app's own origin (public/ → site root; no network beyond it).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { decodeDataset } from '../core/data';
import { datasetPath } from '../core/data/catalog';
import { parseZoo, type ZooEntry } from '../core/models/zoo';
import type { DatasetId } from '../core/types';
import type { BackendName } from '../contract/api';
import { checkBackend, initBackend } from './backends';
import { evalSetOf } from './evalData';
import type { EvalOptions, EvalSet } from './evaluate';
import type { Platform } from './session';

/**
 * Batch sizes per backend (docs/design.md §5 speeds): wasm and cpu amortize per-op overhead over
 * big batches; a GPU wants enough work per dispatch; WebGPU on SwiftShader is only ever
 * used for tiny workloads.
 */
const BATCH: Record<BackendName, number> = { wasm: 1000, cpu: 500, webgl: 500, webgpu: 500 };

export function browserPlatform(baseUrl: () => string): Platform {
  let zoo: ZooEntry[] | null = null;
  const sets = new Map<DatasetId, Promise<EvalSet>>();
  const url = (rel: string) => new URL(rel, baseUrl()).href;
  const fetchOk = async (rel: string) => {
    const r = await fetch(url(rel));
    if (!r.ok) throw new Error(`${url(rel)}: HTTP ${r.status}`);
    return r;
  };
  return {
    initBackend,
    checkBackend,
    async listModels() {
      zoo ??= parseZoo(await (await fetchOk('models/zoo.json')).json()).models;
      return zoo;
    },
    loadModel: (entry) => tfl.loadLayersModel(url(entry.path)),
    reader: {
      json: async (path) => (await fetchOk(path)).json(),
      bytes: async (path) => (await fetchOk(path)).arrayBuffer(),
    },
    loadTestSet(dataset) {
      let p = sets.get(dataset);
      if (!p) {
        p = fetchOk(datasetPath(dataset, 'test')).then(async (r) =>
          evalSetOf(
            decodeDataset(new Uint8Array(await r.arrayBuffer()), datasetPath(dataset, 'test')),
          ),
        );
        p.catch(() => sets.delete(dataset));
        sets.set(dataset, p);
      }
      return p;
    },
    evalOptions: (backend): Partial<EvalOptions> => ({
      batchSize: BATCH[backend],
      // 100 images: the first estimate of a slider step lands in tens of ms (bench/slider.ts).
      firstEstimateSamples: 100,
    }),
  };
}
