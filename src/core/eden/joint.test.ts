import { describe, expect, it } from 'vitest';
import { characterizeIsolated } from './characterize';
import { fakeAccuracy, fakeEvaluator, type FakeModel } from './fakeEvaluator';
import { jointRefine, ladderAbove, ladderBelow } from './joint';

const model: FakeModel = {
  clean: 0.99,
  critical: { 'a/weights': 0.02, 'a/ofm': 0.2, 'b/weights': 0.005, 'b/ifm': 0.05 },
};

describe('joint procedure', () => {
  it('ladderBelow: 0 then halvings up to the tolerance', () => {
    expect(ladderBelow(0.08)).toEqual([0, 0.02, 0.04, 0.08]);
    expect(ladderBelow(0)).toEqual([0]);
    expect(ladderBelow(0.1, 2, 10)).toEqual([0, 0.01, 0.1]);
  });

  it('combining isolated tolerances misses the target; the joint result meets it', async () => {
    const evaluate = fakeEvaluator(model);
    const ids = Object.keys(model.critical);
    const isolated = await characterizeIsolated({
      evaluate,
      cleanAccuracy: 0.99,
      dataTypes: ids,
      refine: 4,
    });
    const naive = Object.fromEntries(isolated.map((t) => [t.id, t.tolerableBer]));
    expect(fakeAccuracy(model, { mode: 'fine', perDataType: naive }) - 0.002).toBeLessThan(0.98);

    const steps: string[] = [];
    const r = await jointRefine({
      groups: isolated.map((t) => ({
        id: t.id,
        members: [t.id],
        levels: ladderBelow(t.tolerableBer),
      })),
      evaluate,
      targetAccuracy: 0.98,
      onStep: (s) => steps.push(`${s.group}@${s.level}:${s.accepted}`),
    });
    expect(r.estimate!.lo).toBeGreaterThanOrEqual(0.98);
    expect(
      fakeAccuracy(model, { mode: 'fine', perDataType: r.perDataType }) - 0.002,
    ).toBeGreaterThanOrEqual(0.98);
    // Some step was rolled back, and every group ended at or below its isolated tolerance.
    expect(r.steps.some((s) => !s.accepted)).toBe(true);
    for (const id of ids) expect(r.ber[id]).toBeLessThanOrEqual(naive[id]);
    // Every group moved at least one level: the joint setting is better than all-nominal.
    for (const id of ids) expect(r.level[id]).toBeGreaterThan(0);
    expect(steps.length).toBe(r.steps.length);
    // A rejected group is never tried again.
    const rejected = r.steps.filter((s) => !s.accepted).map((s) => s.group);
    for (const g of rejected) {
      const lastTry = r.steps.map((s) => s.group).lastIndexOf(g);
      expect(r.steps[lastTry].accepted).toBe(false);
    }
  });

  it('groups share one BER across members (a partition)', async () => {
    const evaluate = fakeEvaluator(model);
    const r = await jointRefine({
      groups: [
        { id: 'p0', members: ['b/weights', 'a/weights'], levels: [0, 1e-4, 1e-3, 1e-2] },
        { id: 'p1', members: ['a/ofm', 'b/ifm'], levels: [0, 1e-3, 1e-2, 3e-2, 1e-1] },
      ],
      evaluate,
      targetAccuracy: 0.98,
    });
    expect(r.perDataType['a/weights']).toBe(r.ber.p0);
    expect(r.perDataType['b/weights']).toBe(r.ber.p0);
    expect(r.perDataType['a/ofm']).toBe(r.ber.p1);
    expect(r.ber.p1).toBeGreaterThan(r.ber.p0);
  });

  it('refuses a start that already misses, duplicate ids and unsorted levels', async () => {
    const evaluate = fakeEvaluator(model);
    const g = (levels: number[], start?: number) => ({
      id: 'g',
      members: ['b/weights'],
      levels,
      start,
    });
    await expect(
      jointRefine({ groups: [g([0, 0.5], 1)], evaluate, targetAccuracy: 0.98 }),
    ).rejects.toThrow(/already misses/);
    await expect(
      jointRefine({ groups: [g([0]), g([0])], evaluate, targetAccuracy: 0.98 }),
    ).rejects.toThrow(/duplicate/);
    await expect(
      jointRefine({ groups: [g([0, 0.2, 0.1])], evaluate, targetAccuracy: 0.98 }),
    ).rejects.toThrow(/ascend/);
  });
});

describe('ladderAbove', () => {
  it('starts at the floor and rises geometrically to the tolerance', () => {
    const l = ladderAbove(1e-4, 1e-1, 3);
    expect(l[0]).toBe(1e-4);
    expect(l[1]).toBeCloseTo(1e-3, 12);
    expect(l[3]).toBe(1e-1);
    expect(ladderAbove(1e-3, 1e-4)).toEqual([1e-4]);
    expect(ladderAbove(0, 0.08)).toEqual(ladderBelow(0.08));
  });
});
