/**
 * `npm run bench:gpu` (issue 17 item 4): the GPU injection path on tfjs's `webgpu` backend,
 * where every read's flips are drawn and applied on the device (src/engine/gpuReads.ts).
 *
 *   npm run bench:gpu -- [--samples N] [--estimate-samples M] [--steps S] [--bers a,b,…]
 *                        [--only node,browser,cpu] [--no-write]
 *
 * 1. node: headless, no browser — tfjs-backend-webgpu in Node on Dawn (the `webgpu` package;
 *    src/engine/nodeWebGpu.ts), in a child process (on a machine without a Vulkan driver it
 *    gets Chromium's SwiftShader through LD_LIBRARY_PATH / VK_ICD_FILENAMES):
 *    - the LeNet-5 int8 all-data sweep: error model 0, the 12 default BERs × 5 trials × N images;
 *    - slider first estimate: an engine whose clean pass is done gets one operating point after
 *      another (S steps, BERs 1e-4 … 1e-2) on M images × 3 trials, the page's first phase; time
 *      from the request to the estimate, in the engine (no page, no worker messages).
 * 2. browser: the same sweep in headless Chromium's worker on WebGPU (docs/design.md §5 flags; the
 *    engine test page, test/e2e/engine.html).
 * 3. cpu: the same sweep (same seeds and images) on wasm in Node through the CPU path, and per
 *    BER whether the GPU path's accuracy agrees with it within trial noise (|Δ| ≤ the root sum
 *    of squares of both 95 % half-widths).
 * Defaults: N = M = 5 on a software adapter, N = 10,000 and M = 100 on a hardware one. On
 * SwiftShader on a loaded 2-core machine (load ≈ 20) one image took ~0.8 s in Node and ~0.17 s
 * in Chromium, and N = M = 10 took 11 minutes in all; the defaults keep it near 6. Results
 * go to the "## GPU" section of bench/RESULTS.md (unless --no-write).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SWEEP_BERS } from '../src/core/stats';
import type { RunConfig, SweepResult } from '../src/contract/api';
import { buildEnginePage, dist, launcher, repoRoot, serve } from '../test/e2e/harness';
import { runEnginePage, type EnginePageResult } from '../test/e2e/enginePageRun';

const MODEL = 'lenet5-mnist';
const TRIALS = 5;
const STEP_BERS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2];

const { values } = parseArgs({
  options: {
    child: { type: 'boolean', default: false },
    samples: { type: 'string' },
    'estimate-samples': { type: 'string' },
    steps: { type: 'string', default: '3' },
    only: { type: 'string', default: 'node,browser,cpu' },
    bers: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});

/** Bad options: one line naming the option, exit code 2, before any work. */
function checkOptions(): void {
  const bad = (m: string) => {
    process.stderr.write(`bench:gpu: ${m}\n`);
    process.exit(2);
  };
  for (const k of ['samples', 'estimate-samples', 'steps'] as const) {
    const v = values[k];
    if (v !== undefined && !(Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 10_000))
      bad(`--${k} must be an integer in [1, 10000], got "${v}"`);
  }
  if (
    values.bers !== undefined &&
    !values.bers.split(',').every((b) => b !== '' && Number(b) >= 0 && Number(b) <= 1)
  )
    bad(`--bers must be a comma-separated list of BERs in [0, 1], got "${values.bers}"`);
  for (const w of values.only.split(','))
    if (!['node', 'browser', 'cpu'].includes(w))
      bad(`--only takes node, browser and cpu, got "${w}"`);
}
checkOptions();

/** The sweep's BERs: the app's default list, or `--bers a,b,…`. */
const BERS: readonly number[] = values.bers
  ? values.bers.split(',').map(Number)
  : DEFAULT_SWEEP_BERS;

const config = (samples: number, trials = TRIALS): RunConfig => ({
  modelId: MODEL,
  format: 'int8',
  errorModel: { id: 0 },
  correction: 'none',
  samples,
  trials,
  moduleSeed: 1,
  trialSeed: 1,
  rowBytes: 8192,
});

interface NodeResult {
  adapter: { vendor: string; architecture: string; description: string };
  samples: number;
  estimateSamples: number;
  sweepS: number;
  result: SweepResult;
  stepMs: number[];
}

const software = (a: { architecture: string; description: string }) =>
  /swiftshader|llvmpipe|lavapipe|software/i.test(`${a.architecture} ${a.description}`);

