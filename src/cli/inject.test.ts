import { afterEach, describe, expect, it, vi } from 'vitest';
import { CliError } from './args';
import { run } from './inject';

async function runJson(argv: string[]): Promise<Record<string, unknown>> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    expect(await run([...argv, '--json'])).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return JSON.parse(out) as Record<string, unknown>;
}

afterEach(() => vi.restoreAllMocks());

describe('eden inject', () => {
  it('reports the issue’s fields, model 1 with no flip outside weak rows', async () => {
    const r = await runJson([
      '--error-model',
      '1',
      '--ber',
      '0.01',
      '--bytes',
      '1000000',
      '--weak-fraction',
      '0.2',
      '--row-bytes',
      '1024',
    ]);
    for (const key of [
      'errorModel',
      'ber',
      'bits',
      'flips',
      'measuredBer',
      'oneToZero',
      'zeroToOne',
      'weakLines',
      'ms',
      'outsideWeak',
    ])
      expect(r).toHaveProperty(key);
    expect(r.bits).toBe(8_000_000);
    expect(r.outsideWeak).toBe(0);
    expect(Math.abs((r.measuredBer as number) / 0.01 - 1)).toBeLessThan(0.05);
    expect(r.weakLines as number).toBeGreaterThan(150);
  });

  it('model 3 reports its split; same seed, same result; --sampler both compares in one process', async () => {
    const argv = [
      '--error-model',
      '3',
      '--ber',
      '0.02',
      '--bytes',
      '200000',
      '--one-to-zero-share',
      '0.9',
      '--seed',
      '4',
    ];
    const a = await runJson(argv);
    const b = await runJson(argv);
    expect(a.flips).toBe(b.flips);
    expect((a.oneToZero as number) / (a.flips as number)).toBeGreaterThan(0.85);
    const both = await runJson([
      ...argv,
      '--sampler',
      'both',
      '--format',
      'fp32',
      '--correction',
      'zero',
    ]);
    expect(both).toHaveProperty('speedup');
    expect((both.naive as { flips: number }).flips).toBeGreaterThan(0);
    expect(both.corrected as number).toBeGreaterThan(0);
  });

  it.each([
    [['--ber', '1.5'], /ber must be in \[0, 1\]/],
    [['--ber=-0.1'], /ber must be in \[0, 1\]/],
    [
      ['--ber', '0.01', '--error-model', '4'],
      /--error-model must be an integer in \[0, 3\], got 4/,
    ],
    [
      ['--ber', '0.01', '--error-model', '2', '--weak-fraction', '0'],
      /--weak-fraction must be in \(0, 1\], got 0/,
    ],
    [
      ['--ber', '0.3', '--error-model', '1', '--weak-fraction', '0.1'],
      /exceeds the weak fraction 0.1/,
    ],
    [['--ber', 'abc'], /--ber must be a number/],
    [['--ber', '0.1', '--sampler', 'fast'], /--sampler must be one of/],
    [['--ber', '0.1', '--bogus'], /Unknown option/],
  ])('rejects %j with a clear message', async (extra, message) => {
    // A repeated option is refused itself: the base gives --error-model only when extra does not.
    const base = extra.includes('--error-model') ? [] : ['--error-model', '0'];
    const argv = [...base, '--bytes', '100', ...extra];
    await expect(run(argv)).rejects.toThrow(CliError);
    await expect(run(argv)).rejects.toThrow(message);
  });
});
