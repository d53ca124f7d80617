/**
 * The pictures of the "why" views (issue #16), plain SVG so the shared view export
 * (src/ui/export/viewExport.ts) saves them as they are on screen.
 */
import { useMemo, type ReactNode } from 'react';
import { Term } from '../glossary';
import type {
  BitsResult,
  ChangedImage,
  ChangedResult,
  HistogramResult,
  LayersResult,
  TrialsResult,
} from '../../core/why/types';

const W = 640;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const pts = (x: number) => `${(100 * x).toFixed(1)}`;
/** A predicted class, or "NaN" for outputs that predict none (NO_CLASS, src/core/stats.ts). */
const shownClass = (c: number) => (c < 0 ? 'NaN' : String(c));

/** Series colours: weights / activations, each without (dark) and with (light) correction. */
const SERIES = {
  'weights:none': '#1f4e9c',
  'weights:corr': '#8fb3ea',
  'activations:none': '#b4531b',
  'activations:corr': '#f1b38a',
} as const;

function Legend({ items }: { items: [string, ReactNode][] }) {
  return (
    <div className="why-legend">
      {items.map(([color, label]) => (
        <span key={color}>
          <i style={{ background: color }} /> {label}
        </span>
      ))}
    </div>
  );
}

/** Accuracy drop (points) per bit group: weights / activations, without / with correction. */
export function BitsChart({ r }: { r: BitsResult }) {
  const labels = ['all', ...r.groups.map((g) => g.label)];
  const corr = r.rows.find((x) => x.correction !== 'none')?.correction ?? 'zero';
  const keys = [
    ['weights', 'none'],
    ['weights', corr],
    ['activations', 'none'],
    ['activations', corr],
  ] as const;
  const max = Math.max(0.01, ...r.rows.map((x) => x.drop));
  const H = 200;
  const left = 44;
  const slot = (W - left - 8) / labels.length;
  const bar = Math.min(14, (slot - 6) / 4);
  const y = (d: number) => 10 + (H - 10) * (1 - Math.max(0, d) / max);
  return (
    <>
      <svg
        viewBox={`0 0 ${W} ${H + 34}`}
        width="100%"
        role="img"
        aria-label="Accuracy drop by bit position"
        data-testid="why-bits-chart"
        data-bars={r.rows.length}
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={left} x2={W - 8} y1={y(f * max)} y2={y(f * max)} stroke="#d0d7de" />
            <text x={left - 4} y={y(f * max) + 4} textAnchor="end" fontSize="10" fill="#57606a">
              {pts(f * max)}
            </text>
          </g>
        ))}
        <text x={W - 8} y={H + 30} textAnchor="end" fontSize="10" fill="#57606a">
          accuracy drop, points
        </text>
        {labels.map((label, i) => (
          <g key={label}>
            {keys.map(([data, c], k) => {
              const row = r.rows.find(
                (x) => x.group === label && x.data === data && x.correction === c,
              );
              if (!row) return null;
              const x0 = left + i * slot + (slot - 4 * bar) / 2 + k * bar;
              return (
                <rect
                  key={k}
                  x={x0}
                  y={y(row.drop)}
                  width={bar - 1}
                  height={H - y(row.drop)}
                  fill={SERIES[`${data}:${k % 2 ? 'corr' : 'none'}`]}
                >
                  <title>
                    {`${data}, ${c === 'none' ? 'no' : c} correction, ${label}: ${pct(row.mean)} (drop ${pts(row.drop)} points)`}
                  </title>
                </rect>
              );
            })}
            <text
              x={left + i * slot + slot / 2}
              y={H + 14}
              textAnchor="middle"
              fontSize="10"
              fill="#24292f"
            >
              {label}
            </text>
          </g>
        ))}
      </svg>
      <Legend
        items={[
          [SERIES['weights:none'], 'weights, no correction'],
          [SERIES['weights:corr'], `weights, ${corr} correction`],
          [SERIES['activations:none'], 'activations, no correction'],
          [SERIES['activations:corr'], `activations, ${corr} correction`],
        ]}
      />
    </>
  );
}

