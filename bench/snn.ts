/**
 * `npm run bench:snn`: speed of the SNN simulation (snn-mnist, 784-256-10, T = 32) in Node —
 * the tfjs simulator (src/engine/snn/simulate.ts) on wasm and cpu, and the plain-TypeScript
 * event-driven reference (src/core/snn/lif.ts) — in ms per 1,000 test images, plus the
 * cost of one weight read through approximate DRAM (int8, BER 1e-2). Results: bench/RESULTS.md.
 */
import * as tf from '@tensorflow/tfjs-core';
import { simulateReference } from '../src/core/snn/lif';
import { readKernels } from '../src/core/snn/dram-read';
import { initNodeBackend } from '../src/engine/tfNode';
import { floatDataset } from '../src/engine/snn/data-node';
import { loadSnnById } from '../src/engine/snn/load-node';
import { evaluateSnn } from '../src/engine/snn/simulate';

const m = await loadSnnById('snn-mnist');
const test = floatDataset('mnist', 'test');
const rows: string[] = [];
const time = async (f: () => unknown | Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};

for (const backend of ['wasm', 'cpu'] as const) {
  const got = await initNodeBackend(backend);
  if (got !== backend) continue;
  const n = backend === 'wasm' ? 2000 : 500;
  await evaluateSnn(m.spec, m.kernels, test.images, test.labels, 100); // warm-up
  let acc = 0;
  const ms = await time(
    async () =>
      (acc = (await evaluateSnn(m.spec, m.kernels, test.images, test.labels, n)).accuracy),
  );
  rows.push(
    `| tfjs ${backend} (batch 1000) | ${n} | ${((ms / n) * 1000).toFixed(0)} | ${(100 * acc).toFixed(2)} % |`,
  );
}
{
  const n = 200;
  const ms = await time(() =>
    simulateReference(
      m.spec,
      m.kernels,
      test.images,
      Array.from({ length: n }, (_, i) => i),
    ),
  );
  rows.push(`| TypeScript reference (event-driven) | ${n} | ${((ms / n) * 1000).toFixed(0)} | — |`);
}
const reads = 20;
const readMs =
  (await time(() => {
    for (let k = 0; k < reads; k++)
      readKernels(m.spec.layers, m.kernels, {
        format: 'int8',
        errorModel: { id: 0 },
        ber: 1e-2,
        moduleSeed: 1,
        trialSeed: k,
        rowBytes: 8192,
      });
  })) / reads;
process.stdout.write(
  `| simulator | images | ms per 1,000 images | accuracy |\n|---|---|---|---|\n${rows.join('\n')}\n\n` +
    `weight read through approximate DRAM (int8, 203,264 weights, BER 1e-2, model 0): ${readMs.toFixed(1)} ms per trial\n` +
    `tf.memory().numTensors after the runs: ${tf.memory().numTensors}\n`,
);
