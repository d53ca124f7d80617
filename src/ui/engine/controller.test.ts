/**
 * The controller's scheduling against a stand-in worker that behaves like the engine's session
 * (one request at a time; a newer evaluate/sweep supersedes the running one): the operating
 * point answers first, an interrupted sweep resumes with only the missing BERs, and stale
 * results never reach the store.
 */
import { describe, expect, it } from 'vitest';
import type {
  AccuracyEstimate,
  BackendInfo,
  EdenPipelineApi,
  ExplorerApi,
  SweepPoint,
  WhyApi,
} from '../../contract/api';
import { EngineError } from '../../contract/errors';
import type { ZooEntry } from '../../core/models/zoo';
import type { WhyResult } from '../../core/why/types';
import type { DramPort } from '../../state/dramPort';
import { createExplorerStore } from '../../state/store';
import { startController } from './controller';
import { sweepBers } from './runConfig';

const tick = () => new Promise((r) => setTimeout(r, 0));
const acc = (ber: number) => Math.max(0.1, 0.99 - 10 * ber);
const est = (ber: number): AccuracyEstimate => {
  const mean = acc(ber);
  return {
    mean,
    lo: mean - 0.01,
    hi: mean + 0.01,
    min: mean,
    max: mean,
    trials: 1,
    samples: 100,
    final: true,
  };
};

/** A zoo entry with one data type (what the why scheduler reads of it). */
const lenet = {
  id: 'lenet5-mnist',
  family: 'lenet',
  dataTypes: [{ id: 'conv1/weights', kind: 'weights' }],
} as unknown as ZooEntry;

function fakeEngine(models: ZooEntry[] = []) {
  const calls: string[] = [];
  let current: { reject: (e: unknown) => void } | null = null;
  const take = () => {
    current?.reject(new EngineError('superseded', 'a newer request'));
    let aborted = false;
    const me = { reject: (_e: unknown) => void 0 as void };
    const gate = new Promise<never>((_, reject) => {
      me.reject = (e) => {
        aborted = true;
        reject(e);
      };
    });
    current = me;
    return { gate, isAborted: () => aborted };
  };
  const api = {
    init: async (): Promise<BackendInfo> => ({
      requested: 'cpu',
      active: 'cpu',
      reason: 'test',
      attempts: [],
    }),
    listModels: async () => models,
    loadModel: async () => ({}) as never,
    evaluate: async (_c, ber, onProgress) => {
      const b = ber.mode === 'coarse' ? ber.ber : 0;
      calls.push(`evaluate ${b}`);
      const { gate, isAborted } = take();
      await Promise.race([tick(), gate]);
      if (isAborted()) throw new EngineError('superseded', 'x');
      onProgress?.({ ...est(b), final: false });
      await Promise.race([tick(), gate]);
      return est(b);
    },
    sweep: async (c, bers, _t, onPoint) => {
      calls.push(`sweep ${bers.length} ${c.modelId} ${c.format}`);
      const { gate } = take();
      const points: SweepPoint[] = [];
      for (const ber of bers) {
        await Promise.race([tick(), gate]);
        const p = { ...est(ber), ber };
        points.push(p);
        onPoint?.(p, points.length, bers.length);
      }
      return { model: 'm', format: 'int8', errorModel: { id: 0 }, baseline: 0.99, points };
    },
    cancel: async () => undefined,
    backendInfo: async () => null,
    loadUserModel: async () => ({}) as never,
    memory: async () => ({ numTensors: 0, numBytes: 0 }),
    boost: async () => ({}) as never,
    modelFiles: async () => ({}) as never,
    characterize: async () => ({}) as never,
    map: async () => ({}) as never,
    why: async (req, onPhase) => {
      const phase = req.firstPhaseOnly ? 'first' : 'full';
      calls.push(`why ${req.view} ${req.ber} ${phase}`);
      const { gate } = take();
      const result = (final: boolean) =>
        ({ view: req.view, ber: req.ber, samples: final ? 1000 : 100, final }) as WhyResult;
      // Like the worker's weights histogram: no abort check, it ends even when superseded.
      if (req.view === 'histogram') {
        gate.catch(() => undefined); // superseded: nobody waits on it
        await tick();
        await tick();
        return result(true);
      }
      await Promise.race([tick(), gate]);
      onPhase?.(result(false));
      if (req.firstPhaseOnly) return result(false);
      await Promise.race([tick(), gate]);
      await Promise.race([tick(), gate]);
      return result(true);
    },
  } satisfies ExplorerApi & EdenPipelineApi & WhyApi;
  return {
    handle: { api: { ...api, terminate: () => undefined }, terminate: () => undefined },
    calls,
  };
}

