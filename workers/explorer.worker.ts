/**
 * The worker that owns tfjs: exposes the engine's API (src/engine/workerApi.ts) over Comlink.
 * Wiring only. Errors cross as {code, message} data (src/contract/wire.ts).
 */
import * as Comlink from 'comlink';
import type { ExplorerWorkerApi } from '../src/contract/api';
import { registerErrorTransfer } from '../src/contract/wire';
import { onDeviceLost } from '../src/engine/backends';
import { browserPlatform } from '../src/engine/browserPlatform';
import { builtinTestSets } from '../src/engine/userModels';
import { createWorkerApi } from '../src/engine/workerApi';
import { EngineError } from '../src/engine/engineError';

/** The app's root URL; the client sends it, this default fits dist/assets/ and the dev server. */
let baseUrl = new URL('..', self.location.href).href;
const root = () => baseUrl;

const engine = createWorkerApi({
  platform: browserPlatform(root),
  fetchBuiltin: builtinTestSets(root),
  fetchBytes: async (path) => {
    const url = new URL(path, baseUrl).href;
    const r = await fetch(url);
    if (!r.ok) throw new EngineError('bad-input', `${url}: HTTP ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  },
});
onDeviceLost((reason) => void engine.backendLost(reason));

const api: ExplorerWorkerApi = {
  ...engine,
  setBaseUrl: async (url) => {
    baseUrl = url;
  },
};

registerErrorTransfer();
Comlink.expose(api);