/** The child process: tfjs webgpu in Node (Dawn). Prints one `RESULT {json}` line. */
async function child(): Promise<void> {
  const { initNodeWebGpu } = await import('../src/engine/nodeWebGpu');
  const { Evaluator } = await import('../src/engine/evaluate');
  const { testSetFor, zooEntry } = await import('../src/engine/nodeEngine');
  const { loadZooModel } = await import('../src/engine/nodeZooModel');
  const { storeModel } = await import('../src/engine/storedModel');
  const adapter = await initNodeWebGpu();
  const soft = software(adapter);
  const samples = Number(values.samples ?? (soft ? 5 : 10_000));
  const estimateSamples = Number(values['estimate-samples'] ?? (soft ? 5 : 100));
  const entry = zooEntry(MODEL);
  const model = await loadZooModel(entry);
  const sm = storeModel(model, entry, 'int8');
  const data = testSetFor(entry);
  const batchSize = Math.min(samples, 1000);
  let t0 = performance.now();
  const sweeper = new Evaluator(sm, data, config(samples), { batchSize, firstEstimateSamples: 0 });
  const result = await sweeper.sweep(BERS, 'all');
  const sweepS = (performance.now() - t0) / 1000;
  process.stderr.write(`node webgpu sweep: ${sweepS.toFixed(1)} s\n`);
  // Slider steps: the page's engine gives its first estimate on `estimateSamples` images × 3
  // trials; an engine of exactly that many samples stops there, so each step's time is the
  // first estimate's.
  const slider = new Evaluator(sm, data, config(estimateSamples, 3), {
    batchSize: Math.min(estimateSamples, 1000),
    firstEstimateSamples: 0,
  });
  await slider.evaluate({ mode: 'coarse', ber: 0, target: 'all' }); // clean pass, cached
  const stepMs: number[] = [];
  for (let i = 0; i < Number(values.steps); i++) {
    t0 = performance.now();
    await slider.evaluate({ mode: 'coarse', ber: STEP_BERS[i % STEP_BERS.length], target: 'all' });
    stepMs.push(performance.now() - t0);
  }
  const out: NodeResult = { adapter, samples, estimateSamples, sweepS, result, stepMs };
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
  process.exit(0);
}

/** Run the child with Dawn on SwiftShader when the machine has no Vulkan driver. */
async function inNode(): Promise<NodeResult> {
  const { swiftShaderEnv, systemVulkan } = await import('../src/engine/nodeWebGpu');
  const extra = systemVulkan() ? {} : (swiftShaderEnv() ?? {});
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--child'];
  for (const k of ['samples', 'estimate-samples', 'steps', 'bers'] as const)
    if (values[k] !== undefined) args.push(`--${k}`, String(values[k]));
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, {
      env: { ...process.env, ...extra },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line)
        reject(new Error(`node webgpu child exited with ${code}: ${stdout.slice(-400)}`));
      else resolve(JSON.parse(line.slice(7)) as NodeResult);
    });
  });
}

async function inBrowser(samples: number): Promise<EnginePageResult> {
  if (!existsSync(dist)) throw new Error('dist/ is missing: run `npx vite build` first');
  await buildEnginePage();
  const { server, baseUrl } = await serve();
  const browsers = launcher();
  try {
    const browser = await browsers.launch({ webgpu: true });
    try {
      const page = await browser.newPage();
      return await runEnginePage(
        page,
        baseUrl,
        {
          backend: 'webgpu',
          model: MODEL,
          format: 'int8',
          samples: String(samples),
          trials: String(TRIALS),
          bers: BERS.join(','),
          target: 'all',
        },
        600_000,
      );
    } finally {
      await browser.close();
    }
  } finally {
    server.close();
    browsers.cleanup();
  }
}

