/**
 * The engine's error rules. EngineError and its codes are the contract's
 * (src/contract/errors.ts); this file adds which errors mean "the backend broke".
 *
 * A fallback to another backend happens only for a BackendError: thrown when no backend
 * initializes (src/engine/backends.ts), when WebGPU loses its device (ExplorerSession.backendLost),
 * or when a computation failed and the backend then fails its health check
 * (ExplorerSession, `Platform.backendHealthy`). Any other error keeps the backend: bad input
 * is 'bad-input' wherever it is thrown, and an unexplained failure is 'internal'.
 */
import { EngineError } from '../contract/errors';

export {
  EngineError,
  asEngineError,
  isSuperseded,
  throwIfAborted,
  type EngineErrorCode,
} from '../contract/errors';

export class BackendError extends EngineError {
  constructor(message: string) {
    super('backend-failed', message);
    this.name = 'BackendError';
  }
}

/** True only for errors that mark the backend as broken (the only ones that trigger a fallback). */
export function isBackendFailure(e: unknown): boolean {
  return e instanceof EngineError && e.code === 'backend-failed';
}
