/**
 * Connects the store to the worker and the DRAM model. Five parts, one job each:
 *
 * - profileLoader: the DRAM profile the configuration names;
 * - engineLoader: the worker's backend and model;
 * - estimateScheduler: the accuracy at the operating point (a slider step answers first);
 * - whyScheduler: the Why panel's view at the operating point, after the estimate;
 * - curveQueue: the curves' missing points, one sweep at a time, last.
 *
 * Each keeps one job of its kind (LatestJob: a newer one aborts the older, whose results are
 * dropped). The estimate, the why view and the curves share the worker's one request lane, in
 * that order. This file starts them and routes store changes to them.
 */
import { DEFAULT_ROW_BYTES } from '../../core/dram/geometry';
import type { StoreApi } from 'zustand/vanilla';
import { parseZoo, type ZooEntry } from '../../core/models/zoo';
import type { DramPort } from '../../state/dramPort';
import { curveKey } from '../../state/curves';
import { cleanMeasurement, type ExplorerState } from '../../state/store';
import { errorText, type EngineHandle } from './client';
import { curveQueue } from './curveQueue';
import { engineLoader } from './engineLoader';
import { estimateScheduler, operatingBer } from './estimateScheduler';
import { profileLoader } from './profileLoader';
import { whyScheduler } from './whyScheduler';

export { operatingBer };

async function readZoo(): Promise<ZooEntry[]> {
  const res = await fetch(new URL('models/zoo.json', document.baseURI));
  if (!res.ok) throw new Error(`models/zoo.json: HTTP ${res.status}`);
  return parseZoo(await res.json()).models;
}

export function startController(
  store: StoreApi<ExplorerState>,
  engine: EngineHandle | null,
  dram: DramPort | null,
): () => void {
  const get = store.getState;
  const set = store.setState;
  let disposed = false;
  const rowBytes = () => get().profile?.rowBytes ?? DEFAULT_ROW_BYTES;

  const profiles = profileLoader(store, dram);
  const loader = engine ? engineLoader(store, engine) : null;
  const modelReady = () => loader?.modelReady() ?? Promise.resolve(false);
  // One worker lane, three parts in turn: the estimate, then the why view, then the curves.
  // The queue resumes when either of the others ends, and waits while either runs.
  const curves = curveQueue({
    store,
    engine,
    modelReady,
    rowBytes,
    goesFirst: () => estimate.busy() || why.runIfDue(),
  });
  const estimate = estimateScheduler({
    store,
    engine,
    dram,
    modelReady,
    rowBytes,
    onIdle: () => curves.resume(),
  });
  const why = whyScheduler({
    store,
    engine,
    dram,
    modelReady,
    rowBytes,
    curveComplete: () => curves.currentComplete(),
    onIdle: () => curves.resume(),
  });
  /** The operating point changed: its estimate first (the why request gives way at once). */
  const runEstimate = () => {
    why.abort();
    estimate.run();
  };

  // --- start-up ----------------------------------------------------------
  const start = get().config;
  void profiles.load(start.profileId);
  if (!loader || !engine) {
    if (get().engine !== 'failed') set({ engine: 'missing' });
    // Without the worker the zoo is read directly, so the map and the savings still work.
    void readZoo().then(
      (models) => set({ models }),
      (e) => get().notify('warn', `The list of built-in models could not be read: ${errorText(e)}`),
    );
  } else {
    set({ engine: 'ready' });
    loader.initBackend(start.backend);
    void engine.api.listModels().then(
      (models) => {
        if (disposed) return;
        set({ models });
        const id = get().config.modelId;
        if (models.length && !models.some((m) => m.id === id)) {
          // Named as the link's other bad values are (state/url.ts): key, value, what is used.
          const own = id.startsWith('user-')
            ? ' (your own models last one session)'
            : /-boosted-\d+$/.test(id)
              ? ' (a boosted model lasts the session it was boosted in)'
              : '';
          get().notify(
            'warn',
            `Link value model="${id}" is not one of the built-in models${own}; showing ${models[0].id}.`,
          );
          get().update({ modelId: models[0].id });
        } else get().update({}); // the link's settings checked against the model (modelFit.ts)
      },
      (e) =>
        get().notify('error', `The list of built-in models could not be read: ${errorText(e)}`),
    );
    loader.loadModel(start.modelId);
  }
  curves.reset();

  // --- store changes → parts ----------------------------------------------
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.profile !== prev.profile && s.profile) runEstimate();
    if (s.curves !== prev.curves) curves.curvesChanged(s.curves, prev.curves);
    if (s.models !== prev.models) why.checkDataType();
    // The why view waits for the model list, for EDEN runs (boost, characterize, map) and for
    // the clean accuracy (it then takes its turn from the curve being measured).
    if (
      s.models !== prev.models ||
      (!s.pipelineRun?.running && prev.pipelineRun?.running) ||
      (!cleanMeasurement(prev) && cleanMeasurement(s))
    )
      curves.resume();
    const c = s.config;
    const p = prev.config;
    if (c === p) return;
    if (c.modelId !== p.modelId) why.checkDataType();
    if (c.profileId !== p.profileId) void profiles.load(c.profileId);
    const backendChanged = c.backend !== p.backend;
    if (backendChanged) {
      loader?.initBackend(c.backend);
      loader?.loadModel(c.modelId);
    } else if (c.modelId !== p.modelId) loader?.loadModel(c.modelId);
    const curveStale = curveKey(c) !== curveKey(p) || backendChanged;
    if (curveStale) curves.reset();
    if (
      curveStale ||
      c.vddDelta !== p.vddDelta ||
      c.trcdDelta !== p.trcdDelta ||
      c.profileId !== p.profileId
    )
      runEstimate();
    // Any other change (e.g. the Why panel's tab) starts what is due, if nothing goes first.
    else curves.resume();
  });

  return () => {
    disposed = true;
    unsubscribe();
    profiles.dispose();
    loader?.dispose();
    estimate.dispose();
    why.dispose();
    curves.dispose();
    engine?.terminate();
  };
}
