/**
 * DRAM module profiles (docs/design.md §3, docs/dram-model.md §1): datasheet timing and IDD
 * currents, organization, BER curves vs ΔVDD and ΔtRCD, the error model the module shows,
 * and how currents scale with VDD. Profiles are JSON files in `public/profiles/`; every
 * reader validates them with `parseProfile`, which names the first wrong field.
 */
import { z } from 'zod';
import { issueAt, plainIssue } from '../schemaIssue';

/** One point of a BER curve: BER when the knob is lowered by `delta` (≤ 0) from nominal. */
const berPoint = z.object({ delta: z.number().max(0), ber: z.number().min(0).max(0.5) });

/**
 * BER curve: first point at delta 0 (nominal), deltas strictly decreasing (more aggressive),
 * BER non-decreasing. Interpolated in log-BER between points (see ber.ts).
 */
const berCurve = z.array(berPoint).min(2);

/** Currents (mA, per device) of one supply rail, named as in JEDEC/Micron datasheets. */
const railCurrents = z.object({
  /** One bank ACT-PRE loop at tRC. */
  idd0: z.number().nonnegative(),
  /** Precharge standby (all banks closed). */
  idd2n: z.number().nonnegative(),
  /** Active standby (a bank open). */
  idd3n: z.number().nonnegative(),
  /** Burst read, continuous. */
  idd4r: z.number().nonnegative(),
  /** Burst write, continuous. */
  idd4w: z.number().nonnegative(),
  /** Burst refresh (REF every tRFC). */
  idd5b: z.number().nonnegative(),
});

const fixedRail = z.object({
  /** e.g. `VPP` (DDR4 wordline pump) or `VDD1` (LPDDR4). Not changed by the VDD knob. */
  name: z.string().min(1),
  volts: z.number().positive(),
  idd_mA: railCurrents,
});

export const errorModelSchema = z.object({
  id: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  weakFraction: z.number().gt(0).max(1).optional(),
  oneToZeroShare: z.number().min(0).max(1).optional(),
  persistent: z.boolean().optional(),
  /** Why this model (and its parameters) for this module. */
  note: z.string().optional(),
});

export const profileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    memoryType: z.enum(['DDR3', 'DDR4', 'LPDDR4', 'GDDR5']),
    /** Where the numbers come from: datasheet part number and revision, BER curve origin. */
    source: z.object({
      datasheet: z.string().min(1),
      timing: z.string().min(1),
      ber: z.string().min(1),
    }),
    organization: z.object({
      banks: z.number().int().positive(),
      /** Bytes in one row across the rank (all devices of the rank together). */
      rowBytes: z.number().int().positive(),
      devicesPerRank: z.number().int().positive(),
      deviceWidthBits: z.number().int().positive(),
      burstLength: z.number().int().positive(),
    }),
    timing: z.object({
      tCK_ns: z.number().positive(),
      tRCD_ns: z.number().positive(),
      tRP_ns: z.number().positive(),
      tRAS_ns: z.number().positive(),
      tRC_ns: z.number().positive(),
      tCL_ns: z.number().positive(),
      tRFC_ns: z.number().positive(),
      tREFI_ns: z.number().positive(),
    }),
    power: z.object({
      /** Nominal supply of the rail the VDD knob lowers (VDD; VDD2 on LPDDR4). */
      vdd: z.number().positive(),
      /** Current scaling exponent: I(V') = I(V)·(V'/V)^α, so energy ∝ (V'/V)^(1+α). */
      alpha: z.number().min(0).max(3),
      idd_mA: railCurrents,
      /** Rails the knob leaves at nominal (they still draw energy). */
      fixedRails: z.array(fixedRail),
    }),
    ber: z.object({
      /**
       * The knob grid (V, ns): sliders, the inverse, characterization, mapping and energy all
       * use it. Every shipped profile: 0.01 V and 0.25 ns (docs/dram-model.md §2). EDEN's
       * coarse-grained table is checked on its own 0.05 V / 0.5 ns grid (EDEN_TABLE_GRID).
       */
      stepV: z.number().positive(),
      stepNs: z.number().positive(),
      /** BER vs ΔVDD (V, ≤ 0) at nominal tRCD. */
      vdd: berCurve,
      /** BER vs ΔtRCD (ns, ≤ 0) at nominal VDD. */
      trcd: berCurve,
    }),
    errorModel: errorModelSchema,
  })
  .superRefine((p, ctx) => {
    const add = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    for (const knob of ['vdd', 'trcd'] as const) {
      const pts = p.ber[knob];
      if (pts[0].delta !== 0)
        add(['ber', knob, 0, 'delta'], 'the first point must be the nominal setting (delta 0)');
      for (let i = 1; i < pts.length; i++) {
        if (!(pts[i].delta < pts[i - 1].delta))
          add(['ber', knob, i, 'delta'], 'deltas must strictly decrease');
        if (pts[i].ber < pts[i - 1].ber)
          add(['ber', knob, i, 'ber'], 'BER must not decrease as the knob is lowered');
      }
    }
    const t = p.timing;
    if (t.tRC_ns + 1e-9 < t.tRAS_ns + t.tRP_ns)
      add(['timing', 'tRC_ns'], 'tRC must be ≥ tRAS + tRP');
    if (t.tRCD_ns + p.ber.trcd[p.ber.trcd.length - 1].delta <= 0) {
      add(['ber', 'trcd', p.ber.trcd.length - 1, 'delta'], 'would make tRCD ≤ 0');
    }
    if (p.power.vdd + p.ber.vdd[p.ber.vdd.length - 1].delta <= 0) {
      add(['ber', 'vdd', p.ber.vdd.length - 1, 'delta'], 'would make VDD ≤ 0');
    }
    const em = p.errorModel;
    if ((em.id === 1 || em.id === 2) && em.weakFraction === undefined) {
      add(['errorModel', 'weakFraction'], 'required for the wordline/bitline models (1, 2)');
    }
    if (em.id === 3 && em.oneToZeroShare === undefined) {
      add(['errorModel', 'oneToZeroShare'], 'required for the bit-value-dependent model (3)');
    }
    if (em.weakFraction !== undefined) {
      // The combined BER at the most aggressive corner must fit in the weak lines (ber ≤ f).
      const bv = p.ber.vdd[p.ber.vdd.length - 1].ber;
      const bt = p.ber.trcd[p.ber.trcd.length - 1].ber;
      const worst = 1 - (1 - bv) * (1 - bt);
      if (worst > em.weakFraction) {
        add(
          ['errorModel', 'weakFraction'],
          `must be ≥ the largest BER the curves reach (${worst.toFixed(4)})`,
        );
      }
    }
    const o = p.organization;
    if ((o.devicesPerRank * o.deviceWidthBits) % 8 !== 0)
      add(['organization', 'deviceWidthBits'], 'bus is not whole bytes');
  });

