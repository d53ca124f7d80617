/** Pure helpers of the accuracy-vs-BER chart: merged series, interpolation, tolerable BER. */
import type { SweepPoint } from '../../contract/api';
import {
  curveTolerance,
  type CurveTolerance,
  type ToleranceWhy,
} from '../../core/eden/curveTolerance';
import { fmtBer, imagesTrials } from '../format';

/** One row per BER: each series' mean under its key and its 95 % band under `<key>Band`. */
export type ChartRow = { ber: number } & Record<string, number | [number, number] | undefined>;

/** One row per BER > 0 (the log axis cannot show 0; the clean point is drawn as a line). */
export function mergeSeries(
  series: readonly { key: string; points: readonly SweepPoint[] }[],
): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  for (const { key, points } of series)
    for (const p of points) {
      if (p.ber <= 0) continue;
      let r = rows.get(p.ber);
      if (!r) rows.set(p.ber, (r = { ber: p.ber }));
      r[key] = p.mean;
      r[`${key}Band`] = [p.lo, p.hi];
    }
  return [...rows.values()].sort((a, b) => a.ber - b.ber);
}

/** Accuracy at `ber` read off a measured curve by linear interpolation in log(BER); null outside it. */
export function interpolate(points: SweepPoint[], ber: number): number | null {
  const sorted = [...points].sort((a, b) => a.ber - b.ber);
  if (!sorted.length) return null;
  const exact = sorted.find((p) => p.ber === ber);
  if (exact) return exact.mean;
  if (ber <= 0) return null;
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (ber > a.ber && ber < b.ber) {
      if (a.ber <= 0) return b.mean; // below the first BER > 0 the curve is flat at best
      const t = (Math.log(ber) - Math.log(a.ber)) / (Math.log(b.ber) - Math.log(a.ber));
      return a.mean + t * (b.mean - a.mean);
    }
  }
  return null;
}

/**
 * Both readings of the curve's tolerable BER (issue #15 item 8): point estimate and the
 * conservative 95 % bound over trials, with the reason when one is missing, by the pipeline's
 * pass rule (src/core/eden/curveTolerance.ts). `clean`: the clean accuracy on the curve's
 * images (null while pending: no reading); `drop`: the allowed drop (fraction).
 */
export function tolerable(
  points: readonly SweepPoint[],
  clean: number | null,
  drop: number,
): CurveTolerance {
  if (clean === null) return { point: null, bound: null, why: null };
  return curveTolerance(points, clean - drop, clean);
}

const pts = (x: number) => `${(100 * x).toFixed(1)} pt`;

/** One line on why a tolerable-BER reading is missing or the bound sits below the point estimate. */
export function toleranceWhy(why: ToleranceWhy | null, drop: number): string | null {
  if (!why) return null;
  switch (why.kind) {
    case 'no-points':
      return 'no BER above 0 measured yet';
    case 'below-smallest':
      return `below the smallest swept BER ${fmtBer(why.ber)}: it already costs ${pts(why.drop)} (target ${pts(drop)})`;
    case 'one-trial':
      return 'one trial gives no interval over trials: use 2 or more trials for the conservative reading';
    case 'interval-too-wide':
      return `at ${fmtBer(why.ber)} the 95 % interval over ${imagesTrials(why.samples, why.trials)} is ±${pts(why.halfWidth)}, wider than its ${pts(Math.max(0, why.margin))} margin to the target: raise trials or images`;
  }
}

/**
 * What a running sweep is doing (issue #15 item 7): measuring points on a first phase's images,
 * or refining the measured ones on all of them, with the image count of the phase.
 */
export function curveProgress(
  points: readonly { final?: boolean; samples: number }[],
  total: number,
  samples: number,
): string {
  const first = points.filter((p) => p.final === false);
  if (points.length < total)
    return `measuring ${points.length}/${total} points${first.length ? ` on ${Math.min(...first.map((p) => p.samples)).toLocaleString()} images` : ''}…`;
  const final = points.length - first.length;
  return `refining on ${samples.toLocaleString()} images: ${final}/${total} points final…`;
}

/** The curve's coarse tolerable BER as the panels that plan with it (SparkXD, modules, EDEN table, knob suggestions) use it. */
export interface CurveTolerableBer {
  /**
   * The conservative reading (largest swept BER whose 95 % lower bound over trials meets the
   * target: src/core/eden/curveTolerance.ts); with one trial per point, which gives no interval,
   * the point estimate instead (`reading` says which). null while pending or when none.
   */
  ber: number | null;
  reading: 'bound' | 'point' | null;
  /** The curve (or its clean point) is still being measured. */
  pending: boolean;
  /** One line on why `ber` is null or only the point estimate; null otherwise or while pending. */
  why: string | null;
}

/**
 * Why a panel that plans with the curve's tolerable BER has none, or which reading it uses, in
 * words after "tolerable BER": "" for the conservative bound.
 */
export function tolerableNote(t: CurveTolerableBer): string {
  if (t.pending) return 'waiting for the accuracy curve';
  if (t.reading === 'point') return ' (point estimate: one trial, no interval; 2+ trials bound it)';
  if (t.ber === null) return `none on this curve (${t.why ?? 'no swept BER meets the target'})`;
  return '';
}
