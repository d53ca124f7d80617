/**
 * Where the chart's labels go (issue #15 item 9): each label (target, tolerable BER, an
 * off-scale operating point) tries its candidate boxes in order of preference and takes the
 * first that crosses no line (curves, reference lines) and no box (the operating dot, labels
 * placed before it); if none is free, the one that crosses fewest. Pixels, y down. Pure.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface LabelRequest {
  id: string;
  /** Boxes the label may take, best first (all of the label's own width × height). */
  candidates: Box[];
}

export interface PlacedLabel {
  id: string;
  box: Box;
  /** Lines and boxes it still crosses (0 unless every candidate crossed something). */
  crossings: number;
}

/** Whether segment `s` passes through box `b` (Liang–Barsky clipping). */
export function segmentHitsBox(s: Segment, b: Box): boolean {
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, s.x1 - b.x],
    [dx, b.x + b.width - s.x1],
    [-dy, s.y1 - b.y],
    [dy, b.y + b.height - s.y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(b: Box, area: Box): boolean {
  return (
    b.x >= area.x &&
    b.y >= area.y &&
    b.x + b.width <= area.x + area.width &&
    b.y + b.height <= area.y + area.height
  );
}

function grow(b: Box, d: number): Box {
  return { x: b.x - d, y: b.y - d, width: b.width + 2 * d, height: b.height + 2 * d };
}

/**
 * Places `labels` in order inside `area`, each clear of `lines`, `boxes` and the labels placed
 * before it by at least `pad` px. A candidate outside `area` is never taken; a label with no
 * candidate inside it is left out.
 */
export function placeLabels(
  area: Box,
  lines: readonly Segment[],
  boxes: readonly Box[],
  labels: readonly LabelRequest[],
  pad = 3,
): PlacedLabel[] {
  const taken: Box[] = [...boxes];
  const placed: PlacedLabel[] = [];
  for (const label of labels) {
    let best: PlacedLabel | null = null;
    for (const c of label.candidates) {
      if (!inside(c, area)) continue;
      const g = grow(c, pad);
      const crossings =
        lines.filter((s) => segmentHitsBox(s, g)).length +
        taken.filter((b) => boxesOverlap(b, g)).length;
      if (!best || crossings < best.crossings) best = { id: label.id, box: c, crossings };
      if (crossings === 0) break;
    }
    if (best) {
      placed.push(best);
      taken.push(best.box);
    }
  }
  return placed;
}

/** A polyline's segments. */
export function polyline(points: readonly { x: number; y: number }[]): Segment[] {
  const out: Segment[] = [];
  for (let i = 1; i < points.length; i++)
    out.push({ x1: points[i - 1].x, y1: points[i - 1].y, x2: points[i].x, y2: points[i].y });
  return out;
}

const GAP = 4;

/**
 * Candidates for the label of a horizontal line at `y` (e.g. the target): above it, then below
 * it, at the right end, the left end, then across.
 */
export function besideHorizontal(y: number, area: Box, width: number, height: number): Box[] {
  const xs = [1, 0, 0.75, 0.5, 0.25].map((f) => area.x + GAP + f * (area.width - width - 2 * GAP));
  const out: Box[] = [];
  for (const x of xs)
    for (const top of [y - GAP - height, y + GAP]) out.push({ x, y: top, width, height });
  return out;
}

/**
 * Candidates for the label of a vertical line at `x` (e.g. the tolerable BER): right of it,
 * then left of it, low in the plot first (where a curve that meets the target is not), then up.
 */
export function besideVertical(x: number, area: Box, width: number, height: number): Box[] {
  const out: Box[] = [];
  for (const f of [0.95, 0.8, 0.65, 0.5, 0.35, 0.2, 0.05]) {
    const y = area.y + f * (area.height - height);
    out.push({ x: x + GAP, y, width, height }, { x: x - GAP - width, y, width, height });
  }
  return out;
}

/**
 * Candidates for a label near a point drawn at (`cx`, `cy`) on a vertical line
 * (the operating point), on the side `side` of that line: every box of a grid over `area`
 * (half a line high, a quarter label wide) on that side, nearest to the point first; BerChart
 * draws a leader to a label not right beside it.
 */
export function besidePoint(
  cx: number,
  cy: number,
  side: 'right' | 'left',
  width: number,
  height: number,
  area: Box,
): Box[] {
  const out: Box[] = [];
  const xs: number[] = [];
  const dx = Math.max(8, width / 4);
  if (side === 'right')
    for (let x = cx + GAP; x + width <= area.x + area.width; x += dx) xs.push(x);
  else for (let x = cx - GAP - width; x >= area.x; x -= dx) xs.push(x);
  for (let y = area.y; y + height <= area.y + area.height; y += height / 2)
    for (const x of xs) out.push({ x, y, width, height });
  const distance = (b: Box) =>
    Math.hypot(
      Math.max(b.x - cx, 0, cx - (b.x + b.width)),
      Math.max(b.y - cy, 0, cy - (b.y + b.height)),
    );
  // Nearest first; a box level with the point before one as near above or below it.
  return out
    .map((b) => ({ b, d: distance(b) + Math.abs(b.y + b.height / 2 - cy) / 100 }))
    .sort((p, q) => p.d - q.d)
    .map((x) => x.b);
}

/** Whether a label box sits right beside a point of radius `r` (no leader needed). */
export function besideOf(box: Box, cx: number, cy: number, r: number): boolean {
  const dx = Math.max(box.x - cx, 0, cx - (box.x + box.width));
  const dy = Math.max(box.y - cy, 0, cy - (box.y + box.height));
  return Math.hypot(dx, dy) <= r + 2 * GAP;
}