/** Strip plot of the per-trial accuracies with the mean and the clean accuracy. */
export function TrialsChart({ r }: { r: TrialsResult }) {
  return (
    <>
      <TrialsStrip r={r} />
      <Legend
        items={[
          ['#cf222e', 'worst trial'],
          ...(r.perTrial.length > 1
            ? [
                ['#1f4e9c', r.perTrial.length > 2 ? 'other trials' : 'other trial'] as [
                  string,
                  string,
                ],
              ]
            : []),
          ['#24292f', 'mean'],
          ['#15803d', 'clean accuracy'],
        ]}
      />
    </>
  );
}

function TrialsStrip({ r }: { r: TrialsResult }) {
  const H = 90;
  const lo = Math.min(r.clean, ...r.perTrial);
  const hi = Math.max(r.clean, ...r.perTrial);
  const pad = Math.max(0.005, (hi - lo) * 0.1);
  const from = Math.max(0, lo - pad);
  const to = Math.min(1, hi + pad);
  const x = (a: number) => 40 + ((W - 80) * (a - from)) / (to - from);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      role="img"
      aria-label="Accuracy of every trial"
      data-testid="why-trials-chart"
      data-trials={r.perTrial.length}
    >
      <line x1={40} x2={W - 40} y1={50} y2={50} stroke="#d0d7de" />
      {[from, (from + to) / 2, to].map((a) => (
        <text key={a} x={x(a)} y={80} textAnchor="middle" fontSize="10" fill="#57606a">
          {pct(a)}
        </text>
      ))}
      <line
        x1={x(r.clean)}
        x2={x(r.clean)}
        y1={20}
        y2={62}
        stroke="#15803d"
        strokeDasharray="3 3"
      />
      <text x={x(r.clean)} y={14} textAnchor="middle" fontSize="10" fill="#15803d">
        clean
      </text>
      <line x1={x(r.estimate.mean)} x2={x(r.estimate.mean)} y1={30} y2={62} stroke="#24292f" />
      {r.perTrial.map((a, i) => (
        <circle
          key={i}
          cx={x(a)}
          cy={50 + (((i * 7) % 11) - 5) * 1.6}
          r={i === r.worst.trial ? 6 : 4}
          fill={i === r.worst.trial ? '#cf222e' : '#1f4e9c'}
          fillOpacity={0.75}
        >
          <title>{`trial ${i}: ${pct(a)}`}</title>
        </circle>
      ))}
    </svg>
  );
}

