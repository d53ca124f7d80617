/**
 * Connects the store to the worker and the DRAM model: when the configuration changes it asks
 * the worker for what is now stale (backend, model, curve, operating point). Latest wins: a
 * result is stored only if no newer request was made meanwhile; the worker also supersedes.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { AccuracyEstimate, SweepPoint } from '../../../workers/api';
import { parseZoo, type ZooEntry } from '../../core/models/zoo';
import type { DramPort } from '../../state/dramPort';
import { curveKey, type ExplorerState } from '../../state/store';
import type { ExplorerConfig } from '../../state/config';
import { errorText, isSuperseded, proxy, type EngineHandle } from './client';
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
      get().setKnobRange({ vddMin: profile.vddMin, trcdMin: profile.trcdMin });
    } catch (e) {
      if (req !== profileReq) return;
      get().notify('error', `DRAM profile "${id}" could not be loaded: ${errorText(e)}`);
      const fallback = dram.profileIds()[0];
      if (fallback && fallback !== id) get().update({ profileId: fallback });
    }
  };

  // --- engine: backend, model, curve, operating point ---------------------
  let ready: Promise<boolean> = Promise.resolve(false);
  let backendReq = 0;
  let modelReq = 0;
  let curveReq = 0;
  let evalReq = 0;
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

  const runCurve = () => {
    if (!engine) return;
    const config = get().config;
    const key = curveKey(config);
    const req = ++curveReq;
    const bers = sweepBers(config);
    set({ clean: { key, points: [], done: 0, total: bers.length, running: true } });
    void modelReady.then(async (ok) => {
      if (!ok || req !== curveReq) {
        if (req === curveReq) set((s) => ({ clean: { ...s.clean, running: false } }));
        return;
      }
      const rowBytes = get().profile?.rowBytes ?? DEFAULT_ROW_BYTES;
      const onPoint = (point: SweepPoint, done: number, total: number) => {
        if (req !== curveReq) return;
        set((s) => ({
          clean: {
            ...s.clean,
            points: [...s.clean.points, point].sort((a, b) => a.ber - b.ber),
            done,
            total,
          },
        }));
      };
      try {
        const result = await engine.api.sweep(
          runConfigOf(config, rowBytes),
          bers,
          config.target,
          proxy(onPoint),
        );
        if (req !== curveReq) return;
        set((s) => ({
          clean: {
            ...s.clean,
            points: [...result.points].sort((a, b) => a.ber - b.ber),
            done: bers.length,
            running: false,
          },
        }));
      } catch (e) {
        if (req !== curveReq) return;
        set((s) => ({
          clean: { ...s.clean, running: false, error: isSuperseded(e) ? undefined : errorText(e) },
        }));
      }
    });
  };

  const runEstimate = () => {
    const config = get().config;
    const ber = operatingBer(dram, config);
    const req = ++evalReq;
    if (ber === null) return;
    const problem = berProblem(config, ber);
    if (problem) {
      set({ estimate: null, estimateRunning: false, estimateError: problem });
      return;
    }
    if (!engine) return;
    set({ estimateRunning: true, estimateError: undefined });
    void modelReady.then(async (ok) => {
      if (!ok || req !== evalReq) return;
      const rowBytes = get().profile?.rowBytes ?? DEFAULT_ROW_BYTES;
      const onProgress = proxy((estimate: AccuracyEstimate) => {
        if (req === evalReq) set({ estimate: { ...estimate, ber } });
      });
      try {
        const estimate = await engine.api.evaluate(
          runConfigOf(config, rowBytes),
          { mode: 'coarse', ber, target: config.target },
          onProgress,
        );
        if (req === evalReq) set({ estimate: { ...estimate, ber }, estimateRunning: false });
      } catch (e) {
        if (req !== evalReq || isSuperseded(e)) return;
        set({ estimateRunning: false, estimateError: errorText(e) });
      }
    });
  };

  // --- start-up ----------------------------------------------------------
  const start = get().config;
  void loadProfile(start.profileId);
  if (!engine) {
    set({ engine: 'missing' });
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
    runCurve();
  }
  runEstimate();

  const unsubscribe = store.subscribe((s, prev) => {
    const c = s.config;
    const p = prev.config;
    if (c === p) return;
    if (c.profileId !== p.profileId) void loadProfile(c.profileId);
    if (c.backend !== p.backend) {
      initBackend(c.backend);
      loadModel(c.modelId);
    } else if (c.modelId !== p.modelId) loadModel(c.modelId);
    const curveStale = curveKey(c) !== curveKey(p) || c.backend !== p.backend;
    if (curveStale) runCurve();
    if (
      curveStale ||
      c.vddDelta !== p.vddDelta ||
      c.trcdDelta !== p.trcdDelta ||
      c.profileId !== p.profileId
    ) {
      runEstimate();
    }
  });
  const unsubProfile = store.subscribe((s, prev) => {
    if (s.profile !== prev.profile && s.profile) runEstimate();
  });

  return () => {
    disposed = true;
    unsubscribe();
    unsubProfile();
    engine?.terminate();
  };
}
