/**
 * The UI's handle on the engine worker (workers/explorer.worker.ts): the typed ExplorerApi
 * over Comlink, with callbacks proxied and errors turned back into EngineError (with `code`:
 * 'cancelled', 'superseded', 'bad-input', …). Imports no tfjs: the UI bundle stays light.
 *
 *   const engine = createExplorerClient();
 *   const info = await engine.init('auto');
 *   const res = await engine.sweep(config, bers, 'all', (p, done, total) => ...);
 */
import * as Comlink from 'comlink';
import type { EdenPipelineApi, ExplorerApi } from '../../workers/api';
import type { ExplorerWorkerApi } from '../../workers/explorer.worker';
import type { WhyApi } from '../../workers/why';
import type { WhyResult } from '../core/why/types';
import { EngineError, fromWire } from './engineError';

export { EngineError };

export interface ExplorerClient extends ExplorerApi, EdenPipelineApi, WhyApi {
  /** Stops the worker (the client is unusable afterwards). */
  terminate(): void;
}

async function typed<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw fromWire(e);
  }
}

/** `baseUrl`: where models/ and data/ are served (default: the page's directory). */
export function createExplorerClient(
  baseUrl: string = new URL('.', document.baseURI).href,
): ExplorerClient {
  const worker = new Worker(new URL('../../workers/explorer.worker.ts', import.meta.url), {
    type: 'module',
    name: 'eden-engine',
  });
  const remote = Comlink.wrap<ExplorerWorkerApi>(worker);
  void remote.setBaseUrl(baseUrl);
  return {
    init: (request) => typed(remote.init(request)),
    backendInfo: () => typed(remote.backendInfo()),
    listModels: () => typed(remote.listModels()),
    loadModel: (id) => typed(remote.loadModel(id)),
    evaluate: (config, ber, onProgress) =>
      typed(remote.evaluate(config, ber, onProgress && Comlink.proxy(onProgress))),
    sweep: (config, bers, target, onPoint) =>
      typed(remote.sweep(config, bers, target, onPoint && Comlink.proxy(onPoint))),
    cancel: () => typed(remote.cancel()),
    loadUserModel: (files) => typed(remote.loadUserModel(files)),
    boost: (request, onProgress) =>
      typed(remote.boost(request, onProgress && Comlink.proxy(onProgress))),
    modelFiles: (id) => typed(remote.modelFiles(id)),
    characterize: (request, onProgress) =>
      typed(remote.characterize(request, onProgress && Comlink.proxy(onProgress))),
    map: (request, onProgress) =>
      typed(remote.map(request, onProgress && Comlink.proxy(onProgress))),
    why: (request, onPhase) =>
      typed(remote.why(request, onPhase && Comlink.proxy(onPhase)) as Promise<WhyResult>),
    terminate: () => worker.terminate(),
  };
}
