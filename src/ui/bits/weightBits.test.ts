import { describe, expect, it } from 'vitest';
import { readWeight } from './weightBits';

const range = { min: -0.5, max: 0.5 };

describe('one weight through a read', () => {
  it('an fp32 exponent flip makes a huge value that correction zeroes', () => {
    const r = readWeight(0.25, 'fp32', range, 1 << 30, 'zero');
    expect(r.before.value).toBe(0.25);
    expect(Math.abs(r.after.value)).toBeGreaterThan(1e30);
    expect(r.flipped[1]).toBe(true); // MSB first: bit 30 is the exponent's top bit
    expect(r.flipped.filter(Boolean)).toHaveLength(1);
    expect(r).toMatchObject({ used: 0, corrected: 'zeroed' });
    expect(readWeight(0.25, 'fp32', range, 1 << 30, 'clamp').used).toBe(0.5);
    expect(readWeight(0.25, 'fp32', range, 1 << 30, 'none').corrected).toBeNull();
  });

  it('an int8 sign flip stays in range (no correction) and is a large error', () => {
    const r = readWeight(0.25, 'int8', range, 1 << 7, 'zero');
    expect(r.before.value).toBeCloseTo(0.25, 2);
    expect(r.after.value).toBeCloseTo(0.25 - 0.5 * (128 / 127), 2);
    expect(r.corrected).toBeNull();
    expect(r.before.bits).toHaveLength(8);
  });

  it('no flips leave the value as stored', () => {
    const r = readWeight(-0.1, 'int4', range, 0, 'zero');
    expect(r.after.value).toBe(r.before.value);
    expect(r.used).toBe(r.before.value);
  });
});
