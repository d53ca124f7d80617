import { describe, expect, it } from 'vitest';
import { readRepoJson, shippedProfiles } from '../../../test/helpers/dram';
import {
  berForKnobs,
  berOnGrid,
  combineIndependent,
  interpolateBer,
  knobGrid,
  knobSteps,
  largestStepForBer,
  mostAggressiveSetting,
  operatingPoint,
} from './index';

const profiles = shippedProfiles();
const ddr3 = profiles['ddr3-eden'];

interface EdenTable {
  rows: [string, string, number, number, number][];
}
const table = readRepoJson('public/reference/eden-coarse-table.json') as EdenTable;

describe('EDEN coarse-grained table (ddr3-eden)', () => {
  it('has all 16 rows', () => expect(table.rows).toHaveLength(16));
  for (const [model, precision, ber, dVdd, dTrcd] of table.rows) {
    it(`${model} ${precision}: BER ${ber} → ΔVDD ${dVdd} V, ΔtRCD ${dTrcd} ns`, () => {
      expect(largestStepForBer(ddr3, 'vdd', ber).delta).toBe(dVdd);
      expect(largestStepForBer(ddr3, 'trcd', ber).delta).toBe(dTrcd);
    });
  }
});

describe('knob → BER', () => {
  for (const [id, p] of Object.entries(profiles)) {
    it(`${id}: BER is monotone in each knob on a fine scan, and 0 at nominal`, () => {
      expect(berForKnobs(p, { vddDelta: 0, trcdDelta: 0 })).toBe(0);
      const grid = knobGrid(p);
      for (const knob of ['vdd', 'trcd'] as const) {
        let prev = -1;
        const n = 400;
        for (let i = 0; i <= n; i++) {
          const delta = (grid[knob].min * i) / n;
          const b = interpolateBer(p.ber[knob], delta, knob);
          expect(b).toBeGreaterThanOrEqual(prev);
          prev = b;
        }
      }
    });
  }

  it('interpolates in log-BER between points (geometric mean at the midpoint)', () => {
    // −0.325 V lies halfway between −0.30 V (0.025) and −0.35 V (0.045).
    expect(interpolateBer(ddr3.ber.vdd, -0.325)).toBeCloseTo(Math.sqrt(0.025 * 0.045), 12);
    // From the zero-BER nominal point it is linear.
    expect(interpolateBer(ddr3.ber.vdd, -0.025)).toBeCloseTo(0.5e-5, 15);
  });

  it('combines both knobs as independent sources', () => {
    const b = berForKnobs(ddr3, { vddDelta: -0.3, trcdDelta: -2 });
    expect(b).toBeCloseTo(1 - (1 - 0.025) * (1 - 0.014), 12);
    expect(combineIndependent(0.5, 0.5)).toBe(0.75);
    // Combined BER is at least each source and monotone in both knobs.
    expect(b).toBeGreaterThan(0.025);
    expect(berForKnobs(ddr3, { vddDelta: -0.35, trcdDelta: -2 })).toBeGreaterThan(b);
  });

  it('rejects knobs outside the profile with a clear message', () => {
    expect(() => berForKnobs(ddr3, { vddDelta: 0.1, trcdDelta: 0 })).toThrow(/must be ≤ 0/);
    expect(() => berForKnobs(ddr3, { vddDelta: -0.6, trcdDelta: 0 })).toThrow(
      /beyond the profile's curve/,
    );
  });

  it('operating point carries voltages, both BERs and the error model', () => {
    const op = operatingPoint(profiles['ddr4-2400'], { vddDelta: -0.2, trcdDelta: -1 });
    expect(op.vdd).toBe(1);
    expect(op.trcd).toBe(12.32);
    expect(op.berVdd).toBe(0.0095);
    expect(op.berTrcd).toBe(0.0045);
    expect(op.errorModel).toEqual({ id: 1, weakFraction: 0.2 });
  });
});

describe('inverse and grids', () => {
  it('grids span nominal to the most aggressive step on the curve', () => {
    expect(knobGrid(ddr3)).toEqual({
      vdd: { min: -0.5, max: 0, step: 0.05, unit: 'V' },
      trcd: { min: -7, max: 0, step: 0.5, unit: 'ns' },
    });
    expect(knobGrid(profiles['lpddr4-3200']).vdd.min).toBe(-0.3); // curve ends at −0.33 V
    expect(knobSteps(ddr3, 'vdd').slice(0, 4)).toEqual([0, -0.05, -0.1, -0.15]);
    const curve = berOnGrid(ddr3, 'trcd');
    expect(curve).toHaveLength(15);
    expect(curve[11]).toEqual({ delta: -5.5, ber: 0.038 });
  });

  it('returns the step itself when the target equals a grid BER, and nominal for target 0', () => {
    expect(largestStepForBer(ddr3, 'vdd', 0.025)).toEqual({ knob: 'vdd', delta: -0.3, ber: 0.025 });
    expect(largestStepForBer(ddr3, 'trcd', 0)).toEqual({ knob: 'trcd', delta: 0, ber: 0 });
    expect(largestStepForBer(ddr3, 'vdd', 1).delta).toBe(-0.5);
  });

  it('every step it returns has BER ≤ target and the next step exceeds it', () => {
    for (const p of Object.values(profiles)) {
      for (const knob of ['vdd', 'trcd'] as const) {
        const steps = knobSteps(p, knob);
        for (const target of [1e-6, 1e-4, 0.003, 0.01, 0.02, 0.04, 0.07]) {
          const r = largestStepForBer(p, knob, target);
          expect(r.ber).toBeLessThanOrEqual(target);
          const next = steps[steps.indexOf(r.delta) + 1];
          if (next !== undefined)
            expect(interpolateBer(p.ber[knob], next, knob)).toBeGreaterThan(target);
        }
      }
    }
  });
});

describe('both knobs at once', () => {
  it('lowers the priority knob as far as alone, then the other knob within the remaining budget', () => {
    // 0.04: ΔVDD −0.30 V (0.025) alone; then tRCD may add at most (0.04 − 0.025)/(1 − 0.025) ≈ 0.0154.
    const s = mostAggressiveSetting(ddr3, 0.04, 'vdd');
    expect(s.vddDelta).toBe(-0.3);
    expect(s.trcdDelta).toBe(-2); // 0.014 fits, −2.5 ns (0.017) does not
    expect(s.ber).toBeCloseTo(1 - 0.975 * 0.986, 12);
    expect(s.ber).toBeLessThanOrEqual(0.04);
    const t = mostAggressiveSetting(ddr3, 0.04, 'trcd');
    expect(t.trcdDelta).toBe(-5.5);
    expect(t.vddDelta).toBe(-0.05);
    expect(mostAggressiveSetting(ddr3, 0)).toEqual({ vddDelta: 0, trcdDelta: 0, ber: 0 });
  });
});
