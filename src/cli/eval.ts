/**
 * `eden eval --model <id> --format <fp32|int16|int8|int4> [--samples N] [--backend wasm|cpu] [--json]`:
 * clean (error-free) test accuracy of a zoo model stored in a format — the same function that
 * computes zoo.json's accuracies and the worker's clean point (src/engine/quantizedModel.ts).
 */
import { DATASETS } from '../core/data/catalog';
import { FORMATS } from '../core/types';
import { loadDatasetFile } from '../engine/nodeData';
import { findZooEntry, readZoo } from '../engine/nodeZoo';
import { CliError, int, oneOf, parseOptions, printJson } from './args';

export async function run(argv: string[]): Promise<number> {
  const opts = parseOptions(argv, {
    model: { type: 'string' },
    format: { type: 'string' },
    samples: { type: 'string' },
    backend: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (opts.help) {
    process.stdout.write(
      'usage: eden eval --model <id> [--format fp32|int16|int8|int4 (fp32)] [--samples N] [--backend wasm|cpu] [--json]\n',
    );
    return 0;
  }
  if (!opts.model) throw new CliError('--model is required (see `eden zoo` for ids)');
  const format = oneOf('format', opts.format, FORMATS, 'fp32');
  const backendReq = oneOf('backend', opts.backend, ['wasm', 'cpu'] as const, 'wasm');
  const samplesReq = int('samples', opts.samples, 10000, 1);
  let entry, test;
  try {
    entry = findZooEntry(readZoo(), opts.model);
    test = loadDatasetFile(entry.dataset, 'test');
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  if (samplesReq > test.count) {
    throw new CliError(
      `--samples must be at most ${test.count} (the ${DATASETS[entry.dataset].name} test set), got ${samplesReq}`,
    );
  }
  // tfjs is imported only once the arguments are known to be good (fast error paths).
  const [{ initNodeBackend }, { loadZooModel }, { evaluateClean }] = await Promise.all([
    import('../engine/tfNode'),
    import('../engine/nodeZooModel'),
    import('../engine/quantizedModel'),
  ]);
  const backend = await initNodeBackend(backendReq);
  // Spiking networks (issue #8) run on their own simulator: src/cli/snn.ts.
  if (entry.family === 'snn')
    return (await import('./snn')).runSnnEval(entry, format, samplesReq, backend, !!opts.json);
  let model;
  try {
    model = await loadZooModel(entry);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const t0 = performance.now();
  const r = await evaluateClean(model, entry, format, test, { samples: samplesReq });
  const seconds = (performance.now() - t0) / 1000;
  model.dispose();
  if (opts.json) {
    printJson({
      model: entry.id,
      dataset: entry.dataset,
      format,
      samples: r.samples,
      correct: r.correct,
      accuracy: r.accuracy,
      backend,
      seconds,
    });
  } else {
    process.stdout.write(
      `${entry.id} (${DATASETS[entry.dataset].name}) stored as ${format}: ${(100 * r.accuracy).toFixed(2)} % ` +
        `(${r.correct}/${r.samples}, ${backend}, ${seconds.toFixed(1)} s)\n`,
    );
  }
  return 0;
}
