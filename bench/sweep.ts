/**
 * `npm run bench:sweep`: wall time of the 12-point × 5-trial accuracy-vs-BER sweep of
 * LeNet-5 stored in int8 (error model 0, the default BER list: 0 and 11 log-spaced BERs from
 * 1e-5 to 1e-1) per backend: cpu and wasm in Node, wasm / webgl / webgpu (SwiftShader) in
 * headless Chromium through the worker. Also the time to the first estimate (first point on
 * the first 1,000 samples) and to the first whole curve. Results are written to the
 * "## Sweep" section of bench/RESULTS.md.
 *
 * Slow backends run on fewer samples (the table says how many). `--only a,b` picks runs by
 * name (e.g. `--only browser-wasm-weights`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SWEEP_BERS } from '../src/core/stats';
import type { DataKind } from '../src/core/types';
import type { BackendInfo, SweepResult } from '../workers/api';
import { sweepInNode } from '../src/engine/nodeEngine';
import { buildEnginePage, dist, launcher, repoRoot, serve } from '../test/e2e/harness';

interface Run {
  name: string;
  where: 'node' | 'browser';
  backend: 'cpu' | 'wasm' | 'webgl' | 'webgpu';
  samples: number;
  target: DataKind | 'all';
}

const RUNS: Run[] = [
  {
    name: 'browser-wasm-weights',
    where: 'browser',
    backend: 'wasm',
    samples: 10_000,
    target: 'weights',
  },
  { name: 'browser-wasm-all', where: 'browser', backend: 'wasm', samples: 10_000, target: 'all' },
  { name: 'node-wasm-weights', where: 'node', backend: 'wasm', samples: 10_000, target: 'weights' },
  { name: 'node-wasm-all', where: 'node', backend: 'wasm', samples: 10_000, target: 'all' },
  { name: 'browser-webgpu-all', where: 'browser', backend: 'webgpu', samples: 30, target: 'all' },
  { name: 'browser-webgl-all', where: 'browser', backend: 'webgl', samples: 1_000, target: 'all' },
  { name: 'node-cpu-all', where: 'node', backend: 'cpu', samples: 1_000, target: 'all' },
];

const TRIALS = 5;
const MODEL = 'lenet5-mnist';

interface Measured {
  run: Run;
  totalS: number;
  firstS: number;
  curveS: number;
  clean: number;
  worst: number;
  load: number;
  note: string;
}

const config = (samples: number) => ({
  modelId: MODEL,
  format: 'int8' as const,
  errorModel: { id: 0 as const },
  correction: 'none' as const,
  samples,
  trials: TRIALS,
  moduleSeed: 1,
  trialSeed: 1,
  rowBytes: 8192,
});

async function inNode(run: Run): Promise<Measured> {
  const load = loadavg()[0];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let firstS = NaN;
  let curveS = NaN;
  const bers = [...DEFAULT_SWEEP_BERS];
  const { result, backend } = await sweepInNode({
    config: config(run.samples),
    bers,
    target: run.target,
    backend: run.backend as 'wasm' | 'cpu',
    options: { batchSize: 2500, firstEstimateSamples: 1000 },
    onPoint: (_p, done) => {
      if (done === 1) firstS = (performance.now() - t0) / 1000;
      if (done === bers.length) curveS = (performance.now() - t0) / 1000;
    },
  });
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const note = `tfjs ${backend} in Node (batch 2500), ${cpuS.toFixed(1)} s of CPU time`;
  return summary(run, result, (performance.now() - t0) / 1000, firstS, curveS, load, note);
}

function summary(
  run: Run,
  r: SweepResult,
  totalS: number,
  firstS: number,
  curveS: number,
  load: number,
  note: string,
): Measured {
  return {
    run,
    totalS,
    firstS,
    curveS,
    clean: r.baseline,
    worst: Math.min(...r.points.map((p) => p.mean)),
    load,
    note,
  };
}

async function inBrowser(runs: Run[]): Promise<Measured[]> {
  if (!existsSync(dist)) throw new Error('dist/ is missing: run `npx vite build` first');
  await buildEnginePage();
  const { server, baseUrl } = await serve();
  const browsers = launcher();
  const out: Measured[] = [];
  try {
    for (const run of runs) {
      const load = loadavg()[0];
      const browser = await browsers.launch({ webgpu: run.backend !== 'webgl' });
      try {
        const page = await browser.newPage();
        const q = new URLSearchParams({
          backend: run.backend,
          model: MODEL,
          format: 'int8',
          samples: String(run.samples),
          trials: String(TRIALS),
          bers: DEFAULT_SWEEP_BERS.join(','),
          target: run.target,
          root: '/',
        });
        await page.goto(`${baseUrl}e2e/test/e2e/engine.html?${q}`);
        await page.waitForFunction(
          () => {
            const w = window as unknown as { __engineResult?: unknown; __engineError?: string };
            return w.__engineResult !== undefined || w.__engineError !== undefined;
          },
          undefined,
          { timeout: 1_800_000, polling: 1000 },
        );
        const got = await page.evaluate(() => {
          const w = window as unknown as { __engineResult?: unknown; __engineError?: string };
          return { res: w.__engineResult, err: w.__engineError };
        });
        if (!got.res) throw new Error(`${run.name}: ${got.err}`);
        const res = got.res as {
          info: BackendInfo;
          result: SweepResult;
          ms: number;
          firstMs: number;
          curveMs: number;
        };
        const wasm = res.info.attempts.find((a) => a.backend === 'wasm')?.note;
        out.push(
          summary(
            run,
            res.result,
            res.ms / 1000,
            res.firstMs / 1000,
            res.curveMs / 1000,
            load,
            `worker, ${res.info.active}${run.backend === 'wasm' && wasm ? ` (${wasm})` : ''}`,
          ),
        );
        process.stdout.write(`${run.name}: ${(res.ms / 1000).toFixed(1)} s\n`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    server.close();
    browsers.cleanup();
  }
  return out;
}

function table(rows: Measured[]): string {
  const head =
    '| run | backend | samples | target | total s | first estimate s | first curve s | clean % | lowest % | load avg | notes |\n' +
    '|---|---|---|---|---|---|---|---|---|---|---|\n';
  return (
    head +
    rows
      .map(
        (m) =>
          `| ${m.run.name} | ${m.run.backend} | ${m.run.samples} | ${m.run.target} | ${m.totalS.toFixed(1)} | ${m.firstS.toFixed(1)} | ${m.curveS.toFixed(1)} | ${(100 * m.clean).toFixed(2)} | ${(100 * m.worst).toFixed(2)} | ${m.load.toFixed(1)} | ${m.note} |`,
      )
      .join('\n') +
    '\n'
  );
}

function writeResults(rows: Measured[]): void {
  const file = join(repoRoot, 'bench', 'RESULTS.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const section =
    `## Sweep\n\n` +
    `\`npm run bench:sweep\` (${new Date().toISOString().slice(0, 16)} UTC): LeNet-5 (${MODEL}) stored in int8, error model 0, ` +
    `${DEFAULT_SWEEP_BERS.length} BER points (0 and 11 log-spaced 1e-5…1e-1) × ${TRIALS} trials, first estimate on 1,000 samples. ` +
    `Wall times on this project's 2-core machine, shared with other jobs (the 1-minute load average at the start of each run is listed: ` +
    `above 2 the run had less than the whole CPU). PyTorch does the same sweep here in about 63 s.\n\n` +
    table(rows);
  const start = old.indexOf('## Sweep');
  let next = start >= 0 ? old.indexOf('\n## ', start + 1) : -1;
  if (next < 0) next = old.length;
  const merged =
    start >= 0
      ? old.slice(0, start) + section + old.slice(next + (next < old.length ? 1 : 0))
      : old.trimEnd() + '\n\n' + section;
  writeFileSync(file, merged);
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--only');
  const only = i >= 0 ? process.argv[i + 1].split(',') : null;
  const runs = RUNS.filter((r) => !only || only.includes(r.name));
  const rows: Measured[] = [];
  // One run at a time, in the listed order; RESULTS.md is rewritten after each.
  for (const run of runs) {
    rows.push(...(run.where === 'node' ? [await inNode(run)] : await inBrowser([run])));
    process.stdout.write(`${run.name}: ${rows[rows.length - 1].totalS.toFixed(1)} s\n`);
    writeResults(rows);
  }
  process.stdout.write(table(rows));
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:sweep: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
