/**
 * `npm run --silent eden -- <command> [options]`: the headless runner over core + engine.
 * The same functions the worker calls; human output by default, one JSON document with --json.
 * Each command lives in src/cli/<command>.ts and exports `run(argv): Promise<number>`.
 */
import { CliError } from './cli/args';

const commands: Record<
  string,
  { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> }
> = {
  zoo: { summary: 'list the model zoo with accuracy per format', load: () => import('./cli/zoo') },
  eval: {
    summary: 'clean accuracy of a zoo model in a storage format',
    load: () => import('./cli/eval'),
  },
  inject: {
    summary: 'inject bit errors into a seeded random payload',
    load: () => import('./cli/inject'),
  },
  dram: { summary: 'VDD/tRCD knobs to BER, energy and speedup', load: () => import('./cli/dram') },
  sweep: {
    summary: 'accuracy vs BER for a model, format and error model',
    load: () => import('./cli/sweep'),
  },
  boost: {
    summary: 'retrain with bit errors to raise error tolerance',
    load: () => import('./cli/boost'),
  },
  characterize: {
    summary: 'tolerable BER, coarse or per data type',
    load: () => import('./cli/characterize'),
  },
  map: {
    summary: 'map data types onto DRAM partitions and validate',
    load: () => import('./cli/map'),
  },
  why: {
    summary: 'what the flipped bits did: bits, trials, changed, layers, histogram',
    load: () => import('./cli/why'),
  },
  snn: {
    summary: 'spiking networks (SparkXD): sweep, characterize, map --policy',
    load: () => import('./cli/snn'),
  },
};

function usage(): string {
  const rows = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(14)}${c.summary}`);
  return `usage: npm run --silent eden -- <command> [options]\n\ncommands:\n${rows.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new CliError(`unknown command "${name}" (try --help)`);
  const mod = await command.load();
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`eden: ${msg}\n`);
    if (!(e instanceof CliError) && process.env.EDEN_DEBUG) console.error(e);
    process.exit(e instanceof CliError ? 2 : 1);
  },
);
