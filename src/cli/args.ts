/** Small helpers shared by the CLI commands: strict option parsing with one-line errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** An error the CLI prints as one line and exits non-zero with. */
export class CliError extends Error {}

/**
 * `--opt -0.3` → `--opt=-0.3` for string options: util.parseArgs refuses a value that starts
 * with a dash, and knob deltas (ΔVDD, ΔtRCD) are negative numbers.
 */
function joinNegativeNumbers(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : undefined;
    if (name && options[name]?.type === 'string' && /^-(\d|\.\d)/.test(argv[i + 1] ?? '')) {
      out.push(`${argv[i]}=${argv[++i]}`);
    } else out.push(argv[i]);
  }
  return out;
}

export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
) {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeNumbers(argv, options),
      options,
      allowPositionals: false,
      strict: true,
      tokens: true,
    });
  } catch (e) {
    throw new CliError((e as Error).message.replace(/\s*\n\s*/g, ' '));
  }
  // A repeated value option is refused, not resolved to its last value (`--model a --model b`
  // would otherwise run b without a word).
  const seen = new Map<string, number>();
  for (const t of parsed.tokens)
    if (t.kind === 'option' && options[t.name]?.type === 'string')
      seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
  for (const [name, count] of seen)
    if (count > 1) throw new CliError(`--${name} is given ${count} times; give it once`);
  return parsed.values;
}

/**
 * Bounds of the CLI's numeric options (issue #13 item 9: every parameter is checked before
 * any work, so `--trials 1e9` is a one-line error, not an out-of-memory abort). Sizes are
 * capped where a larger value only makes a run take days or exhaust memory.
 */
export const LIMITS = {
  /** Trials per operating point (each is a full pass over the samples). */
  trials: 1000,
  /** Samples per forward pass. */
  batch: 10_000,
  /** DRAM row size in bytes (DDR rows are 1–16 KiB). */
  rowBytes: 1 << 20,
  /** Seeds are 32-bit unsigned (src/core/rng.ts). */
  seed: 2 ** 32 - 1,
  /** Training epochs of one boost. */
  epochs: 100,
  /** Curriculum steps of one boost. */
  steps: 100,
  /** Learning rate of a boost (Adam; the zoo trains at 1e-3). */
  learningRate: 1,
  /** DRAM partitions of a map. */
  partitions: 64,
} as const;

/** Accepted interval of a numeric option: [min, max], or (min, max] with `above`. */
export interface Bounds {
  min?: number;
  max?: number;
  /** Exclusive lower bound: the value must be greater than this. */
  above?: number;
}

function checkBounds(name: string, v: number, b: Bounds): number {
  const lo = b.above !== undefined ? `(${b.above}` : `[${b.min ?? '-∞'}`;
  const range = `${lo}, ${b.max ?? '∞'}]`;
  if (
    (b.above !== undefined && !(v > b.above)) ||
    (b.min !== undefined && v < b.min) ||
    (b.max !== undefined && v > b.max)
  )
    throw new CliError(`--${name} must be in ${range}, got ${v}`);
  return v;
}

export function num(
  name: string,
  raw: string | undefined,
  fallback?: number,
  bounds: Bounds = {},
): number {
  if (raw === undefined) {
    if (fallback === undefined) throw new CliError(`--${name} is required`);
    return fallback;
  }
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v))
    throw new CliError(`--${name} must be a number, got "${raw}"`);
  return checkBounds(name, v, bounds);
}

export function int(
  name: string,
  raw: string | undefined,
  fallback?: number,
  min = -Infinity,
  max = Infinity,
): number {
  const v = num(name, raw, fallback);
  if (!Number.isInteger(v)) throw new CliError(`--${name} must be an integer, got "${raw}"`);
  if (v < min || v > max)
    throw new CliError(
      `--${name} must be ${max === Infinity ? `≥ ${min}` : `an integer in [${min}, ${max}]`}, got ${v}`,
    );
  return v;
}

/**
 * A comma-separated list option (`--ber 0,1e-3,1e-2`, `--platforms cpu,gpu`): each item parsed
 * by `item` (which throws a CliError naming the option for a bad one); an empty item and an
 * item equal to an earlier one (by parsed value: `1e-3` and `0.001` are the same BER) are
 * refused — a repeated point would be measured twice and drawn as one.
 */
export function listOption<T>(name: string, raw: string, item: (s: string) => T): T[] {
  const values: T[] = [];
  for (const s of raw.split(',').map((x) => x.trim())) {
    if (s === '') throw new CliError(`--${name} has an empty item in "${raw}"`);
    const v = item(s);
    if (values.includes(v)) throw new CliError(`--${name} lists ${s} twice; give each value once`);
    values.push(v);
  }
  return values;
}

/** A 32-bit seed option. */
export function seedOption(name: string, raw: string | undefined, fallback: number): number {
  return int(name, raw, fallback, 0, LIMITS.seed);
}

export function oneOf<T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
  fallback?: T,
): T {
  if (raw === undefined) {
    if (fallback === undefined)
      throw new CliError(`--${name} is required (one of ${allowed.join(', ')})`);
    return fallback;
  }
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new CliError(`--${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** An option the user gave (a value, or a flag that is set). */
const isGiven = (v: unknown) => v !== undefined && v !== false;

/**
 * The mode chosen by at most one of `names` (e.g. dram's `--max-ber` / `--check-table`, or
 * `--json` / `--csv`): the given one, or undefined when none is. Two given is a CliError
 * "choose one of --a and --b" — the CLI would otherwise answer one and drop the other.
 */
export function atMostOne<N extends string>(
  given: Partial<Record<N, unknown>>,
  names: readonly N[],
): N | undefined {
  const present = names.filter((n) => isGiven(given[n]));
  if (present.length > 1)
    throw new CliError(
      `choose one of ${names
        .map((n) => `--${n}`)
        .join(', ')
        .replace(/, ([^,]*)$/, ' and $1')}`,
    );
  return present[0];
}

/**
 * Options that apply only in some of a command's modes (a `--view`, a `--mode`, a question such
 * as dram's `--max-ber`): `only` maps each such option to the modes it applies to (an option not
 * listed applies in every mode); `label(m)` names a mode after "applies only", e.g. "to --view
 * histogram". A given option that does not apply to `mode` is a CliError
 * "--data-type applies only to --view histogram", thrown before any work (it was dropped
 * without a word).
 */
export function refuseInapplicable<M extends string>(
  given: Record<string, unknown>,
  mode: M,
  only: Readonly<Record<string, readonly M[]>>,
  label: (m: M) => string,
): void {
  for (const [name, modes] of Object.entries(only))
    if (isGiven(given[name]) && !modes.includes(mode))
      throw new CliError(`--${name} applies only ${modes.map(label).join(' or ')}`);
}

/** A string option's value, or undefined when absent or given as a flag. */
export const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
