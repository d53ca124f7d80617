import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readRepoJson } from '../../test/helpers/dram';
import { CliError } from './args';
import { run } from './dram';

const zoo = 'test/fixtures/dram/lenet5-zoo.json';

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await run(argv), out };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('eden dram', () => {
  it('--check-table reproduces all 16 EDEN rows and exits 0', async () => {
    const { code, out } = await cli('--check-table', '--json');
    const r = JSON.parse(out);
    expect(code).toBe(0);
    expect([r.passed, r.total]).toEqual([16, 16]);
    expect(r.rows.every((row: { ok: boolean }) => row.ok)).toBe(true);
  });

  it('--check-table fails (exit 1) for a profile that does not match the table', async () => {
    const { code, out } = await cli('--check-table', '--profile', 'lpddr4-3200');
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL/);
  });

  it('--max-ber p --knob gives {knob, delta, ber}', async () => {
    const r = JSON.parse((await cli('--max-ber', '0.04', '--knob', 'vdd', '--json')).out);
    // On the 0.01 V knob grid: −0.33 V (0.025 · 1.8^0.6 ≈ 0.0356); −0.34 V gives 0.0400.
    expect([r.profile, r.knob, r.delta]).toEqual(['ddr3-eden', 'vdd', -0.33]);
    expect(r.ber).toBeCloseTo(0.025 * 1.8 ** 0.6, 12);
    const t = JSON.parse((await cli('--max-ber', '0.015', '--knob', 'trcd', '--json')).out);
    expect([t.knob, t.delta]).toEqual(['trcd', -2]);
    const both = JSON.parse((await cli('--max-ber', '0.04', '--knob', 'both', '--json')).out);
    expect([both.vddDelta, both.trcdDelta]).toEqual([-0.33, -1]);
  });

  it('an operating point with a model gives vdd, trcd, ber, energy and speedup', async () => {
    const argv = [
      '--vdd-delta',
      '-0.3',
      '--trcd-delta',
      '-2',
      '--model',
      'lenet5-mnist',
      '--zoo',
      zoo,
    ];
    const r = JSON.parse((await cli(...argv, '--platform', 'gpu', '--json')).out);
    expect([r.vdd, r.trcd]).toEqual([1.2, 11.75]);
    expect(r.ber).toBeCloseTo(1 - (1 - 0.025) * (1 - 0.014), 12);
    expect(r.energy.nominal).toBeGreaterThan(r.energy.approx);
    expect(r.energy.saving).toBeCloseTo(1 - r.energy.approx / r.energy.nominal, 12);
    expect(r.speedup).toBeGreaterThan(1);
    expect(r.platform).toBe('gpu');
    const human = await cli(...argv);
    expect(human.out).toMatch(/saving \d+\.\d %/);
  });

  it('without a model, energy is null and the speedup is 1 at nominal', async () => {
    const r = JSON.parse((await cli('--json')).out);
    expect(r.energy).toBeNull();
    expect(r.speedup).toBe(1);
    expect(r.ber).toBe(0);
  });

  it('bad input is a one-line CliError', async () => {
    await expect(cli('--vdd-delta', 'abc')).rejects.toThrow(CliError);
    await expect(cli('--vdd-delta', '-0.9')).rejects.toThrow(
      /^--vdd-delta \(profile ddr3-eden\): -0\.9 V is below the range -0\.5 to 0 V$/,
    );
    await expect(cli('--profile', 'hbm')).rejects.toThrow(/--profile must be one of/);
    await expect(cli('--knob', 'vdd')).rejects.toThrow(/^--knob applies only with --max-ber$/);
    await expect(cli('--max-ber', '0.01')).rejects.toThrow(/--knob is required/);
    await expect(cli('--model', 'nope', '--zoo', zoo)).rejects.toThrow(/not in the zoo/);
    const dir = mkdtempSync(join(tmpdir(), 'dram-'));
    const bad = readRepoJson('public/profiles/ddr3-eden.json') as {
      timing: Record<string, unknown>;
    };
    bad.timing.tRAS_ns = 'long';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    await expect(cli('--profile-file', join(dir, 'bad.json'))).rejects.toThrow(
      /invalid at timing\.tRAS_ns/,
    );
  });

  // Break-it pass: a knob off the profile's grid ran at that value without a word; the page
  // snaps a link's value with a note by the same rule (core knobMisfit), the CLI refuses.
  it.each([
    [
      ['--vdd-delta', '-0.123'],
      '--vdd-delta (profile ddr3-eden): -0.123 V is off the 0.01 V grid (nearest -0.13 or -0.12)',
    ],
    [
      ['--trcd-delta', '-1.1'],
      '--trcd-delta (profile ddr3-eden): -1.1 ns is off the 0.25 ns grid (nearest -1.25 or -1)',
    ],
    [
      ['--trcd-delta', '-50'],
      '--trcd-delta (profile ddr3-eden): -50 ns is below the range -7 to 0 ns',
    ],
    [
      ['--vdd-delta', '0.05'],
      '--vdd-delta (profile ddr3-eden): 0.05 V is above nominal (the knobs only lower it; range -0.5 to 0 V)',
    ],
  ])('refuses knob %j off the grid or range', async (argv, message) => {
    await expect(cli(...argv)).rejects.toThrow(new CliError(message));
  });

  it('takes grid values of every shipped profile', async () => {
    const r = JSON.parse(
      (await cli('--vdd-delta', '-0.12', '--trcd-delta', '-1.25', '--json')).out,
    );
    expect([r.vddDelta, r.trcdDelta]).toEqual([-0.12, -1.25]);
  });
});
