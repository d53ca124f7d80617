/**
 * The URL is the serialization of the explorer's configuration (issue #7 item 7): opening a
 * shared link gives the same view, seeds and numbers. Hand-edited values that are invalid fall
 * back to the default with a readable message; parsing never throws (issue #13 item 8): keys
 * are looked up as own keys only (`constructor`, `__proto__`, `toString` are unknown keys,
 * not the object built-ins), a repeated key uses its last value and says so, and a message
 * quotes at most SHOWN_CHARS characters of a value or key.
 *
 * `vdd` and `trcd` are the changes from the profile's nominal values (volts, ns), as in the
 * EDEN coarse-grained table (ΔVDD, ΔtRCD).
 */
import { z } from 'zod';
import { KNOB_GRID, KNOB_UNITS, knobMisfit, PROFILE_IDS } from '../core/dram/profile';
import { TARGET_DROP } from '../core/eden/evaluator';
import { workloadFor } from '../core/models/workload';
import { FORMATS } from '../core/types';
import { WHY_VIEWS } from '../core/why/types';
import {
  BACKEND_REQUESTS,
  CORRECTIONS,
  DEFAULT_CONFIG,
  type ExplorerConfig,
  MAX_PARTITIONS,
  MAX_SAMPLES,
  MAX_TRIALS,
  PLATFORMS,
  TARGETS,
} from './config';
import { CURVE_FIELDS, curveConfigOf, curveKey, type CurveConfig, type CurveField } from './curves';
import { plainIssue } from '../core/schemaIssue';

const seed = z.coerce
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const id = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be lowercase letters, digits and dashes');

/** One entry per URL key: the config field it sets and the schema of its value. */
const FIELDS = {
  model: ['modelId', id],
  format: ['format', z.enum(FORMATS as [string, ...string[]])],
  em: ['em', z.coerce.number().int().min(0).max(3)],
  wf: ['weakFraction', z.coerce.number().gt(0).max(1)],
  p10: ['oneToZeroShare', z.coerce.number().min(0).max(1)],
  profile: [
    'profileId',
    z.enum(PROFILE_IDS, {
      error: `must be ${PROFILE_IDS.slice(0, -1).join(', ')} or ${PROFILE_IDS.at(-1)}; an imported profile lasts one session`,
    }),
  ],
  platform: ['platform', z.enum(PLATFORMS as [string, ...string[]])],
  // Any value ≤ 0: snapped to the grid here, clamped to the profile's range once it is loaded
  // (store.setKnobRange), both with a message (core knobMisfit, the CLI's rule).
  vdd: ['vddDelta', z.coerce.number().max(0)],
  trcd: ['trcdDelta', z.coerce.number().max(0)],
  target: ['target', z.enum(TARGETS as [string, ...string[]])],
  corr: ['correction', z.enum(CORRECTIONS as [string, ...string[]])],
  drop: ['targetDrop', z.coerce.number().min(TARGET_DROP.min).max(TARGET_DROP.max)],
  trials: ['trials', z.coerce.number().int().min(1).max(MAX_TRIALS)],
  samples: ['samples', z.coerce.number().int().min(10).max(MAX_SAMPLES)],
  mseed: ['moduleSeed', seed],
  tseed: ['trialSeed', seed],
  backend: ['backend', z.enum(BACKEND_REQUESTS as [string, ...string[]])],
  map: ['mapping', z.enum(['coarse', 'fine'])],
  parts: ['partitions', z.coerce.number().int().min(1).max(MAX_PARTITIONS)],
  present: ['present', z.enum(['0', '1']).transform((v) => v === '1')],
  why: ['whyView', z.enum(WHY_VIEWS as [string, ...string[]])],
  // A data type id of the model (e.g. conv1/weights); checked against the model once it is known.
  wdt: [
    'whyDataType',
    z
      .string()
      .regex(
        /^[A-Za-z0-9_.-]{1,64}\/(weights|ifm|ofm)$/,
        'must be a data type id such as conv1/weights',
      ),
  ],
} as const satisfies Record<string, readonly [keyof ExplorerConfig, z.ZodType]>;

type UrlKey = keyof typeof FIELDS;
const KEYS = Object.keys(FIELDS) as UrlKey[];

export interface ParsedUrl {
  config: ExplorerConfig;
  /** Curves pinned beside the current one (`cmp=`, repeated): their settings. */
  curves: CurveConfig[];
  /** One readable sentence per value that was ignored or adjusted. */
  messages: string[];
}

/** Fields whose default is the model's (core/models/workload.ts), not `defaults`'. */
const WORKLOAD_FIELDS: ReadonlySet<keyof ExplorerConfig> = new Set(['samples', 'trials']);

/** Characters of a hand-edited value or key that a message quotes (the rest is elided). */
export const SHOWN_CHARS = 40;

/** `raw` for a message: cut to SHOWN_CHARS with its length stated, so a long value stays one line. */
function shown(raw: string): string {
  return raw.length <= SHOWN_CHARS
    ? raw
    : `${raw.slice(0, SHOWN_CHARS)}… (${raw.length} characters)`;
}

function describe(value: unknown): string {
  return typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
}

/**
 * Parse a query string (`?model=…&vdd=…`) onto the defaults. Never throws. Images × trials the
 * link does not give are the linked model's default (core/models/workload.ts), not `defaults`'.
 */
