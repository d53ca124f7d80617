/**
 * Errors the engine raises on purpose, with a code the UI can act on (workers/api.ts
 * ExplorerErrorInfo). They cross the worker boundary as `[code] message` text, which
 * src/engine/client.ts turns back into an EngineError.
 */
import type { ExplorerErrorInfo } from '../../workers/api';

export type EngineErrorCode = ExplorerErrorInfo['code'];

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

const CODES: readonly EngineErrorCode[] = [
  'cancelled',
  'superseded',
  'bad-input',
  'unsupported-model',
  'backend-failed',
  'internal',
];

/** `[code] message`, the form an error takes on the wire. */
export function toWire(e: unknown): string {
  if (e instanceof EngineError) return `[${e.code}] ${e.message}`;
  const message = e instanceof Error ? e.message : String(e);
  return `[internal] ${message}`;
}

/** Back from the wire (also accepts any Error: unknown text becomes 'internal'). */
export function fromWire(e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  const text = e instanceof Error ? e.message : String(e);
  const m = /^\[([a-z-]+)\] ([\s\S]*)$/.exec(text);
  if (m && (CODES as readonly string[]).includes(m[1]))
    return new EngineError(m[1] as EngineErrorCode, m[2]);
  return new EngineError('internal', text);
}

export function errorInfo(e: unknown): ExplorerErrorInfo {
  const err = fromWire(e instanceof EngineError ? e : new Error(toWire(e)));
  return { code: err.code, message: err.message };
}

/** Throws the signal's reason as an EngineError ('cancelled' unless the reason says otherwise). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  throw reason instanceof EngineError ? reason : new EngineError('cancelled', 'cancelled');
}
