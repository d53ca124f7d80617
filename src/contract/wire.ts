/**
 * How errors cross the worker boundary: Comlink's 'throw' transfer handler, extended so that
 * every Error thrown in the worker arrives in the page as an EngineError with its code (any
 * other Error as 'internal'). Both sides call `registerErrorTransfer()` once, before the first
 * request: the worker (workers/explorer.worker.ts) to serialize, the client
 * (src/ui/engine/client.ts) to rebuild.
 */
import * as Comlink from 'comlink';
import { ENGINE_ERROR_CODES, EngineError, asEngineError, type EngineErrorCode } from './errors';

interface WireError {
  engineError: { code: EngineErrorCode; message: string };
}

const isWireError = (v: unknown): v is WireError =>
  typeof v === 'object' &&
  v !== null &&
  'engineError' in v &&
  ENGINE_ERROR_CODES.includes((v as WireError).engineError.code);

let registered = false;

export function registerErrorTransfer(): void {
  if (registered) return;
  registered = true;
  // Comlink's own handler wraps the thrown value ({value, [marker]}); we keep its test of that
  // wrapper and its handling of non-Error throws, and replace how Errors travel.
  const original = Comlink.transferHandlers.get('throw')!;
  Comlink.transferHandlers.set('throw', {
    canHandle: original.canHandle,
    serialize: (thrown: unknown) => {
      const value = (thrown as { value: unknown }).value;
      if (!(value instanceof Error)) return original.serialize(thrown);
      const { code, message } = asEngineError(value);
      const wire: WireError = { engineError: { code, message } };
      return [wire, []];
    },
    deserialize: (v: unknown) => {
      if (isWireError(v)) throw new EngineError(v.engineError.code, v.engineError.message);
      return original.deserialize(v);
    },
  });
}
