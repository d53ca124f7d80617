/**
 * The one owner of the backend's lifecycle in the worker. Every request (evaluate, sweep,
 * model load, boost, characterize, map, user-model load) awaits `ready()` before it touches
 * tfjs, so no work runs while a backend initializes or switches. A switch first stops the
 * requests of every lane (src/engine/requests.ts) and lets the holders of tensors release
 * them (`onSwitch`), then initializes the new backend; switches run one after another.
 *
 * Fallback: a request that failed calls `classify(e)`. Only a backend failure (a BackendError,
 * or an unexplained error after which the backend fails its health check) makes `recover()`
 * exclude the broken backend and pick the next one; everything else keeps the backend
 * (src/engine/engineError.ts).
 */
import type { BackendInfo, BackendName, BackendRequest } from '../contract/api';
import { BackendError, EngineError, isBackendFailure, throwIfAborted } from './engineError';
import { abortable, LatestWins } from './requests';

/** What the lifecycle needs from the platform (src/engine/session.ts `Platform`). */
export interface BackendPlatform {
  initBackend(request: BackendRequest, exclude: readonly BackendName[]): Promise<BackendInfo>;
  /** Runs a tiny computation on the active backend; throws if the backend is broken. */
  checkBackend?(): Promise<void>;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class BackendLifecycle {
  private info: BackendInfo | null = null;
  /** Backends that broke in this session (cleared when the user picks a backend). */
  private readonly failed: BackendName[] = [];
  private switching: Promise<BackendInfo> | null = null;
  private readonly lanes: LatestWins[] = [];
  private readonly releasers: (() => void)[] = [];

  constructor(private readonly platform: BackendPlatform) {}

  /** A new request lane whose requests are stopped before every switch. */
  lane(): LatestWins {
    const lane = new LatestWins();
    this.lanes.push(lane);
    return lane;
  }

  /** `release` runs before every switch, once no request runs (e.g. dispose a loaded model). */
  onSwitch(release: () => void): void {
    this.releasers.push(release);
  }

  /** The active backend, or null before the first initialization. */
  get current(): BackendInfo | null {
    return this.info;
  }

  /**
   * The active backend once no initialization or switch is under way (initializing 'auto'
   * when none ran yet). Rejects with the signal's reason when `signal` aborts first.
   */
  async ready(signal?: AbortSignal): Promise<BackendInfo> {
    for (;;) {
      throwIfAborted(signal);
      if (!this.switching && this.info) return this.info;
      const pending = this.switching ?? this.switch('auto', { stop: null });
      const info = await abortable(pending, signal);
      // Done unless a newer switch started meanwhile.
      if (this.switching === pending || this.switching === null) return info;
    }
  }

  /** The user's choice: cancels every running request, clears earlier failures, switches. */
  select(request: BackendRequest): Promise<BackendInfo> {
    return this.switch(request, {
      stop: new EngineError('cancelled', 'the backend is being switched'),
      clearFailed: true,
    });
  }

  /** Stops every lane's running request with `reason` (e.g. the user's Cancel). */
  async stopAll(reason: EngineError): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.stop(reason)));
  }

  /**
   * What a failed request's error means: the signal's reason when it was aborted, an
   * EngineError as it is, else a BackendError if the backend fails its health check and
   * 'internal' if it passes (or cannot be checked).
   */
  async classify(e: unknown, signal?: AbortSignal): Promise<EngineError> {
    throwIfAborted(signal);
    if (e instanceof EngineError) return e;
    if (this.platform.checkBackend && this.info) {
      try {
        await this.platform.checkBackend();
      } catch (check) {
        return new BackendError(`${messageOf(e)} (backend check: ${messageOf(check)})`);
      }
    }
    return new EngineError('internal', messageOf(e));
  }

  /**
   * After a backend failure in a request of `lane`: exclude the active backend, stop the other
   * lanes' requests, switch to the next backend ('auto'). The caller then reruns its request.
   */
  async recover(failure: EngineError, lane: LatestWins): Promise<BackendInfo> {
    if (!isBackendFailure(failure) || !this.info) throw failure;
    const broken = this.info.active;
    this.failed.push(broken);
    const info = await this.switch('auto', { stop: failure, except: lane });
    this.info = { ...info, reason: `${broken} failed (${failure.message}); ${info.reason}` };
    return this.info;
  }

  /** The active backend died outside a request (e.g. WebGPU device loss): stop all, switch. */
  async lost(reason: string): Promise<void> {
    if (!this.info) return;
    this.failed.push(this.info.active);
    const info = await this.switch('auto', { stop: new BackendError(reason) });
    this.info = { ...info, reason: `${reason}; ${info.reason}` };
  }

  private switch(
    request: BackendRequest,
    o: { stop: EngineError | null; except?: LatestWins; clearFailed?: boolean },
  ): Promise<BackendInfo> {
    const previous = this.switching;
    // Synchronously: the requests running now are told to stop; those sent later wait in ready().
    const stopped = o.stop
      ? Promise.all(this.lanes.filter((l) => l !== o.except).map((l) => l.stop(o.stop!)))
      : null;
    const run = (async () => {
      await previous?.catch(() => undefined);
      await stopped;
      for (const release of this.releasers) release();
      if (o.clearFailed) this.failed.length = 0;
      try {
        this.info = await this.platform.initBackend(request, this.failed);
      } catch (e) {
        this.info = null;
        throw e instanceof EngineError ? e : new BackendError(messageOf(e));
      }
      return this.info;
    })();
    this.switching = run;
    void run
      .catch(() => undefined)
      .then(() => {
        if (this.switching === run) this.switching = null;
      });
    return run;
  }
}
