/**
 * `eden dram`: the DRAM model from the command line (docs/dram-model.md).
 *
 *   dram --profile <id> [--vdd-delta V] [--trcd-delta ns]
 *        [--model <id> --format <fmt> --platform <cpu|gpu|eyeriss|tpu>] [--json]
 *   dram --profile <id> --max-ber p --knob vdd|trcd|both [--json]
 *   dram --profile <id> --check-table [--model <id> --format <fmt> --platform <id>] [--json]
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  coarsePartition,
  EDEN_TABLE_GRID,
  energyPerInference,
  knobGrid,
  knobMisfit,
  largestStepForBer,
  loadProfile,
  mostAggressiveSetting,
  operatingPoint,
  parseProfile,
  PLATFORM_IDS,
  PLATFORMS,
  PROFILE_IDS,
  speedup,
  trafficPerInference,
  type DramProfile,
  type Knob,
  type Platform,
  type Traffic,
} from '../core/dram';
import { parseZoo } from '../core/models/zoo';
import { FORMATS, type Format } from '../core/types';
import {
  atMostOne,
  CliError,
  num,
  oneOf,
  parseOptions,
  printJson,
  refuseInapplicable,
} from './args';

const publicDir = new URL('../../public/', import.meta.url);

const USAGE = `usage: eden dram [--profile <id> | --profile-file <path>] [--vdd-delta V] [--trcd-delta ns]
                 [--model <id> [--format fp32|int16|int8|int4 (fp32)] [--zoo <path>]] [--platform cpu|gpu|eyeriss|tpu (cpu)] [--json]
       eden dram [--profile <id>] --max-ber p --knob vdd|trcd|both [--json]
       eden dram [--profile <id>] --check-table [--model <id> ...] [--platform ...] [--json]
profiles: ${PROFILE_IDS.join(', ')} (default ddr3-eden); deltas are ≤ 0 (V, ns); energy needs --model.
An option that does not apply to the question asked (--vdd-delta with --max-ber, --format
without --model) is refused, not dropped.
`;

/** The three questions `eden dram` answers, chosen by --max-ber / --check-table (else a point). */
type DramMode = 'point' | 'max-ber' | 'check-table';

/** Options that apply only to some questions (args.ts refuseInapplicable). */
const DRAM_ONLY: Record<string, readonly DramMode[]> = {
  'vdd-delta': ['point'],
  'trcd-delta': ['point'],
  knob: ['max-ber'],
  model: ['point', 'check-table'],
  platform: ['point', 'check-table'],
};

const DRAM_MODE_LABEL: Record<DramMode, string> = {
  point: 'to an operating point (no --max-ber or --check-table)',
  'max-ber': 'with --max-ber',
  'check-table': 'with --check-table',
};

/**
 * The question asked, with every given option checked to apply to it (one-line CliError naming
 * the option otherwise: "--vdd-delta applies only to an operating point (no --max-ber or
 * --check-table)"); --format and --zoo apply only with --model.
 */
export function dramMode(o: Record<string, unknown>): DramMode {
  atMostOne(o, ['profile', 'profile-file']);
  const mode: DramMode = atMostOne(o, ['max-ber', 'check-table']) ?? 'point';
  refuseInapplicable(o, mode, DRAM_ONLY, (m) => DRAM_MODE_LABEL[m]);
  refuseInapplicable(
    o,
    o.model === undefined ? 'none' : 'model',
    { format: ['model'], zoo: ['model'] },
    () => 'with --model',
  );
  return mode;
}