const dram: DramPort = {
  profileIds: () => ['p'],
  profile: async () => ({
    id: 'p',
    name: 'p',
    vddNominal: 1.5,
    trcdNominal: 13.75,
    vddMin: -0.5,
    trcdMin: -7,
    vddStep: 0.01,
    trcdStep: 0.25,
    rowBytes: 8192,
    banks: 8,
    alpha: 1,
    fixedRails: [],
  }),
  ber: (_id, v, t) => Number((-v * 0.1 - t * 0.001).toFixed(6)),
  energy: () => ({ nominal: 1, approx: 1, saving: 0, parts: [] }),
  speed: () => ({ speedup: 1, latencyNominal: 1, latencyApprox: 1, memoryBound: 0.5 }),
  largestStep: () => 0,
  mapEnergy: () => {
    throw new Error('not used by the controller');
  },
  importCsv: () => {
    throw new Error('not used by the controller');
  },
  sparkxd: () => {
    throw new Error('not used by the controller');
  },
  moduleSpread: () => {
    throw new Error('not used by the controller');
  },
};

async function until(cond: () => boolean, what: string) {
  for (let i = 0; i < 2000; i++) {
    if (cond()) return;
    await tick();
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('engine controller', () => {
  it('answers the operating point first and completes the curve after slider steps', async () => {
    const store = createExplorerStore({ backend: 'cpu', profileId: 'p' });
    const { handle, calls } = fakeEngine();
    const stop = startController(store, handle, dram);
    const total = sweepBers(store.getState().config).length;
    await until(
      () => store.getState().estimate?.ber === 0 && store.getState().clean.points.length >= 3,
      'first points',
    );
    expect(calls[0]).toBe('evaluate 0');

    // Slider steps while the sweep runs: each evaluate supersedes it.
    store.getState().setVdd(-0.1);
    store.getState().setVdd(-0.2);
    await until(
      () => store.getState().estimate?.ber === 0.02 && store.getState().estimate!.final,
      'estimate at -0.2 V',
    );
    expect(store.getState().estimate!.mean).toBeCloseTo(acc(0.02), 10);
    await until(() => !store.getState().clean.running, 'curve complete');
    const bers = store.getState().clean.points.map((p) => p.ber);
    expect(bers).toEqual(sweepBers(store.getState().config));
    // The resumed sweep asked only for the BERs still missing.
    const sweeps = calls.filter((c) => c.startsWith('sweep')).map((c) => Number(c.split(' ')[1]));
    expect(sweeps[0]).toBe(total);
    expect(sweeps.at(-1)!).toBeLessThan(total);
    stop();
  });

  // Break-it pass: a link's ΔVDD far beyond the profile (?vdd=-0.9) must be clamped, with a
  // notice naming vdd, before any estimate runs; an unknown model is named as a link value.
  it('clamps a link knob beyond the profile before the first estimate, and names a bad model', async () => {
    const store = createExplorerStore({
      backend: 'cpu',
      profileId: 'p',
      vddDelta: -0.9,
      modelId: 'nosuch',
    });
    const { handle, calls } = fakeEngine([lenet]);
    const stop = startController(store, handle, dram);
    await until(() => calls.some((c) => c.startsWith('evaluate')), 'first estimate');
    expect(calls.find((c) => c.startsWith('evaluate'))).toBe('evaluate 0.05');
    const notices = store.getState().notices.map((n) => n.text);
    expect(notices).toContain(
      'vdd (ΔVDD): -0.9 V is below the range -0.5 to 0 V on profile p; using -0.5 V.',
    );
    expect(notices).toContain(
      'Link value model="nosuch" is not one of the built-in models; showing lenet5-mnist.',
    );
    stop();
  });

  it('a curve setting change drops the old points; BERs an error model cannot make are refused', async () => {
    const store = createExplorerStore({ backend: 'cpu', profileId: 'p' });
    const { handle } = fakeEngine();
    const stop = startController(store, handle, dram);
    await until(() => store.getState().clean.points.length >= 2, 'points');
    store.getState().update({ em: 1, weakFraction: 0.01, vddDelta: -0.3 });
    expect(store.getState().clean.points).toEqual([]);
    await until(() => store.getState().estimateError !== undefined, 'refusal');
    expect(store.getState().estimateError).toMatch(/above the weak fraction/);
    await until(() => !store.getState().clean.running, 'curve complete');
    expect(Math.max(...store.getState().clean.points.map((p) => p.ber))).toBeLessThanOrEqual(0.01);
    stop();
  });

  it('measures the curves beside the current one in turn; slider steps do not lose them', async () => {
    const store = createExplorerStore({ backend: 'cpu', profileId: 'p' });
    const { handle, calls } = fakeEngine();
    const stop = startController(store, handle, dram);
    await until(() => store.getState().clean.points.length >= 2, 'first points');
    // A boosted model's curve arrives while the current one is being swept (the bug of issue #7:
    // a sweep of its own was superseded by the controller's next request and never landed).
    store.getState().addCurves([{ ...store.getState().config, modelId: 'm-boosted-1' }], 'boosted');
    store.getState().setVdd(-0.1);
    store.getState().compare('format');
    store.getState().setVdd(-0.2);
    const grid = sweepBers(store.getState().config);
    await until(
      () => store.getState().curves.every((c) => c.points.length === grid.length && !c.running),
      'all curves complete',
    );
    const { clean, curves } = store.getState();
    expect(clean.points.map((p) => p.ber)).toEqual(grid);
    expect(curves.map((c) => [c.kind, c.config.modelId, c.config.format])).toEqual([
      ['boosted', 'm-boosted-1', 'int8'],
      ['pinned', 'lenet5-mnist', 'fp32'],
      ['pinned', 'lenet5-mnist', 'int16'],
      ['pinned', 'lenet5-mnist', 'int4'],
    ]);
    for (const c of curves) expect(c.points.map((p) => p.ber)).toEqual(grid);
    // Each curve was swept with its own settings (the boosted one with the boosted model).
    const swept = new Set(
      calls.filter((c) => c.startsWith('sweep')).map((c) => c.split(' ').slice(2).join(' ')),
    );
    expect([...swept].sort()).toEqual([
      'lenet5-mnist fp32',
      'lenet5-mnist int16',
      'lenet5-mnist int4',
      'lenet5-mnist int8',
      'm-boosted-1 int8',
    ]);
    stop();
  });

  it('removing the curve being measured moves on to the next one', async () => {
    const store = createExplorerStore({ backend: 'cpu', profileId: 'p' });
    const { handle } = fakeEngine();
    const stop = startController(store, handle, dram);
    store.getState().compare('format');
    const [first, second] = store.getState().curves;
    await until(
      () => store.getState().curves[0].running && store.getState().curves[0].points.length >= 2,
      'first compared curve measuring',
    );
    store.getState().removeCurve(first.id);
    // At once, not after the removed curve's sweep would have ended.
    expect(store.getState().curves[0]).toMatchObject({ id: second.id, running: true });
    await until(
      () => store.getState().curves.every((c) => c.points.length === c.total && !c.running),
      'the others complete',
    );
    expect(store.getState().curves.map((c) => c.id)).not.toContain(first.id);
    expect(store.getState().curves[0].id).toBe(second.id);
    stop();
  });

  it('the why view: after the estimate, first phase only while the curve is measured, then full', async () => {
    const store = createExplorerStore({ backend: 'cpu', profileId: 'p' });
    const { handle, calls } = fakeEngine([lenet]);
    const stop = startController(store, handle, dram);
    const why = () => store.getState().why;
    await until(() => !!why().result?.final && !why().running, 'final why result');
    const order = calls.map((c) =>
      c.startsWith('why') ? c.replace(/ [\d.e-]+ /, ' ') : c.split(' ')[0],
    );
    // The estimate, the why view's first phase, the curve, then the why view in full.
    expect(order.slice(0, 4)).toEqual(['evaluate', 'why bits first', 'sweep', 'why bits full']);
    expect(store.getState().clean.points).toHaveLength(sweepBers(store.getState().config).length);
    expect(why().preview).toBe(false);

    // A slider step: the estimate first, then the why view in full (the curve is complete).
    calls.length = 0;
    store.getState().setVdd(-0.1);
    expect(why().running).toBe(false);
    await until(() => why().result?.ber === 0.01 && why().result!.final, 'why at -0.1 V');
    expect(calls).toEqual(['evaluate 0.01', 'why bits 0.01 full']);

    // Slider steps while it runs: each estimate supersedes it; no result of an older BER lands
    // after a newer one, and the last step's why view completes.
    calls.length = 0;
    store.getState().setVdd(-0.2);
    await until(() => calls.includes('why bits 0.02 full'), 'why at -0.2 V started');
    store.getState().setVdd(-0.3);
    const bers: number[] = [];
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.why.result && s.why.result !== prev.why.result) bers.push(s.why.result.ber);
    });
    await until(() => why().result?.ber === 0.03 && why().result!.final, 'why at -0.3 V');
    unsubscribe();
    expect(bers.every((b) => b === 0.03 || b === 0.02)).toBe(true);
    expect(bers.lastIndexOf(0.02)).toBeLessThan(bers.indexOf(0.03));
    expect(calls.filter((c) => c.startsWith('evaluate'))).toEqual([
      'evaluate 0.02',
      'evaluate 0.03',
    ]);

    // Another tab: a why request of its own, no estimate.
    calls.length = 0;
    store.getState().update({ whyView: 'trials' });
    await until(() => why().result?.view === 'trials' && why().result!.final, 'trials view');
    expect(calls).toEqual(['why trials 0.03 full']);
    stop();
  });

  // Seen in the browser (why e2e, about 1 run in 3 under load): a why request that ended after
  // a newer one had started cleared the newer one's bookkeeping, which then restarted itself,
  // aborting its own request, for ever: "Measuring…" with the worker busy.
  it('a superseded why request that still ends does not restart the newer one', async () => {
    const store = createExplorerStore({ backend: 'cpu', profileId: 'p', whyView: 'histogram' });
    const { handle, calls } = fakeEngine([lenet]);
    const stop = startController(store, handle, dram);
    const why = () => store.getState().why;
    await until(() => why().result?.view === 'histogram' && !why().running, 'histogram');
    const complete = () =>
      store.getState().clean.points.length === sweepBers(store.getState().config).length;
    await until(complete, 'the curve');
    calls.length = 0;
    store.getState().setVdd(-0.1);
    await until(() => calls.includes('why histogram 0.01 full'), 'histogram at -0.1 V started');
    store.getState().update({ whyView: 'trials' });
    await until(() => why().result?.view === 'trials' && why().result!.final, 'trials view');
    for (let i = 0; i < 20; i++) await tick();
    expect(calls.filter((c) => c.startsWith('why trials'))).toEqual(['why trials 0.01 full']);
    expect(why().running).toBe(false);
    stop();
  });

  it('the why view waits for the clean accuracy (the curve’s BER-0 point) before its first phase', async () => {
    const store = createExplorerStore({ backend: 'cpu', profileId: 'p', vddDelta: -0.1 });
    const { handle, calls } = fakeEngine([lenet]);
    const stop = startController(store, handle, dram);
    let cleanWhenWhyStarted: boolean | null = null;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.why.running && !prev.why.running && cleanWhenWhyStarted === null)
        cleanWhenWhyStarted = s.clean.points.some((p) => p.ber === 0 && p.final);
    });
    await until(() => !!store.getState().why.result?.final, 'final why result');
    unsubscribe();
    expect(cleanWhenWhyStarted).toBe(true);
    const order = calls.map((c) =>
      c.startsWith('why') ? c.replace(/ [\d.e-]+ /, ' ') : c.split(' ')[0],
    );
    // The estimate, the curve until its BER-0 point, the why view's first phase, the rest of the
    // curve (only the missing BERs), the why view in full.
    expect(order).toEqual(['evaluate', 'sweep', 'why bits first', 'sweep', 'why bits full']);
    const sizes = calls.filter((c) => c.startsWith('sweep')).map((c) => Number(c.split(' ')[1]));
    expect(sizes[1]).toBeLessThan(sizes[0]);
    stop();
  });

  it('a data type the model lacks falls back to its largest weights, with a message', async () => {
    const store = createExplorerStore({
      backend: 'cpu',
      profileId: 'p',
      whyView: 'histogram',
      whyDataType: 'fc9/weights',
    });
    const { handle } = fakeEngine([lenet]);
    const stop = startController(store, handle, dram);
    await until(() => store.getState().config.whyDataType === '', 'data type reset');
    expect(store.getState().notices.map((n) => n.text)).toContain(
      'Data type "fc9/weights" is not one of lenet5-mnist\'s; the Values tab shows its largest weights.',
    );
    stop();
  });
});
