/**
 * Connects the store to the worker and the DRAM model. The worker runs one request at a time
 * and a newer evaluate/sweep supersedes the running one (src/engine/session.ts), so this
 * controller schedules: the operating point first (a slider step must answer fast), then the
 * curve's missing points; a slider step during a sweep interrupts it, and the sweep resumes
 * with the BERs still missing once the estimate is in. Results are stored only if no newer
 * request was made meanwhile (latest wins).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { AccuracyEstimate, SweepPoint } from '../../contract/api';
import { parseZoo, type ZooEntry } from '../../core/models/zoo';
import type { ExplorerConfig } from '../../state/config';
import type { DramPort } from '../../state/dramPort';
import { curveKey, missingBers, withPoint, type CurveConfig } from '../../state/curves';
import type { CurveState, ExplorerState } from '../../state/store';
import { errorText, isSuperseded, type EngineHandle } from './client';
import { berProblem, runConfigOf, sweepBers } from './runConfig';

const DEFAULT_ROW_BYTES = 8192;

async function readZoo(): Promise<ZooEntry[]> {
  const res = await fetch(new URL('models/zoo.json', document.baseURI));
  if (!res.ok) throw new Error(`models/zoo.json: HTTP ${res.status}`);
  return parseZoo(await res.json()).models;
}

export function operatingBer(dram: DramPort | null, c: ExplorerConfig): number | null {
  if (!dram) return null;
  try {
    return dram.ber(c.profileId, c.vddDelta, c.trcdDelta);
  } catch {
    return null;
  }
}

export function startController(
  store: StoreApi<ExplorerState>,
  engine: EngineHandle | null,
  dram: DramPort | null,
): () => void {
  const get = store.getState;
  const set = store.setState;
  let disposed = false;

  // --- DRAM profile -------------------------------------------------------
  let profileReq = 0;
  const loadProfile = async (id: string) => {
    if (!dram) return;
    const req = ++profileReq;
    try {
      const profile = await dram.profile(id);
      if (req !== profileReq) return;
      set({ profile });
      const { vddMin, trcdMin, vddStep, trcdStep } = profile;
      get().setKnobRange({ vddMin, trcdMin, vddStep, trcdStep });
    } catch (e) {
      if (req !== profileReq) return;
      get().notify('error', `DRAM profile "${id}" could not be loaded: ${errorText(e)}`);
      const fallback = dram.profileIds()[0];
      if (fallback && fallback !== id) get().update({ profileId: fallback });
    }
  };

  // --- engine: backend and model ------------------------------------------
  let backendReq = 0;
  let modelReq = 0;
  let ready: Promise<boolean> = Promise.resolve(false);
  let modelReady: Promise<boolean> = Promise.resolve(false);

  const initBackend = (request: ExplorerConfig['backend']) => {
    if (!engine) return;
    const req = ++backendReq;
    set({ backendError: undefined });
    ready = engine.api.init(request).then(
      (info) => {
        if (req === backendReq) set({ backend: info });
        return true;
      },
      (e) => {
        if (req === backendReq) set({ backendError: errorText(e) });
        return false;
      },
    );
  };

  const loadModel = (modelId: string) => {
    if (!engine) return;
    const req = ++modelReq;
    modelReady = ready.then(async (ok) => {
      if (!ok) return false;
      try {
        await engine.api.loadModel(modelId);
        return true;
      } catch (e) {
        if (req === modelReq)
          get().notify('error', `Model "${modelId}" could not be loaded: ${errorText(e)}`);
        return false;
      }
    });
  };

  // --- scheduling: operating point first, then the curves' missing points ---
  // The current curve first, then the curves beside it (boosted, pinned, compare sets) in
  // order. All go through this one queue: the worker runs one request at a time and a newer
  // one supersedes the running one, so two schedulers would cancel each other for ever.
  let evalSeq = 0;
  let evalBusy = false;
  let sweepSeq = 0;
  let sweepBusy = false;
  /** Id of the extra curve being swept (null: the current curve or none). */
  let sweeping: string | null = null;

  const rowBytes = () => get().profile?.rowBytes ?? DEFAULT_ROW_BYTES;

  /** A sweep to run: `id` null is the current curve, else an extra curve's id. */
  interface CurveJob {
    id: string | null;
    key: string;
    config: CurveConfig;
    target: ExplorerConfig['target'];
    bers: number[];
  }

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
  const patchCurve = (job: CurveJob, patch: (c: CurveState) => Partial<CurveState>) => {
    if (job.id === null)
      set((s) => (s.clean.key === job.key ? { clean: { ...s.clean, ...patch(s.clean) } } : {}));
    else
      set((s) => ({
        curves: s.curves.map((c) =>
          c.id === job.id && c.key === job.key
            ? { ...c, ...patch({ ...c, done: c.points.length }) }
            : c,
        ),
      }));
  };

  const resumeCurve = () => {
    if (!engine || disposed || evalBusy || sweepBusy) return;
    const job = nextJob();
    // Exactly the curve being measured shows as running.
    set((s) => ({
      clean:
        s.clean.running !== (job?.id === null)
          ? { ...s.clean, running: job?.id === null }
          : s.clean,
      curves: s.curves.some((c) => c.running !== (job?.id === c.id))
        ? s.curves.map((c) => ({ ...c, running: job?.id === c.id }))
        : s.curves,
    }));
    if (!job) return;
    const seq = ++sweepSeq;
    sweepBusy = true;
    sweeping = job.id;
    if (job.id === null) patchCurve(job, () => ({ error: undefined }));
    void modelReady.then(async (ok) => {
      const current = () =>
        seq === sweepSeq &&
        (job.id === null
          ? get().clean.key === job.key && curveKey(get().config) === job.key
          : get().curves.some((c) => c.id === job.id && c.key === job.key));
      if (!ok) {
        sweepBusy = false;
        if (current()) patchCurve(job, () => ({ running: false }));
        return;
      }
      const onPoint = (point: SweepPoint) => {
        if (!current()) return;
        patchCurve(job, (c) => {
          const points = withPoint(c.points, point);
          return { points, done: points.length };
        });
      };
      try {
        const result = await engine.api.sweep(
          runConfigOf(job.config, rowBytes()),
          job.bers,
          job.target,
          onPoint,
        );
        for (const p of result.points) onPoint(p);
      } catch (e) {
        if (current() && !isSuperseded(e))
          patchCurve(job, () => ({ running: false, error: errorText(e) }));
      }
      if (seq !== sweepSeq) return;
      sweepBusy = false;
      // Done, interrupted by a slider step (resumed once the estimate is in, or now if it
      // already is) or failed (its error shows; failed curves are skipped): the queue goes on.
      resumeCurve();
    });
  };

  const resetCurve = () => {
    const config = get().config;
    sweepSeq++; // results of an older sweep are dropped
    sweepBusy = false;
    set({
      clean: {
        key: curveKey(config),
        points: [],
        done: 0,
        total: sweepBers(config).length,
        running: !!engine,
      },
    });
  };

  const runEstimate = () => {
    const config = get().config;
    const ber = operatingBer(dram, config);
    const seq = ++evalSeq;
    const problem = ber === null ? null : berProblem(config, ber);
    if (problem) set({ estimate: null, estimateRunning: false, estimateError: problem });
    if (ber === null || problem || !engine) {
      evalBusy = false;
      resumeCurve();
      return;
    }
    evalBusy = true;
    set({ estimateRunning: true, estimateError: undefined });
    void modelReady.then(async (ok) => {
      if (!ok || seq !== evalSeq) {
        if (seq === evalSeq) {
          evalBusy = false;
          set({ estimateRunning: false });
        }
        return;
      }
      const onProgress = (estimate: AccuracyEstimate) => {
        if (seq === evalSeq) set({ estimate: { ...estimate, ber } });
      };
      try {
        const estimate = await engine.api.evaluate(
          runConfigOf(config, rowBytes()),
          { mode: 'coarse', ber, target: config.target },
          onProgress,
        );
        if (seq === evalSeq) set({ estimate: { ...estimate, ber }, estimateRunning: false });
      } catch (e) {
        if (seq === evalSeq && !isSuperseded(e))
          set({ estimateRunning: false, estimateError: errorText(e) });
      }
      if (seq === evalSeq) {
        evalBusy = false;
        resumeCurve();
      }
    });
  };

  // --- start-up ----------------------------------------------------------
  const start = get().config;
  void loadProfile(start.profileId);
  if (!engine) {
    if (get().engine !== 'failed') set({ engine: 'missing' });
    // Without the worker the zoo is read directly, so the map and the savings still work.
    void readZoo().then(
      (models) => set({ models }),
      (e) => get().notify('warn', `The model zoo could not be read: ${errorText(e)}`),
    );
  } else {
    set({ engine: 'ready' });
    initBackend(start.backend);
    void engine.api.listModels().then(
      (models) => {
        if (disposed) return;
        set({ models });
        const id = get().config.modelId;
        if (models.length && !models.some((m) => m.id === id)) {
          get().notify('warn', `Model "${id}" is not in the zoo; showing ${models[0].id}.`);
          get().update({ modelId: models[0].id });
        }
      },
      (e) => get().notify('error', `The model zoo could not be read: ${errorText(e)}`),
    );
    loadModel(start.modelId);
  }
  resetCurve();

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.profile !== prev.profile && s.profile) runEstimate();
    // A curve was added (pinned, compare set, boosted model): measure it when its turn comes.
    if (s.curves !== prev.curves && s.curves.length > prev.curves.length) resumeCurve();
    // The curve being measured was removed: drop its sweep and go on with the next one (a
    // newer request supersedes it in the worker).
    if (sweeping !== null && sweepBusy && !s.curves.some((c) => c.id === sweeping)) {
      sweepSeq++;
      sweepBusy = false;
      sweeping = null;
      resumeCurve();
    }
    const c = s.config;
    const p = prev.config;
    if (c === p) return;
    if (c.profileId !== p.profileId) void loadProfile(c.profileId);
    const backendChanged = c.backend !== p.backend;
    if (backendChanged) {
      initBackend(c.backend);
      loadModel(c.modelId);
    } else if (c.modelId !== p.modelId) loadModel(c.modelId);
    const curveStale = curveKey(c) !== curveKey(p) || backendChanged;
    if (curveStale) resetCurve();
    if (
      curveStale ||
      c.vddDelta !== p.vddDelta ||
      c.trcdDelta !== p.trcdDelta ||
      c.profileId !== p.profileId
    ) {
      runEstimate();
    }
  });

  return () => {
    disposed = true;
    unsubscribe();
    engine?.terminate();
  };
}
