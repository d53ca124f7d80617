/**
 * Curves shown beside the current one (issue #7 items 2 and 6): the boosted model's curve, curves
 * the user pinned, and compare sets (every error model, every storage format). Each is a
 * snapshot of the settings its accuracy depends on; the controller sweeps the BERs still missing
 * (src/ui/engine/controller.ts), so a slider move never drops them. Pure logic, no DOM.
 */
import { FORMATS, type ErrorModelId } from '../core/types';
import type { ExplorerConfig } from './config';

/** The settings an accuracy-vs-BER curve depends on (not the knobs, platform or profile). */
export const CURVE_FIELDS = [
  'modelId',
  'format',
  'em',
  'weakFraction',
  'oneToZeroShare',
  'target',
  'correction',
  'trials',
  'samples',
  'moduleSeed',
  'trialSeed',
] as const satisfies readonly (keyof ExplorerConfig)[];

export type CurveField = (typeof CURVE_FIELDS)[number];
export type CurveConfig = Pick<ExplorerConfig, CurveField>;

export type ExtraCurveKind = 'boosted' | 'pinned';

export interface SweepPointLike {
  ber: number;
  mean: number;
  lo: number;
  hi: number;
  /** false while a progressive sweep has measured it on a first phase's images only. */
  final?: boolean;
}

export interface ExtraCurve<P extends SweepPointLike = SweepPointLike> {
  /** Stable id (React key, URL order). */
  id: string;
  kind: ExtraCurveKind;
  config: CurveConfig;
  /** curveKey(config): what the points belong to. */
  key: string;
  /** Palette slot (stable while the curve lives: its colour does not change when others go). */
  slot: number;
  points: P[];
  /** BERs to measure (the sweep grid of its error model). */
  total: number;
  running: boolean;
  error?: string;
}

/** The curve settings of a configuration. */
export function curveConfigOf(c: CurveConfig): CurveConfig {
  const out = {} as Record<CurveField, unknown>;
  for (const f of CURVE_FIELDS) out[f] = c[f];
  return out as CurveConfig;
}

/** What the accuracy-vs-BER curve depends on (not the knobs: moving a slider keeps the curve). */
export function curveKey(c: CurveConfig | ExplorerConfig): string {
  return [
    c.modelId,
    c.format,
    c.em,
    c.em === 1 || c.em === 2 ? c.weakFraction : '',
    c.em === 3 ? c.oneToZeroShare : '',
    c.target,
    c.correction,
    c.trials,
    c.samples,
    c.moduleSeed,
    c.trialSeed,
  ].join('|');
}

/** Fields whose value matters for this config (error-model parameters only for their model). */
function relevant(c: CurveConfig, f: CurveField): boolean {
  if (f === 'weakFraction') return c.em === 1 || c.em === 2;
  if (f === 'oneToZeroShare') return c.em === 3;
  return true;
}

const EM_NAMES: Record<ErrorModelId, string> = {
  0: 'uniform',
  1: 'wordline',
  2: 'bitline',
  3: 'bit-value',
};

function describeField(c: CurveConfig, f: CurveField): string {
  switch (f) {
    case 'modelId':
      return c.modelId;
    case 'format':
      return c.format;
    case 'em':
      return `EM${c.em} ${EM_NAMES[c.em]}`;
    case 'weakFraction':
      return `${Math.round(c.weakFraction * 100)} % weak`;
    case 'oneToZeroShare':
      return `${Math.round(c.oneToZeroShare * 100)} % 1→0`;
    case 'target':
      return `errors in ${c.target}`;
    case 'correction':
      return `correction ${c.correction}`;
    case 'trials':
      return `${c.trials} trials`;
    case 'samples':
      return `${c.samples} images`;
    case 'moduleSeed':
      return `module seed ${c.moduleSeed}`;
    case 'trialSeed':
      return `trial seed ${c.trialSeed}`;
  }
}

/**
 * Legend labels: each curve named by the settings that differ among the curves shown (so a
 * compare set over error models reads "EM0 uniform", "EM1 wordline · 10 % weak", …).
 * `configs[0]` is the current curve. Identical settings get "same settings".
 */
export function curveLabels(configs: readonly CurveConfig[]): string[] {
  const varying = CURVE_FIELDS.filter((f) =>
    configs.some(
      (c) =>
        relevant(c, f) !== relevant(configs[0], f) ||
        (relevant(c, f) && describeField(c, f) !== describeField(configs[0], f)),
    ),
  );
  return configs.map((c) => {
    const parts = varying.filter((f) => relevant(c, f)).map((f) => describeField(c, f));
    return parts.length ? parts.join(' · ') : 'same settings';
  });
}

/** Number of palette slots for extra curves (src/ui/theme.ts `series`). */
export const CURVE_SLOTS = 8;

function freeSlot(curves: readonly ExtraCurve[]): number {
  const used = new Set(curves.map((c) => c.slot));
  for (let s = 0; s < CURVE_SLOTS; s++) if (!used.has(s)) return s;
  return curves.length % CURVE_SLOTS;
}

let nextId = 1;

/**
 * `curves` with one more curve for `config` (unless one with the same settings is already
 * there, or it is the current curve's `currentKey`, whose points are shown already). `points`
 * seeds it (e.g. the current curve's points when pinning it).
 */
export function withCurve<P extends SweepPointLike>(
  curves: readonly ExtraCurve<P>[],
  kind: ExtraCurveKind,
  config: CurveConfig,
  total: number,
  points: P[] = [],
): ExtraCurve<P>[] {
  const key = curveKey(config);
  if (curves.some((c) => c.key === key)) return [...curves];
  return [
    ...curves,
    {
      id: `${kind}-${nextId++}`,
      kind,
      config: curveConfigOf(config),
      key,
      slot: freeSlot(curves),
      points: [...points],
      total,
      running: false,
    },
  ];
}

/** A compare set: the current settings with each error model (0–3) or each storage format. */
export type CompareDimension = 'em' | 'format';

export function compareConfigs(c: CurveConfig, dim: CompareDimension): CurveConfig[] {
  if (dim === 'em') return ([0, 1, 2, 3] as const).map((em) => ({ ...curveConfigOf(c), em }));
  return FORMATS.map((format) => ({ ...curveConfigOf(c), format }));
}

/** Log-spaced BERs of the accuracy curve (1-3-10 per decade, 1e-6 … 0.3), plus 0 (the clean point). */
export const SWEEP_BERS: readonly number[] = [
  0, 1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 2e-2, 5e-2, 1e-1, 2e-1, 3e-1,
];

/** The BERs an error model can produce: models 1/2 cannot exceed their weak fraction (docs/design.md §1). */
export function sweepBers(c: Pick<CurveConfig, 'em' | 'weakFraction'>): number[] {
  const max = c.em === 1 || c.em === 2 ? c.weakFraction : 1;
  return SWEEP_BERS.filter((b) => b <= max);
}

/**
 * A curve's missing BERs out of its grid `bers`: not measured, or measured only on a first
 * phase's images (`final: false`) by a sweep that was interrupted before refining it.
 */
export function missingBers(curve: { points: readonly SweepPointLike[] }, bers: readonly number[]) {
  const have = new Set(curve.points.filter((p) => p.final !== false).map((p) => p.ber));
  return bers.filter((b) => !have.has(b));
}

/** `points` with `point` added (replacing one at the same BER), sorted by BER. */
export function withPoint<P extends SweepPointLike>(points: readonly P[], point: P): P[] {
  return [...points.filter((p) => p.ber !== point.ber), point].sort((a, b) => a.ber - b.ber);
}
