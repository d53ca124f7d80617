/**
 * The engine's one request mechanism: a lane runs one request at a time, and a newer request
 * replaces the running one (latest wins). Each request gets an AbortSignal; superseding or
 * cancelling aborts it with an EngineError ('superseded' / 'cancelled') as the signal's reason,
 * the work stops at its next check (`throwIfAborted(signal)`, between batches), and the next
 * request starts only once the previous one has let go (disposed its tensors).
 *
 * Lanes are created by the backend's owner (src/engine/backendLifecycle.ts), which stops them
 * all before it switches backends. The worker has three: the explorer session (evaluate, sweep,
 * model loads), the EDEN pipeline (boost, characterize, map) and user-model loads. Lanes do not
 * supersede each other: a slider step's evaluate must not cancel a running boost.
 */
import { EngineError, throwIfAborted } from './engineError';

export class LatestWins {
  private controller: AbortController | null = null;
  private running: Promise<unknown> = Promise.resolve();

  /**
   * Runs `work` once the running request has let go; the running one is aborted with
   * 'superseded' (`reason` says by what). Rejects with the signal's reason if this request is
   * itself superseded or cancelled before it starts.
   */
  run<T>(
    work: (signal: AbortSignal) => Promise<T>,
    reason = 'a newer request replaced this one',
  ): Promise<T> {
    // Synchronously: this request becomes the current one, the previous one is told to stop.
    const previous = this.running;
    this.controller?.abort(new EngineError('superseded', reason));
    const controller = new AbortController();
    this.controller = controller;
    const run = (async () => {
      await previous.catch(() => undefined);
      throwIfAborted(controller.signal);
      return work(controller.signal);
    })();
    this.running = run;
    return run.finally(() => {
      if (this.controller === controller) this.controller = null;
    });
  }

  /** Aborts the running request (if any) with `reason` and waits until it has let go. */
  async stop(reason: EngineError): Promise<void> {
    this.controller?.abort(reason);
    await this.running.catch(() => undefined);
  }
}

/** `p`, or a rejection with the signal's reason as soon as `signal` aborts. */
export function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      try {
        throwIfAborted(signal);
      } catch (e) {
        reject(e);
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
