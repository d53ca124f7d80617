/**
 * The chart's curves, measured one sweep at a time: the current curve first, then the curves
 * beside it (boosted, pinned, compare sets) in order, each asking only for its missing BERs.
 * All sweeps go through this one queue: the worker runs one request at a time and a newer one
 * supersedes the running one, so two schedulers would cancel each other for ever. The queue
 * goes last: it waits while the estimate or the why view runs (`goesFirst`); a sweep interrupted
 * by them resumes with the BERs still missing. Results land only while the curve still holds the
 * job's settings.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { SweepPoint } from '../../contract/api';
import type { ExplorerConfig } from '../../state/config';
import { curveKey, missingBers, withPoint, type CurveConfig } from '../../state/curves';
import type { CurveState, ExplorerState } from '../../state/store';
import { errorText, isSuperseded, type EngineHandle } from './client';
import { LatestJob } from './latest';
import { runConfigOf, sweepBers } from './runConfig';

/** A sweep to run: `id` null is the current curve, else an extra curve's id. */
interface CurveJob {
  id: string | null;
  key: string;
  config: CurveConfig;
  target: ExplorerConfig['target'];
  bers: number[];
}

export interface CurveDeps {
  store: StoreApi<ExplorerState>;
  engine: EngineHandle | null;
  modelReady: () => Promise<boolean>;
  rowBytes: () => number;
  /**
   * True while a request that goes before the curves runs (the estimate, the why view); may
   * start the why view's request (src/ui/engine/controller.ts).
   */
  goesFirst: () => boolean;
}

export function curveQueue({ store, engine, modelReady, rowBytes, goesFirst }: CurveDeps) {
  const get = store.getState;
  const set = store.setState;
  const job = new LatestJob();
  /** Id of the extra curve being swept (null: the current curve or none). */
  let sweeping: string | null = null;
  let disposed = false;

  const nextJob = (): CurveJob | null => {
    const { config, clean, curves } = get();
    if (!clean.error && clean.key === curveKey(config)) {
      const bers = missingBers(clean, sweepBers(config));
      if (bers.length) return { id: null, key: clean.key, config, target: config.target, bers };
    }
    for (const c of curves) {
      if (c.error) continue;
      const bers = missingBers(c, sweepBers(c.config));
      if (bers.length)
        return { id: c.id, key: c.key, config: c.config, target: c.config.target, bers };
    }
    return null;
  };

  /** Patch the job's curve, if it still holds the job's settings. */
  const patchCurve = (j: CurveJob, patch: (c: CurveState) => Partial<CurveState>) => {
    if (j.id === null)
      set((s) => (s.clean.key === j.key ? { clean: { ...s.clean, ...patch(s.clean) } } : {}));
    else
      set((s) => ({
        curves: s.curves.map((c) =>
          c.id === j.id && c.key === j.key
            ? { ...c, ...patch({ ...c, done: c.points.length }) }
            : c,
        ),
      }));
  };

  /** Marks the curve measured next (or being measured) as running, and returns its job. */
  function markNext(): CurveJob | null {
    const next = nextJob();
    set((s) => ({
      clean:
        s.clean.running !== (next?.id === null)
          ? { ...s.clean, running: next?.id === null }
          : s.clean,
      curves: s.curves.some((c) => c.running !== (next?.id === c.id))
        ? s.curves.map((c) => ({ ...c, running: next?.id === c.id }))
        : s.curves,
    }));
    return next;
  }

  /** The current curve has all its points (or failed): nothing of it is left to measure. */
  function currentComplete(): boolean {
    const { config, clean } = get();
    return (
      !!clean.error ||
      (clean.key === curveKey(config) && missingBers(clean, sweepBers(config)).length === 0)
    );
  }

  /** Starts the next sweep unless one runs or the estimate or the why view goes first. */
  function resume(): void {
    if (!engine || disposed) return;
    // Exactly the curve being measured (or next in line) shows as running.
    const next = markNext();
    if (goesFirst() || !next || job.busy) return;
    const signal = job.start();
    sweeping = next.id;
    if (next.id === null) patchCurve(next, () => ({ error: undefined }));
    void modelReady().then(async (ok) => {
      const current = () =>
        !signal.aborted &&
        (next.id === null
          ? get().clean.key === next.key && curveKey(get().config) === next.key
          : get().curves.some((c) => c.id === next.id && c.key === next.key));
      if (!ok) {
        job.finish(signal);
        if (current()) patchCurve(next, () => ({ running: false }));
        return;
      }
      const onPoint = (point: SweepPoint) => {
        if (!current()) return;
        patchCurve(next, (c) => {
          const points = withPoint(c.points, point);
          return { points, done: points.length };
        });
      };
      try {
        const result = await engine.api.sweep(
          runConfigOf(next.config, rowBytes()),
          next.bers,
          next.target,
          onPoint,
        );
        for (const p of result.points) onPoint(p);
      } catch (e) {
        if (current() && !isSuperseded(e))
          patchCurve(next, () => ({ running: false, error: errorText(e) }));
      }
      if (signal.aborted) return;
      job.finish(signal);
      // Done, interrupted by the estimate or the why view (resumed once they are done, or now)
      // or failed (its error shows; failed curves are skipped): the queue goes on.
      resume();
    });
  }

  /** The current curve's settings changed: drop its points and any sweep running. */
  function reset(): void {
    const config = get().config;
    job.abort();
    set({
      clean: {
        key: curveKey(config),
        points: [],
        done: 0,
        total: sweepBers(config).length,
        running: !!engine,
      },
    });
  }

  /** The store's curves changed: measure added ones in turn; drop the sweep of a removed one. */
  function curvesChanged(curves: ExplorerState['curves'], previous: ExplorerState['curves']): void {
    if (curves.length > previous.length) resume();
    if (sweeping !== null && job.busy && !curves.some((c) => c.id === sweeping)) {
      job.abort();
      sweeping = null;
      resume();
    }
  }

  return {
    resume,
    currentComplete,
    reset,
    curvesChanged,
    dispose(): void {
      disposed = true;
      job.abort();
    },
  };
}