export function parseUrl(search: string, defaults: ExplorerConfig = DEFAULT_CONFIG): ParsedUrl {
  const params = new URLSearchParams(search);
  const config: ExplorerConfig = { ...defaults };
  const messages: string[] = [];
  const target = config as unknown as Record<string, unknown>;
  const compared: string[] = [];
  // The last value of each known key: a repeated key counts once, with the value a hand
  // edit most likely appended.
  const last = new Map<UrlKey, { raw: string; count: number }>();
  for (const [key, raw] of params) {
    if (key === CMP) {
      compared.push(raw);
      continue;
    }
    if (!Object.hasOwn(FIELDS, key)) {
      messages.push(`Unknown link parameter "${shown(key)}" ignored.`);
      continue;
    }
    last.set(key as UrlKey, { raw, count: (last.get(key as UrlKey)?.count ?? 0) + 1 });
  }
  const given = new Set<keyof ExplorerConfig>();
  for (const [key, { raw, count }] of last) {
    if (count > 1)
      messages.push(`Link parameter ${key} appears ${count} times; the last one counts.`);
    const [field, schema] = FIELDS[key];
    const r = schema.safeParse(raw.trim() === '' ? undefined : raw);
    if (!r.success) {
      const why = r.error.issues[0] ? plainIssue(r.error.issues[0]) : 'invalid';
      const fallback = WORKLOAD_FIELDS.has(field)
        ? "the model's default"
        : describe(defaults[field]) || 'the default';
      messages.push(`Link value ${key}="${shown(raw)}" is not valid (${why}); using ${fallback}.`);
      continue;
    }
    target[field] = r.data;
    given.add(field);
  }
  // Images × trials the link leaves out (or gets wrong) are the linked model's and format's default.
  const usual = workloadFor(config.modelId, config.format);
  if (!given.has('samples')) config.samples = usual.samples;
  if (!given.has('trials')) config.trials = usual.trials;
  for (const [key, knob] of [
    ['vdd', 'vdd'],
    ['trcd', 'trcd'],
  ] as const) {
    const field = FIELDS[key][0];
    const range = { min: -Infinity, step: KNOB_GRID[knob], unit: KNOB_UNITS[knob] };
    const misfit = knobMisfit(config[field], range);
    if (!misfit) continue;
    messages.push(`Link value ${key}: ${misfit.text}; using ${misfit.use}.`);
    config[field] = misfit.use;
  }
  // A fine map is a Map run's result, not a setting: no link carries it. The sender's cards
  // showed the map's numbers; a page opened from the link says so rather than showing the
  // knobs' numbers under "fine" (the map is measured and applied by a Map run here).
  if (config.mapping === 'fine') {
    messages.push(
      "Link value map=fine: the fine map is a Map run's result, not part of the link; showing the knobs' setting for the whole module (run Map to measure and apply it).",
    );
    config.mapping = 'coarse';
  }
  // A pinned curve is drawn once (curveKey): a repeat, or the link's own curve, is said, not
  // dropped without a word (as `--ber 1e-3,1e-3` is refused by the CLI's listOption).
  const curves: CurveConfig[] = [];
  const keys = new Set([curveKey(config)]);
  for (const raw of compared) {
    const c = parseCurve(raw, config);
    if (typeof c === 'string') messages.push(`Link value cmp="${shown(raw)}" ignored: ${c}.`);
    else if (keys.has(curveKey(c)))
      messages.push(
        `Link value cmp="${shown(raw)}" ignored: ${curveKey(c) === curveKey(config) ? "it is the link's own curve" : 'that curve is pinned already'}.`,
      );
    else {
      keys.add(curveKey(c));
      curves.push(c);
    }
  }
  return { config, messages, curves };
}

/**
 * A pinned curve in the link: its settings that differ from the link's own, as `key_value`
 * pairs joined by `*` (characters a query string keeps as they are), e.g. `cmp=em_1*wf_0.2`.
 */
const CMP = 'cmp';
const CURVE_KEYS = KEYS.filter((k) => (CURVE_FIELDS as readonly string[]).includes(FIELDS[k][0]));

function parseCurve(raw: string, base: ExplorerConfig): CurveConfig | string {
  const c: Record<string, unknown> = { ...curveConfigOf(base) };
  for (const pair of raw.split('*')) {
    const cut = pair.indexOf('_');
    const key = pair.slice(0, cut) as UrlKey;
    if (cut < 1 || !CURVE_KEYS.includes(key))
      return `"${shown(pair)}" is not a curve setting (${CURVE_KEYS.join(', ')})`;
    const r = FIELDS[key][1].safeParse(pair.slice(cut + 1));
    if (!r.success)
      return `${key}: ${r.error.issues[0] ? plainIssue(r.error.issues[0]) : 'invalid'}`;
    c[FIELDS[key][0]] = r.data;
  }
  return c as CurveConfig;
}

function serializeCurve(c: CurveConfig, base: ExplorerConfig): string {
  return CURVE_KEYS.filter((k) => {
    const f = FIELDS[k][0] as CurveField;
    return c[f] !== base[f];
  })
    .map((k) => `${k}_${describe(c[FIELDS[k][0] as CurveField])}`)
    .join('*');
}

/**
 * The query string (with leading `?`) for a configuration: every key, so links stay exact;
 * then one `cmp=` per pinned curve (`curves`) whose settings differ from the configuration's.
 */
export function serializeUrl(config: ExplorerConfig, curves: readonly CurveConfig[] = []): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const field = FIELDS[key][0];
    const value = config[field];
    // Off by default: a link without them means the default (no presentation, largest weights).
    if ((key === 'present' || key === 'wdt') && !value) continue;
    params.set(key, describe(value));
  }
  for (const c of curves) {
    const cmp = serializeCurve(c, config);
    if (cmp) params.append(CMP, cmp);
  }
  return `?${params.toString()}`;
}
