/**
 * Coarse vs fine DRAM energy saving for every zoo model (bench/RESULTS.md, "Coarse vs fine map
 * per zoo model"): `eden map --format int8 --error-model 0 --target-drop 0.01 --partitions 4`
 * on the CPU and GPU platforms, each model in its own CLI process, one after the other.
 *
 *   npx tsx bench/map-zoo.ts [--samples 500] [--trials 2] [model ...]   (run it with nice)
 *
 * Writes bench/results/eden/zoo-<model>-int8.json (the CLI's --json) and prints a Markdown table.
 * SNN models are skipped (their map is SparkXD's placement: `eden map --policy both`).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parseZoo } from '../src/core/models/zoo';

const run = promisify(execFile);
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const samples = opt('samples', '500');
const trials = opt('trials', '2');
const zoo = parseZoo(JSON.parse(readFileSync('public/models/zoo.json', 'utf8')));
const models = args.length ? args : zoo.models.filter((m) => m.family !== 'snn').map((m) => m.id);
const out = 'bench/results/eden';
mkdirSync(out, { recursive: true });

interface MapJson {
  cleanAccuracy: number;
  targetAccuracy: number;
  coarse: { tolerableBer: number };
  maps: { fine: { partitions: { vddDelta: number; placed: unknown[] }[] } };
  validation: Record<'coarse' | 'fine', { estimate: { mean: number }; meetsTarget: boolean }>;
  energy: Record<'cpu' | 'gpu', { coarse: { saving: number }; fine: { saving: number } }>;
  seconds: number;
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const rows: string[] = [
  '| model | clean / target | coarse tolerable BER | fine ΔVDD per used partition (ddr3-eden) | validation coarse / fine | CPU coarse → fine | GPU coarse → fine | s |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
];
for (const model of models) {
  const file = `${out}/zoo-${model}-int8.json`;
  let r: MapJson;
  try {
    const { stdout } = await run(
      'npx',
      [
        'tsx',
        'src/cli.ts',
        'map',
        '--model',
        model,
        '--format',
        'int8',
        '--error-model',
        '0',
      ].concat(
        ['--target-drop', '0.01', '--partitions', '4', '--samples', samples, '--trials', trials],
        ['--platforms', 'cpu,gpu', '--json'],
      ),
      { maxBuffer: 64 << 20 },
    );
    writeFileSync(file, stdout);
    r = JSON.parse(stdout) as MapJson;
  } catch (e) {
    const msg = (e as { stderr?: string }).stderr?.trim().split('\n').pop() ?? String(e);
    rows.push(`| ${model} | failed: ${msg} | | | | | | |`);
    process.stderr.write(`${model}: ${msg}\n`);
    continue;
  }
  const used = r.maps.fine.partitions.filter((p) => p.placed.length > 0);
  const v = r.validation;
  rows.push(
    `| ${model} | ${pct(r.cleanAccuracy)} / ${pct(r.targetAccuracy)} | ${r.coarse.tolerableBer.toExponential(1)} | ` +
      `${used.map((p) => p.vddDelta.toFixed(2)).join(', ')} V | ` +
      `${pct(v.coarse.estimate.mean)} ${v.coarse.meetsTarget ? '✓' : '✗'} / ${pct(v.fine.estimate.mean)} ${v.fine.meetsTarget ? '✓' : '✗'} | ` +
      `${pct(r.energy.cpu.coarse.saving)} → ${pct(r.energy.cpu.fine.saving)} | ` +
      `${pct(r.energy.gpu.coarse.saving)} → ${pct(r.energy.gpu.fine.saving)} | ${r.seconds.toFixed(0)} |`,
  );
  process.stderr.write(`${model}: done in ${r.seconds.toFixed(0)} s\n`);
}
process.stdout.write(rows.join('\n') + '\n');
