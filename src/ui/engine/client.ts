/**
 * The UI's one handle on the engine worker (workers/explorer.worker.ts): the typed
 * ExplorerApi / EdenPipelineApi (src/contract/api.ts) over Comlink, with callbacks proxied.
 * Errors arrive as EngineError with a `code` ('cancelled', 'superseded', 'bad-input', …;
 * src/contract/errors.ts) as data, through the transfer handler of src/contract/wire.ts.
 * Imports no tfjs: the UI bundle stays light.
 *
 *   const engine = startEngine();
 *   const info = await engine.api.init('auto');
 *   const res = await engine.api.sweep(config, bers, 'all', (p, done, total) => ...);
 */
import * as Comlink from 'comlink';
import type { EdenPipelineApi, ExplorerApi, ExplorerWorkerApi, WhyApi } from '../../contract/api';
import { EngineError, isSuperseded } from '../../contract/errors';
import { registerErrorTransfer } from '../../contract/wire';

export { EngineError, isSuperseded };

export interface ExplorerClient extends ExplorerApi, EdenPipelineApi, WhyApi {
  /** Stops the worker (the client is unusable afterwards). */
  terminate(): void;
}

/** `baseUrl`: where models/ and data/ are served (default: the page's directory). */
export function createExplorerClient(
  baseUrl: string = new URL('.', document.baseURI).href,
): ExplorerClient {
  registerErrorTransfer();
  const worker = new Worker(new URL('../../../workers/explorer.worker.ts', import.meta.url), {
    type: 'module',
    name: 'eden-engine',
  });
  const remote = Comlink.wrap<ExplorerWorkerApi>(worker);
  void remote.setBaseUrl(baseUrl);
  const proxy = <F extends object>(f: F | undefined) => f && Comlink.proxy(f);
  return {
    init: (request) => remote.init(request),
    backendInfo: () => remote.backendInfo(),
    listModels: () => remote.listModels(),
    loadModel: (id) => remote.loadModel(id),
    evaluate: (config, ber, onProgress) => remote.evaluate(config, ber, proxy(onProgress)),
    sweep: (config, bers, target, onPoint) => remote.sweep(config, bers, target, proxy(onPoint)),
    cancel: () => remote.cancel(),
    loadUserModel: (files) => remote.loadUserModel(files),
    memory: () => remote.memory(),
    boost: (request, onProgress) => remote.boost(request, proxy(onProgress)),
    modelFiles: (id) => remote.modelFiles(id),
    characterize: (request, onProgress) => remote.characterize(request, proxy(onProgress)),
    map: (request, onProgress) => remote.map(request, proxy(onProgress)),
    why: (request, onPhase) => remote.why(request, proxy(onPhase)),
    terminate: () => worker.terminate(),
  };
}

export interface EngineHandle {
  api: ExplorerClient;
  terminate(): void;
}

/** Starts the worker. Throws if the browser cannot start a module worker. */
export function startEngine(): EngineHandle {
  const api = createExplorerClient();
  return { api, terminate: () => api.terminate() };
}

/** Readable text of an error that crossed the worker boundary. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
