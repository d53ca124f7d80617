import { describe, expect, it } from 'vitest';
import { summarizeTrials } from '../stats';
import { curveTolerance, type CurvePoint } from './curveTolerance';

/** A point from per-trial accuracies on `samples` images (the engine's statistics). */
const at = (ber: number, trials: number[], samples = 1000): CurvePoint => ({
  ber,
  ...summarizeTrials(trials, samples),
});

describe('curveTolerance (issue #15 item 8)', () => {
  it('ResNet-mini at 96.7 % on 1,000 images: a number, where the image-sampling term gave none', () => {
    // Shaped as measured (README "Choosing images × trials"): flat to 1e-4, then falling.
    const clean = 0.967;
    const points = [
      at(0, [clean]),
      at(1e-6, [0.967, 0.967, 0.967]),
      at(1e-5, [0.968, 0.967, 0.967]),
      at(1e-4, [0.965, 0.964, 0.964]),
      at(1e-3, [0.93, 0.9, 0.89]),
    ];
    const r = curveTolerance(points, clean - 0.01, clean);
    expect(r).toEqual({ point: 1e-4, bound: 1e-4, why: null });
    // The old reading (engine lo, with ±1.1 pt for sampling 1,000 images) passed nowhere.
    expect(points.filter((p) => p.ber > 0 && p.lo >= clean - 0.01)).toEqual([]);
  });

  it('the SNN flat to 3e-3: one noisy point no longer cuts the conservative reading at 3e-5', () => {
    const clean = 0.98;
    const flat = [1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3].map((b, i) =>
      at(b, i === 5 ? [0.977, 0.982, 0.981] : [0.98, 0.981, 0.979]),
    );
    const points = [at(0, [clean]), ...flat, at(1e-2, [0.96, 0.97, 0.965])];
    expect(curveTolerance(points, clean - 0.01, clean)).toEqual({
      point: 3e-3,
      bound: 3e-3,
      why: null,
    });
  });

  it('says why: below the smallest BER, one trial, or an interval wider than the margin', () => {
    const clean = 0.97;
    const steep = [at(0, [clean]), at(1e-6, [0.95, 0.95]), at(1e-5, [0.9, 0.9])];
    expect(curveTolerance(steep, 0.96, clean)).toEqual({
      point: null,
      bound: null,
      why: { kind: 'below-smallest', ber: 1e-6, drop: expect.closeTo(0.02, 10) },
    });
    const one = [at(0, [clean]), at(1e-6, [0.97])];
    expect(curveTolerance(one, 0.96, clean)).toEqual({
      point: 1e-6,
      bound: null,
      why: { kind: 'one-trial' },
    });
    // Trials 0.975 / 0.955 / 0.965: mean 0.965 meets 0.96, the interval over trials does not.
    const noisy = [at(0, [clean]), at(1e-6, [0.97, 0.97, 0.97]), at(1e-5, [0.975, 0.955, 0.965])];
    const r = curveTolerance(noisy, 0.96, clean);
    expect(r.point).toBe(1e-5);
    expect(r.bound).toBe(1e-6);
    expect(r.why).toMatchObject({ kind: 'interval-too-wide', ber: 1e-5, trials: 3, samples: 1000 });
    if (r.why?.kind !== 'interval-too-wide') throw new Error('expected interval-too-wide');
    expect(r.why.halfWidth).toBeGreaterThan(r.why.margin);
    expect(r.why.margin).toBeCloseTo(0.005, 10);
    expect(curveTolerance([at(0, [clean])], 0.96, clean).why).toEqual({ kind: 'no-points' });
  });
});
