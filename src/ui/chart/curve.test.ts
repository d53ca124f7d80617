import { describe, expect, it } from 'vitest';
import type { SweepPoint } from '../../contract/api';
import { curveProgress, interpolate, mergeSeries, tolerable, tolerableBer } from './curve';

const pt = (ber: number, mean: number, half = 0.005): SweepPoint => ({
  ber,
  mean,
  lo: mean - half,
  hi: mean + half,
  min: mean - half,
  max: mean + half,
  trials: 3,
  samples: 1000,
  final: true,
});

const curve = [pt(0, 0.99), pt(1e-4, 0.99), pt(1e-3, 0.985), pt(1e-2, 0.9), pt(1e-1, 0.2)];

describe('chart helpers', () => {
  it('names the sweep phase with its image count (not "15/15 points…" while refining)', () => {
    const first = { ...pt(1e-4, 0.99), samples: 100, final: false };
    expect(curveProgress([first], 15, 1000)).toBe('measuring 1/15 points on 100 images…');
    const all = Array.from({ length: 15 }, (_, i) => (i < 4 ? pt(i, 0.9) : { ...first }));
    expect(curveProgress(all, 15, 1000)).toBe('refining on 1,000 images: 4/15 points final…');
  });

  it('reads the tolerable BER two ways: point estimate and conservative 95 % bound', () => {
    // A flat curve with one noisy point (the SNN case of issue #15): the bound stops early,
    // the point estimate follows the mean.
    const noisy = [
      pt(0, 0.98),
      pt(1e-5, 0.98, 0.03),
      pt(1e-4, 0.979),
      pt(1e-3, 0.978),
      pt(1e-2, 0.5),
    ];
    expect(tolerable(noisy, 0.97)).toEqual({ point: 1e-3, bound: null });
    expect(tolerable(curve, 0.981)).toEqual({ point: 1e-3, bound: 1e-4 });
    expect(tolerable(curve, null)).toEqual({ point: null, bound: null });
  });

  it('merges the series (clean, boosted, pinned) by BER, leaving out BER 0', () => {
    const rows = mergeSeries([
      { key: 'clean', points: curve },
      { key: 'boosted', points: [pt(1e-3, 0.99), pt(3e-3, 0.98)] },
    ]);
    expect(rows.map((r) => r.ber)).toEqual([1e-4, 1e-3, 3e-3, 1e-2, 1e-1]);
    expect(rows[1]).toMatchObject({ clean: 0.985, boosted: 0.99 });
    expect(rows[2].clean).toBeUndefined();
    expect(rows[0].cleanBand).toEqual([0.985, 0.995]);
  });

  it('interpolates in log(BER) and refuses to extrapolate', () => {
    expect(interpolate(curve, 1e-2)).toBe(0.9);
    expect(interpolate(curve, Math.sqrt(1e-2 * 1e-1))).toBeCloseTo(0.55, 10);
    expect(interpolate(curve, 0.5)).toBeNull();
    expect(interpolate(curve, 0)).toBe(0.99);
    expect(interpolate([], 1e-3)).toBeNull();
  });

  it('finds the largest BER whose lower bound meets the target, stopping at the first miss', () => {
    expect(tolerableBer(curve, 0.98)).toBe(1e-3);
    expect(tolerableBer(curve, 0.999)).toBeNull();
    expect(tolerableBer([pt(1e-4, 0.9), pt(1e-3, 0.99)], 0.95)).toBeNull();
  });
});
