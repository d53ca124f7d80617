/**
 * Knobs → BER (docs/dram-model.md §2). Each knob has a monotone curve of points; between
 * points BER is interpolated linearly in log(BER) (exponential in the knob, the shape
 * reduced-voltage and reduced-latency error rates show), and linearly from a zero-BER point.
 * Both knobs lowered together act as independent error sources: 1 − (1 − b_v)(1 − b_t).
 */
import type { ErrorModelSpec } from '../types';
import {
  type BerPoint,
  type DramProfile,
  type Knob,
  KNOB_LABELS,
  KNOB_UNITS as UNITS,
  knobSteps,
} from './profile';

/** BER of one curve at `delta` (≤ 0). Throws outside the curve's range. */
export function interpolateBer(
  points: readonly BerPoint[],
  delta: number,
  knob: Knob = 'vdd',
): number {
  const eps = 1e-9;
  if (delta > eps)
    throw new RangeError(
      `${KNOB_LABELS[knob]} must be ≤ 0 (the knobs only lower it), got ${delta}`,
    );
  const last = points[points.length - 1];
  if (delta < last.delta - eps) {
    throw new RangeError(
      `${KNOB_LABELS[knob]} ${delta} ${UNITS[knob]} is beyond the profile's curve (down to ${last.delta} ${UNITS[knob]})`,
    );
  }
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (delta >= b.delta - eps) {
      if (Math.abs(delta - b.delta) <= eps) return b.ber;
      const f = (a.delta - delta) / (a.delta - b.delta);
      if (a.ber === b.ber) return a.ber;
      if (a.ber === 0) return f * b.ber;
      return Math.exp(Math.log(a.ber) + f * (Math.log(b.ber) - Math.log(a.ber)));
    }
  }
  return last.ber;
}

/** Combine independent error sources: a bit survives only if every source spares it. */
export function combineIndependent(...bers: number[]): number {
  return 1 - bers.reduce((keep, b) => keep * (1 - b), 1);
}

export interface Knobs {
  /** VDD change from nominal, volts, ≤ 0. */
  vddDelta: number;
  /** tRCD change from nominal, ns, ≤ 0. */
  trcdDelta: number;
}

/** BER of the module at these knob settings (both sources combined). */
export function berForKnobs(profile: DramProfile, knobs: Knobs): number {
  return combineIndependent(
    interpolateBer(profile.ber.vdd, knobs.vddDelta, 'vdd'),
    interpolateBer(profile.ber.trcd, knobs.trcdDelta, 'trcd'),
  );
}

export interface OperatingPoint {
  vdd: number;
  trcd: number;
  vddDelta: number;
  trcdDelta: number;
  /** BER from the voltage knob alone, from the latency knob alone, and combined. */
  berVdd: number;
  berTrcd: number;
  ber: number;
  /** The error model the module shows, ready for the error engine (`InjectOptions.errorModel`). */
  errorModel: ErrorModelSpec;
}

/** Everything the rest of the app needs to emulate the module at these knobs. */
export function operatingPoint(profile: DramProfile, knobs: Knobs): OperatingPoint {
  const berVdd = interpolateBer(profile.ber.vdd, knobs.vddDelta, 'vdd');
  const berTrcd = interpolateBer(profile.ber.trcd, knobs.trcdDelta, 'trcd');
  const { id, weakFraction, oneToZeroShare, persistent } = profile.errorModel;
  const errorModel: ErrorModelSpec = { id };
  if (weakFraction !== undefined) errorModel.weakFraction = weakFraction;
  if (oneToZeroShare !== undefined) errorModel.oneToZeroShare = oneToZeroShare;
  if (persistent !== undefined) errorModel.persistent = persistent;
  return {
    vdd: Number((profile.power.vdd + knobs.vddDelta).toFixed(6)),
    trcd: Number((profile.timing.tRCD_ns + knobs.trcdDelta).toFixed(6)),
    vddDelta: knobs.vddDelta,
    trcdDelta: knobs.trcdDelta,
    berVdd,
    berTrcd,
    ber: combineIndependent(berVdd, berTrcd),
    errorModel,
  };
}

export interface KnobStep {
  knob: Knob;
  /** Most aggressive grid delta whose BER ≤ the target (0 when none is). */
  delta: number;
  /** BER at that delta (the other knob at nominal). */
  ber: number;
}

/**
 * The inverse EDEN uses to pick an operating point: the largest reduction on the knob's grid
 * (the profile's, 0.01 V / 0.25 ns on the shipped ones; `step` overrides it, e.g.
 * EDEN_TABLE_GRID[knob] for the table check) whose BER, with the other knob at nominal, stays
 * at or below `maxBer`. Throws a RangeError for a negative or non-finite `maxBer`.
 */
export function largestStepForBer(
  profile: DramProfile,
  knob: Knob,
  maxBer: number,
  step?: number,
): KnobStep {
  if (!Number.isFinite(maxBer) || maxBer < 0)
    throw new RangeError(`max BER must be a number ≥ 0, got ${maxBer}`);
  let best: KnobStep = { knob, delta: 0, ber: interpolateBer(profile.ber[knob], 0, knob) };
  for (const delta of knobSteps(profile, knob, step)) {
    const ber = interpolateBer(profile.ber[knob], delta, knob);
    if (ber > maxBer * (1 + 1e-12)) break; // curves are monotone: nothing further down fits
    best = { knob, delta, ber };
  }
  return best;
}

export interface GridSetting extends Knobs {
  /** Combined BER of both knobs at this setting. */
  ber: number;
}

/**
 * The most aggressive grid setting of both knobs whose combined BER stays ≤ `maxBer`:
 * first the largest reduction of the `priority` knob (VDD saves energy, tRCD saves time),
 * then, at that step, the largest reduction of the other knob that still fits.
 */
export function mostAggressiveSetting(
  profile: DramProfile,
  maxBer: number,
  priority: Knob = 'vdd',
): GridSetting {
  const first = largestStepForBer(profile, priority, maxBer);
  const other: Knob = priority === 'vdd' ? 'trcd' : 'vdd';
  const firstBer = interpolateBer(profile.ber[priority], first.delta, priority);
  let best: GridSetting | null = null;
  for (const delta of knobSteps(profile, other)) {
    const ber = combineIndependent(firstBer, interpolateBer(profile.ber[other], delta, other));
    if (best && ber > maxBer * (1 + 1e-12)) break;
    const knobs =
      priority === 'vdd'
        ? { vddDelta: first.delta, trcdDelta: delta }
        : { vddDelta: delta, trcdDelta: first.delta };
    best = { ...knobs, ber };
  }
  return best!;
}

/** BER at every grid step of one knob (other knob nominal): the curve the UI plots. */
export function berOnGrid(profile: DramProfile, knob: Knob): { delta: number; ber: number }[] {
  return knobSteps(profile, knob).map((delta) => ({
    delta,
    ber: interpolateBer(profile.ber[knob], delta, knob),
  }));
}
