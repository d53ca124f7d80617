/**
 * Issue #13 item 9: every CLI parameter is checked, with bounds, before any work starts; a
 * bad one is a one-line CliError (exit 2). The commands run in-process here (fast); the
 * exit code and the single stderr line are checked on three issue examples in a subprocess.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/cli/args';
import { pipelineArgs } from '../../../src/cli/pipelineArgs';
import { TARGET_DROP } from '../../../src/core/eden/evaluator';
import { parseUrl } from '../../../src/state/url';

type Command = 'sweep' | 'boost' | 'characterize' | 'map' | 'inject' | 'zoo' | 'eval';

async function refusal(command: Command, argv: string[]): Promise<string> {
  const mod = (await import(`../../../src/cli/${command}.ts`)) as {
    run: (argv: string[]) => Promise<number>;
  };
  const t0 = performance.now();
  try {
    await mod.run(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    // Before work: no sweep point, no training step, no characterization trial ran.
    expect(performance.now() - t0).toBeLessThan(5000);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`${command} ${argv.join(' ')} was not refused`);
}

const tmp = mkdtempSync(join(tmpdir(), 'eden-bounds-'));
const SWEEP = ['--model', 'lenet5-mnist', '--format', 'int8', '--error-model', '0'];
const BOOST = ['--model', 'lenet5-mnist', '--out', join(tmp, 'out'), '--backend', 'cpu'];
const CHAR = ['--model', 'lenet5-mnist', '--backend', 'cpu'];

const CASES: [Command, string[], RegExp][] = [
  [
    'sweep',
    [...SWEEP, '--trials', '1e9'],
    /--trials must be an integer in \[1, 1000\], got 1000000000/,
  ],
  ['sweep', [...SWEEP, '--samples', '20000'], /--samples must be an integer in \[1, 10000\]/],
  ['sweep', [...SWEEP, '--seed', '-1'], /--seed must be an integer in \[0, 4294967295\]/],
  ['sweep', [...SWEEP, '--module-seed', '4294967296'], /--module-seed must be an integer in/],
  ['sweep', [...SWEEP, '--row-bytes', '0'], /--row-bytes must be an integer in \[1, 1048576\]/],
  ['sweep', [...SWEEP, '--batch', '1e6'], /--batch must be an integer in \[1, 10000\]/],
  [
    'sweep',
    [...SWEEP.slice(0, 4), '--error-model', '1', '--weak-fraction', '1.5'],
    /--weak-fraction must be in \(0, 1\], got 1.5/,
  ],
  [
    'sweep',
    [...SWEEP.slice(0, 4), '--error-model', '1', '--weak-fraction', '0.01', '--ber', '0,0.05'],
    /--ber values must be in \[0, 0.01\] \(at most the weak fraction\), got 0.05/,
  ],
  ['sweep', [...SWEEP, '--one-to-zero-share', '-0.5'], /--one-to-zero-share must be in \[0, 1\]/],
  [
    'sweep',
    ['--model', 'snn-mnist', ...SWEEP.slice(2), '--trials', '1e9'],
    /--trials must be an integer in \[1, 1000\]/,
  ],
  ['boost', [...BOOST, '--lr', '-1'], /--lr must be in \(0, 1\], got -1/],
  ['boost', [...BOOST, '--lr', '5'], /--lr must be in \(0, 1\], got 5/],
  ['boost', [...BOOST, '--epochs', '0'], /--epochs must be in \(0, 100\]/],
  ['boost', [...BOOST, '--steps', '1000'], /--steps must be an integer in \[1, 100\]/],
  ['boost', [...BOOST, '--max-drop', '2'], /--max-drop must be in \[0, 1\]/],
  ['boost', [...BOOST, '--batch-size', '0'], /--batch-size must be an integer in \[1, 10000\]/],
  ['boost', [...BOOST, '--target-ber', '0'], /--target-ber must be in \(0, ∞\]/],
  ['boost', [...BOOST, '--act-clip', '1.5'], /--act-clip must be in \(0, 1\]/],
  ['boost', [...BOOST, '--train-samples', '70000'], /--train-samples \+ --validation-samples/],
  ['characterize', [...CHAR, '--trials', '1e9'], /--trials must be an integer in \[2, 1000\]/],
  ['characterize', [...CHAR, '--samples', '0'], /--samples must be an integer in \[1, 10000\]/],
  ['characterize', [...CHAR, '--validation-trials', '5000'], /--validation-trials must be/],
  ['characterize', [...CHAR, '--seed', '1.5'], /--seed must be an integer, got "1.5"/],
  ['map', [...CHAR, '--partitions', '1000'], /--partitions must be an integer in \[1, 64\]/],
  ['inject', ['--error-model', '0', '--ber', '2', '--bytes', '10'], /--ber must be in \[0, 1\]/],
  ['inject', ['--error-model', '7', '--ber', '0.1', '--bytes', '10'], /--error-model must be/],
  ['inject', ['--error-model', '0', '--ber', '0.1', '--bytes', '10', '--seed', '-5'], /--seed/],
  // A part of a stored value was left out: 3 bytes of fp32 measured "BER NaN" over 0 bits.
  [
    'inject',
    ['--error-model', '0', '--ber', '0.1', '--bytes', '3', '--format', 'fp32'],
    /^--bytes 3 is not a whole number of fp32 values \(4 bytes each\)$/,
  ],
  ['inject', ['--error-model', '0', '--ber', '0.1', '--bytes', '5', '--format', 'int16'], /int16/],
  // A repeated option ran with its last value without a word.
  ['eval', ['--model', 'lenet5-mnist', '--model', 'mlp-mnist'], /^--model is given 2 times/],
  ['sweep', [...SWEEP, '--ber', '0', '--ber', '1e-3'], /^--ber is given 2 times; give it once$/],
  // An SNN failed after loading with exit 1 ("no ifm range for layer dense_1").
  [
    'boost',
    ['--model', 'snn-mnist', '--out', join(tmp, 'snn')],
    /^--model snn-mnist is a spiking network: .*train-snn/,
  ],
  // Break-it pass: a target drop of 0 ran (the page refuses it); the SNN path had no bound.
  [
    'characterize',
    [...CHAR, '--target-drop', '0'],
    /^--target-drop must be in \[0\.001, 0\.5\], got 0$/,
  ],
  ['characterize', [...CHAR, '--target-drop', '0.9'], /^--target-drop must be in \[0\.001, 0\.5\]/],
  [
    'characterize',
    ['--model', 'snn-mnist-fat', '--target-drop', '-1'],
    /^--target-drop must be in \[0\.001, 0\.5\], got -1$/,
  ],
  // Break-it pass: a repeated BER was measured twice; a list item must be given once.
  ['sweep', [...SWEEP, '--ber', '1e-3,1e-3'], /^--ber lists 1e-3 twice; give each value once$/],
  ['sweep', [...SWEEP, '--ber', '0,1e-3,0.001'], /^--ber lists 0\.001 twice/],
  ['sweep', [...SWEEP, '--ber', '0,,1e-3'], /^--ber has an empty item in "0,,1e-3"$/],
  [
    'sweep',
    ['--model', 'snn-mnist', ...SWEEP.slice(2), '--ber', '1e-2,1e-2'],
    /^--ber lists 1e-2 twice/,
  ],
  ['map', [...CHAR, '--platforms', 'cpu,gpu,cpu'], /^--platforms lists cpu twice/],
  // A capacity the data cannot fit ran the whole fine characterization first.
  [
    'map',
    [...CHAR, '--capacity', '10'],
    /^--capacity 10: mapping: 71232 bytes do not fit 4 partitions of 10 bytes$/,
  ],
  [
    'map',
    [...CHAR, '--capacity', '40000', '--partitions', '2'],
    /^--capacity 40000: .*"fc1\/weights" \(48128 bytes with alignment\) does not fit/,
  ],
];

describe('CLI parameters are bounded and checked before work (issue #13 item 9)', () => {
  it.each(CASES)('%s %j', async (command, argv, expected) => {
    expect(await refusal(command, argv)).toMatch(expected);
  });

  it('boost --out naming an existing file is refused before training', async () => {
    const file = join(tmp, 'taken');
    writeFileSync(file, 'x');
    expect(await refusal('boost', ['--model', 'lenet5-mnist', '--out', file])).toBe(
      `--out ${file} is an existing file; name a directory (new or existing)`,
    );
  });

  it('a corrupt entry.json or model.json in --model-dir is one line naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eden-dir-'));
    for (const f of ['model.json', 'weights.bin'])
      copyFileSync(join('public/models/lenet5-mnist', f), join(dir, f));
    writeFileSync(join(dir, 'entry.json'), '{"id": "x",\n oops');
    expect(await refusal('characterize', ['--model-dir', dir, '--backend', 'cpu'])).toMatch(
      new RegExp(`^${join(dir, 'entry.json')} is not valid JSON: `),
    );
    writeFileSync(join(dir, 'model.json'), '');
    expect(await refusal('characterize', ['--model-dir', dir, '--backend', 'cpu'])).toMatch(
      new RegExp(`^${join(dir, 'model.json')}: `),
    );
  });
});

function eden(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args],
      { timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('exit codes of the issue examples', () => {
  it('sweep --trials 1e9 and boost --lr -1 exit 2 with one line; zoo --help exits 0', async () => {
    const [trials, lr, help] = await Promise.all([
      eden(['sweep', ...SWEEP, '--trials', '1e9']),
      eden(['boost', ...BOOST, '--lr', '-1']),
      eden(['zoo', '--help']),
    ]);
    for (const r of [trials, lr]) {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: eden zoo/);
  });
});

// Break-it pass: `characterize --target-drop 0` ran while the page's field and link refuse it.
describe('the page and the CLI take the same target drops (core TARGET_DROP)', () => {
  it.each([-0.01, 0, 0.0005, 0.001, 0.01, 0.3, 0.5, 0.51, 0.99, 1])('drop %s', (drop) => {
    const cli = (() => {
      try {
        return pipelineArgs({ model: 'lenet5-mnist', 'target-drop': String(drop) }).targetDrop;
      } catch (e) {
        expect(e).toBeInstanceOf(CliError);
        return null;
      }
    })();
    const page = parseUrl(`?drop=${drop}`);
    const pageTakes = page.messages.length === 0;
    expect(cli !== null, 'CLI and link agree').toBe(pageTakes);
    expect(pageTakes).toBe(drop >= TARGET_DROP.min && drop <= TARGET_DROP.max);
    if (!pageTakes) expect(page.messages[0]).toMatch(new RegExp(`^Link value drop="${drop}"`));
  });
});
