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
  try {
    return parseArgs({
      args: joinNegativeNumbers(argv, options),
      options,
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (e) {
    throw new CliError((e as Error).message.replace(/\s*\n\s*/g, ' '));
  }
}

export function num(name: string, raw: string | undefined, fallback?: number): number {
  if (raw === undefined) {
    if (fallback === undefined) throw new CliError(`--${name} is required`);
    return fallback;
  }
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v))
    throw new CliError(`--${name} must be a number, got "${raw}"`);
  return v;
}

export function int(
  name: string,
  raw: string | undefined,
  fallback?: number,
  min = -Infinity,
): number {
  const v = num(name, raw, fallback);
  if (!Number.isInteger(v)) throw new CliError(`--${name} must be an integer, got "${raw}"`);
  if (v < min) throw new CliError(`--${name} must be ≥ ${min}, got ${v}`);
  return v;
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

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
