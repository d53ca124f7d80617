/** Pure helpers of the accuracy-vs-BER chart: merged series, interpolation, tolerable BER. */
import type { SweepPoint } from '../../contract/api';

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
 * The coarse tolerable BER read off a measured curve: the largest swept BER up to which every
 * point's lower 95 % bound stays ≥ `target` (EDEN §4: accounts for trial noise). null if none.
 * With `by: 'mean'` the point estimate instead: every point's mean ≥ `target`.
 */
export function tolerableBer(
  points: SweepPoint[],
  target: number,
  by: 'lo' | 'mean' = 'lo',
): number | null {
  let best: number | null = null;
  for (const p of [...points].sort((a, b) => a.ber - b.ber)) {
    if (p.ber <= 0) continue;
    if (p[by] < target) break;
    best = p.ber;
  }
  return best;
}

/** Both readings of the tolerable BER (issue #15 item 8): point estimate and 95 % bound. */
export interface Tolerable {
  /** Largest BER up to which the mean accuracy meets the target (null: none). */
  point: number | null;
  /** Largest BER up to which the 95 % lower bound meets it (the conservative reading). */
  bound: number | null;
}

export function tolerable(points: SweepPoint[], target: number | null): Tolerable {
  if (target === null) return { point: null, bound: null };
  return { point: tolerableBer(points, target, 'mean'), bound: tolerableBer(points, target) };
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