async function readJsonFile(url: URL | string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(url, 'utf8');
  } catch {
    throw new CliError(`${what} not found: ${url instanceof URL ? url.pathname : url}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Run a core call and turn its Error (bad profile, knob out of range) into a one-line CLI error. */
function userError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

async function profileFrom(id: string | undefined, file: string | undefined): Promise<DramProfile> {
  if (file) {
    const json = await readJsonFile(file, 'profile file');
    return userError(() => parseProfile(json));
  }
  const chosen = oneOf('profile', id, PROFILE_IDS, 'ddr3-eden');
  return loadProfile(chosen, (path) =>
    readJsonFile(new URL(path, publicDir), `profile ${chosen}`),
  ).catch((e: Error) => {
    throw e instanceof CliError ? e : new CliError(e.message);
  });
}

/**
 * `--vdd-delta` / `--trcd-delta` (default 0): refused (CliError) unless in the profile's range
 * and on its grid (core knobMisfit, the rule the page's link uses; the page adjusts a link
 * value with a note, the CLI refuses so a script never prints another setting than it asked).
 */
export function knobOption(profile: DramProfile, knob: Knob, raw: string | undefined): number {
  const name = `${knob}-delta`;
  const value = num(name, raw, 0);
  const misfit = knobMisfit(value, knobGrid(profile)[knob]);
  if (misfit) throw new CliError(`--${name} (profile ${profile.id}): ${misfit.text}`);
  return value;
}

async function trafficFor(
  model: string,
  format: Format,
  platform: Platform,
  zooPath?: string,
): Promise<Traffic> {
  const json = await readJsonFile(
    zooPath ?? new URL('models/zoo.json', publicDir),
    'model zoo (public/models/zoo.json)',
  );
  const zoo = userError(() => parseZoo(json));
  const entry = zoo.models.find((m) => m.id === model);
  if (!entry)
    throw new CliError(
      `--model "${model}" is not in the zoo (have: ${zoo.models.map((m) => m.id).join(', ')})`,
    );
  return trafficPerInference(entry.dataTypes, format, platform);
}

const tableSchema = z.object({
  rows: z.array(z.tuple([z.string(), z.string(), z.number(), z.number(), z.number()])).min(1),
});

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const uJ = (x: number) => `${(x * 1e6).toFixed(3)} µJ`;

export async function run(argv: string[]): Promise<number> {
  const o = parseOptions(argv, {
    profile: { type: 'string' },
    'profile-file': { type: 'string' },
    'vdd-delta': { type: 'string' },
    'trcd-delta': { type: 'string' },
    model: { type: 'string' },
    format: { type: 'string' },
    platform: { type: 'string' },
    zoo: { type: 'string' },
    'max-ber': { type: 'string' },
    knob: { type: 'string' },
    'check-table': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const mode = dramMode(o);
  const profile = await profileFrom(o.profile, o['profile-file']);
  const platform = PLATFORMS[oneOf('platform', o.platform, PLATFORM_IDS, 'cpu')];
  const format = oneOf('format', o.format, FORMATS, 'fp32');
  const traffic = o.model ? await trafficFor(o.model, format, platform, o.zoo) : null;

  if (mode === 'max-ber') {
    const maxBer = num('max-ber', o['max-ber']);
    if (maxBer < 0 || maxBer > 0.5)
      throw new CliError(`--max-ber must be in [0, 0.5], got ${maxBer}`);
    const knob = oneOf('knob', o.knob, ['vdd', 'trcd', 'both'] as const);
    if (knob === 'both') {
      const s = mostAggressiveSetting(profile, maxBer, 'vdd');
      if (o.json) printJson({ profile: profile.id, knob, ...s });
      else
        process.stdout.write(
          `${profile.id}: with BER ≤ ${maxBer}: ΔVDD ${s.vddDelta} V, then ΔtRCD ${s.trcdDelta} ns (BER ${s.ber.toPrecision(4)})\n`,
        );
      return 0;
    }
    const step = largestStepForBer(profile, knob, maxBer);
    if (o.json) printJson({ profile: profile.id, ...step });
    else {
      const unit = knob === 'vdd' ? 'V' : 'ns';
      process.stdout.write(
        `${profile.id}: largest Δ${knob.toUpperCase()} with BER ≤ ${maxBer}: ${step.delta} ${unit} (BER ${step.ber})\n`,
      );
    }
    return 0;
  }

  if (mode === 'check-table') return checkTable(profile, platform, traffic, Boolean(o.json));

  const knobs = {
    vddDelta: knobOption(profile, 'vdd', o['vdd-delta']),
    trcdDelta: knobOption(profile, 'trcd', o['trcd-delta']),
  };
  const op = userError(() => operatingPoint(profile, knobs));
  const energy = traffic
    ? energyPerInference(
        profile,
        traffic,
        coarsePartition(traffic, knobs.vddDelta, knobs.trcdDelta),
      )
    : null;
  const result = {
    profile: profile.id,
    platform: platform.id,
    ...op,
    energy: energy && {
      unit: 'J',
      model: o.model,
      format,
      nominal: energy.nominal.total,
      approx: energy.approx.total,
      saving: energy.saving,
      split: { nominal: energy.nominal, approx: energy.approx },
      seconds: energy.seconds,
      traffic: { readBytes: traffic!.readBytes, writeBytes: traffic!.writeBytes },
    },
    speedup: speedup(profile, platform, knobs.trcdDelta),
  };
  if (o.json) {
    printJson(result);
    return 0;
  }
  const lines = [
    `${profile.name}`,
    `VDD ${op.vdd} V (Δ ${op.vddDelta}), tRCD ${op.trcd} ns (Δ ${op.trcdDelta})`,
    `BER ${op.ber.toPrecision(4)} (voltage ${op.berVdd.toPrecision(4)}, latency ${op.berTrcd.toPrecision(4)}), error model ${op.errorModel.id}`,
    energy
      ? `energy per inference (${o.model}, ${format}, ${platform.id}): ${uJ(energy.nominal.total)} nominal → ${uJ(energy.approx.total)}, saving ${pct(energy.saving)}`
      : 'energy: pass --model <id> (and --format, --platform) for energy per inference',
    `speedup on ${platform.id}: ${result.speedup.toFixed(4)}×`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/**
 * Reproduce the EDEN coarse-grained table with this profile on the table's 0.05 V / 0.5 ns grid
 * (EDEN_TABLE_GRID); with --model also the row savings.
 */
async function checkTable(
  profile: DramProfile,
  platform: Platform,
  traffic: Traffic | null,
  json: boolean,
): Promise<number> {
  const raw = await readJsonFile(
    new URL('reference/eden-coarse-table.json', publicDir),
    'EDEN table',
  );
  const table = userError(() => tableSchema.parse(raw));
  const rows = table.rows.map(([model, precision, ber, dVdd, dTrcd]) => {
    // The table's own grid (0.05 V / 0.5 ns), not the profile's finer knob grid.
    const vdd = largestStepForBer(profile, 'vdd', ber, EDEN_TABLE_GRID.vdd).delta;
    const trcd = largestStepForBer(profile, 'trcd', ber, EDEN_TABLE_GRID.trcd).delta;
    return {
      model,
      precision,
      ber,
      expected: { vdd: dVdd, trcd: dTrcd },
      got: { vdd, trcd },
      ok: vdd === dVdd && trcd === dTrcd,
      // Voltage scaling and latency scaling are the table's two alternatives: price each alone.
      saving: traffic
        ? energyPerInference(profile, traffic, coarsePartition(traffic, vdd, 0)).saving
        : undefined,
      speedup: speedup(profile, platform, trcd),
    };
  });
  const passed = rows.filter((r) => r.ok).length;
  const mean = (f: (r: (typeof rows)[number]) => number) =>
    rows.reduce((s, r) => s + f(r), 0) / rows.length;
  const summary = {
    profile: profile.id,
    platform: platform.id,
    passed,
    total: rows.length,
    meanSaving: traffic ? mean((r) => r.saving!) : undefined,
    meanSpeedup: mean((r) => r.speedup),
    rows,
  };
  if (json) printJson(summary);
  else {
    for (const r of rows) {
      const extra = `${r.saving !== undefined ? `  saving ${pct(r.saving)}` : ''}  speedup ${r.speedup.toFixed(3)}×`;
      process.stdout.write(
        `${r.ok ? 'ok  ' : 'FAIL'} ${`${r.model} ${r.precision}`.padEnd(20)} BER ${String(r.ber).padEnd(6)} ` +
          `ΔVDD ${r.got.vdd} (table ${r.expected.vdd})  ΔtRCD ${r.got.trcd} (table ${r.expected.trcd})${extra}\n`,
      );
    }
    const avg = summary.meanSaving !== undefined ? `, mean saving ${pct(summary.meanSaving)}` : '';
    process.stdout.write(
      `${passed}/${rows.length} rows reproduced by ${profile.id}${avg}, mean speedup on ${platform.id} ${summary.meanSpeedup.toFixed(4)}×\n`,
    );
  }
  return passed === rows.length ? 0 : 1;
}
