/**
 * `eden inject`: bit errors into `--bytes` bytes of a seeded weight-like payload stored in
 * `--format`, read back through the full read path (flips → decode → optional correction).
 * `--sampler both` runs skip and naive on the same payload in this process and reports the speedup.
 */
import { rangeOf, correctOutOfRange, type CorrectionMode } from '../core/eden/correct';
import {
  ErrorParamError,
  injectErrors,
  resolveModel,
  type InjectOptions,
  type InjectStats,
} from '../core/errors';
import { MAX_TENSOR_BYTES } from '../core/errors/plan';
import { randomPayload } from '../core/errors/payload';
import { decode } from '../core/formats';
import { DEFAULT_ROW_BYTES } from '../core/dram/geometry';
import { ERROR_MODEL_NAMES, FORMAT_BITS, FORMATS, type ErrorModelId } from '../core/types';
import { CliError, int, LIMITS, num, oneOf, parseOptions, printJson, seedOption } from './args';

const USAGE = `usage: eden inject --error-model <0..3> --ber <p> --bytes <n> [--format fp32|int16|int8|int4 (int8)]
  [--weak-fraction f] [--one-to-zero-share r] [--row-bytes 8192] [--seed s] [--trial-seed t]
  [--persistent] [--sampler skip|naive|both (skip)] [--correction none|zero|clamp (none)] [--json]`;

function timed(bytes: Uint8Array, options: InjectOptions): { stats: InjectStats; ms: number } {
  const t0 = performance.now();
  const stats = injectErrors(bytes, options);
  return { stats, ms: performance.now() - t0 };
}

export async function run(argv: string[]): Promise<number> {
  const o = parseOptions(argv, {
    'error-model': { type: 'string' },
    ber: { type: 'string' },
    bytes: { type: 'string' },
    format: { type: 'string' },
    'weak-fraction': { type: 'string' },
    'one-to-zero-share': { type: 'string' },
    'row-bytes': { type: 'string' },
    seed: { type: 'string' },
    'trial-seed': { type: 'string' },
    persistent: { type: 'boolean' },
    sampler: { type: 'string' },
    correction: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const id = int('error-model', o['error-model'], undefined, 0, 3);
  const ber = num('ber', o.ber, undefined, { min: 0, max: 1 });
  const bytes = int('bytes', o.bytes, undefined, 1);
  if (bytes > MAX_TENSOR_BYTES)
    throw new CliError(`--bytes must be at most ${MAX_TENSOR_BYTES} (512 MiB), got ${bytes}`);
  const format = oneOf('format', o.format, FORMATS, 'int8');
  // Whole stored values only: a partial value would be left out and counted nowhere.
  if ((bytes * 8) % FORMAT_BITS[format] !== 0)
    throw new CliError(
      `--bytes ${bytes} is not a whole number of ${format} values (${FORMAT_BITS[format] / 8} bytes each)`,
    );
  const sampler = oneOf('sampler', o.sampler, ['skip', 'naive', 'both'] as const, 'skip');
  const correction = oneOf<CorrectionMode>(
    'correction',
    o.correction,
    ['none', 'zero', 'clamp'],
    'none',
  );
  const seed = seedOption('seed', o.seed, 1);
  const errorModel = {
    id: id as ErrorModelId,
    weakFraction:
      o['weak-fraction'] === undefined
        ? undefined
        : num('weak-fraction', o['weak-fraction'], undefined, { above: 0, max: 1 }),
    oneToZeroShare:
      o['one-to-zero-share'] === undefined
        ? undefined
        : num('one-to-zero-share', o['one-to-zero-share'], undefined, { min: 0, max: 1 }),
    persistent: o.persistent ?? false,
  };
  let model;
  try {
    model = resolveModel(errorModel, ber);
  } catch (e) {
    if (e instanceof ErrorParamError) throw new CliError(e.message);
    throw e;
  }
  const options: InjectOptions = {
    errorModel,
    ber,
    moduleSeed: seed,
    trialSeed: seedOption('trial-seed', o['trial-seed'], seed),
    stream: 'inject',
    placement: {
      baseAddress: 0,
      rowBytes: int('row-bytes', o['row-bytes'], DEFAULT_ROW_BYTES, 1, LIMITS.rowBytes),
    },
  };

  const payload = randomPayload(bytes, format, seed);
  const clean = decode(payload);
  const noisy = payload.bytes.slice();
  const main = timed(noisy, { ...options, sampler: sampler === 'both' ? 'skip' : sampler });
  const values = decode({ ...payload, bytes: noisy });
  let changedValues = 0;
  for (let i = 0; i < values.length; i++) if (!Object.is(values[i], clean[i])) changedValues++;
  const corrected = correctOutOfRange(values, rangeOf(clean), correction);

  const { stats } = main;
  const result: Record<string, unknown> = {
    errorModel: id,
    errorModelName: ERROR_MODEL_NAMES[model.id],
    ber,
    format,
    sampler: sampler === 'both' ? 'skip' : sampler,
    persistent: model.persistent,
    ...(id === 1 || id === 2 ? { weakFraction: model.weakFraction } : {}),
    ...(id === 3 ? { oneToZeroShare: model.oneToZeroShare, p1: model.p1, p0: model.p0 } : {}),
    bits: stats.bits,
    flips: stats.flips,
    measuredBer: stats.flips / stats.bits,
    oneToZero: stats.oneToZero,
    zeroToOne: stats.zeroToOne,
    weakLines: stats.weakLines,
    ...(id === 1 || id === 2 ? { outsideWeak: stats.outsideWeak } : {}),
    values: values.length,
    changedValues,
    correction,
    corrected,
    ms: main.ms,
  };
  if (sampler === 'both') {
    const naive = timed(payload.bytes.slice(), { ...options, sampler: 'naive' });
    result.naive = {
      flips: naive.stats.flips,
      measuredBer: naive.stats.flips / naive.stats.bits,
      ms: naive.ms,
    };
    result.speedup = naive.ms / main.ms;
  }

  if (o.json) {
    printJson(result);
    return 0;
  }
  const pct = (x: number) => `${(100 * x).toPrecision(4)} %`;
  const lines = [
    `error model ${id} (${ERROR_MODEL_NAMES[model.id]})${model.persistent ? ', persistent' : ''}, ${format}, ${bytes} bytes, sampler ${result.sampler}`,
    `bits ${stats.bits}, flips ${stats.flips}: measured BER ${(stats.flips / stats.bits).toExponential(4)} (requested ${ber}, ${pct(stats.flips / stats.bits / ber - 1)} off)`,
    `1→0 ${stats.oneToZero}, 0→1 ${stats.zeroToOne}`,
  ];
  if (id === 1 || id === 2)
    lines.push(
      `weak ${id === 1 ? 'rows' : 'bitlines'} touched ${stats.weakLines}, flips outside weak lines ${stats.outsideWeak}`,
    );
  lines.push(
    `values changed ${changedValues} of ${values.length}${correction === 'none' ? '' : `, out of range and ${correction === 'zero' ? 'zeroed' : 'clamped'} ${corrected}`}`,
  );
  lines.push(`injection ${main.ms.toFixed(1)} ms`);
  if (sampler === 'both') {
    const n = result.naive as { flips: number; ms: number };
    lines.push(
      `naive: flips ${n.flips}, ${n.ms.toFixed(1)} ms; skip is ${(n.ms / main.ms).toFixed(1)}× faster`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
