import { describe, expect, it } from 'vitest';
import { shippedProfiles } from '../../../test/helpers/dram';
import { interpolateBer } from './ber';
import { importedProfileId, parseCharacterizationCsv } from './characterizationCsv';
import { KNOB_GRID } from './profile';

const base = shippedProfiles()['ddr3-eden'];
const GOOD = [
  'knob,delta,ber',
  'vdd,0,0',
  'vdd,-0.1,2e-4',
  'vdd,-0.05,1e-6',
  'vdd,-0.2,1e-2',
  'trcd,0,0',
  'trcd,-1,1e-3',
  'trcd,-3,2e-2',
  'errorModel,1,',
  'weakFraction,0.2,',
].join('\n');

const parse = (text: string) => parseCharacterizationCsv(text, 'module-7.csv', base);

describe('importing a measured characterization (CSV)', () => {
  it('builds a profile on the base part: the CSV curves (sorted), its error model, the knob grid', () => {
    const p = parse(GOOD);
    expect(p.id).toBe('csv-module-7');
    expect(p.ber.vdd.map((x) => x.delta)).toEqual([0, -0.05, -0.1, -0.2]);
    expect(interpolateBer(p.ber.vdd, -0.1)).toBe(2e-4);
    expect(p.errorModel).toMatchObject({ id: 1, weakFraction: 0.2 });
    expect({ vdd: p.ber.stepV, trcd: p.ber.stepNs }).toEqual(KNOB_GRID);
    expect(p.timing).toEqual(base.timing);
    expect(p.power).toEqual(base.power);
    expect(p.name).toMatch(/^module-7\.csv \(measured characterization on DDR3-1600 module/);
    expect(importedProfileId('My Module #3.CSV')).toBe('csv-my-module-3');
  });

  const bad: [string, string, RegExp][] = [
    ['an empty file', '', /^module-7\.csv: the file is empty$/],
    ['a wrong header', 'vdd,delta,ber\nvdd,0,0', /line 1: the header must be "knob,delta,ber"/],
    [
      'a BER that is not a number',
      GOOD.replace('2e-4', 'lots'),
      /line 3: ber "lots" is not a number/,
    ],
    ['a positive delta', GOOD.replace('vdd,-0.1,', 'vdd,0.1,'), /line 3: delta 0.1 must be ≤ 0/],
    ['an unknown knob', GOOD + '\ntemp,85,', /line 11: knob "temp" is not one of vdd, trcd/],
    [
      'a missing nominal point',
      GOOD.replace('trcd,0,0\n', ''),
      /the trcd curve must start at delta 0/,
    ],
    [
      'a curve with one point',
      GOOD.replace(/trcd,-\d,[^\n]*\n/g, ''),
      /trcd curve needs at least 2 points/,
    ],
    [
      'a BER that falls as the knob drops',
      GOOD.replace('vdd,-0.2,1e-2', 'vdd,-0.2,1e-5'),
      /vdd point at delta -0.2: BER must not decrease/,
    ],
    ['a duplicate delta', GOOD + '\nvdd,-0.1,3e-4', /vdd delta -0.1 is listed twice/],
    [
      'a weak fraction below the curves',
      GOOD.replace('weakFraction,0.2', 'weakFraction,0.01'),
      /errorModel\.weakFraction: must be ≥ the largest BER/,
    ],
    [
      'an error model out of range',
      GOOD.replace('errorModel,1', 'errorModel,7'),
      /errorModel 7 must be 0, 1, 2 or 3/,
    ],
  ];
  for (const [what, text, msg] of bad) {
    it(`refuses ${what} with a one-line message naming the file`, () => {
      let err: Error | undefined;
      try {
        parse(text);
      } catch (e) {
        err = e as Error;
      }
      expect(err?.message).toMatch(msg);
      expect(err?.message).toMatch(/^module-7\.csv/);
      expect(err?.message).not.toMatch(/\n/);
    });
  }
});
