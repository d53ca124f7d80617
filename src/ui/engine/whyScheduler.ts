/**
 * The Why panel's measurement (issue #16): the chosen view (config.whyView) at the operating
 * point, live under the sliders. It shares the worker's one request lane (src/engine/requests.ts)
 * with the estimate and the curves, in this order:
 *
 * 1. the estimate: a slider step answers first (the controller aborts the why request, and the
 *    worker's evaluate supersedes it at its next batch);
 * 2. the why view: first on the first progressive phase (100 images in the browser, as the
 *    accuracy card; one trial for the views that compare many variants, bits and layers:
 *    src/engine/why.ts FIRST_PHASE_TRIALS), then refined;
 * 3. the curves.
 *
 * While the current curve is still being measured (a model or format change) the why request
 * waits for the page's clean accuracy (the curve's BER-0 point: the accuracy card's verdict and
 * the target line need it), then asks for the first phase only (`firstPhaseOnly`) and lets the
 * curve go on (the sweep it interrupts goes on from its tallies: src/engine/session.ts); the
 * full request follows once the curve is complete, before the curves beside it. The result
 * lands in the store (`why`), keyed by the settings it belongs to.
 */
import type { WhyRequest } from '../../contract/api';
import { curveKey } from '../../state/curves';
import type { ExplorerConfig } from '../../state/config';
import type { DramPort } from '../../state/dramPort';
import { cleanMeasurement, type ExplorerState, type WhyState } from '../../state/store';
import { errorText, isSuperseded } from './client';
import { operatingBer, type OperatingPointDeps } from './estimateScheduler';
import { LatestJob } from './latest';
import { berProblem, runConfigOf } from './runConfig';

export interface WhyDeps extends OperatingPointDeps {
  /** True once the current curve has all its points (or failed): the full request may run. */
  curveComplete: () => boolean;
  /** Called when the why request ends (done, failed or superseded): the curves go on. */
  onIdle: () => void;
}

/** The request the page's settings ask for, with its key, or null when none should run. */
export function whyRequestOf(
  s: Pick<ExplorerState, 'config' | 'models'>,
  dram: DramPort | null,
  rowBytes: number,
): { key: string; request: WhyRequest } | null {
  const config: ExplorerConfig = s.config;
  const entry = s.models.find((m) => m.id === config.modelId);
  const ber = operatingBer(dram, config);
  // SNNs have no why views; an unreachable BER is the estimate's message already.
  if (!entry || entry.family === 'snn' || ber === null || berProblem(config, ber)) return null;
  const dataType =
    config.whyView === 'histogram' && entry.dataTypes.some((d) => d.id === config.whyDataType)
      ? config.whyDataType
      : undefined;
  const request: WhyRequest = {
    config: runConfigOf(config, rowBytes),
    view: config.whyView,
    ber,
    target: config.target,
    dataType,
  };
  return {
    key: JSON.stringify([curveKey(config), rowBytes, ber, config.whyView, dataType]),
    request,
  };
}

/**
 * What the why view's next request waits for before it may start, in the order runIfDue checks
 * it: the engine, an EDEN run (Runs panel), the page's clean accuracy; null when none of them
 * (then only the estimate, which goes first on the lane, holds it back). The Why panel says it.
 */
export function whyWaitsFor(
  s: Pick<ExplorerState, 'engine' | 'pipelineRun' | 'clean' | 'estimate'>,
): 'engine' | 'run' | 'clean' | null {
  if (s.engine !== 'ready') return 'engine';
  if (s.pipelineRun?.running) return 'run';
  return cleanMeasurement(s) ? null : 'clean';
}

export function whyScheduler({
  store,
  engine,
  dram,
  modelReady,
  rowBytes,
  curveComplete,
  onIdle,
}: WhyDeps) {
  const job = new LatestJob();
  const get = store.getState;
  const setWhy = (patch: Partial<WhyState>) =>
    store.setState((s) => ({ why: { ...s.why, ...patch } }));
  /** What the running job asks for. */
  let running: { key: string; full: boolean } | null = null;

  /**
   * Starts the why request the settings ask for, unless it runs already or its result is in
   * (a first-phase result waits for the curve). True while a why request runs: the curves wait.
   */
  function runIfDue(): boolean {
    const s = get();
    const waits = whyWaitsFor(s);
    if (!engine || waits === 'engine' || waits === 'run') return false;
    const want = whyRequestOf(s, dram, rowBytes());
    if (!want) return false;
    const full = curveComplete();
    // The clean accuracy is in once the curve is complete (its BER-0 point).
    if (!full && waits === 'clean') return false;
    if (job.busy && running?.key === want.key && (running.full || !full)) return true;
    const { why } = s;
    if (why.key === want.key && (why.error || why.result?.final || (why.result && !full)))
      return false;
    start(want.key, want.request, full);
    return true;
  }

  function start(key: string, request: WhyRequest, full: boolean): void {
    const signal = job.start();
    running = { key, full };
    setWhy({ running: true });
    void modelReady().then(async (ok) => {
      if (signal.aborted) return;
      if (!ok) {
        end(signal, { running: false });
        return;
      }
      const land = (result: WhyState['result']) => {
        if (!signal.aborted) setWhy({ key, result, preview: !full, error: undefined });
      };
      try {
        land(await engine!.api.why({ ...request, firstPhaseOnly: !full }, land));
        end(signal, { running: false });
      } catch (e) {
        if (signal.aborted) return;
        // Superseded: by the estimate (which then decides what runs next) or a newer request.
        end(
          signal,
          isSuperseded(e) ? { running: false } : { key, running: false, error: errorText(e) },
        );
      }
    });
  }

  function end(signal: AbortSignal, patch: Partial<WhyState>): void {
    // A request that ends after it was superseded (the worker finished it before it saw the
    // abort: a weights histogram has nothing to abort between) leaves the state to the newer
    // job or to abort(): clearing `running` here made the newer job restart itself for ever.
    if (signal.aborted) return;
    setWhy(patch);
    job.finish(signal);
    running = null;
    onIdle();
  }

  return {
    runIfDue,
    busy: () => job.busy,
    /** The estimate goes first: drop the running request's results (the worker stops it). */
    abort(): void {
      if (!job.busy) return;
      job.abort();
      running = null;
      setWhy({ running: false });
    },
    /**
     * A data type the model does not have (a link's `wdt=`, or kept from the previous model)
     * falls back to the largest weights, with a message. Called after a model change; runs
     * after the current store update (no update from inside a store listener).
     */
    checkDataType(): void {
      queueMicrotask(() => {
        const { config, models, update, notify } = get();
        const entry = models.find((m) => m.id === config.modelId);
        if (!entry || !config.whyDataType) return;
        if (entry.dataTypes.some((d) => d.id === config.whyDataType)) return;
        notify(
          'warn',
          `Data type "${config.whyDataType}" is not one of ${entry.id}'s; the Values tab shows its largest weights.`,
        );
        update({ whyDataType: '' });
      });
    },
    dispose(): void {
      job.abort();
      running = null;
    },
  };
}
