/**
 * The chart's series beside the current curve (boosted, pinned, compare sets): data key, legend
 * label (the settings that differ among the curves shown) and colour. Pure.
 */
import type { SweepPoint } from '../../contract/api';
import { curveLabels, type CurveConfig, type ExtraCurve } from '../../state/curves';
import type { ThemeColors } from '../theme';

export interface ChartSeries {
  /** Data key in the merged rows (mergeSeries). */
  key: string;
  id: string;
  kind: ExtraCurve['kind'];
  label: string;
  color: string;
  points: SweepPoint[];
}

export interface ChartCurves {
  /** Legend label of the current curve. */
  current: string;
  extras: ChartSeries[];
}

/** A curve with the current settings' key is the current curve itself: drawn once. */
export function chartSeries(
  current: CurveConfig,
  currentKey: string,
  curves: readonly ExtraCurve<SweepPoint>[],
  colors: Pick<ThemeColors, 'boosted' | 'series'>,
): ChartCurves {
  const shown = curves.filter((c) => c.key !== currentKey);
  if (!shown.length) return { current: 'current settings', extras: [] };
  const labels = curveLabels([current, ...shown.map((c) => c.config)]);
  return {
    current: `${labels[0]} (current)`,
    extras: shown.map((c, i) => ({
      key: `s${c.slot}`,
      id: c.id,
      kind: c.kind,
      label: c.kind === 'boosted' ? `boosted: ${labels[i + 1]}` : labels[i + 1],
      color: c.kind === 'boosted' ? colors.boosted : colors.series[c.slot % colors.series.length],
      points: c.points,
    })),
  };
}
