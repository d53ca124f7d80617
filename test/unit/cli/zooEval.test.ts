/** CLI `zoo` / `eval`: error paths exit non-zero with one line; a real eval agrees with zoo.json. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function eden(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const oneLine = (r: Ran) =>
  r.stderr
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('npm warn'));

describe('eden zoo / eval', () => {
  it('reject unknown ids, bad numbers and a missing registry with one line', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'eden-empty-'));
    const [unknown, badSamples, badFormat, missing] = await Promise.all([
      eden(['eval', '--model', 'no-such-model']),
      eden(['eval', '--model', 'lenet5-mnist', '--samples', '12x']),
      eden(['eval', '--model', 'lenet5-mnist', '--format', 'int3']),
      eden(['zoo'], { EDEN_PUBLIC_DIR: empty }),
    ]);
    for (const r of [unknown, badSamples, badFormat, missing]) {
      expect(r.code).not.toBe(0);
      expect(oneLine(r)).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    expect(oneLine(unknown)[0]).toMatch(/unknown model "no-such-model"/);
    expect(oneLine(badSamples)[0]).toMatch(/--samples must be a number/);
    expect(oneLine(badFormat)[0]).toMatch(/--format must be one of fp32, int16, int8, int4/);
    expect(oneLine(missing)[0]).toMatch(/zoo\.json is missing/);
  });

  it('zoo --json lists the models; eval --json evaluates one', async () => {
    const [zoo, ev] = await Promise.all([
      eden(['zoo', '--json']),
      eden(['eval', '--model', 'lenet5-mnist', '--format', 'int8', '--samples', '1000', '--json']),
    ]);
    expect(zoo.code).toBe(0);
    const models = (JSON.parse(zoo.stdout) as { models: { id: string; dataset: string }[] }).models;
    expect(models.map((m) => m.id)).toContain('lenet5-mnist');
    expect(ev.code).toBe(0);
    const r = JSON.parse(ev.stdout) as {
      samples: number;
      correct: number;
      accuracy: number;
      format: string;
    };
    expect(r).toMatchObject({ samples: 1000, format: 'int8' });
    expect(r.correct / 1000).toBe(r.accuracy);
    expect(r.accuracy).toBeGreaterThan(0.97);
  });
});
