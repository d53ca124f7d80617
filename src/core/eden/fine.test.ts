import { describe, expect, it } from 'vitest';
import { characterizeCoarse } from './characterize';
import { fakeAccuracy, fakeEvaluator, type FakeModel } from './fakeEvaluator';
import { characterizeFine, spreadByLayer, type FineProgress } from './fine';

const model: FakeModel = {
  clean: 0.99,
  critical: { 'a/weights': 0.02, 'a/ofm': 0.2, 'b/weights': 0.005, 'b/ifm': 0.05, 'b/ofm': 0.3 },
};
const ids = Object.keys(model.critical);

describe('fine characterization (isolated + joint)', () => {
  it('joint tolerances meet the target together; starting from the coarse floor saves measurements', async () => {
    const fromZero = fakeEvaluator(model);
    const a = await characterizeFine({
      evaluate: fromZero,
      cleanAccuracy: 0.99,
      dataTypes: ids,
      refine: 3,
    });
    const coarse = await characterizeCoarse({
      evaluate: fakeEvaluator(model),
      cleanAccuracy: 0.99,
      refine: 3,
    });
    const fromFloor = fakeEvaluator(model);
    const events: FineProgress['phase'][] = [];
    const b = await characterizeFine({
      evaluate: fromFloor,
      cleanAccuracy: 0.99,
      dataTypes: ids,
      refine: 3,
      floorBer: coarse.tolerableBer,
      onProgress: (e) => events.push(e.phase),
    });
    for (const r of [a, b]) {
      expect(
        fakeAccuracy(model, { mode: 'fine', perDataType: r.tolerances }) - 0.002,
      ).toBeGreaterThanOrEqual(0.98);
      for (const t of r.isolated) expect(r.tolerances[t.id]).toBeLessThanOrEqual(t.tolerableBer);
    }
    // From the floor every data type keeps at least the coarse tolerance.
    for (const id of ids) expect(b.tolerances[id]).toBeGreaterThanOrEqual(coarse.tolerableBer);
    expect(events[0]).toBe('isolated');
    expect(events.at(-1)).toBe('joint');
    expect(fromFloor.calls.length).toBeLessThanOrEqual(fromZero.calls.length);
  });

  it('falls back to a zero start when the floor misses the target', async () => {
    const r = await characterizeFine({
      evaluate: fakeEvaluator(model),
      cleanAccuracy: 0.99,
      dataTypes: ids,
      floorBer: 0.01, // far above the coarse tolerance: the start misses
    });
    expect(
      fakeAccuracy(model, { mode: 'fine', perDataType: r.tolerances }) - 0.002,
    ).toBeGreaterThanOrEqual(0.98);
  });

  it('without joint: the isolated tolerances; spread by layer', async () => {
    const r = await characterizeFine({
      evaluate: fakeEvaluator(model),
      cleanAccuracy: 0.99,
      dataTypes: ids,
      joint: false,
    });
    expect(r.joint).toBeNull();
    const s = spreadByLayer(r.tolerances);
    expect(Object.keys(s)).toEqual(['a', 'b']);
    expect(s.b.min).toBe(r.tolerances['b/weights']);
    expect(s.b.max).toBe(r.tolerances['b/ofm']);
  });
});
