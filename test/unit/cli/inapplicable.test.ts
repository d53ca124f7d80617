/**
 * An option that does not apply to the mode asked for (dram's question, why's --view,
 * characterize's --mode) or that conflicts with another is refused with one line naming it,
 * exit 2, before any work (args.ts refuseInapplicable / atMostOne); it was dropped without a
 * word and the command exited 0. The help shows an option as required only when it is.
 */
import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { atMostOne, CliError, refuseInapplicable } from '../../../src/cli/args';
import { runConfigOf } from '../../../src/cli/sweep';

type Command = 'dram' | 'why' | 'characterize' | 'sweep';

async function refusal(command: Command, argv: string[]): Promise<string> {
  const mod = (await import(`../../../src/cli/${command}.ts`)) as {
    run: (argv: string[]) => Promise<number>;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await mod.run(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    // Nothing was printed: the refusal came before any answer.
    expect(out).not.toHaveBeenCalled();
    return (e as Error).message;
  } finally {
    out.mockRestore();
  }
  throw new Error(`${command} ${argv.join(' ')} was not refused`);
}

afterEach(() => vi.restoreAllMocks());

const WHY = ['--model', 'lenet5-mnist', '--format', 'int8', '--ber', '1e-3'];
const CHAR = ['--model', 'lenet5-mnist', '--backend', 'cpu'];

const CASES: [Command, string[], string][] = [
  // The tester's examples.
  [
    'dram',
    ['--vdd-delta', '-0.1', '--max-ber', '0.01', '--knob', 'vdd'],
    '--vdd-delta applies only to an operating point (no --max-ber or --check-table)',
  ],
  [
    'dram',
    ['--check-table', '--vdd-delta', '-0.1'],
    '--vdd-delta applies only to an operating point (no --max-ber or --check-table)',
  ],
  [
    'why',
    [...WHY, '--view', 'bits', '--data-type', 'conv1/ofm'],
    '--data-type applies only to --view histogram',
  ],
  // The same rule elsewhere.
  [
    'dram',
    ['--trcd-delta', '-1', '--max-ber', '0.01', '--knob', 'trcd'],
    '--trcd-delta applies only to an operating point (no --max-ber or --check-table)',
  ],
  ['dram', ['--knob', 'vdd'], '--knob applies only with --max-ber'],
  ['dram', ['--check-table', '--knob', 'vdd'], '--knob applies only with --max-ber'],
  [
    'dram',
    ['--max-ber', '0.01', '--knob', 'vdd', '--model', 'lenet5-mnist'],
    '--model applies only to an operating point (no --max-ber or --check-table) or with --check-table',
  ],
  [
    'dram',
    ['--max-ber', '0.01', '--knob', 'vdd', '--platform', 'gpu'],
    '--platform applies only to an operating point (no --max-ber or --check-table) or with --check-table',
  ],
  ['dram', ['--check-table', '--max-ber', '0.01'], 'choose one of --max-ber and --check-table'],
  [
    'dram',
    ['--profile', 'ddr3-eden', '--profile-file', 'x.json'],
    'choose one of --profile and --profile-file',
  ],
  ['dram', ['--format', 'int8'], '--format applies only with --model'],
  ['dram', ['--check-table', '--zoo', 'zoo.json'], '--zoo applies only with --model'],
  [
    'why',
    [...WHY, '--view', 'layers', '--target', 'weights'],
    '--target applies only to --view trials or to --view changed',
  ],
  ['why', [...WHY, '--view', 'histogram', '--json', '--csv'], 'choose one of --json and --csv'],
  [
    'characterize',
    [...CHAR, '--mode', 'fine', '--target', 'weights'],
    '--target applies only to --mode coarse',
  ],
  ['characterize', [...CHAR, '--isolated-only'], '--isolated-only applies only to --mode fine'],
  [
    'sweep',
    ['--model', 'lenet5-mnist', '--format', 'int8', '--json', '--csv'],
    'choose one of --json and --csv',
  ],
];

describe('an option that does not apply is refused, naming it, before any work', () => {
  it.each(CASES)('%s %j', async (command, argv, message) => {
    expect(await refusal(command, argv)).toBe(message);
  });

  it('options that do apply still run (dram: a point, --max-ber, --check-table)', async () => {
    const { run } = await import('../../../src/cli/dram');
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await run(['--vdd-delta', '-0.1', '--platform', 'gpu', '--json'])).toBe(0);
    expect(await run(['--max-ber', '0.01', '--knob', 'vdd', '--profile', 'ddr3-eden'])).toBe(0);
    expect(await run(['--check-table', '--platform', 'gpu'])).toBe(0);
    expect(out).toHaveBeenCalled();
  });
});

describe('the mechanism (args.ts)', () => {
  it('refuseInapplicable names the option and every mode it applies to; others pass', () => {
    const only = { a: ['x'], b: ['x', 'y'] } as const;
    const label = (m: string) => `in ${m}`;
    expect(() => refuseInapplicable({ a: '1' }, 'y', only, label)).toThrow(
      new CliError('--a applies only in x'),
    );
    expect(() => refuseInapplicable({ b: true }, 'z', only, label)).toThrow(
      new CliError('--b applies only in x or in y'),
    );
    // Absent (undefined) and unset flags (false) are not "given"; unlisted options apply anywhere.
    expect(() =>
      refuseInapplicable({ a: undefined, b: false, c: '1' }, 'z', only, label),
    ).not.toThrow();
  });

  it('atMostOne returns the one given, or refuses two', () => {
    expect(atMostOne({ json: true }, ['json', 'csv'])).toBe('json');
    expect(atMostOne({}, ['json', 'csv'])).toBeUndefined();
    expect(() => atMostOne({ a: '1', c: true }, ['a', 'b', 'c'])).toThrow(
      new CliError('choose one of --a, --b and --c'),
    );
  });
});

describe('help shows an option as required only when it is', () => {
  it('sweep --error-model defaults to 0 and its help says so', async () => {
    const { config } = runConfigOf({ model: 'lenet5-mnist', format: 'int8' }, 10_000, 5, 0);
    expect(config.errorModel.id).toBe(0);
    const { run } = await import('../../../src/cli/sweep');
    let help = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      help += String(c);
      return true;
    });
    expect(await run(['--help'])).toBe(0);
    expect(help).toContain('[--error-model 0..3 (0)]');
    expect(help).not.toMatch(/(^|\s)--error-model <0\.\.3>/);
  });
});

describe('exit code of the tester example', () => {
  it('dram --vdd-delta -0.1 --max-ber 0.01 --knob vdd exits 2 with one line', async () => {
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/cli.ts',
          'dram',
          '--vdd-delta',
          '-0.1',
          '--max-ber',
          '0.01',
          '--knob',
          'vdd',
        ],
        { timeout: 60_000 },
        (err, stdout, stderr) =>
          resolve({
            code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
            stdout,
            stderr,
          }),
      );
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(
      'eden: --vdd-delta applies only to an operating point (no --max-ber or --check-table)',
    );
  }, 60_000);
});
