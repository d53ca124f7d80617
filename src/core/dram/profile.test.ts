import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KNOB_GRID, loadProfile, parseProfile, parseProfileIndex, PROFILE_IDS } from './index';

const root = new URL('../../../', import.meta.url);
const readJson = async (path: string): Promise<unknown> =>
  JSON.parse(readFileSync(new URL(`public/${path}`, root), 'utf8'));

type Json = Record<string, unknown>;
async function ddr3(): Promise<Json> {
  return (await readJson('profiles/ddr3-eden.json')) as Json;
}

describe('profiles', () => {
  it('every shipped profile parses, and the index lists exactly them', async () => {
    for (const id of PROFILE_IDS) expect((await loadProfile(id, readJson)).id).toBe(id);
    const index = parseProfileIndex(await readJson('profiles/index.json'));
    expect(index.profiles.map((p) => p.id)).toEqual([...PROFILE_IDS]);
    expect(index.default).toBe('ddr3-eden');
  });

  it('every shipped profile carries the one knob grid (KNOB_GRID: 0.01 V, 0.25 ns)', async () => {
    for (const id of PROFILE_IDS) {
      const p = await loadProfile(id, readJson);
      expect({ vdd: p.ber.stepV, trcd: p.ber.stepNs }).toEqual(KNOB_GRID);
    }
  });

  const bad: [string, (p: Json) => void, RegExp][] = [
    [
      'a missing IDD current',
      (p) => delete (p.power as { idd_mA: Json }).idd_mA.idd4r,
      /at power\.idd_mA\.idd4r:/,
    ],
    ['a negative tRCD', (p) => ((p.timing as Json).tRCD_ns = -1), /at timing\.tRCD_ns:/],
    ['a string where a number goes', (p) => ((p.power as Json).vdd = '1.5'), /at power\.vdd:/],
    [
      'a BER that decreases',
      (p) => (((p.ber as Json).vdd as Json[])[4].ber = 0.001),
      /at ber\.vdd\[4\]\.ber: BER must not decrease/,
    ],
    [
      'deltas out of order',
      (p) => (((p.ber as Json).trcd as Json[])[2].delta = -0.2),
      /at ber\.trcd\[2\]\.delta: deltas must strictly decrease/,
    ],
    [
      'no nominal point',
      (p) => ((p.ber as Json).vdd as Json[]).shift(),
      /at ber\.vdd\[0\]\.delta: the first point/,
    ],
    [
      'a positive delta',
      (p) => (((p.ber as Json).vdd as Json[])[1].delta = 0.05),
      /at ber\.vdd\[1\]\.delta:/,
    ],
    [
      'tRC shorter than tRAS + tRP',
      (p) => ((p.timing as Json).tRC_ns = 40),
      /at timing\.tRC_ns: tRC must be ≥ tRAS \+ tRP/,
    ],
    [
      'a wordline model without its weak fraction',
      (p) => ((p.errorModel as Json).id = 1),
      /at errorModel\.weakFraction: required/,
    ],
    [
      'a weak fraction below the BER reached',
      (p) => Object.assign(p.errorModel as Json, { id: 2, weakFraction: 0.1 }),
      /at errorModel\.weakFraction: must be ≥/,
    ],
    ['an unknown error model', (p) => ((p.errorModel as Json).id = 7), /at errorModel\.id:/],
    ['an unknown memory type', (p) => (p.memoryType = 'HBM9'), /at memoryType:/],
  ];
  for (const [what, mutate, message] of bad) {
    it(`rejects ${what}, naming the field`, async () => {
      const p = await ddr3();
      mutate(p);
      expect(() => parseProfile(p)).toThrow(message);
      expect(() => parseProfile(p)).toThrow(/^DRAM profile "ddr3-eden" is invalid at /);
    });
  }

  it('rejects a file whose id does not match its name', async () => {
    await expect(loadProfile('ddr4-2400', async () => ({ ...(await ddr3()) }))).rejects.toThrow(
      /holds id "ddr3-eden"/,
    );
  });
});
