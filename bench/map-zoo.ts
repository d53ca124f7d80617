/**
 * Coarse vs fine DRAM energy saving for every zoo model (bench/RESULTS.md, "Coarse vs fine map
 * per zoo model"): `eden map --format int8 --error-model 0 --target-drop 0.01 --partitions 4`
 * on the CPU and GPU platforms, each model in its own CLI process, one after the other.
 *
 *   npx tsx bench/map-zoo.ts [--samples 500] [--trials 2] [--table] [model ...]   (run it with nice)
 *
 * Writes bench/results/eden/zoo-<model>-int8.json (the CLI's --json) and prints a Markdown
 * table of every saved map priced on all four platforms (each with its own module profile, as
 * in EDEN's evaluation); `--table` only prints the table from the saved files.
 * SNN models are skipped (their map is SparkXD's placement: `eden map --policy both`).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parseProfile, PLATFORM_IDS, PLATFORMS, type DramProfile } from '../src/core/dram';
import { mapEnergy } from '../src/core/eden/energy';
import type { PartitionMap } from '../src/core/eden/map';
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
const tableOnly = args.includes('--table');
if (tableOnly) args.splice(args.indexOf('--table'), 1);
const zoo = parseZoo(JSON.parse(readFileSync('public/models/zoo.json', 'utf8')));
const models = args.length ? args : zoo.models.filter((m) => m.family !== 'snn').map((m) => m.id);
const out = 'bench/results/eden';
mkdirSync(out, { recursive: true });

interface MapJson {
  cleanAccuracy: number;
  targetAccuracy: number;
  coarse: { tolerableBer: number };
  maps: { coarse: PartitionMap; fine: PartitionMap };
  validation: Record<'coarse' | 'fine', { estimate: { mean: number }; meetsTarget: boolean }>;
  seconds: number;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const profiles = new Map<string, DramProfile>();
const profileOf = (id: string) => {
  if (!profiles.has(id))
    profiles.set(id, parseProfile(JSON.parse(readFileSync(`public/profiles/${id}.json`, 'utf8'))));
  return profiles.get(id)!;
};
for (const model of models) {
  if (tableOnly) break;
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
    writeFileSync(`${out}/zoo-${model}-int8.json`, stdout);
    process.stderr.write(
      `${model}: done in ${(JSON.parse(stdout) as MapJson).seconds.toFixed(0)} s\n`,
    );
  } catch (e) {
    const msg = (e as { stderr?: string }).stderr?.trim().split('\n').pop() ?? String(e);
    process.stderr.write(`${model}: failed: ${msg}\n`);
  }
}

// The table: every saved map priced on each platform with its own module profile (EDEN's systems).
const rows: string[] = [
  `| model | coarse tolerable BER | validation coarse / fine (target) | ${PLATFORM_IDS.map((p) => `${p} coarse → fine`).join(' | ')} |`,
  `| --- | --- | --- | ${PLATFORM_IDS.map(() => '---').join(' | ')} |`,
];
const sums: Record<string, { coarse: number; fine: number; n: number }> = {};
for (const model of models) {
  const file = `${out}/zoo-${model}-int8.json`;
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8')) as MapJson;
  const entry = zoo.models.find((m) => m.id === model)!;
  const v = r.validation;
  const cells = PLATFORM_IDS.map((id) => {
    const platform = PLATFORMS[id];
    const profile = profileOf(platform.profileId);
    const c = mapEnergy(r.maps.coarse, entry.dataTypes, 'int8', platform, profile).saving;
    const f = mapEnergy(r.maps.fine, entry.dataTypes, 'int8', platform, profile).saving;
    const s = (sums[id] ??= { coarse: 0, fine: 0, n: 0 });
    s.coarse += c;
    s.fine += f;
    s.n++;
    return `${pct(c)} → ${pct(f)}`;
  });
  rows.push(
    `| ${model} | ${r.coarse.tolerableBer.toExponential(1)} | ` +
      `${pct(v.coarse.estimate.mean)} ${v.coarse.meetsTarget ? '✓' : '✗'} / ${pct(v.fine.estimate.mean)} ${v.fine.meetsTarget ? '✓' : '✗'} (${pct(r.targetAccuracy)}) | ` +
      `${cells.join(' | ')} |`,
  );
}
rows.push(
  `| **mean** | | | ${PLATFORM_IDS.map((id) => (sums[id] ? `**${pct(sums[id].coarse / sums[id].n)} → ${pct(sums[id].fine / sums[id].n)}**` : '')).join(' | ')} |`,
);
process.stdout.write(rows.join('\n') + '\n');
