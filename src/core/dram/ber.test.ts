import { describe, expect, it } from 'vitest';
import { readRepoJson, shippedProfiles } from '../../../test/helpers/dram';
import {
  berForKnobs,
  berOnGrid,
  combineIndependent,
  EDEN_TABLE_GRID,
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

describe('EDEN coarse-grained table (ddr3-eden, on the table grid 0.05 V / 0.5 ns)', () => {
  it('has all 16 rows', () => expect(table.rows).toHaveLength(16));
  for (const [model, precision, ber, dVdd, dTrcd] of table.rows) {
    it(`${model} ${precision}: BER ${ber} → ΔVDD ${dVdd} V, ΔtRCD ${dTrcd} ns`, () => {
      expect(largestStepForBer(ddr3, 'vdd', ber, EDEN_TABLE_GRID.vdd).delta).toBe(dVdd);
      expect(largestStepForBer(ddr3, 'trcd', ber, EDEN_TABLE_GRID.trcd).delta).toBe(dTrcd);
    });
  }
  it('the fine knob grid refines the table grid: every table step is a knob step', () => {
    for (const knob of ['vdd', 'trcd'] as const) {
      const fine = knobSteps(ddr3, knob);
      for (const d of knobSteps(ddr3, knob, EDEN_TABLE_GRID[knob])) expect(fine).toContain(d);
    }
  });
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
      vdd: { min: -0.5, max: 0, step: 0.01, unit: 'V' },
      trcd: { min: -7, max: 0, step: 0.25, unit: 'ns' },
    });
    expect(knobGrid(profiles['lpddr4-3200']).vdd.min).toBe(-0.33); // curve ends at −0.33 V
    expect(knobGrid(profiles['lpddr4-3200'], EDEN_TABLE_GRID).vdd.min).toBe(-0.3);
    expect(knobSteps(ddr3, 'vdd').slice(0, 4)).toEqual([0, -0.01, -0.02, -0.03]);
    expect(knobSteps(ddr3, 'vdd', 0.05).slice(0, 4)).toEqual([0, -0.05, -0.1, -0.15]);
    const curve = berOnGrid(ddr3, 'trcd');
    expect(curve).toHaveLength(29);
    expect(curve[22]).toEqual({ delta: -5.5, ber: 0.038 });
  });

  it('between calibration points the fine grid follows the log-BER interpolation', () => {
    // −0.05 V (1e-5) to −0.10 V (4e-3): each 0.01 V multiplies the BER by 400^(1/5) ≈ 3.31.
    const r = 400 ** 0.2;
    const steps = berOnGrid(ddr3, 'vdd').slice(5, 11);
    steps.forEach((s, i) => expect(s.ber).toBeCloseTo(1e-5 * r ** i, 12));
    // Below the first calibration point, linear from BER 0 at nominal: −0.01 V → 2e-6.
    expect(berOnGrid(ddr3, 'vdd')[1].ber).toBeCloseTo(2e-6, 15);
  });

  it("tolerances between 1e-5 and 4e-3 (the zoo's) get different VDD steps on the fine grid", () => {
    // The issue's example: LeNet-5 int8 joint tolerances 9.7e-5 … 1.3e-3 all fall on −0.05 V
    // on the table grid; the knob grid separates them.
    const at = (ber: number, step?: number) => largestStepForBer(ddr3, 'vdd', ber, step).delta;
    expect(new Set([9.7e-5, 4.2e-4, 1.3e-3].map((b) => at(b, EDEN_TABLE_GRID.vdd)))).toEqual(
      new Set([-0.05]),
    );
    expect([9.7e-5, 4.2e-4, 1.3e-3].map((b) => at(b))).toEqual([-0.06, -0.08, -0.09]);
  });

  it('returns the step itself when the target equals a grid BER, and nominal for target 0', () => {
    expect(largestStepForBer(ddr3, 'vdd', 0.025)).toEqual({ knob: 'vdd', delta: -0.3, ber: 0.025 });
    expect(largestStepForBer(ddr3, 'vdd', 0.025, 0.05).delta).toBe(-0.3);
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
    // 0.04: ΔVDD −0.33 V alone (BER 0.025·1.8^0.6 ≈ 0.0356; −0.34 V gives 0.0400 > 0.04);
    // then tRCD may add at most (0.04 − 0.0356)/(1 − 0.0356) ≈ 0.0046.
    const s = mostAggressiveSetting(ddr3, 0.04, 'vdd');
    const b33 = 0.025 * 1.8 ** 0.6;
    expect(s.vddDelta).toBe(-0.33);
    expect(s.trcdDelta).toBe(-1); // 0.0045 fits, −1.25 ns (√(0.0045·0.012) ≈ 0.0073) does not
    expect(s.ber).toBeCloseTo(1 - (1 - b33) * (1 - 0.0045), 12);
    expect(s.ber).toBeLessThanOrEqual(0.04);
    const t = mostAggressiveSetting(ddr3, 0.04, 'trcd');
    expect(t.trcdDelta).toBe(-5.5);
    expect(t.vddDelta).toBe(-0.09);
    expect(mostAggressiveSetting(ddr3, 0)).toEqual({ vddDelta: 0, trcdDelta: 0, ber: 0 });
  });
});
