/**
 * Errors the engine raises on purpose, each with a code the UI acts on. They cross the worker
 * boundary as data ({code, message}; src/contract/wire.ts), never as text parsed back.
 *
 * - 'cancelled': the user cancelled (or the backend is being switched).
 * - 'superseded': a newer request replaced this one (latest wins; src/engine/requests.ts).
 * - 'bad-input': the request or its files are wrong (a message naming the field); retrying will not help.
 * - 'unsupported-model': the model cannot run here (layers, no calibration for a format).
 * - 'backend-failed': the backend broke (device lost, a failed health check). The only code
 *   that makes the engine switch backends (src/engine/engineError.ts `isBackendFailure`).
 * - 'internal': anything else (a bug): shown with its message, the backend is kept.
 */
export const ENGINE_ERROR_CODES = [
  'cancelled',
  'superseded',
  'bad-input',
  'unsupported-model',
  'backend-failed',
  'internal',
] as const;

export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Any thrown value as an EngineError: EngineErrors as they are, anything else 'internal'. */
export function asEngineError(e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  return new EngineError('internal', e instanceof Error ? e.message : String(e));
}

/** True for the errors a caller ignores: a newer request replaced this one, or the user cancelled. */
export function isSuperseded(e: unknown): boolean {
  return e instanceof EngineError && (e.code === 'superseded' || e.code === 'cancelled');
}

/** Throws the signal's reason as an EngineError ('cancelled' unless the reason says otherwise). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  throw reason instanceof EngineError ? reason : new EngineError('cancelled', 'cancelled');
}