/** The worst trial's weight flips (listed) and activation flips (counted per bit). */
export function WorstTrial({ r }: { r: TrialsResult }) {
  const w = r.worst;
  return (
    <details data-testid="why-worst">
      <summary>
        Worst trial {w.trial}: {pct(w.accuracy)} · {w.weightFlipCount} weight bit flips (by bit, MSB
        first: {[...w.weightFlipsByBit].reverse().join(' ')})
      </summary>
      <table className="why-table">
        <thead>
          <tr>
            <th>tensor</th>
            <th>element</th>
            <th>bit</th>
            <th>clean</th>
            <th>read</th>
          </tr>
        </thead>
        <tbody>
          {w.weightFlips.slice(0, 50).map((f, i) => (
            <tr key={i}>
              <td>
                {f.dataType}
                {f.tensor ? ' (bias)' : ''}
              </td>
              <td>{f.element}</td>
              <td>{f.bit}</td>
              <td>{f.clean.toPrecision(3)}</td>
              <td>
                {f.read.toPrecision(3)}
                {f.corrected ? ' → corrected' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {w.activationFlips?.length ? (
        <p className="note">
          Activation flips: {w.activationFlips.map((a) => `${a.dataType} ${a.flips}`).join(' · ')}
        </p>
      ) : null}
    </details>
  );
}

/** A grayscale thumbnail of a sample (first channel), as a data URL for an SVG <image>. */
function thumbnail(pixels: number[], shape: number[]): string {
  const [h, w, c = 1] = shape;
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return '';
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of pixels) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const img = ctx.createImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    const g = Math.round((255 * (pixels[i * c] - lo)) / (hi - lo || 1));
    img.data.set([g, g, g, 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL();
}

/** The changed images as a grid; clicking one selects it. */
export function ChangedGrid({
  r,
  selected,
  onSelect,
}: {
  r: ChangedResult;
  selected: number | null;
  onSelect: (index: number) => void;
}) {
  const urls = useMemo(
    () => r.images.map((im) => thumbnail(im.pixels, r.imageShape)),
    [r.images, r.imageShape],
  );
  const cols = 10;
  const cell = W / cols;
  const rows = Math.ceil(r.images.length / cols);
  return (
    <svg
      viewBox={`0 0 ${W} ${Math.max(1, rows) * (cell + 16)}`}
      width="100%"
      role="img"
      aria-label="Images whose prediction changed"
      data-testid="why-changed-grid"
      data-images={r.images.length}
    >
      {r.images.map((im, i) => {
        const x = (i % cols) * cell;
        const y = Math.floor(i / cols) * (cell + 16);
        const label = `${im.label}: ${shownClass(im.cleanPred)}→${shownClass(im.faultyPred)} ×${im.trialsChanged}`;
        // A long label ("6: 6→NaN ×2") is squeezed into its cell instead of running into the next
        // (12 px glyphs with arrows are about 7 px wide).
        const fit =
          label.length * 7 > cell - 6
            ? { textLength: cell - 6, lengthAdjust: 'spacingAndGlyphs' }
            : {};
        return (
          <g
            key={im.index}
            onClick={() => onSelect(im.index)}
            style={{ cursor: 'pointer' }}
            data-testid="why-changed-image"
          >
            <image href={urls[i]} x={x + 4} y={y + 2} width={cell - 8} height={cell - 8} />
            {selected === im.index ? (
              <rect
                x={x + 3}
                y={y + 1}
                width={cell - 6}
                height={cell - 6}
                fill="none"
                stroke="#cf222e"
                strokeWidth={2}
              />
            ) : null}
            <text
              x={x + cell / 2}
              y={y + cell + 7}
              textAnchor="middle"
              fontSize="12"
              fill="#24292f"
              {...fit}
            >
              {label}
            </text>
            <title>{`image ${im.index}: true ${im.label}, clean ${shownClass(im.cleanPred)}, faulty ${shownClass(im.faultyPred)} in ${im.trialsChanged}/${r.trials} trials`}</title>
          </g>
        );
      })}
    </svg>
  );
}

/** Logits of one image, clean vs faulty (first trial that changed it). */
export function LogitsChart({ im, classes }: { im: ChangedImage; classes: number }) {
  const H = 90;
  // Scaled to the clean logits (a flipped exponent can make a faulty one 1e30: drawn clipped).
  const span = Math.max(1e-6, ...im.cleanLogits.map(Math.abs)) * 1.5;
  const lo = -span;
  const hi = span;
  const y = (v: number) => 10 + ((H - 20) * (hi - Math.max(lo, Math.min(hi, v)))) / (hi - lo);
  const slot = (W - 40) / classes;
  return (
    <svg
      viewBox={`0 0 ${W} ${H + 16}`}
      width="100%"
      role="img"
      aria-label={`Logits of image ${im.index}, clean vs faulty`}
      data-testid="why-logits"
    >
      <line x1={30} x2={W} y1={y(0)} y2={y(0)} stroke="#d0d7de" />
      {Array.from({ length: classes }, (_, k) => (
        <g key={k}>
          {[im.cleanLogits[k], im.faultyLogits[k]].map((v, j) => (
            <rect
              key={j}
              x={34 + k * slot + j * (slot / 2 - 2)}
              y={Math.min(y(v), y(0))}
              width={slot / 2 - 4}
              height={Math.abs(y(v) - y(0))}
              fill={j ? '#cf222e' : '#8c959f'}
            >
              <title>{`class ${k} ${j ? 'faulty' : 'clean'}: ${v.toPrecision(3)}`}</title>
            </rect>
          ))}
          <text x={34 + k * slot + slot / 2 - 2} y={H + 12} textAnchor="middle" fontSize="10">
            {k}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** The confusion shift: [true][predicted] faulty − clean count per trial; off-diagonal gains red. */
function ConfusionShift({ r }: { r: ChangedResult }) {
  const max = Math.max(1e-9, ...r.confusionShift.flat().map(Math.abs));
  return (
    <details data-testid="why-confusion">
      <summary>
        Confusion shift: where the changed predictions went (faulty − clean, per trial)
      </summary>
      <table className="why-table">
        <thead>
          <tr>
            <th>true ↓ / predicted →</th>
            {r.perClass.map((p) => (
              <th key={p.cls}>{p.cls}</th>
            ))}
            <th>NaN</th>
          </tr>
        </thead>
        <tbody>
          {r.confusionShift.map((row, t) => (
            <tr key={t}>
              <th>{t}</th>
              {[...row, r.noClassShift[t]].map((v, k) => (
                <td
                  key={k}
                  style={{
                    background:
                      v === 0
                        ? undefined
                        : `rgba(${v > 0 ? '207,34,46' : '31,78,156'},${0.15 + (0.6 * Math.abs(v)) / max})`,
                  }}
                >
                  {v === 0 ? '' : v.toFixed(1)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** Per-class accuracy clean vs faulty (mean over trials), and the confusion shift. */
export function ClassShift({ r }: { r: ChangedResult }) {
  return (
    <>
      <table className="why-table" data-testid="why-class-shift">
        <thead>
          <tr>
            <th>class</th>
            {r.perClass.map((p) => (
              <th key={p.cls}>{p.cls}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>clean</td>
            {r.perClass.map((p) => (
              <td key={p.cls}>{pct(p.clean)}</td>
            ))}
          </tr>
          <tr>
            <td>faulty</td>
            {r.perClass.map((p) => (
              <td key={p.cls} style={{ color: p.faulty < p.clean - 0.005 ? '#cf222e' : undefined }}>
                {pct(p.faulty)}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <ConfusionShift r={r} />
    </>
  );
}

const KIND_COLOR = { weights: '#1f4e9c', ifm: '#0891b2', ofm: '#b4531b' } as const;

/** Accuracy drop per data type read alone through approximate DRAM. */
export function LayersChart({ r }: { r: LayersResult }) {
  const row = 18;
  const left = 150;
  const max = Math.max(0.01, ...r.rows.map((x) => x.drop));
  return (
    <>
      <Legend
        items={[
          [KIND_COLOR.weights, 'weights'],
          [KIND_COLOR.ifm, <Term key="ifm" id="ifm" />],
          [KIND_COLOR.ofm, <Term key="ofm" id="ofm" />],
        ]}
      />
      <svg
        viewBox={`0 0 ${W} ${r.rows.length * row + 20}`}
        width="100%"
        role="img"
        aria-label="Accuracy drop per data type"
        data-testid="why-layers-chart"
        data-rows={r.rows.length}
      >
        {r.rows.map((x, i) => (
          <g key={x.id}>
            <text x={left - 6} y={i * row + 13} textAnchor="end" fontSize="11" fill="#24292f">
              {x.id}
            </text>
            <rect
              x={left}
              y={i * row + 3}
              width={Math.max(1, ((W - left - 70) * Math.max(0, x.drop)) / max)}
              height={row - 6}
              fill={KIND_COLOR[x.kind]}
            >
              <title>{`${x.id}: ${pct(x.mean)} [${pct(x.lo)}, ${pct(x.hi)}]`}</title>
            </rect>
            <text
              x={left + 6 + ((W - left - 70) * Math.max(0, x.drop)) / max}
              y={i * row + 13}
              fontSize="10"
              fill="#57606a"
            >
              {pts(x.drop)}
            </text>
          </g>
        ))}
      </svg>
    </>
  );
}

/** Value histogram (log count): clean vs as read; outside the clean range shaded. */
export function HistogramChart({ r }: { r: HistogramResult }) {
  const H = 180;
  const n = r.cleanCounts.length;
  const lo = r.edges[0];
  const hi = r.edges[n];
  const x = (v: number) => 40 + ((W - 60) * (v - lo)) / (hi - lo);
  const max = Math.log10(1 + Math.max(1, ...r.cleanCounts, ...r.readCounts));
  const y = (c: number) => 10 + (H - 20) * (1 - Math.log10(1 + c) / max);
  const bw = (W - 60) / n;
  return (
    <>
      <svg
        viewBox={`0 0 ${W} ${H + 20}`}
        width="100%"
        role="img"
        aria-label="Values clean vs as read"
        data-testid="why-histogram-chart"
        data-changed={r.changed}
      >
        <rect
          x={40}
          y={10}
          width={x(r.range.min) - 40}
          height={H - 20}
          fill="#cf222e"
          fillOpacity={0.08}
        />
        <rect
          x={x(r.range.max)}
          y={10}
          width={W - 20 - x(r.range.max)}
          height={H - 20}
          fill="#cf222e"
          fillOpacity={0.08}
        />
        {r.cleanCounts.map((c, i) => (
          <rect
            key={`c${i}`}
            x={40 + i * bw}
            y={y(c)}
            width={bw - 1}
            height={H - 10 - y(c)}
            fill="#8c959f"
            fillOpacity={0.6}
          />
        ))}
        {r.readCounts.map((c, i) => {
          const diff = c - r.cleanCounts[i];
          return diff > 0 ? (
            <rect
              key={`r${i}`}
              x={40 + i * bw + bw / 4}
              y={y(c)}
              width={bw / 2}
              height={y(r.cleanCounts[i]) - y(c)}
              fill="#cf222e"
            >
              <title>{`${r.edges[i].toPrecision(3)}…${r.edges[i + 1].toPrecision(3)}: ${c} as read, ${r.cleanCounts[i]} clean`}</title>
            </rect>
          ) : null;
        })}
        <line x1={40} x2={W - 20} y1={H - 10} y2={H - 10} stroke="#57606a" />
        {[lo, r.range.min, 0, r.range.max, hi].map((v, i) => (
          <text key={i} x={x(v)} y={H + 6} textAnchor="middle" fontSize="10" fill="#57606a">
            {v.toPrecision(2)}
          </text>
        ))}
        {(
          [
            [4, r.below, `< ${lo.toPrecision(2)}`],
            [W - 16, r.above + r.nan, `> ${hi.toPrecision(2)} or NaN`],
          ] as const
        ).map(([x0, c, what]) =>
          c > 0 ? (
            <rect key={what} x={x0} y={y(c)} width={12} height={H - 10 - y(c)} fill="#cf222e">
              <title>{`${c} values read ${what} (off the axis)`}</title>
            </rect>
          ) : null,
        )}
      </svg>
      <Legend
        items={[
          ['#8c959f', 'clean (log count)'],
          ['#cf222e', `off the axis (edge bars): ${r.below} below, ${r.above} above, ${r.nan} NaN`],
          ['#cf222e', 'more as read'],
          [
            'rgba(207,34,46,0.15)',
            `outside the clean range (${r.correction === 'none' ? 'kept: no correction' : r.correction === 'zero' ? 'zeroed' : 'clamped'})`,
          ],
        ]}
      />
    </>
  );
}
