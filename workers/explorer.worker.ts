/**
 * The worker that owns tfjs (DESIGN.md §4): exposes the ExplorerApi (workers/api.ts) over
 * Comlink. Errors cross as `[code] message` (src/engine/engineError.ts) and the client turns
 * them back into typed EngineErrors.
 */
import * as Comlink from 'comlink';
import type { EdenPipelineApi, ExplorerApi } from './api';
import { attachPipeline } from './pipeline';
import { onDeviceLost } from '../src/engine/backends';
import { browserPlatform } from '../src/engine/browserPlatform';
import { toWire } from '../src/engine/engineError';
import { ExplorerSession } from '../src/engine/session';
import { builtinTestSets, withUserModels } from './userModel';
import { whyApi, type WhyApi } from './why';

/** The app's root URL; the client sends it, this default fits dist/assets/ and the dev server. */
let baseUrl = new URL('..', self.location.href).href;

// User-loaded models (issue #7 item 8) wrap the platform: workers/userModel.ts.
const users = withUserModels(
  browserPlatform(() => baseUrl),
  builtinTestSets(() => baseUrl),
);
// Boosted models (issue #6) wrap it again; the EDEN pipeline runs over it: workers/pipeline.ts.
const { platform, pipeline } = attachPipeline(users.platform, () => baseUrl);
const session = new ExplorerSession(platform);
onDeviceLost((reason) => void session.backendLost(reason));
const why = whyApi(session);

async function wire<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new Error(toWire(e), { cause: e });
  }
}

export interface ExplorerWorkerApi extends ExplorerApi, EdenPipelineApi, WhyApi {
  /** Where models/ and data/ are served from (the page's base URL). */
  setBaseUrl(url: string): Promise<void>;
}

const api: ExplorerWorkerApi = {
  setBaseUrl: async (url) => {
    baseUrl = url;
  },
  init: (request) => wire(() => session.init(request)),
  backendInfo: () => wire(() => session.backendInfo()),
  listModels: () => wire(() => session.listModels()),
  loadModel: (id) => wire(() => session.loadModel(id)),
  evaluate: (config, ber, onProgress) => wire(() => session.evaluate(config, ber, onProgress)),
  sweep: (config, bers, target, onPoint) =>
    wire(() => session.sweep(config, bers, target, onPoint)),
  cancel: () =>
    wire(() => Promise.all([pipeline.cancelPipeline(), session.cancel()]).then(() => {})),
  loadUserModel: (files) => wire(() => users.addUserModel(files)),
  boost: (request, onProgress) => wire(() => pipeline.boost(request, onProgress)),
  modelFiles: (id) => wire(() => pipeline.modelFiles(id)),
  characterize: (request, onProgress) => wire(() => pipeline.characterize(request, onProgress)),
  map: (request, onProgress) => wire(() => pipeline.map(request, onProgress)),
  why: (request, onPhase) => wire(() => why.why(request, onPhase)),
};

Comlink.expose(api);
