/**
 * The accuracy at the operating point (the slider's BER): one evaluate at a time, a newer
 * slider step replaces the running one (latest wins). A slider step must answer fast, so the
 * curve queue waits while an estimate runs (`busy`) and resumes when it is done (`onIdle`).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { AccuracyEstimate } from '../../contract/api';
import type { ExplorerConfig } from '../../state/config';
import type { DramPort } from '../../state/dramPort';
import type { ExplorerState } from '../../state/store';
import { errorText, isSuperseded, type EngineHandle } from './client';
import { LatestJob } from './latest';
import { berProblem, runConfigOf } from './runConfig';

/** The BER the sliders set (from the DRAM profile), or null while no profile is loaded. */
export function operatingBer(dram: DramPort | null, c: ExplorerConfig): number | null {
  if (!dram) return null;
  try {
    return dram.ber(c.profileId, c.vddDelta, c.trcdDelta);
  } catch {
    return null;
  }
}

/** What a part that asks the worker about the operating point needs (the estimate, the why view). */
export interface OperatingPointDeps {
  store: StoreApi<ExplorerState>;
  engine: EngineHandle | null;
  dram: DramPort | null;
  modelReady: () => Promise<boolean>;
  rowBytes: () => number;
}

export interface EstimateDeps extends OperatingPointDeps {
  /** Called when no estimate is running any more (the curve queue goes on). */
  onIdle: () => void;
}

export function estimateScheduler({
  store,
  engine,
  dram,
  modelReady,
  rowBytes,
  onIdle,
}: EstimateDeps) {
  const job = new LatestJob();
  const set = store.setState;

  function run(): void {
    const config = store.getState().config;
    const ber = operatingBer(dram, config);
    const signal = job.start();
    const problem = ber === null ? null : berProblem(config, ber);
    if (problem) set({ estimate: null, estimateRunning: false, estimateError: problem });
    if (ber === null || problem || !engine) {
      job.finish(signal);
      onIdle();
      return;
    }
    set({ estimateRunning: true, estimateError: undefined });
    void modelReady().then(async (ok) => {
      if (signal.aborted) return;
      if (!ok) {
        job.finish(signal);
        set({ estimateRunning: false });
        return;
      }
      const onProgress = (estimate: AccuracyEstimate) => {
        if (!signal.aborted) set({ estimate: { ...estimate, ber } });
      };
      try {
        const estimate = await engine.api.evaluate(
          runConfigOf(config, rowBytes()),
          { mode: 'coarse', ber, target: config.target },
          onProgress,
        );
        if (!signal.aborted) set({ estimate: { ...estimate, ber }, estimateRunning: false });
      } catch (e) {
        if (!signal.aborted && !isSuperseded(e))
          set({ estimateRunning: false, estimateError: errorText(e) });
      }
      if (signal.aborted) return;
      job.finish(signal);
      onIdle();
    });
  }

  return { run, busy: () => job.busy, dispose: () => job.abort() };
}
