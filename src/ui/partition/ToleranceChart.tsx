/**
 * The fine characterization behind the map: the tolerable BER of each data type (weights /
 * IFM / OFM per layer) as bars on a log axis, with the coarse tolerable BER (one BER for all
 * data) as a line across, as in EDEN's ResNet-50 figure (coarse 2 %, per layer 2–13 %).
 * Clicking a bar highlights that data type on the partition map.
 */
import type { DataKind } from '../../core/types';
import { fmtBer } from '../format';
import { useThemeColors } from '../theme';
import { KIND_FILL } from './layout';

const W = 900;
const H = 220;
const LEFT = 56;
const BOTTOM = 64;
const TOP = 12;

export interface ToleranceBar {
  id: string;
  kind: DataKind;
  tolerableBer: number;
}

/** Log-axis bounds covering the bars and the coarse line: whole decades. */
export function berAxis(values: readonly number[]): { lo: number; hi: number } {
  const pos = values.filter((v) => v > 0);
  if (!pos.length) return { lo: -6, hi: -1 };
  const lo = Math.floor(Math.log10(Math.min(...pos)) - 1e-9);
  const hi = Math.ceil(Math.log10(Math.max(...pos)) + 1e-9);
  return { lo: Math.min(lo, hi - 1), hi };
}

export function ToleranceChart(props: {
  bars: ToleranceBar[];
  coarse: number | null;
  highlight: string | null;
  onSelect: (id: string | null) => void;
}) {
  const { bars, coarse, highlight, onSelect } = props;
  const colors = useThemeColors();
  const { lo, hi } = berAxis([...bars.map((b) => b.tolerableBer), coarse ?? 0]);
  const y = (ber: number) =>
    TOP + (H - TOP - BOTTOM) * (1 - (Math.log10(Math.max(ber, 10 ** lo)) - lo) / (hi - lo));
  const step = (W - LEFT - 8) / Math.max(1, bars.length);
  const bw = Math.max(4, step * 0.7);
  const decades = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  return (
    <figure className="tolerance-chart">
      <figcaption>
        Fine characterization: tolerable BER of each data type
        {coarse !== null
          ? ` (dashed: coarse, one BER for all data, ${fmtBer(coarse)}, searched between the curve's points)`
          : ''}
        . Click a bar to find the data type on the map.
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={`Tolerable BER of ${bars.length} data types`}
        data-testid="tolerance-chart"
        data-bars={bars.length}
      >
        {decades.map((d) => (
          <g key={d}>
            <line x1={LEFT} x2={W} y1={y(10 ** d)} y2={y(10 ** d)} stroke={colors.line} />
            <text
              x={LEFT - 6}
              y={y(10 ** d) + 4}
              textAnchor="end"
              fontSize={12}
              fill={colors.muted}
            >
              1e{d}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const x = LEFT + i * step + (step - bw) / 2;
          const top = y(b.tolerableBer);
          const on = highlight === b.id;
          return (
            <g key={b.id}>
              <rect
                data-id={b.id}
                data-testid="tolerance-bar"
                x={x}
                y={top}
                width={bw}
                height={Math.max(1, H - BOTTOM - top)}
                fill={KIND_FILL[b.kind]}
                fillOpacity={highlight && !on ? 0.35 : 1}
                stroke={on ? colors.ink : 'none'}
                strokeWidth={on ? 2 : 0}
                tabIndex={0}
                role="button"
                aria-pressed={on}
                aria-label={`${b.id}: tolerable BER ${fmtBer(b.tolerableBer)}`}
                style={{ cursor: 'pointer' }}
                onClick={() => onSelect(on ? null : b.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onSelect(on ? null : b.id);
                  }
                }}
              >
                <title>{`${b.id}: ${fmtBer(b.tolerableBer)}`}</title>
              </rect>
              <text
                x={x + bw / 2}
                y={H - BOTTOM + 8}
                fontSize={11}
                fill={colors.ink}
                textAnchor="end"
                transform={`rotate(-40 ${x + bw / 2} ${H - BOTTOM + 8})`}
              >
                {b.id}
              </text>
            </g>
          );
        })}
        {coarse !== null && coarse > 0 ? (
          <g data-testid="tolerance-coarse">
            <line
              x1={LEFT}
              x2={W}
              y1={y(coarse)}
              y2={y(coarse)}
              stroke={colors.ink}
              strokeDasharray="6 4"
              strokeWidth={1.5}
            />
            <text x={W - 4} y={y(coarse) - 4} textAnchor="end" fontSize={12} fill={colors.ink}>
              coarse {fmtBer(coarse)}
            </text>
          </g>
        ) : null}
      </svg>
    </figure>
  );
}
