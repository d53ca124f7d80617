/** `eden zoo [--json]`: the model zoo with accuracy per storage format (from zoo.json). */
import { FORMATS } from '../core/types';
import { readZoo } from '../engine/nodeZoo';
import { CliError, parseOptions, printJson } from './args';

const USAGE =
  'usage: eden zoo [--json]   (the model zoo: id, family, dataset, params, clean accuracy per format)';

export async function run(argv: string[]): Promise<number> {
  const opts = parseOptions(argv, {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (opts.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  let zoo;
  try {
    zoo = readZoo();
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const rows = zoo.models.map((m) => ({
    id: m.id,
    name: m.name,
    family: m.family,
    dataset: m.dataset,
    params: m.params,
    accuracy: m.accuracy,
  }));
  if (opts.json) {
    printJson({ models: rows });
    return 0;
  }
  const pct = (a: number) => `${(100 * a).toFixed(2)}`.padStart(7);
  const header = `${'id'.padEnd(22)}${'family'.padEnd(13)}${'dataset'.padEnd(15)}${'params'.padStart(8)}  ${FORMATS.map((f) => f.padStart(7)).join('')}`;
  const lines = rows.map(
    (r) =>
      `${r.id.padEnd(22)}${r.family.padEnd(13)}${r.dataset.padEnd(15)}${String(r.params).padStart(8)}  ${FORMATS.map((f) => pct(r.accuracy[f])).join('')}`,
  );
  process.stdout.write(
    `${header}\n${lines.join('\n')}\n(clean test accuracy in %, full 10k test set, per storage format)\n`,
  );
  return 0;
}
