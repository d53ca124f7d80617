/**
 * `eden why`: what the flipped bits did to the network at one operating point (issue #16), the
 * same engine functions (src/engine/why.ts) the worker runs for the page's "Why" panel.
 * Human output: a table and the view's one-sentence caption; `--json`: the result;
 * `--csv`: its export rows (src/core/why/summaries.ts).
 */
import Papa from 'papaparse';
import { caption, exportRows } from '../core/why/summaries';
import { WHY_VIEWS, type WhyResult, type WhyView } from '../core/why/types';
import type { DataKind } from '../core/types';
import { EngineError } from '../engine/engineError';
import { withStoredInNode } from '../engine/nodeEngine';
import { runWhy } from '../engine/why';
import {
  atMostOne,
  CliError,
  int,
  LIMITS,
  num,
  oneOf,
  parseOptions,
  printJson,
  refuseInapplicable,
} from './args';
import { RUN_OPTIONS, runConfigOf } from './sweep';

const USAGE = `usage: eden why --model <id> --format fp32|int16|int8|int4 --ber p --view ${WHY_VIEWS.join('|')}
  [--error-model 0..3 (0)] [--target weights|ifm|ofm|all (all; trials and changed)]
  [--data-type ID (histogram; default the largest weights)] [--trials K (3)] [--samples N (1000)]
  [--seed s] [--module-seed m] [--correction none|zero|clamp] [--weak-fraction f]
  [--one-to-zero-share r] [--persistent] [--row-bytes 8192] [--backend wasm|cpu] [--batch 500]
  [--json | --csv]
views: bits (accuracy when only one bit group may flip, weights and activations, with and
  without correction), trials (accuracy per trial, the worst trial's flips), changed (images
  whose prediction changed), layers (each data type alone), histogram (values clean vs read)`;

/**
 * Options that apply only to some views (args.ts refuseInapplicable): the bits view chooses
 * its own targets, layers runs each data type alone, only the histogram reads one data type.
 */
const WHY_ONLY: Record<string, readonly WhyView[]> = {
  target: ['trials', 'changed'],
  'data-type': ['histogram'],
};

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

/** The result as lines of text (a table per view). */
export function whyText(r: WhyResult): string {
  const out: string[] = [
    `${r.model} ${r.format}, error model ${r.errorModel.id}, BER ${r.ber}, correction ${r.correction}, ` +
      `${r.trials} trials × ${r.samples} samples; clean ${pct(r.clean)}`,
  ];
  switch (r.view) {
    case 'bits':
      out.push(
        `${'data'.padEnd(12)}${'correction'.padEnd(11)}${'bits'.padEnd(10)}${'mean'.padStart(9)}${'drop'.padStart(9)}`,
      );
      for (const x of r.rows)
        out.push(
          `${x.data.padEnd(12)}${x.correction.padEnd(11)}${x.group.padEnd(10)}${pct(x.mean).padStart(9)}${pct(x.drop).padStart(9)}`,
        );
      break;
    case 'trials':
      out.push(`per trial: ${r.perTrial.map(pct).join(', ')}`);
      out.push(
        `worst trial ${r.worst.trial} (${pct(r.worst.accuracy)}): ${r.worst.weightFlipCount} weight flips; by bit (LSB first) ${r.worst.weightFlipsByBit.join(' ')}`,
      );
      for (const f of r.worst.weightFlips.slice(0, 10))
        out.push(
          `  ${f.dataType}[${f.tensor}][${f.element}] bit ${f.bit}: ${f.clean.toPrecision(4)} → ${f.read.toPrecision(4)}${f.corrected ? ' (corrected)' : ''}`,
        );
      break;
    case 'changed':
      out.push(
        `${r.changedCount} images changed; per trial ${r.correctToWrong.toFixed(2)} correct → wrong, ${r.wrongToCorrect.toFixed(2)} wrong → correct`,
      );
      for (const im of r.images.slice(0, 10))
        out.push(
          `  image ${im.index}: label ${im.label}, clean ${im.cleanPred}, faulty ${im.faultyPred} (${im.trialsChanged}/${r.trials} trials)`,
        );
      break;
    case 'layers':
      for (const x of r.rows)
        out.push(`  ${x.id.padEnd(28)}${pct(x.mean).padStart(9)}${pct(x.drop).padStart(9)}`);
      break;
    case 'histogram':
      out.push(
        `${r.dataType}: ${r.changed} of ${r.elements} values changed, ${r.outOfRange} out of [${r.range.min}, ${r.range.max}] (${r.below} below, ${r.above} above, ${r.nan} NaN)`,
      );
      break;
  }
  out.push(caption(r));
  return out.join('\n') + '\n';
}

export async function run(argv: string[]): Promise<number> {
  const o = parseOptions(argv, {
    ...RUN_OPTIONS,
    view: { type: 'string' },
    'data-type': { type: 'string' },
  });
  if (o.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  atMostOne(o, ['json', 'csv']);
  const view = oneOf<WhyView>('view', o.view, WHY_VIEWS);
  refuseInapplicable(o, view, WHY_ONLY, (v) => `to --view ${v}`);
  if (o.ber === undefined) throw new CliError('--ber is required (one BER, e.g. 1e-3)');
  const ber = num('ber', o.ber);
  if (!(ber >= 0 && ber <= 1)) throw new CliError(`--ber must be in [0, 1], got ${o.ber}`);
  const { entry, config } = runConfigOf(o, 1000, 3, 0);
  if (entry.family === 'snn')
    throw new CliError(`--model ${entry.id} is a spiking network: eden why takes ANN models`);
  const target = oneOf<DataKind | 'all'>(
    'target',
    o.target,
    ['weights', 'ifm', 'ofm', 'all'],
    'all',
  );
  const backend = oneOf('backend', o.backend, ['wasm', 'cpu'] as const, 'wasm');
  const batchSize = int('batch', o.batch, 500, 1, LIMITS.batch);
  let out;
  try {
    out = await withStoredInNode(config, backend, (sm, data) =>
      runWhy(
        sm,
        data,
        { config, view, ber, target, dataType: o['data-type'] },
        { batchSize, firstEstimateSamples: 0 },
      ),
    );
  } catch (e) {
    if (e instanceof EngineError && e.code === 'bad-input') throw new CliError(e.message);
    if (e instanceof Error && e.name === 'ErrorParamError') throw new CliError(e.message);
    throw e;
  }
  const r = out.result;
  if (o.json) printJson({ ...r, caption: caption(r), backend: out.backend });
  else if (o.csv) process.stdout.write(Papa.unparse(exportRows(r)) + '\n');
  else process.stdout.write(whyText(r));
  return 0;
}