/** Points where two sweeps agree within trial noise (|Δ| ≤ √(h₁² + h₂²), h = 95 % half-width). */
function agreement(
  a: SweepResult,
  b: SweepResult,
): { agree: number; total: number; largest: string } {
  let agree = 0;
  let largest = { d: -1, text: '' };
  a.points.forEach((p, i) => {
    const q = b.points[i];
    const d = Math.abs(p.mean - q.mean);
    const bound = Math.hypot((p.hi - p.lo) / 2, (q.hi - q.lo) / 2);
    if (d <= bound + 1e-12) agree++;
    if (d > largest.d)
      largest = {
        d,
        text: `BER ${p.ber}: ${(100 * p.mean).toFixed(1)} vs ${(100 * q.mean).toFixed(1)} %, noise bound ${(100 * bound).toFixed(1)} points`,
      };
  });
  return { agree, total: a.points.length, largest: largest.text };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

async function main(): Promise<void> {
  const only = new Set(values.only.split(','));
  const started = performance.now();
  const load = loadavg()[0];
  const at = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const lines: string[] = [];
  let node: NodeResult | null = null;
  if (only.has('node')) {
    try {
      node = await inNode();
      const a = node.adapter;
      lines.push(
        `| node (Dawn, \`webgpu\` package) | ${a.architecture || a.vendor} (${a.description}) | ${node.samples} | ${node.sweepS.toFixed(1)} | ${(100 * node.result.baseline).toFixed(1)} / ${(100 * Math.min(...node.result.points.map((p) => p.mean))).toFixed(1)} | ${pct(node.stepMs, 50).toFixed(0)} / ${Math.max(...node.stepMs).toFixed(0)} (${node.stepMs.length} steps, ${node.estimateSamples} images × 3 trials) |`,
      );
    } catch (e) {
      lines.push(
        `| node (Dawn) | did not run: ${e instanceof Error ? e.message : String(e)} | | | | |`,
      );
    }
    process.stdout.write(`${lines[lines.length - 1]}\n`);
  }
  const samples = node?.samples ?? Number(values.samples ?? 5);
  let browserResult: SweepResult | null = null;
  if (only.has('browser')) {
    try {
      const b = await inBrowser(samples);
      browserResult = b.result;
      const a = b.info.adapter;
      lines.push(
        `| browser (Chromium worker) | ${a ? `${a.architecture || a.vendor}${a.isFallback ? ', fallback' : ''}` : b.info.active} | ${samples} | ${(b.ms / 1000).toFixed(1)} | ${(100 * b.result.baseline).toFixed(1)} / ${(100 * Math.min(...b.result.points.map((p) => p.mean))).toFixed(1)} | — |`,
      );
    } catch (e) {
      lines.push(
        `| browser | did not run: ${e instanceof Error ? e.message : String(e)} | | | | |`,
      );
    }
    process.stdout.write(`${lines[lines.length - 1]}\n`);
  }
  let agreeText = '';
  if (only.has('cpu')) {
    const { sweepInNode } = await import('../src/engine/nodeEngine');
    const t0 = performance.now();
    const { result, backend } = await sweepInNode({
      config: config(samples),
      bers: [...BERS],
      target: 'all',
      options: { batchSize: Math.min(samples, 2500), firstEstimateSamples: 0 },
    });
    lines.push(
      `| node, CPU path (${backend}) | — | ${samples} | ${((performance.now() - t0) / 1000).toFixed(1)} | ${(100 * result.baseline).toFixed(1)} / ${(100 * Math.min(...result.points.map((p) => p.mean))).toFixed(1)} | — |`,
    );
    process.stdout.write(`${lines[lines.length - 1]}\n`);
    for (const [name, r] of [
      ['node webgpu', node?.result],
      ['browser webgpu', browserResult],
    ] as const) {
      if (!r) continue;
      const g = agreement(r, result);
      agreeText += `${name} vs CPU path: ${g.agree}/${g.total} BER points agree within trial noise (largest difference at ${g.largest}). `;
    }
    if (agreeText) process.stdout.write(`${agreeText}\n`);
  }
  const total = (performance.now() - started) / 1000;
  const section =
    `## GPU\n\n` +
    `\`npm run bench:gpu\` (bench/gpu.ts): LeNet-5/MNIST int8, error model 0, errors in all data, ` +
    `${BERS.length} BERs × ${TRIALS} trials; activations and weights read through the fused WebGPU kernel ` +
    `(flips drawn on the device). Measured ${at} UTC, load average ${load.toFixed(1)} at the start, whole run ${total.toFixed(0)} s.\n\n` +
    `| where | adapter | images | sweep s | clean / lowest % | slider first estimate p50 / max ms |\n` +
    `|---|---|---|---|---|---|\n` +
    lines.join('\n') +
    `\n\n${agreeText}\n`;
  process.stdout.write(`\n${section}`);
  if (!values['no-write']) writeSection(section);
}

/** Replace (or append) the "## GPU" section of bench/RESULTS.md, keeping its "Notes" paragraph. */
function writeSection(section: string): void {
  const file = join(repoRoot, 'bench', 'RESULTS.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const start = old.indexOf('\n## GPU\n');
  if (start < 0) {
    writeFileSync(file, `${old.trimEnd()}\n\n${section}`);
    return;
  }
  const next = old.indexOf('\n## ', start + 1);
  const body = old.slice(start, next < 0 ? old.length : next);
  const notes = body.indexOf('\nNotes:');
  const kept = notes >= 0 ? body.slice(notes) : '';
  writeFileSync(file, old.slice(0, start + 1) + section + kept + (next < 0 ? '' : old.slice(next)));
}

(values.child ? child() : main()).catch((e: unknown) => {
  process.stderr.write(`bench:gpu: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