export type DramProfile = z.infer<typeof profileSchema>;
export type RailCurrents = z.infer<typeof railCurrents>;
export type BerPoint = z.infer<typeof berPoint>;

/** Parse a profile (parsed JSON); throws an Error naming the first wrong field. */
export function parseProfile(json: unknown): DramProfile {
  const r = profileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path
      .map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`))
      .join('');
    const id =
      typeof json === 'object' && json && 'id' in json
        ? ` "${String((json as { id: unknown }).id)}"`
        : '';
    throw new Error(
      `DRAM profile${id} is invalid at ${where.replace(/^\./, '') || '(root)'}: ${plainIssue(issue)}`,
    );
  }
  return r.data;
}

/** `public/profiles/index.json`: the profiles a picker offers, and the default. */
export const profileIndexSchema = z.object({
  default: z.string(),
  profiles: z.array(z.object({ id: z.string(), name: z.string(), memoryType: z.string() })).min(1),
});
export type ProfileIndex = z.infer<typeof profileIndexSchema>;

export function parseProfileIndex(json: unknown): ProfileIndex {
  const r = profileIndexSchema.safeParse(json);
  if (!r.success)
    throw new Error(`profiles/index.json is invalid at ${issueAt(r.error.issues[0])}`);
  return r.data;
}

/** Profiles shipped in `public/profiles/` (the index there lists the same ids). */
export const PROFILE_IDS = ['ddr3-eden', 'ddr4-2400', 'lpddr4-3200'] as const;
export const DEFAULT_PROFILE_ID = 'ddr3-eden';

/** Path of a shipped profile relative to `public/` (fetch it in the browser, read it in Node). */
export function profilePath(id: string): string {
  return `profiles/${id}.json`;
}

/**
 * Load and validate a profile through a caller-given reader, so this module stays free of
 * I/O: in the browser/worker `(path) => fetch(import.meta.env.BASE_URL + path).then((r) => r.json())`,
 * in Node a file read under `public/` (src/cli/dram.ts).
 */
export async function loadProfile(
  id: string,
  readJson: (path: string) => Promise<unknown>,
): Promise<DramProfile> {
  const profile = parseProfile(await readJson(profilePath(id)));
  if (profile.id !== id)
    throw new Error(`DRAM profile file ${profilePath(id)} holds id "${profile.id}"`);
  return profile;
}

export type Knob = 'vdd' | 'trcd';

/** Name of each knob's delta in messages. */
export const KNOB_LABELS: Readonly<Record<Knob, string>> = { vdd: 'ΔVDD', trcd: 'ΔtRCD' };
/** Unit of each knob's delta. */
export const KNOB_UNITS: Readonly<Record<Knob, 'V' | 'ns'>> = { vdd: 'V', trcd: 'ns' };

export interface KnobRange {
  /** Most aggressive delta the profile supports (V or ns, ≤ 0). */
  min: number;
  /** Always 0 (nominal): the knobs only lower VDD / tRCD. */
  max: number;
  step: number;
  unit: 'V' | 'ns';
}

/** Round to the grid so that 0.1 + 0.2 style noise never reaches a label or a comparison (never −0). */
export function snap(value: number, step: number): number {
  const n = Math.round(value / step);
  return n === 0 ? 0 : Number((n * step).toFixed(6));
}

/**
 * The knob grid of every shipped profile (`ber.stepV` / `ber.stepNs` in public/profiles/*.json;
 * a unit test keeps them equal) and of characterizations imported from CSV: 0.01 V, the
 * resolution of the voltage regulators of DRAM test rigs (0.01–0.025 V), and 0.25 ns, a fifth
 * of a DDR3-1600 controller cycle (1.25 ns; a simulator's resolution). docs/dram-model.md §2.
 * Links are snapped to it before a profile is loaded; the loaded profile's grid then applies.
 */
export const KNOB_GRID: Readonly<Record<Knob, number>> = { vdd: 0.01, trcd: 0.25 };

/**
 * The grid of EDEN's coarse-grained table (public/reference/eden-coarse-table.json): ΔVDD in
 * 0.05 V and ΔtRCD in 0.5 ns steps. Only the calibration check of `ddr3-eden` against that
 * table walks it (`eden dram --check-table`); everything else uses the profile's own grid.
 */
export const EDEN_TABLE_GRID: Readonly<Record<Knob, number>> = { vdd: 0.05, trcd: 0.5 };

/** The profile's knob grid step (V for vdd, ns for trcd). */
export function knobStep(profile: DramProfile, knob: Knob): number {
  return knob === 'vdd' ? profile.ber.stepV : profile.ber.stepNs;
}

/**
 * Slider ranges: from the most aggressive grid step inside the BER curve up to nominal, on the
 * profile's grid, or on `steps` when given (e.g. EDEN_TABLE_GRID).
 */
export function knobGrid(
  profile: DramProfile,
  steps: Readonly<Record<Knob, number>> = { vdd: profile.ber.stepV, trcd: profile.ber.stepNs },
): Record<Knob, KnobRange> {
  const range = (knob: Knob, step: number): KnobRange => {
    const last = profile.ber[knob][profile.ber[knob].length - 1].delta;
    const min = snap(Math.ceil(last / step - 1e-9) * step, step);
    return { min, max: 0, step, unit: KNOB_UNITS[knob] };
  };
  return { vdd: range('vdd', steps.vdd), trcd: range('trcd', steps.trcd) };
}

/**
 * All grid deltas of a knob, from 0 (nominal) down to the most aggressive step; `step`
 * overrides the profile's grid (EDEN_TABLE_GRID for the table check).
 */
export function knobSteps(
  profile: DramProfile,
  knob: Knob,
  step: number = knobStep(profile, knob),
): number[] {
  const { min } = knobGrid(profile, { ...EDEN_TABLE_GRID, [knob]: step })[knob];
  const n = Math.round(-min / step);
  return Array.from({ length: n + 1 }, (_, k) => snap(-k * step, step));
}

/** Why a knob value does not fit a profile's range and grid, and the allowed values nearest it. */
export interface KnobMisfit {
  reason: 'above-nominal' | 'below-range' | 'off-grid';
  /** The allowed values closest to it: one at a range end, the two around an off-grid value. */
  nearest: number[];
  /** The allowed value a caller that adjusts (a hand-edited link) uses: snapped or clamped. */
  use: number;
  /** e.g. "-0.123 V is off the 0.01 V grid (nearest -0.13 or -0.12)". */
  text: string;
}

/**
 * The one range-and-grid rule of the knobs (ΔVDD in V, ΔtRCD in ns), for every place that takes
 * a knob value from a person: the CLI (`eden dram --vdd-delta`, refused with this text), the
 * page's link and profile switches (adjusted to `use`, with this text). A value fits when it
 * is in [range.min, 0] (range from knobGrid) and on range.step's grid (within 1e-9 of a step).
 * Returns null when it fits.
 */
export function knobMisfit(
  value: number,
  range: Pick<KnobRange, 'min' | 'step' | 'unit'>,
): KnobMisfit | null {
  const { min, step, unit } = range;
  if (value > 0)
    return {
      reason: 'above-nominal',
      nearest: [0],
      use: 0,
      text: `${value} ${unit} is above nominal (the knobs only lower it; range ${min} to 0 ${unit})`,
    };
  if (value < min - 1e-9)
    return {
      reason: 'below-range',
      nearest: [min],
      use: min,
      text: `${value} ${unit} is below the range ${min} to 0 ${unit}`,
    };
  const k = value / step;
  if (Math.abs(k - Math.round(k)) <= 1e-9) return null;
  const lower = snap(Math.floor(k) * step, step);
  const upper = snap(Math.ceil(k) * step, step);
  const nearest = lower < min ? [upper] : [lower, upper];
  return {
    reason: 'off-grid',
    nearest,
    use: Math.max(min, snap(value, step)),
    text: `${value} ${unit} is off the ${step} ${unit} grid (nearest ${nearest.join(' or ')})`,
  };
}
