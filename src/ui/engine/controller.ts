/**
 * Connects the store to the worker and the DRAM model. Four parts, one job each:
 *
 * - profileLoader: the DRAM profile the configuration names;
 * - engineLoader: the worker's backend and model;
 * - estimateScheduler: the accuracy at the operating point (a slider step answers first);
 * - curveQueue: the curves' missing points, one sweep at a time, after the estimate.
 *
 * Each keeps one job of its kind (LatestJob: a newer one aborts the older, whose results are
 * dropped). This file starts them and routes store changes to them.
 */
import { DEFAULT_ROW_BYTES } from '../../core/dram/geometry';
import type { StoreApi } from 'zustand/vanilla';
import { parseZoo, type ZooEntry } from '../../core/models/zoo';
import type { DramPort } from '../../state/dramPort';
import { curveKey } from '../../state/curves';
import type { ExplorerState } from '../../state/store';
import { errorText, type EngineHandle } from './client';
import { curveQueue } from './curveQueue';
import { engineLoader } from './engineLoader';
import { estimateScheduler, operatingBer } from './estimateScheduler';
import { profileLoader } from './profileLoader';

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
  // The estimate and the curve queue take turns: the queue resumes when the estimate is idle.
  const curves = curveQueue({
    store,
    engine,
    modelReady,
    rowBytes,
    estimateBusy: () => estimate.busy(),
  });
  const estimate = estimateScheduler({
    store,
    engine,
    dram,
    modelReady,
    rowBytes,
    onIdle: () => curves.resume(),
  });

  // --- start-up ----------------------------------------------------------
  const start = get().config;
  void profiles.load(start.profileId);
  if (!loader || !engine) {
    if (get().engine !== 'failed') set({ engine: 'missing' });
    // Without the worker the zoo is read directly, so the map and the savings still work.
    void readZoo().then(
      (models) => set({ models }),
      (e) => get().notify('warn', `The model zoo could not be read: ${errorText(e)}`),
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
          get().notify('warn', `Model "${id}" is not in the zoo; showing ${models[0].id}.`);
          get().update({ modelId: models[0].id });
        }
      },
      (e) => get().notify('error', `The model zoo could not be read: ${errorText(e)}`),
    );
    loader.loadModel(start.modelId);
  }
  curves.reset();

  // --- store changes → parts ----------------------------------------------
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.profile !== prev.profile && s.profile) estimate.run();
    if (s.curves !== prev.curves) curves.curvesChanged(s.curves, prev.curves);
    const c = s.config;
    const p = prev.config;
    if (c === p) return;
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
      estimate.run();
  });

  return () => {
    disposed = true;
    unsubscribe();
    profiles.dispose();
    loader?.dispose();
    estimate.dispose();
    curves.dispose();
    engine?.terminate();
  };
}
