/**
 * SparkXD for a spiking network (Putra et al., DATE 2021; src/core/sparkxd): where each
 * layer's weights lie in the DRAM banks under the naive placement and under SparkXD's (fill a
 * row, then the same row in the next bank), and the energy split between the mapping saving
 * and the voltage saving at the VDD step the curve's tolerable BER allows — the figures of
 * `eden map --model <snn> --policy both --ber <p> --buffer-kib 32 --profile <id>`.
 */
import { DEFAULT_BUFFER_BYTES } from '../../core/sparkxd/report';
import type { Placement } from '../../core/sparkxd/mapping';
import type { ZooEntry } from '../../core/models/zoo';
import type { ExplorerConfig } from '../../state/config';
import { dramPort } from '../dram/adapter';
import { fmtBer, fmtDelta, fmtPct } from '../format';
import { useCurveTolerableBer } from '../hooks';
import { tolerableNote } from '../chart/curve';
import { useThemeColors } from '../theme';

const LAYER_FILL = ['#1f6feb', '#c2410c', '#15803d', '#7c3aed', '#0891b2', '#6b7280'];

function BankStrip(props: { title: string; placement: Placement[]; rows: number }) {
  const { title, placement, rows } = props;
  const colors = useThemeColors();
  const banks = placement[0]?.banks.length ?? 0;
  const W = 420;
  const H = 150;
  const bw = (W - 40) / Math.max(1, banks);
  const rh = (H - 36) / Math.max(1, rows);
  return (
    <figure className="sparkxd-strip">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={`${title}: weights by bank and row`}
        data-testid="sparkxd-placement"
        data-banks-used={
          new Set(placement.flatMap((p) => p.banks.flatMap((b, i) => (b ? [i] : [])))).size
        }
      >
        {Array.from({ length: banks }, (_, b) => (
          <g key={b}>
            <rect
              x={36 + b * bw}
              y={8}
              width={bw - 4}
              height={H - 36}
              fill="none"
              stroke={colors.line}
            />
            <text
              x={36 + b * bw + bw / 2 - 2}
              y={H - 12}
              fontSize={11}
              textAnchor="middle"
              fill={colors.muted}
            >
              bank {b}
            </text>
          </g>
        ))}
        <text x={4} y={16} fontSize={11} fill={colors.muted}>
          row 0
        </text>
        <text x={4} y={H - 30} fontSize={11} fill={colors.muted}>
          {rows - 1}
        </text>
        {placement.map((p, k) =>
          p.banks.map((r, b) =>
            r ? (
              <rect
                key={`${p.id}-${b}`}
                x={36 + b * bw}
                y={8 + r.first * rh}
                width={bw - 4}
                height={Math.max(2, (r.last - r.first + 1) * rh)}
                fill={LAYER_FILL[k % LAYER_FILL.length]}
                fillOpacity={0.8}
              >
                <title>{`${p.id}: bank ${b}, rows ${r.first}–${r.last}`}</title>
              </rect>
            ) : null,
          ),
        )}
      </svg>
    </figure>
  );
}

export function SparkxdView(props: { entry: ZooEntry; config: ExplorerConfig }) {
  const { entry, config } = props;
  const curve = useCurveTolerableBer();
  const tol = curve.ber;
  if (tol === null)
    return (
      <p className="note" data-testid="sparkxd">
        SparkXD: tolerable BER {tolerableNote(curve)} (it sets the voltage step).
      </p>
    );
  let r;
  try {
    r = dramPort.sparkxd(config.profileId, entry, config.format, DEFAULT_BUFFER_BYTES, tol);
  } catch (e) {
    return <p className="note">SparkXD: {(e as Error).message}</p>;
  }
  const { report, placement } = r;
  const rows =
    1 +
    Math.max(
      0,
      ...[...placement.naive, ...placement.sparkxd].flatMap((p) =>
        p.banks.map((b) => (b ? b.last : 0)),
      ),
    );
  const s = report.savings;
  return (
    <div className="sparkxd" data-testid="sparkxd">
      <h3>SparkXD: where the SNN&apos;s weights lie, and what the mapping saves</h3>
      <div className="sparkxd-strips">
        <BankStrip
          title={`naive: row-major, one bank (row hits ${fmtPct(report.naive.rowHitRate)})`}
          placement={placement.naive}
          rows={rows}
        />
        <BankStrip
          title={`SparkXD: a row, then the same row in the next bank (row hits ${fmtPct(report.sparkxd.rowHitRate)})`}
          placement={placement.sparkxd}
          rows={rows}
        />
      </div>
      <div className="legend">
        {placement.sparkxd.map((p, k) => (
          <span key={p.id}>
            <i style={{ background: LAYER_FILL[k % LAYER_FILL.length] }} />
            {p.id}
          </span>
        ))}
      </div>
      <p data-testid="sparkxd-split">
        DRAM energy of the weight reads, against the naive placement at nominal VDD (
        {DEFAULT_BUFFER_BYTES / 1024} KiB weight buffer, tolerable BER {fmtBer(tol)}
        {tolerableNote(curve)} → {fmtDelta(report.vdd.delta, 'V')}): mapping saves{' '}
        <strong>{fmtPct(s.mapping)}</strong>, the voltage <strong>{fmtPct(s.voltage)}</strong>,
        together <strong data-testid="sparkxd-combined">{fmtPct(s.combined)}</strong> (the voltage
        alone on the naive placement: {fmtPct(s.voltageOnNaive)}). Same figures:{' '}
        <code>
          eden map --model {entry.id} --format {config.format} --policy both --ber{' '}
          {tol.toExponential(2)} --profile {config.profileId}
        </code>
      </p>
    </div>
  );
}
