import { describe, expect, it } from 'vitest';
import { fmtBer, fmtBytes, fmtDelta, fmtEnergy, fmtPct, imagesTrials } from './format';

describe('formatting', () => {
  it('formats BER, percentages, deltas, energy and bytes', () => {
    expect(fmtBer(0)).toBe('0');
    expect(fmtBer(0.00123)).toBe('1.2e-3');
    expect(fmtBer(null)).toBe('—');
    expect(fmtPct(0.9876)).toBe('98.8 %');
    expect(fmtDelta(-0.25, 'V')).toBe('−0.25 V');
    expect(fmtDelta(0, 'ns', 1)).toBe('±0.0 ns');
    expect(fmtEnergy(2.5e-6)).toBe('2.50 µJ');
    expect(fmtEnergy(4e-13)).toBe('0.400 pJ');
    expect(fmtBytes(3 * 1024)).toBe('3.0 KiB');
  });
});

describe('imagesTrials', () => {
  it('says "1 trial", not "1 trials"', () => {
    expect(imagesTrials(100, 1)).toBe('100 images × 1 trial');
    expect(imagesTrials(1000, 3)).toBe('1,000 images × 3 trials');
  });
});
