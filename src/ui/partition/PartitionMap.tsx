/**
 * The DRAM module as partitions coloured by BER, labelled with VDD/tRCD, with the model's data
 * types (weights / IFM / OFM per layer) placed in them and sized by bytes (issue #7 item 3).
 * Coarse = one partition at the knobs' setting; fine = the EDEN pipeline's map. Switching
 * animates the blocks from one layout to the other (CSS transitions on their geometry).
 */
import { Term } from '../glossary';
import { useMemo, useRef, useState, type CSSProperties } from 'react';
import { explorerStore, useExplorer } from '../../state/appStore';
import { MAX_PARTITIONS } from '../../state/config';
import { runMap } from '../runs/pipelineActions';
import { mapMatchesPage, pageCharacterization } from '../savings/compute';
import { MapResult } from './MapResult';
import { ModuleSpread } from './ModuleSpread';
import { SparkxdView } from './SparkxdView';
import { ToleranceChart } from './ToleranceChart';
import './partition.css';
import { fmtBer, fmtBytes, fmtDelta } from '../format';
import { useCurveTolerableBer, useModelEntry, useOperatingBer } from '../hooks';
import { useThemeColors } from '../theme';
import { ExportViewButtons } from '../export/ExportViewButtons';
import {
  berColor,
  KIND_FILL,
  layoutMap,
  mapHeight,
  partitionLabel,
  type MapPartition,
  type PlacedDataType,
} from './layout';

const W = 900;

