/**
 * Accuracy vs bit error rate (issue #7 item 2): log-BER axis, 95 % bands, clean (and boosted)
 * curves streaming in, the operating point that follows the knobs, the target line and the
 * coarse tolerable BER read off the measured curve.
 */
import { useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useExplorer } from '../../state/appStore';
import { fmtBer, fmtPct, imagesTrials } from '../format';
import { useCleanAccuracy, useOperatingBer } from '../hooks';
import { useThemeColors } from '../theme';
import { curveProgress, interpolate, mergeSeries, tolerable as tolerableOf } from './curve';
import { chartSeries } from './series';
import { curveConfigOf, curveKey } from '../../state/curves';
import { CompareBar } from './CompareBar';
import { ExportButtons } from './ExportButtons';
import { ChartLabels, POINT_RADIUS } from './ChartLabels';

const BER_DOMAIN: [number, number] = [1e-6, 0.3];
const TICKS = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];
const MARGIN = { top: 12, right: 24, bottom: 22, left: 4 };

/**
 * Presentation mode: the chart's height so that it ends above the fold of the window, whatever
 * the knobs and cards above it take (issue #15 item 4); at least 240 px. null otherwise.
 */
function useFoldHeight(wrap: RefObject<HTMLDivElement | null>, on: boolean): number | null {
  const [height, setHeight] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = wrap.current;
    if (!on || !el) return;
    const fit = () => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      setHeight(Math.max(240, Math.floor(window.innerHeight - top - 12)));
    };
    // A ResizeObserver reports once when it starts observing: that is the first fit.
    const ro = new ResizeObserver(fit);
    for (const e of [document.querySelector('.app'), document.querySelector('.hero')])
      if (e) ro.observe(e);
    window.addEventListener('resize', fit);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', fit);
    };
  }, [wrap, on]);
  return on ? height : null;
}

