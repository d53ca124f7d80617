/**
 * What the worker serves (src/contract/api.ts ExplorerApi + EdenPipelineApi), assembled from
 * the engine's parts around one owner of the backend (src/engine/backendLifecycle.ts):
 *
 *   platform (browserPlatform) ─ user models (userModels.ts) ─ boosted models (pipelineApi.ts)
 *   lanes: explorer session (evaluate, sweep, loadModel) · pipeline (boost, characterize, map)
 *          · user-model loads — each request awaits `backend.ready()`; `cancel()` stops all.
 *
 * workers/explorer.worker.ts only exposes the result over Comlink.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../core/data';
import type { DatasetId } from '../core/types';
import type { EdenPipelineApi, ExplorerApi, WhyApi } from '../contract/api';
import { BackendLifecycle } from './backendLifecycle';
import { BoostedModels, createPipelineApi } from './pipelineApi';
import { ExplorerSession, type Platform } from './session';
import { withUserModels } from './userModels';
import { whyApi } from './whyApi';

export interface WorkerApiDeps {
  /** Backends, zoo models and test sets (src/engine/browserPlatform.ts in the worker). */
  platform: Platform;
  /** Bytes of a file under the app's public root (data/…, profiles/…). */
  fetchBytes: (path: string) => Promise<Uint8Array>;
  /** A built-in test set (for user models evaluated on MNIST / Fashion-MNIST). */
  fetchBuiltin: (id: DatasetId) => Promise<Dataset>;
}

export interface WorkerApi extends ExplorerApi, EdenPipelineApi, WhyApi {
  /** Called when the active backend dies outside a request (WebGPU device loss). */
  backendLost(reason: string): Promise<void>;
}

export function createWorkerApi(deps: WorkerApiDeps): WorkerApi {
  const users = withUserModels(deps.platform, deps.fetchBuiltin);
  const boosted = new BoostedModels();
  const platform = boosted.wrap(users.platform);
  const backend = new BackendLifecycle(platform);
  const session = new ExplorerSession(platform, backend);
  const pipeline = createPipelineApi({ platform, boosted, fetchBytes: deps.fetchBytes, backend });
  const userLoads = backend.lane();
  const why = whyApi(session);
  return {
    init: (request) => session.init(request),
    backendInfo: () => session.backendInfo(),
    listModels: () => session.listModels(),
    loadModel: (id) => session.loadModel(id),
    evaluate: (config, ber, onProgress) => session.evaluate(config, ber, onProgress),
    sweep: (config, bers, target, onPoint) => session.sweep(config, bers, target, onPoint),
    cancel: () => session.cancel(),
    loadUserModel: (files) =>
      userLoads.run(async (signal) => {
        await backend.ready(signal);
        return users.addUserModel(files);
      }, 'another model of yours is being loaded'),
    memory: async () => {
      const { numTensors, numBytes } = tf.memory();
      return { numTensors, numBytes };
    },
    boost: (request, onProgress) => pipeline.boost(request, onProgress),
    modelFiles: (id) => pipeline.modelFiles(id),
    characterize: (request, onProgress) => pipeline.characterize(request, onProgress),
    map: (request, onProgress) => pipeline.map(request, onProgress),
    why: (request, onPhase) => why.why(request, onPhase),
    backendLost: (reason) => session.backendLost(reason),
  };
}
