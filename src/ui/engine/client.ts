/**
 * Thin Comlink client over the worker's typed API (workers/api.ts). The UI never imports tfjs.
 *
 * The worker module is found with `import.meta.glob` so that the page builds and explains
 * itself while the engine (issue #4) is not in the tree yet; once `workers/explorer.worker.ts`
 * exists it is picked up without a code change. TODO(issue #4): switch to src/engine/client.ts
 * when it lands.
 */
import * as Comlink from 'comlink';
import type { ExplorerApi } from '../../../workers/api';

type WorkerCtor = new (options?: { name?: string }) => Worker;

const workerModules = import.meta.glob<WorkerCtor>('../../../workers/explorer.worker.ts', {
  query: '?worker',
  import: 'default',
});

export type ExplorerClient = Comlink.Remote<ExplorerApi>;

export interface EngineHandle {
  api: ExplorerClient;
  terminate(): void;
}

/** Start the worker; null when the engine is not part of this build. */
export async function startEngine(): Promise<EngineHandle | null> {
  const load = Object.values(workerModules)[0];
  if (!load) return null;
  const Ctor = await load();
  const worker = new Ctor({ name: 'explorer' });
  const api = Comlink.wrap<ExplorerApi>(worker);
  return { api, terminate: () => worker.terminate() };
}

export const proxy = Comlink.proxy;

/** Readable text of an error that crossed the worker boundary. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e && 'message' in e)
    return String((e as { message: unknown }).message);
  return String(e);
}

/** Errors the UI ignores: a newer request replaced this one (latest wins) or the user cancelled. */
export function isSuperseded(e: unknown): boolean {
  const code =
    typeof e === 'object' && e && 'code' in e ? (e as { code: unknown }).code : undefined;
  return (
    code === 'superseded' ||
    code === 'cancelled' ||
    /\b(superseded|cancelled)\b/i.test(errorText(e))
  );
}
