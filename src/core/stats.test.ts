import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SWEEP_BERS,
  logSpace,
  mean,
  sampleStd,
  summarizeCounts,
  summarizeTrials,
  tQuantile975,
} from './stats';

describe('stats', () => {
  it('mean and sample std', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(sampleStd([0.5])).toBe(0);
    expect(() => mean([])).toThrow(/empty/);
  });

  it('t quantiles from the table and beyond', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(4)).toBe(2.776);
    expect(tQuantile975(60)).toBeCloseTo(2.0, 1);
    expect(() => tQuantile975(0)).toThrow();
  });

  it('identical trials: only the sample (binomial) term', () => {
    const s = summarizeTrials([0.9, 0.9, 0.9], 10_000);
    expect(s.mean).toBeCloseTo(0.9, 12);
    const hw = 1.959964 * Math.sqrt((0.9 * 0.1) / 10_000);
    expect(s.hi - s.mean).toBeCloseTo(hw, 10);
    expect(s.mean - s.lo).toBeCloseTo(hw, 10);
    expect(s.min).toBe(0.9);
    expect(s.max).toBe(0.9);
    expect(s.trials).toBe(3);
  });

  it('spread over trials widens the interval (Student t, K-1 df)', () => {
    const acc = [0.8, 0.85, 0.9, 0.75, 0.7];
    const s = summarizeTrials(acc, 1_000_000);
    const trialTerm = (2.776 * sampleStd(acc)) / Math.sqrt(5);
    expect(s.hi - s.mean).toBeGreaterThan(trialTerm * 0.999);
    expect(s.hi - s.mean).toBeLessThan(trialTerm * 1.01);
    expect(s.min).toBe(0.7);
    expect(s.max).toBe(0.9);
  });

  it('clips to [0, 1] and rejects bad input', () => {
    const s = summarizeTrials([1, 1], 5);
    expect(s.hi).toBe(1);
    expect(s.lo).toBe(1);
    expect(summarizeTrials([0, 0.2], 10).lo).toBe(0);
    expect(() => summarizeTrials([], 10)).toThrow(/no trials/);
    expect(() => summarizeTrials([1.2], 10)).toThrow(/outside/);
    expect(() => summarizeTrials([0.5], 0)).toThrow(/samples/);
  });

  it('log spacing and the default 12-point sweep', () => {
    expect(logSpace(1e-5, 1e-1, 5)).toEqual([1e-5, 1e-4, 1e-3, 1e-2, 1e-1]);
    expect(DEFAULT_SWEEP_BERS).toHaveLength(12);
    expect(DEFAULT_SWEEP_BERS[0]).toBe(0);
    expect(DEFAULT_SWEEP_BERS[11]).toBe(0.1);
    expect(() => logSpace(0, 1, 3)).toThrow();
  });

  it('from counts: identical trials give exactly the one-trial accuracy', () => {
    expect(summarizeTrials([0.986, 0.986, 0.986], 1000).mean).not.toBe(0.986); // float sum
    const s = summarizeCounts([986, 986, 986], 1000);
    expect(s.mean).toBe(0.986);
    expect(s.min).toBe(0.986);
    expect(s.trials).toBe(3);
  });
});
