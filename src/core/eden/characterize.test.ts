import { describe, expect, it } from 'vitest';
import {
  characterizeCoarse,
  characterizeIsolated,
  logGrid,
  searchTolerableBer,
} from './characterize';
import { fakeEvaluator, fakeIsolatedTolerance, type FakeModel } from './fakeEvaluator';

const model: FakeModel = {
  clean: 0.99,
  critical: { 'c1/weights': 0.02, 'c1/ofm': 0.2, 'd1/weights': 0.005, 'd1/ifm': 0.05 },
};

describe('log grid', () => {
  it('spans min..max inclusive, perDecade points per decade', () => {
    expect(logGrid(1e-4, 1e-2, 1)).toEqual([1e-4, 1e-3, 1e-2]);
    const g = logGrid(1e-7, 0.5, 2);
    expect(g[0]).toBe(1e-7);
    expect(g.at(-1)).toBe(0.5);
    expect(g.length).toBe(15);
    expect(() => logGrid(0, 1, 2)).toThrow(/BER range/);
  });
});

describe('tolerable BER search', () => {
  const threshold = (t: number) => async (ber: number) => {
    const mean = ber <= t ? 0.99 : 0.5;
    return { mean, lo: mean - 0.001, hi: mean + 0.001, trials: 3, samples: 100 };
  };

  it('brackets a sharp threshold and refines it in log-BER', async () => {
    const r = await searchTolerableBer(threshold(3e-3), 0.98, { refine: 6 });
    expect(r.tolerableBer).toBeLessThanOrEqual(3e-3);
    expect(r.failingBer!).toBeGreaterThan(3e-3);
    expect(r.failingBer! / r.tolerableBer).toBeLessThan(1.1);
    expect(r.points.length).toBeLessThanOrEqual(4 + 6);
    // Points come back sorted and consistent with the answer.
    for (let i = 1; i < r.points.length; i++)
      expect(r.points[i].ber).toBeGreaterThan(r.points[i - 1].ber);
    expect(r.points.every((p) => p.pass === p.ber <= r.tolerableBer)).toBe(true);
  });

  it('requires the lower CI bound, not the mean, to meet the target', async () => {
    const wide = async (ber: number) => {
      const mean = ber <= 1e-3 ? 0.99 : 0.985;
      const h = ber <= 1e-3 ? 0.001 : 0.01; // beyond 1e-3: mean meets 0.98, lower bound does not
      return { mean, lo: mean - h, hi: mean + h, trials: 3, samples: 100 };
    };
    const r = await searchTolerableBer(wide, 0.98, { refine: 0, perDecade: 1 });
    expect(r.tolerableBer).toBe(1e-3);
  });

  it('reports maxBer when everything passes and knownPassBer when nothing does', async () => {
    const all = await searchTolerableBer(threshold(1), 0.98, { maxBer: 0.1 });
    expect(all.tolerableBer).toBe(0.1);
    expect(all.failingBer).toBeNull();
    const none = await searchTolerableBer(threshold(1e-9), 0.98, {});
    expect(none.tolerableBer).toBe(0);
    expect(none.estimate).toBeNull();
    expect(none.failingBer).toBe(1e-7);
    const known = await searchTolerableBer(threshold(1e-9), 0.98, { knownPassBer: 1e-5 });
    expect(known.tolerableBer).toBe(1e-5);
    expect(known.points.every((p) => p.ber > 1e-5)).toBe(true);
  });

  it('stops when cancelled', async () => {
    const ctl = new AbortController();
    const evalAt = async (ber: number) => {
      ctl.abort(new Error('cancelled by test'));
      return threshold(1e-3)(ber);
    };
    await expect(searchTolerableBer(evalAt, 0.98, { signal: ctl.signal })).rejects.toThrow(
      'cancelled by test',
    );
  });
});

describe('coarse and isolated fine characterization', () => {
  it('coarse: the answer meets the target and the next measured BER does not', async () => {
    const evaluate = fakeEvaluator(model);
    const r = await characterizeCoarse({ evaluate, cleanAccuracy: 0.99, refine: 4 });
    expect(r.targetAccuracy).toBeCloseTo(0.98, 12);
    expect(r.estimate!.lo).toBeGreaterThanOrEqual(0.98);
    expect(evaluate.calls.every((c) => c.mode === 'coarse' && c.target === 'all')).toBe(true);
    // Coarse is bounded by the most sensitive data type (d1/weights).
    expect(r.tolerableBer).toBeLessThan(fakeIsolatedTolerance(model, 'd1/weights', 0.01));
  });

  it('isolated: each data type alone, the others error-free; tolerances follow sensitivity', async () => {
    const evaluate = fakeEvaluator(model);
    const ids = Object.keys(model.critical);
    const done: string[] = [];
    const r = await characterizeIsolated({
      evaluate,
      cleanAccuracy: 0.99,
      dataTypes: ids,
      refine: 5,
      onDataType: (t) => done.push(t.id),
    });
    expect(done).toEqual(ids);
    for (const c of evaluate.calls) {
      expect(c.mode).toBe('fine');
      if (c.mode === 'fine') expect(Object.keys(c.perDataType)).toHaveLength(1);
    }
    for (const t of r) {
      const exact = fakeIsolatedTolerance(model, t.id, 0.01);
      expect(t.tolerableBer).toBeLessThanOrEqual(exact);
      expect(t.tolerableBer).toBeGreaterThan(exact / 1.3); // 2/decade grid + 5 bisections
    }
    const byId = Object.fromEntries(r.map((t) => [t.id, t.tolerableBer]));
    expect(byId['d1/weights']).toBeLessThan(byId['c1/weights']);
    expect(byId['c1/weights']).toBeLessThan(byId['d1/ifm']);
    expect(byId['d1/ifm']).toBeLessThan(byId['c1/ofm']);
  });

  it('rejects a bad target drop', async () => {
    await expect(
      characterizeCoarse({ evaluate: fakeEvaluator(model), cleanAccuracy: 0.99, targetDrop: -1 }),
    ).rejects.toThrow(/target drop/);
  });
});
