/**
 * Re-evaluates every zoo model in every format from its saved weights (the same function as
 * `eden eval`) and compares with public/models/zoo.json. Exits 1 when any accuracy differs by
 * more than 0.2 percentage points, or when a model misses its floor (LeNet-5/MNIST ≥ 98.5 %;
 * every model well above the 10 % trivial baseline of the balanced 10-class test sets).
 *
 * Usage: tsx scripts/check-zoo.ts [--only <id>[,<id>…]]
 */
import { parseArgs } from 'node:util';
import { FORMATS } from '../src/core/types';
import { loadDatasetFile } from '../src/engine/nodeData';
import { readZoo } from '../src/engine/nodeZoo';
import { loadZooModel } from '../src/engine/nodeZooModel';
import { evaluateClean } from '../src/engine/quantizedModel';
import { initNodeBackend } from '../src/engine/tfNode';

const TOLERANCE = 0.002;
const FLOORS: Record<string, number> = { 'lenet5-mnist': 0.985 };
const TRIVIAL_BASELINE = 0.1;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = values.only?.split(',');
  await initNodeBackend('wasm');
  let bad = 0;
  // Spiking networks (family snn) are run by src/engine/snn, not by runLayered.
  const entries = readZoo().models.filter(
    (m) => m.family !== 'snn' && (!only || only.includes(m.id)),
  );
  for (const entry of entries) {
    const model = await loadZooModel(entry);
    const test = loadDatasetFile(entry.dataset, 'test');
    const cells: string[] = [];
    let fp32Seconds = 0;
    for (const f of FORMATS) {
      const t0 = performance.now();
      const a = (await evaluateClean(model, entry, f, test)).accuracy;
      if (f === 'fp32') fp32Seconds = (performance.now() - t0) / 1000;
      const diff = Math.abs(a - entry.accuracy[f]);
      if (diff > TOLERANCE) bad++;
      cells.push(
        `${f} ${(100 * a).toFixed(2)}${diff > TOLERANCE ? ` (zoo.json ${(100 * entry.accuracy[f]).toFixed(2)}!)` : ''}`,
      );
    }
    const floor = FLOORS[entry.id] ?? TRIVIAL_BASELINE + 0.5;
    if (entry.accuracy.fp32 < floor) {
      bad++;
      cells.push(`below its floor ${(100 * floor).toFixed(1)} %`);
    }
    model.dispose();
    cells.push(`(fp32 pass over ${test.count} images: ${fp32Seconds.toFixed(1)} s)`);
    console.log(`${entry.id.padEnd(22)} ${cells.join('  ')}`);
  }
  console.log(
    bad ? `check-zoo: ${bad} problem(s)` : 'check-zoo: zoo.json matches a fresh evaluation',
  );
  return bad ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`check-zoo: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
