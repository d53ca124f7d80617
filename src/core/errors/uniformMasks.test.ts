import { describe, expect, it } from 'vitest';
import { rngFor } from '../rng';
import { binomialPmf } from './maskChecks';
import { binomialBound, chi2Critical } from './testStats';
import { DENSE_UNIT_SHARE, UniformMaskSampler } from './uniformMasks';

/** Element masks of `count` elements by the sampler's dense or sparse draw. */
function draw(s: UniformMaskSampler, how: 'dense' | 'sparse', count: number, seed = 1) {
  const rng = rngFor(seed, 'uniform-masks-test', how);
  const out = new Uint32Array(count);
  let last = -1;
  s.visit(
    rng,
    0,
    count,
    (e, m) => {
      expect(e).toBeGreaterThan(last);
      expect(m).not.toBe(0);
      last = e;
      out[e] = m;
    },
    how,
  );
  return out;
}

describe('UniformMaskSampler: every bit flips independently with probability p', () => {
  const cases: [number, number][] = [
    [8, 1e-4],
    [8, 1e-2],
    [8, 0.1],
    [8, 0.5],
    [4, 0.03],
    [16, 0.02],
    [32, 0.005],
  ];
  for (const how of ['dense', 'sparse'] as const) {
    for (const [bits, p] of cases) {
      it(`${how}, ${bits}-bit elements, p = ${p}: per-bit rate, popcount law, bit pairs`, () => {
        const s = new UniformMaskSampler(p, bits);
        const count = Math.ceil(Math.max(20_000, 4e5 / (p * bits)) / bits) * 1;
        const masks = draw(s, how, Math.min(count, 400_000));
        const n = masks.length;
        const perBit = new Array(bits).fill(0);
        const popHist = new Array(bits + 1).fill(0);
        let both01 = 0;
        for (let e = 0; e < n; e++) {
          const m = masks[e];
          let k = 0;
          for (let b = 0; b < bits; b++)
            if ((m >>> b) & 1) {
              perBit[b]++;
              k++;
            }
          popHist[k]++;
          if ((m & 3) === 3) both01++;
        }
        // Each bit position: Binomial(n, p) flips.
        for (let b = 0; b < bits; b++)
          expect(Math.abs(perBit[b] - n * p)).toBeLessThan(binomialBound(n, p));
        // Bits 0 and 1 together: p² (independence).
        expect(Math.abs(both01 - n * p * p)).toBeLessThan(binomialBound(n, p * p));
        // Flips per element: Binomial(bits, p), χ² over bins with ≥ 5 expected.
        const pmf = binomialPmf(bits, p);
        let chi2 = 0;
        let df = -1;
        let restObs = 0;
        let restExp = 0;
        pmf.forEach((q, k) => {
          const exp = n * q;
          if (exp >= 5) {
            chi2 += (popHist[k] - exp) ** 2 / exp;
            df++;
          } else {
            restObs += popHist[k];
            restExp += exp;
          }
        });
        if (restExp >= 5) {
          chi2 += (restObs - restExp) ** 2 / restExp;
          df++;
        } else expect(restObs).toBeLessThan(restExp + 5 * Math.sqrt(restExp) + 3);
        if (df > 0) expect(chi2).toBeLessThan(chi2Critical(df));
      });
    }
  }

  it('chooses the dense draw once a large share of units changes', () => {
    expect(new UniformMaskSampler(1e-3, 8).dense).toBe(false);
    expect(new UniformMaskSampler(0.1, 8).dense).toBe(true);
    const p = 1 - (1 - DENSE_UNIT_SHARE) ** (1 / 8);
    expect(new UniformMaskSampler(p * 1.01, 8).dense).toBe(true);
    expect(new UniformMaskSampler(p * 0.99, 8).dense).toBe(false);
  });

  it('p = 1 flips every bit in both draws', () => {
    const s = new UniformMaskSampler(1, 16);
    expect([...draw(s, 'dense', 50)].every((m) => m === 0xffff)).toBe(true);
    expect([...draw(s, 'sparse', 50)].every((m) => m === 0xffff)).toBe(true);
  });

  it('is reproducible from the seed and differs between seeds', () => {
    const s = new UniformMaskSampler(0.01, 8);
    expect(draw(s, 'sparse', 10_000, 7)).toEqual(draw(s, 'sparse', 10_000, 7));
    expect(draw(s, 'sparse', 10_000, 7)).not.toEqual(draw(s, 'sparse', 10_000, 8));
    expect(draw(s, 'dense', 10_000, 7)).toEqual(draw(s, 'dense', 10_000, 7));
  });

  it('rejects impossible parameters', () => {
    expect(() => new UniformMaskSampler(0, 8)).toThrow(/\(0, 1\]/);
    expect(() => new UniformMaskSampler(1.5, 8)).toThrow(/\(0, 1\]/);
    expect(() => new UniformMaskSampler(0.1, 12)).toThrow(/width/);
  });
});
