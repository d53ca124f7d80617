import { describe, expect, it } from 'vitest';
import { sampleStd, summarizeTrials, tQuantile975 } from '../stats';
import { meetsTarget, targetAccuracy, trialNoiseOnly } from './evaluator';

describe('pass rule helpers', () => {
  it('trialNoiseOnly recovers the trial-only interval from the engine CI', () => {
    const trials = [0.981, 0.975, 0.979, 0.984, 0.97];
    const s = summarizeTrials(trials, 2000);
    const t = trialNoiseOnly(s);
    const m = s.mean;
    const expected = (tQuantile975(4) * sampleStd(trials)) / Math.sqrt(5);
    expect(t.mean).toBe(m);
    expect(m - t.lo).toBeCloseTo(expected, 10);
    expect(t.hi - m).toBeCloseTo(expected, 10);
    expect(t.lo).toBeGreaterThan(s.lo);
    // A clean (deterministic) point has no trial noise at all.
    const clean = trialNoiseOnly(summarizeTrials([0.99, 0.99, 0.99], 1000));
    expect(clean.lo).toBeCloseTo(0.99, 12);
  });

  it('meets the target only by the lower bound', () => {
    expect(meetsTarget({ mean: 0.99, lo: 0.979, hi: 1, trials: 3, samples: 10 }, 0.98)).toBe(false);
    expect(meetsTarget({ mean: 0.99, lo: 0.98, hi: 1, trials: 3, samples: 10 }, 0.98)).toBe(true);
    expect(targetAccuracy(0.99, 0.01)).toBeCloseTo(0.98, 12);
  });
});
