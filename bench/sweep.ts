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
import type { SweepResult } from '../src/contract/api';
import { sweepInNode } from '../src/engine/nodeEngine';
import { buildEnginePage, dist, launcher, repoRoot, serve } from '../test/e2e/harness';
import { runEnginePage } from '../test/e2e/enginePageRun';

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
  { name: 'browser-webgl-all', where: 'browser', backend: 'webgl', samples: 200, target: 'all' },
  { name: 'node-cpu-all', where: 'node', backend: 'cpu', samples: 200, target: 'all' },
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
  /** When it was measured (UTC, minutes). */
  at: string;
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
    at: new Date().toISOString().slice(0, 16).replace('T', ' '),
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
        const res = await runEnginePage(
          page,
          baseUrl,
          {
            backend: run.backend,
            model: MODEL,
            format: 'int8',
            samples: String(run.samples),
            trials: String(TRIALS),
            bers: DEFAULT_SWEEP_BERS.join(','),
            target: run.target,
          },
          1_800_000,
        ).catch((e: unknown) => {
          throw new Error(`${run.name}: ${e instanceof Error ? e.message : String(e)}`);
        });
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

const TABLE_HEAD =
  '| run | backend | samples | target | total s | first estimate s | first curve s | clean % | lowest % | load avg | measured (UTC) | notes |\n' +
  '|---|---|---|---|---|---|---|---|---|---|---|---|\n';

function row(m: Measured): string {
  return `| ${m.run.name} | ${m.run.backend} | ${m.run.samples} | ${m.run.target} | ${m.totalS.toFixed(1)} | ${m.firstS.toFixed(1)} | ${m.curveS.toFixed(1)} | ${(100 * m.clean).toFixed(2)} | ${(100 * m.worst).toFixed(2)} | ${m.load.toFixed(1)} | ${m.at} | ${m.note} |`;
}

/** The table of this invocation's rows, keeping earlier rows of runs not measured now (`--only`). */
function table(rows: Measured[], previous = ''): string {
  const now = new Set(rows.map((m) => m.run.name));
  const known = new Set(RUNS.map((r) => r.name));
  const kept = previous.split('\n').filter((line) => {
    const name = /^\|\s*([\w-]+)\s*\|/.exec(line)?.[1];
    return (
      name !== undefined &&
      known.has(name) &&
      !now.has(name) &&
      line.split('|').length === TABLE_HEAD.split('\n')[0].split('|').length
    );
  });
  const order = (line: string) => RUNS.findIndex((r) => line.startsWith(`| ${r.name} `));
  const lines = [...kept, ...rows.map(row)].sort((a, b) => order(a) - order(b));
  return TABLE_HEAD + lines.join('\n') + '\n';
}

/** Replace the table of the "## Sweep" section of RESULTS.md (the prose around it is kept). */
function writeResults(rows: Measured[]): void {
  const file = join(repoRoot, 'bench', 'RESULTS.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const start = old.indexOf('## Sweep');
  if (start < 0) {
    const intro =
      `\`npm run bench:sweep\`: LeNet-5 (${MODEL}) stored in int8, error model 0, ` +
      `${DEFAULT_SWEEP_BERS.length} BER points × ${TRIALS} trials, first estimate on 1,000 samples.`;
    writeFileSync(file, `${old.trimEnd()}\n\n## Sweep\n\n${intro}\n\n${table(rows)}`);
    return;
  }
  const tableStart = old.slice(start).search(/\n\| run +\|/) + start;
  const nextSection = old.indexOf('\n## ', start + 1);
  if (tableStart < start || (nextSection >= 0 && tableStart > nextSection))
    throw new Error('bench/RESULTS.md: the "## Sweep" section has no table to update');
  let tableEnd = tableStart + 1;
  while (tableEnd < old.length && old[tableEnd] === '|') tableEnd = old.indexOf('\n', tableEnd) + 1;
  const previous = old.slice(tableStart + 1, tableEnd);
  writeFileSync(file, old.slice(0, tableStart + 1) + table(rows, previous) + old.slice(tableEnd));
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
