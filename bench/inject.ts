/**
 * `npm run bench:inject`: throughput of the skip sampler vs the naive per-bit sampler
 * (MB/s of payload), medians of several runs, plus the issue #3 acceptance checks.
 * Payload: seeded uniformly random bytes (as many ones as zeros). Results are printed as
 * markdown (pasted into bench/RESULTS.md) and written to bench/results/inject.json.
 * Options: --mb <n> (default 64), --runs <n> (default 5), --naive-runs <n> (default 3).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { injectErrors, type InjectOptions } from '../src/core/errors';
import { rngFor } from '../src/core/rng';
import type { ErrorModelId, ErrorModelSpec } from '../src/core/types';

const { values } = parseArgs({
  options: { mb: { type: 'string' }, runs: { type: 'string' }, 'naive-runs': { type: 'string' } },
});
const MB = Number(values.mb ?? 64);
const RUNS = Number(values.runs ?? 5);
const NAIVE_RUNS = Number(values['naive-runs'] ?? 3);

function payload(bytes: number): Uint8Array {
  const rng = rngFor(1, 'bench-payload');
  const words = new Uint32Array(Math.ceil(bytes / 4));
  for (let i = 0; i < words.length; i++) words[i] = rng.nextU32();
  return new Uint8Array(words.buffer, 0, bytes);
}

function options(
  spec: ErrorModelSpec,
  ber: number,
  sampler: 'skip' | 'naive',
  trialSeed: number,
): InjectOptions {
  return {
    errorModel: spec,
    ber,
    moduleSeed: 1,
    trialSeed,
    stream: 'bench',
    placement: { baseAddress: 0, rowBytes: 8192 },
    sampler,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median ms of `runs` injections (after one warm-up) and the flips of the last one. */
function time(
  data: Uint8Array,
  spec: ErrorModelSpec,
  ber: number,
  sampler: 'skip' | 'naive',
  runs: number,
) {
  injectErrors(data.subarray(0, 1 << 20), options(spec, ber, sampler, 0)); // warm-up (JIT)
  const ms: number[] = [];
  let flips = 0;
  for (let r = 1; r <= runs; r++) {
    const t0 = performance.now();
    flips = injectErrors(data, options(spec, ber, sampler, r)).flips;
    ms.push(performance.now() - t0);
  }
  return { ms: median(ms), flips };
}

const spec = (id: ErrorModelId, persistent = false): ErrorModelSpec => ({
  id,
  weakFraction: 0.1,
  oneToZeroShare: 0.8,
  persistent,
});
const rows: Record<string, unknown>[] = [];
const lines: string[] = [];
const data = payload(MB * 1e6);
lines.push(
  `Payload ${MB} MB (${MB}·10^6 bytes), rows of 8192 bytes, weak fraction 0.1 (models 1/2), 1→0 share 0.8 (model 3).`,
);
lines.push(`Medians of ${RUNS} runs (skip) / ${NAIVE_RUNS} runs (naive), after one warm-up.`, '');
lines.push(
  '| model | BER | skip ms | skip MB/s | naive ms | naive MB/s | speedup | flips (skip) |',
  '|---|---|---|---|---|---|---|---|',
);
const cases: [ErrorModelId, boolean, number][] = [
  [0, false, 1e-6],
  [0, false, 1e-4],
  [0, false, 1e-2],
  [1, false, 1e-2],
  [2, false, 1e-2],
  [3, false, 1e-2],
  [0, true, 1e-2],
];
for (const [id, persistent, ber] of cases) {
  const skip = time(data, spec(id, persistent), ber, 'skip', RUNS);
  const naive = time(data, spec(id, persistent), ber, 'naive', NAIVE_RUNS);
  const row = {
    model: id,
    persistent,
    ber,
    skipMs: skip.ms,
    naiveMs: naive.ms,
    skipMBps: MB / (skip.ms / 1000),
    naiveMBps: MB / (naive.ms / 1000),
    speedup: naive.ms / skip.ms,
    flips: skip.flips,
  };
  rows.push(row);
  lines.push(
    `| ${id}${persistent ? ' persistent' : ''} | ${ber} | ${skip.ms.toFixed(1)} | ${row.skipMBps.toFixed(0)} | ${naive.ms.toFixed(0)} | ${row.naiveMBps.toFixed(1)} | ${row.speedup.toFixed(1)}× | ${skip.flips} |`,
  );
  process.stderr.write(lines[lines.length - 1] + '\n');
}

// Acceptance 1: BER 1e-3 on 100 MB, skip vs naive in this process.
const big = payload(100e6);
const skip = time(big, spec(0), 1e-3, 'skip', RUNS);
const naive = time(big, spec(0), 1e-3, 'naive', NAIVE_RUNS);
lines.push(
  '',
  `Acceptance, model 0, BER 1e-3, 100 MB: skip ${skip.ms.toFixed(1)} ms, naive ${naive.ms.toFixed(0)} ms: **${(naive.ms / skip.ms).toFixed(1)}× faster** (needs ≥ 20×).`,
);

// Acceptance 2: measured BER at 1e-2 over 10 MB, every model.
const accuracy: Record<string, unknown>[] = [];
lines.push(
  '',
  'Acceptance, BER 1e-2 over 10 MB (skip): measured BER and relative error (needs < 2 %):',
  '',
  '| model | flips | measured BER | relative error |',
  '|---|---|---|---|',
);
for (const id of [0, 1, 2, 3] as ErrorModelId[]) {
  const s = injectErrors(payload(10e6), options(spec(id), 1e-2, 'skip', 1));
  const measured = s.flips / s.bits;
  accuracy.push({ model: id, flips: s.flips, measuredBer: measured, outsideWeak: s.outsideWeak });
  lines.push(
    `| ${id} | ${s.flips} | ${measured.toExponential(4)} | ${((measured / 1e-2 - 1) * 100).toFixed(3)} % |`,
  );
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`;
lines.unshift(`Machine: ${machine}.`, '');
process.stdout.write(lines.join('\n') + '\n');
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/inject.json',
  JSON.stringify(
    {
      machine,
      mb: MB,
      runs: RUNS,
      naiveRuns: NAIVE_RUNS,
      rows,
      acceptance: { skipMs: skip.ms, naiveMs: naive.ms, speedup: naive.ms / skip.ms, accuracy },
    },
    null,
    2,
  ),
);
