/**
 * One job of a kind at a time on the UI side: starting a job aborts the previous one of the
 * same kind, whose results are then dropped (each job checks its own `signal.aborted`). The UI
 * counterpart of the worker's lanes (src/engine/requests.ts), with no sequence counters.
 */
export class LatestJob {
  private controller: AbortController | null = null;

  /** Aborts the running job (if any) and returns the new job's signal. */
  start(): AbortSignal {
    this.controller?.abort();
    this.controller = new AbortController();
    return this.controller.signal;
  }

  /** The job of `signal` finished: the kind is idle unless a newer job started meanwhile. */
  finish(signal: AbortSignal): void {
    if (this.controller?.signal === signal) this.controller = null;
  }

  /** Aborts the running job; the kind is idle. */
  abort(): void {
    this.controller?.abort();
    this.controller = null;
  }

  /** True while a job runs that was neither finished nor aborted. */
  get busy(): boolean {
    return this.controller !== null;
  }
}
