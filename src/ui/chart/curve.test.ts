import { describe, expect, it } from 'vitest';
import type { SweepPoint } from '../../contract/api';
import {
  curveProgress,
  interpolate,
  mergeSeries,
  tolerable,
  toleranceWhy,
  tolerableNote,
} from './curve';

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

  it('reads the tolerable BER two ways and says in one line why a reading is missing', () => {
    expect(tolerable(curve, null, 0.01)).toEqual({ point: null, bound: null, why: null });
    const both = tolerable(curve, 0.99, 0.01);
    expect([both.point, both.bound]).toEqual([1e-3, 1e-3]);
    // Below the smallest swept BER: the point estimate is none, and the line says what it costs.
    const steep = tolerable([pt(0, 0.99), pt(1e-6, 0.97), pt(1e-5, 0.9)], 0.99, 0.01);
    expect(steep.point).toBeNull();
    expect(toleranceWhy(steep.why, 0.01)).toBe(
      'below the smallest swept BER 1.0e-6: it already costs 2.0 pt (target 1.0 pt)',
    );
    // One trial: no interval over trials, so no conservative reading.
    const one = [pt(0, 0.99), { ...pt(1e-5, 0.99), trials: 1 }];
    expect(tolerable(one, 0.99, 0.01)).toMatchObject({ point: 1e-5, bound: null });
    expect(toleranceWhy(tolerable(one, 0.99, 0.01).why, 0.01)).toMatch(/^one trial/);
    expect(toleranceWhy(null, 0.01)).toBeNull();
  });

  it('words an interval too wide for the target with the workload that measured it', () => {
    const line = toleranceWhy(
      {
        kind: 'interval-too-wide',
        ber: 1e-4,
        halfWidth: 0.0125,
        margin: 0.004,
        trials: 3,
        samples: 1000,
      },
      0.01,
    );
    expect(line).toBe(
      'at 1.0e-4 the 95 % interval over 1,000 images × 3 trials is ±1.3 pt, wider than its 0.4 pt margin to the target: raise trials or images',
    );
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
});

describe('tolerableNote', () => {
  it('says pending, none with the reason, or that the point estimate stands in', () => {
    expect(tolerableNote({ ber: null, reading: null, pending: true, why: null })).toBe(
      'waiting for the accuracy curve',
    );
    expect(tolerableNote({ ber: 1e-4, reading: 'bound', pending: false, why: null })).toBe('');
    expect(
      tolerableNote({
        ber: 1e-4,
        reading: 'point',
        pending: false,
        why: 'one trial gives no interval',
      }),
    ).toBe(' (point estimate: one trial, no interval; 2+ trials bound it)');
    expect(
      tolerableNote({ ber: null, reading: null, pending: false, why: 'below the smallest BER' }),
    ).toBe('none on this curve (below the smallest BER)');
  });
});
