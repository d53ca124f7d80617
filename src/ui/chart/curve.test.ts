import { describe, expect, it } from 'vitest';
import type { SweepPoint } from '../../contract/api';
import { interpolate, mergeSeries, tolerableBer } from './curve';

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
