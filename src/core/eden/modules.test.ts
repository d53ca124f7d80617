import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { largestStepForBer, parseProfile } from '../dram';
import { weakLinesOf } from '../errors/weakLines';
import { moduleSpread, storedRanges, weakShares } from './modules';

const profile = parseProfile(JSON.parse(readFileSync('public/profiles/ddr3-eden.json', 'utf8')));
const bytes = (n: number) => ({ fp32: 4 * n, int16: 2 * n, int8: n, int4: Math.ceil(n / 2) });
const ROW = 1024;
// Sizes that start and end inside rows, one much longer than a 64-row block.
const dataTypes = [
  { id: 'a/weights', bytes: bytes(700) },
  { id: 'a/ofm', bytes: bytes(2500) },
  { id: 'b/weights', bytes: bytes(200_000) },
  { id: 'b/ofm', bytes: bytes(90) },
];

/** Brute force: every stored bit, its line, weak or not (the error engine's geometry). */
function bruteShare(start: number, n: number, kind: 'row' | 'bitline', seed: number): number {
  const lines = weakLinesOf(seed, kind, 0.1);
  let weak = 0;
  for (let a = start; a < start + n; a++)
    for (let b = 0; b < 8; b++)
      if (lines.isWeak(kind === 'row' ? Math.floor(a / ROW) : (a % ROW) * 8 + b)) weak++;
  return weak / (8 * n);
}

describe('module variation', () => {
  it('stores data types back to back in the model order (the engine layout)', () => {
    const r = storedRanges(dataTypes, 'int8', ROW);
    expect(r.map((x) => x.start)).toEqual([0, 700, 3200, 203_200]);
    expect(storedRanges(dataTypes, 'fp32', ROW)[1].start).toBe(2800);
  });

  it('weak shares match a bit-by-bit count, rows and bitlines, and long data gets about f', () => {
    const ranges = storedRanges(dataTypes, 'int8', ROW);
    for (const kind of ['row', 'bitline'] as const) {
      for (const seed of [1, 2, 7]) {
        const s = weakShares(ranges, ROW, kind, 0.1, seed);
        for (const r of ranges)
          expect(s[r.id]).toBeCloseTo(bruteShare(r.start, r.bytes, kind, seed), 12);
        expect(s['b/weights']).toBeGreaterThan(0.08);
        expect(s['b/weights']).toBeLessThan(0.12);
      }
    }
  });

  it('the measured module gets its own tolerance back; others differ by where their weak rows fall', () => {
    const t = 1e-4;
    const tolerances = Object.fromEntries(dataTypes.map((d) => [d.id, t]));
    const rows = moduleSpread({
      profile,
      dataTypes,
      format: 'int8',
      rowBytes: ROW,
      errorModel: 1,
      weakFraction: 0.1,
      kind: 'row',
      measuredSeed: 3,
      seeds: [1, 2, 3, 4, 5, 6, 7, 8],
      groups: [{ name: 'coarse', tolerances: [tolerances] }],
    });
    const own = rows.find((r) => r.seed === 3)!;
    expect(own.settings[0].ber).toBeCloseTo(t, 15);
    expect(own.settings[0].vddDelta).toBe(largestStepForBer(profile, 'vdd', t).delta);
    // b/weights spans every block, so it is exposed on every module and bounds every setting.
    for (const r of rows) {
      expect(r.exposed).toContain('b/weights');
      expect(r.settings[0].ber).toBeGreaterThan(0);
      expect(r.settings[0].ber).toBeLessThanOrEqual(0.1);
    }
    expect(new Set(rows.map((r) => r.settings[0].ber)).size).toBeGreaterThan(1);
  });

  it('with uniform errors a tolerance is the BER seen: a module whose weak rows hold only tolerant data may go lower', () => {
    const one = [{ id: 'x/weights', bytes: bytes(ROW) }];
    const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
    const rows = moduleSpread({
      profile,
      dataTypes: one,
      format: 'int8',
      rowBytes: ROW,
      errorModel: 0,
      weakFraction: 0.1,
      kind: 'row',
      measuredSeed: 1,
      seeds,
      groups: [{ name: 'coarse', tolerances: [{ 'x/weights': 1e-4 }] }],
    });
    // One row: weak (sees ber / f: may run at f · 1e-4) or not (no limit but the model's f).
    for (const r of rows) {
      const weak = weakLinesOf(r.seed, 'row', 0.1).isWeak(0);
      expect(r.settings[0].ber).toBeCloseTo(weak ? 1e-5 : 0.1, 15);
      expect(r.exposed).toEqual(weak ? ['x/weights'] : []);
    }
    expect(rows.some((r) => r.exposed.length)).toBe(true);
    expect(rows.some((r) => !r.exposed.length)).toBe(true);
  });

  it('a group with two measured assignments takes, per module, the larger BER either allows', () => {
    const coarse = Object.fromEntries(dataTypes.map((d) => [d.id, 1e-4]));
    const joint = { ...coarse, 'b/weights': 4e-4, 'a/weights': 5e-5 };
    const run = (tolerances: Record<string, number>[]) =>
      moduleSpread({
        profile,
        dataTypes,
        format: 'int8',
        rowBytes: ROW,
        errorModel: 0,
        weakFraction: 0.1,
        kind: 'row',
        measuredSeed: 1,
        seeds: [1, 2, 3, 4, 5],
        groups: [{ name: 'coarse', tolerances }],
      }).map((r) => r.settings[0].ber);
    const a = run([coarse]);
    const b = run([joint]);
    const both = run([coarse, joint]);
    both.forEach((x, i) => expect(x).toBe(Math.max(a[i], b[i])));
    expect(both.some((x, i) => x > a[i])).toBe(true);
  });
});