export function BerChart() {
  const clean = useExplorer((s) => s.clean);
  const curves = useExplorer((s) => s.curves);
  const config = useExplorer((s) => s.config);
  const estimate = useExplorer((s) => s.estimate);
  const drop = useExplorer((s) => s.config.targetDrop);
  const engine = useExplorer((s) => s.engine);
  const ber = useOperatingBer();
  const cleanAcc = useCleanAccuracy();
  const colors = useThemeColors();
  const wrap = useRef<HTMLDivElement>(null);
  const present = useExplorer((s) => s.config.present);
  const fitHeight = useFoldHeight(wrap, present);

  // The curves beside the current one, each in its own colour (an identical one hides behind it).
  const cleanKey = curveKey(config);
  const curveConfig = useMemo(() => curveConfigOf(config), [cleanKey]); // eslint-disable-line react-hooks/exhaustive-deps -- the knobs do not change the series
  const { current: currentLabel, extras: series } = useMemo(
    () => chartSeries(curveConfig, cleanKey, curves, colors),
    [curveConfig, cleanKey, curves, colors],
  );
  // Memoized: a slider step must not hand recharts new data (only the marker moves).
  const rows = useMemo(
    () => mergeSeries([{ key: 'clean', points: clean.points }, ...series]),
    [clean.points, series],
  );
  const target = cleanAcc.value === null ? null : cleanAcc.value - drop;
  // The conservative reading (95 % lower bound) is the line; the panel below gives both.
  const tolerable = tolerableOf(clean.points, cleanAcc.value, drop).bound;
  const boosted = series.find((c) => c.kind === 'boosted');
  const tolerableBoosted = boosted ? tolerableOf(boosted.points, cleanAcc.value, drop).bound : null;
  const measured = estimate && ber !== null && estimate.ber === ber ? estimate.mean : null;
  const pointAcc = measured ?? (ber !== null ? interpolate(clean.points, ber) : null);
  const pointX = ber === null ? null : Math.min(BER_DOMAIN[1], Math.max(BER_DOMAIN[0], ber));

  const status = clean.error
    ? `sweep failed: ${clean.error}`
    : clean.running
      ? curveProgress(clean.points, clean.total, config.samples)
      : engine === 'missing'
        ? 'no inference engine in this build'
        : `${clean.points.length} points · ${imagesTrials(config.samples, config.trials)}`;

  return (
    <section className="panel" aria-label="Accuracy versus bit error rate" data-tour="chart">
      <h2>
        Accuracy vs bit error rate
        <span className="sub" data-testid="curve-status">
          {status}
        </span>
      </h2>
      {clean.running ? (
        <div className="progress" aria-hidden="true">
          <div style={{ width: `${clean.total ? (100 * clean.done) / clean.total : 0}%` }} />
        </div>
      ) : null}
      <div
        className="chart-wrap"
        data-testid="ber-chart"
        data-points={clean.points.length}
        data-running={String(clean.running)}
        data-curves={1 + series.length}
        data-operating-ber={ber === null ? '' : String(ber)}
        ref={wrap}
        style={fitHeight === null ? undefined : { height: fitHeight }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} margin={MARGIN}>
            <CartesianGrid stroke={colors.line} strokeDasharray="3 3" />
            <XAxis
              dataKey="ber"
              type="number"
              scale="log"
              domain={BER_DOMAIN}
              ticks={TICKS}
              allowDataOverflow
              tickFormatter={(v: number) => fmtBer(v)}
              stroke={colors.muted}
              label={{
                value: 'bit error rate (log scale)',
                position: 'insideBottom',
                offset: -12,
                fill: colors.muted,
              }}
            />
            <YAxis
              domain={[0, 1]}
              tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
              stroke={colors.muted}
              width={present ? 72 : 52}
            />
            <Tooltip
              formatter={(v, name) =>
                (Array.isArray(v)
                  ? v.map((x) => fmtPct(Number(x))).join(' – ')
                  : fmtPct(Number(v))) + (name ? '' : '')
              }
              labelFormatter={(v) => `BER ${fmtBer(Number(v))}`}
              contentStyle={{
                background: colors.panel,
                borderColor: colors.line,
                color: colors.ink,
              }}
            />
            <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 6 }} />
            <Area
              dataKey="cleanBand"
              name={`${currentLabel}, 95 % CI`}
              legendType="none"
              stroke="none"
              fill={colors.clean}
              fillOpacity={series.length ? 0.14 : 0.18}
              isAnimationActive={false}
              connectNulls
            />
            <Line
              className="curve-current"
              dataKey="clean"
              name={currentLabel}
              stroke={colors.clean}
              strokeWidth={3}
              dot={{ r: 3 }}
              isAnimationActive={false}
              connectNulls
            />
            {series.flatMap((c) => [
              <Area
                key={`${c.key}-band`}
                dataKey={`${c.key}Band`}
                name={`${c.label}, 95 % CI`}
                legendType="none"
                stroke="none"
                fill={c.color}
                fillOpacity={0.14}
                isAnimationActive={false}
                connectNulls
              />,
              <Line
                key={c.key}
                className={`curve-${c.kind}`}
                dataKey={c.key}
                name={c.label}
                stroke={c.color}
                strokeWidth={c.kind === 'boosted' ? 3 : 2}
                strokeDasharray={c.kind === 'boosted' ? undefined : '7 3'}
                dot={{ r: 3 }}
                isAnimationActive={false}
                connectNulls
              />,
            ])}
            {target !== null ? (
              <ReferenceLine
                y={target}
                stroke={colors.bad}
                strokeDasharray="6 4"
                className="ref-target"
              />
            ) : null}
            {tolerable !== null ? (
              <ReferenceLine
                x={tolerable}
                stroke={colors.clean}
                strokeDasharray="2 3"
                className="ref-tolerable"
              />
            ) : null}
            {tolerableBoosted !== null ? (
              <ReferenceLine
                x={tolerableBoosted}
                stroke={colors.boosted}
                strokeDasharray="2 3"
                className="ref-tolerable"
              />
            ) : null}
            {pointX !== null ? (
              <ReferenceLine
                x={pointX}
                stroke={colors.ink}
                strokeOpacity={0.35}
                className="ref-operating"
              />
            ) : null}
            {pointX !== null && pointAcc !== null ? (
              <ReferenceDot
                x={pointX}
                y={pointAcc}
                r={9}
                ifOverflow="visible"
                shape={(p: { cx?: number; cy?: number }) => (
                  <g
                    data-testid="operating-point"
                    data-ber={String(ber)}
                    data-measured={String(measured !== null)}
                  >
                    <circle
                      cx={p.cx}
                      cy={p.cy}
                      r={POINT_RADIUS}
                      fill={colors.ink}
                      fillOpacity={measured !== null ? 1 : 0.35}
                    />
                    <circle cx={p.cx} cy={p.cy} r={5} fill={colors.panel} />
                  </g>
                )}
              />
            ) : null}
            <ChartLabels
              curves={[clean.points, ...series.map((c) => c.points)]}
              target={target}
              tolerable={[
                ...(tolerable !== null
                  ? [
                      {
                        ber: tolerable,
                        color: colors.clean,
                        text: `tolerable ${fmtBer(tolerable)}`,
                      },
                    ]
                  : []),
                ...(tolerableBoosted !== null
                  ? [
                      {
                        ber: tolerableBoosted,
                        color: colors.boosted,
                        text: `boosted: tolerable ${fmtBer(tolerableBoosted)}`,
                      },
                    ]
                  : []),
              ]}
              point={
                ber === null || pointX === null ? null : { ber, x: pointX, accuracy: pointAcc }
              }
              domain={BER_DOMAIN}
              marginTop={MARGIN.top}
              colors={colors}
              fontKey={String(present)}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div className="legend" style={{ justifyContent: 'space-between' }}>
        <span>
          ● operating point (from the knobs)
          {measured === null && pointAcc !== null ? ' — read off the curve until measured' : ''}.
          {tolerable !== null
            ? ' Dotted line: tolerable BER, conservative (95 % lower bound over trials meets the target).'
            : ''}
        </span>
        <ExportButtons chart={wrap} />
      </div>
      <CompareBar />
    </section>
  );
}