export function PartitionMap() {
  const entry = useModelEntry();
  const models = useExplorer((s) => s.models);
  const config = useExplorer((s) => s.config);
  // The stored fine map only while it belongs to the page's settings (another model's map after
  // a model switch is not this model's partition map).
  const fine = useExplorer((s) => (mapMatchesPage(s) ? s.fineMap : null));
  const ber = useOperatingBer();
  const colors = useThemeColors();
  const [hover, setHover] = useState<{ d: PlacedDataType; x: number; y: number } | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const report = useExplorer((s) => s.mapReport);
  // The fine characterization only while it belongs to the page's settings (same rule).
  const characterization = useExplorer(pageCharacterization);
  const profile = useExplorer((s) => s.profile);
  const curve = useCurveTolerableBer();
  const busy = useExplorer((s) => !!s.pipelineRun?.running || s.engine !== 'ready');
  const view = useRef<HTMLElement>(null);

  const parts: MapPartition[] = useMemo(() => {
    if (config.mapping === 'fine' && fine) return fine;
    return [
      {
        label: 'whole module',
        vddDelta: config.vddDelta,
        trcdDelta: config.trcdDelta,
        ber: ber ?? 0,
        dataTypes: (entry?.dataTypes ?? []).map((d) => ({
          id: d.id,
          layer: d.layer,
          kind: d.kind,
          bytes: d.bytes[config.format],
        })),
      },
    ];
  }, [config.mapping, config.vddDelta, config.trcdDelta, config.format, fine, ber, entry]);
  const H = mapHeight(parts.length);
  const layout = layoutMap(parts, W, H);
  const labelFmt = {
    vdd: (v: number) => fmtDelta(v, 'V'),
    trcd: (v: number) => fmtDelta(v, 'ns'),
    ber: fmtBer,
  };
  const total = layout.partitions.reduce((s, p) => s + p.bytes, 0);

  return (
    <section className="panel" aria-label="Partition map" data-tour="map" ref={view}>
      <h2>
        Where the data lives in DRAM
        <ExportViewButtons target={view} view="map" title="the partition map" />
        <span className="toolbar" role="radiogroup" aria-label="Mapping" data-export="skip">
          {(['coarse', 'fine'] as const).map((m) => (
            <label
              key={m}
              className="badge"
              title={
                m === 'fine' && !fine
                  ? report
                    ? 'The last Map run was measured with other settings: run “Map” again'
                    : 'Run “Map” in the runs panel first'
                  : undefined
              }
            >
              <input
                type="radio"
                name="mapping"
                value={m}
                checked={config.mapping === m}
                disabled={m === 'fine' && !fine}
                onChange={() => explorerStore.getState().update({ mapping: m })}
              />{' '}
              {m}
            </label>
          ))}
        </span>
      </h2>
      <div className="toolbar map-run" data-export="skip">
        <label className="badge">
          partitions{' '}
          <select
            data-testid="map-partitions"
            value={config.partitions}
            onChange={(e) =>
              explorerStore.getState().update({ partitions: Number(e.currentTarget.value) })
            }
          >
            {Array.from({ length: MAX_PARTITIONS }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="map-run"
          disabled={busy || !!entry?.unavailable?.map}
          title={
            entry?.unavailable?.map ??
            'Fine characterization, then the greedy map onto this many partitions, validated (runs in the worker; progress in the EDEN panel)'
          }
          onClick={() => void runMap(config.partitions)}
        >
          Map
        </button>
      </div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={`Partition map: ${parts.length} partition(s), ${layout.blocks.length} data types, ${fmtBytes(total)} in ${config.format}`}
        data-testid="partition-map"
        data-partitions={parts.length}
        data-blocks={layout.blocks.length}
        onMouseLeave={() => setHover(null)}
      >
        {layout.partitions.map((p, i) => (
          <g key={`p${i}`}>
            <rect
              x={p.x}
              y={p.y}
              width={p.w}
              height={p.h}
              rx={8}
              fill={berColor(p.ber)}
              fillOpacity={0.22}
              stroke={berColor(p.ber)}
              strokeWidth={2}
              style={{ transition: 'y 0.6s ease, height 0.6s ease' }}
            />
            <title>
              {`${p.label}: VDD ${fmtDelta(p.vddDelta, 'V')}, tRCD ${fmtDelta(p.trcdDelta, 'ns')}, BER ${fmtBer(p.ber)}, ${fmtBytes(p.bytes)}`}
            </title>
            {partitionLabel(p, labelFmt).map((l) => (
              <text
                key={l.dy}
                x={10}
                y={p.y + l.dy}
                fill={colors.ink}
                fontWeight={l.bold ? 700 : undefined}
                fontSize={l.bold ? 15 : 13}
                data-testid={l.bold ? 'partition-label' : undefined}
              >
                {l.text}
              </text>
            ))}
          </g>
        ))}
        {layout.blocks.map((d) => (
          <rect
            key={d.id}
            data-id={d.id}
            tabIndex={0}
            aria-label={`${d.id}: ${fmtBytes(d.bytes)}`}
            data-highlight={highlight === d.id || undefined}
            fill={KIND_FILL[d.kind]}
            fillOpacity={highlight && highlight !== d.id ? 0.35 : 1}
            stroke={highlight === d.id ? colors.ink : colors.panel}
            strokeWidth={highlight === d.id ? 3 : 1}
            onClick={() => setHighlight(highlight === d.id ? null : d.id)}
            style={
              {
                x: d.x,
                y: d.y,
                width: d.w,
                height: d.h,
                transition: 'x 0.6s ease, y 0.6s ease, width 0.6s ease, height 0.6s ease',
              } as CSSProperties
            }
            onMouseMove={(e) => setHover({ d, x: e.clientX, y: e.clientY })}
            onFocus={(e) => {
              const r = e.currentTarget.getBoundingClientRect();
              setHover({ d, x: r.left, y: r.bottom });
            }}
            onBlur={() => setHover(null)}
          />
        ))}
        {!entry ? (
          <text x={W / 2} y={H / 2} textAnchor="middle" fill={colors.muted}>
            model data types appear when the built-in models are loaded
          </text>
        ) : null}
      </svg>
      <div className="legend">
        <span>
          <i style={{ background: KIND_FILL.weights }} />
          weights
        </span>
        <span>
          <i style={{ background: KIND_FILL.ifm }} />
          input feature maps (<Term id="ifm">ifm</Term>)
        </span>
        <span>
          <i style={{ background: KIND_FILL.ofm }} />
          output feature maps (<Term id="ofm">ofm</Term>)
        </span>
        <span>
          width ∝ bytes · {fmtBytes(total)} per inference in {config.format} · partition colour =
          BER (green 0 → red 10 %)
        </span>
      </div>
      {hover ? (
        <div className="tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }} role="tooltip">
          <strong>{hover.d.id}</strong>
          <br />
          {fmtBytes(hover.d.bytes)} in {config.format} · partition {parts[hover.d.partition]?.label}
          <br />
          tolerable BER (fine characterization):{' '}
          {hover.d.tolerableBer !== undefined
            ? fmtBer(hover.d.tolerableBer)
            : 'not characterized yet (run Characterize → fine)'}
        </div>
      ) : null}
      {report ? (
        <MapResult
          report={report}
          current={fine !== null}
          models={models}
          config={config}
          highlight={highlight}
          onHighlight={setHighlight}
        />
      ) : null}
      {entry?.family === 'snn' ? <SparkxdView entry={entry} config={config} /> : null}
      {entry && profile && entry.family !== 'snn' ? (
        <ModuleSpread
          entry={entry}
          config={config}
          rowBytes={profile.rowBytes}
          curve={curve}
          report={fine ? report : null}
        />
      ) : null}
      {characterization && entry ? (
        <ToleranceChart
          bars={entry.dataTypes
            .filter((d) => characterization.tolerances[d.id] !== undefined)
            .map((d) => ({
              id: d.id,
              kind: d.kind,
              tolerableBer: characterization.tolerances[d.id],
            }))}
          coarse={characterization.coarseTolerableBer}
          highlight={highlight}
          onSelect={setHighlight}
        />
      ) : null}
    </section>
  );
}
