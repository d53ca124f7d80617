import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../dram';
import { knobsForBer, settingForProfile, vddBerLadder } from './knobs';

const profile = parseProfile(JSON.parse(readFileSync('public/profiles/ddr3-eden.json', 'utf8')));
const table = JSON.parse(readFileSync('public/reference/eden-coarse-table.json', 'utf8')) as {
  rows: [string, string, number, number, number][];
};

describe('knob settings for a tolerable BER', () => {
  it('reproduces the EDEN coarse-grained table rows', () => {
    for (const [, , ber, dVdd, dTrcd] of table.rows) {
      const k = knobsForBer(profile, ber);
      expect(k.vddDelta).toBeCloseTo(dVdd, 9);
      expect(k.trcdDelta).toBeCloseTo(dTrcd, 9);
      expect(k.berVdd).toBeLessThanOrEqual(ber);
      expect(k.vdd).toBeCloseTo(profile.power.vdd + dVdd, 9);
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
