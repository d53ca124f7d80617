/**
 * The accuracy chart's labels, drawn inside its SVG (so exports keep them) and placed clear of
 * every curve, reference line, the operating dot and each other (labels.ts): the target line's,
 * the tolerable BERs' and, when the operating point lies off the log axis (BER 0 at nominal,
 * below or above the axis), a label that says so at the axis edge where the dot is drawn.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import type { SweepPoint } from '../../contract/api';
import { fmtBer, fmtPct } from '../format';
import {
  besideHorizontal,
  besideOf,
  besidePoint,
  besideVertical,
  placeLabels,
  polyline,
  type Box,
  type LabelRequest,
  type Segment,
} from './labels';

/** Radius of the operating dot (BerChart draws it). */
export const POINT_RADIUS = 10;

export interface ChartLabelsProps {
  /** Every curve drawn (its mean line), as measured. */
  curves: readonly (readonly SweepPoint[])[];
  target: number | null;
  tolerable: { ber: number; color: string; text: string }[];
  /** The operating point: its true BER, the BER it is drawn at (clamped to the axis), accuracy. */
  point: { ber: number; x: number; accuracy: number | null } | null;
  /** The x axis's domain: a point outside it is off scale. */
  domain: readonly [number, number];
  /** Room above the plot area (the chart's top margin) a label may use. */
  marginTop: number;
  colors: { bad: string; ink: string; panel: string };
  /** Re-measure the font when it changes (presentation mode). */
  fontKey: string;
}

interface Font {
  family: string;
  size: number;
  ascent: number;
  descent: number;
}

let canvas: CanvasRenderingContext2D | null = null;
function textWidth(text: string, font: Font): number {
  canvas ??= document.createElement('canvas').getContext('2d');
  if (!canvas) return text.length * font.size * 0.6;
  canvas.font = `${font.size}px ${font.family}`;
  return Math.ceil(canvas.measureText(text).width);
}

/** What an operating point off the log axis is labelled, or null when it is on it. */
export function offScaleText(ber: number, domain: readonly [number, number]): string | null {
  if (ber === 0) return '◂ BER 0 (nominal): off scale';
  if (ber < domain[0]) return `◂ BER ${fmtBer(ber)}: off scale`;
  if (ber > domain[1]) return `off scale: BER ${fmtBer(ber)} ▸`;
  return null;
}

export function ChartLabels(p: ChartLabelsProps) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const plot = usePlotArea();
  const g = useRef<SVGGElement>(null);
  const [font, setFont] = useState<Font | null>(null);
  useLayoutEffect(() => {
    if (!g.current) return;
    const cs = getComputedStyle(g.current);
    const size = parseFloat(cs.fontSize) || 15;
    canvas ??= document.createElement('canvas').getContext('2d');
    let ascent = 0.95 * size;
    let descent = 0.3 * size;
    if (canvas) {
      canvas.font = `${size}px ${cs.fontFamily}`;
      const m = canvas.measureText('Hg');
      ascent = m.fontBoundingBoxAscent || ascent;
      descent = m.fontBoundingBoxDescent || descent;
    }
    setFont({ family: cs.fontFamily, size, ascent, descent });
  }, [p.fontKey]);

  const x = (ber: number) => Number(xScale?.(ber));
  const y = (acc: number) => Number(yScale?.(acc));
  const ready = font && xScale && yScale && plot;
  if (!ready) return <g ref={g} />;

  const area: Box = {
    x: plot.x,
    y: plot.y - p.marginTop,
    width: plot.width,
    height: plot.height + p.marginTop,
  };
  const height = font.ascent + font.descent;
  const top = plot.y;
  const bottom = plot.y + plot.height;
  const lines: Segment[] = [];
  for (const c of p.curves)
    lines.push(
      ...polyline(
        [...c]
          .filter((q) => q.ber > 0)
          .sort((a, b) => a.ber - b.ber)
          .map((q) => ({ x: x(q.ber), y: y(q.mean) })),
      ),
    );
  const vertical = (ber: number): Segment => ({ x1: x(ber), y1: top, x2: x(ber), y2: bottom });
  if (p.target !== null)
    lines.push({ x1: plot.x, y1: y(p.target), x2: plot.x + plot.width, y2: y(p.target) });
  for (const t of p.tolerable) lines.push(vertical(t.ber));
  const boxes: Box[] = [];
  let dot: { cx: number; cy: number } | null = null;
  if (p.point) {
    lines.push(vertical(p.point.x));
    if (p.point.accuracy !== null) {
      dot = { cx: x(p.point.x), cy: y(p.point.accuracy) };
      const r = POINT_RADIUS;
      boxes.push({ x: dot.cx - r, y: dot.cy - r, width: 2 * r, height: 2 * r });
    }
  }

  const texts: Record<string, { text: string; color: string }> = {};
  const requests: LabelRequest[] = [];
  const offScale = p.point ? offScaleText(p.point.ber, p.domain) : null;
  if (offScale && dot) {
    texts.offscale = { text: offScale, color: p.colors.ink };
    const side = p.point!.ber > p.domain[1] ? 'left' : 'right';
    requests.push({
      id: 'offscale',
      candidates: besidePoint(dot.cx, dot.cy, side, textWidth(offScale, font), height, area),
    });
  }
  if (p.target !== null) {
    const text = `target ${fmtPct(p.target)}`;
    texts.target = { text, color: p.colors.bad };
    requests.push({
      id: 'target',
      candidates: besideHorizontal(y(p.target), area, textWidth(text, font), height),
    });
  }
  p.tolerable.forEach((t, i) => {
    const id = `tolerable-${i}`;
    texts[id] = { text: t.text, color: t.color };
    requests.push({
      id,
      candidates: besideVertical(x(t.ber), area, textWidth(t.text, font), height),
    });
  });
  const placed = placeLabels(area, lines, boxes, requests);
  const off = placed.find((l) => l.id === 'offscale');
  const leader =
    off && dot && !besideOf(off.box, dot.cx, dot.cy, POINT_RADIUS)
      ? {
          x: Math.min(Math.max(dot.cx, off.box.x), off.box.x + off.box.width),
          y: off.box.y > dot.cy ? off.box.y : off.box.y + off.box.height,
        }
      : null;
  return (
    <g ref={g} className="chart-labels" data-testid="chart-labels">
      {leader && dot ? (
        <line
          x1={dot.cx}
          y1={dot.cy + (leader.y > dot.cy ? POINT_RADIUS : -POINT_RADIUS)}
          x2={leader.x}
          y2={leader.y}
          stroke={p.colors.ink}
          strokeWidth={1}
          data-testid="off-scale-leader"
        />
      ) : null}
      {placed.map(({ id, box, crossings }) => (
        <text
          key={id}
          x={box.x}
          y={box.y + font.ascent}
          fill={texts[id].color}
          stroke={p.colors.panel}
          strokeWidth={3}
          strokeLinejoin="round"
          paintOrder="stroke"
          data-label={id}
          data-crossings={crossings}
          data-testid={id === 'offscale' ? 'off-scale' : undefined}
        >
          {texts[id].text}
        </text>
      ))}
    </g>
  );
}
