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
 */
export function tolerableBer(points: SweepPoint[], target: number): number | null {
  let best: number | null = null;
  for (const p of [...points].sort((a, b) => a.ber - b.ber)) {
    if (p.ber <= 0) continue;
    if (p.lo < target) break;
    best = p.ber;
  }
  return best;
}
