/**
 * The page's handle on the worker engine: src/engine/client.ts (issue #4) — the typed
 * ExplorerApi over Comlink, callbacks proxied there, errors as EngineError with a `code`.
 * The UI never imports tfjs.
 */
import { createExplorerClient, EngineError, type ExplorerClient } from '../../engine/client';

export type { ExplorerClient };

export interface EngineHandle {
  api: ExplorerClient;
  terminate(): void;
}

export async function startEngine(): Promise<EngineHandle | null> {
  const api = createExplorerClient();
  return { api, terminate: () => api.terminate() };
}

/** Readable text of an error that crossed the worker boundary. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Errors the UI ignores: a newer request replaced this one (latest wins) or the user cancelled. */
export function isSuperseded(e: unknown): boolean {
  if (e instanceof EngineError) return e.code === 'superseded' || e.code === 'cancelled';
  return /\b(superseded|cancelled)\b/i.test(errorText(e));
}
