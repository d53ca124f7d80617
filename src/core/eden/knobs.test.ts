import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EDEN_TABLE_GRID, parseProfile } from '../dram';
import { knobsForBer, settingForProfile, vddBerLadder } from './knobs';

const profile = parseProfile(JSON.parse(readFileSync('public/profiles/ddr3-eden.json', 'utf8')));
const table = JSON.parse(readFileSync('public/reference/eden-coarse-table.json', 'utf8')) as {
  rows: [string, string, number, number, number][];
};

describe('knob settings for a tolerable BER', () => {
  it('on the fine knob grid goes as far as each EDEN table row, and less than one table step further', () => {
    for (const [, , ber, dVdd, dTrcd] of table.rows) {
      const k = knobsForBer(profile, ber);
      expect(k.vddDelta).toBeLessThanOrEqual(dVdd + 1e-9);
      expect(k.vddDelta).toBeGreaterThan(dVdd - EDEN_TABLE_GRID.vdd);
      expect(k.trcdDelta).toBeLessThanOrEqual(dTrcd + 1e-9);
      expect(k.trcdDelta).toBeGreaterThan(dTrcd - EDEN_TABLE_GRID.trcd);
      expect(k.berVdd).toBeLessThanOrEqual(ber);
      expect(k.berTrcd).toBeLessThanOrEqual(ber);
      expect(k.vdd).toBeCloseTo(profile.power.vdd + k.vddDelta, 9);
    }
  });

  it('BER 0 is nominal; the partition BER never exceeds what the data tolerates', () => {
    const s = settingForProfile(profile);
    expect(s(0)).toEqual({ vddDelta: 0, trcdDelta: 0, ber: 0 });
    for (const b of [1e-6, 1e-4, 3e-3, 0.02, 0.05]) expect(s(b).ber).toBeLessThanOrEqual(b);
    const ladder = vddBerLadder(profile);
    expect(ladder[0]).toEqual({ delta: 0, ber: 0 });
    for (let i = 1; i < ladder.length; i++)
      expect(ladder[i].ber).toBeGreaterThanOrEqual(ladder[i - 1].ber);
  });
});
