/**
 * "Export this view" for any panel region (the chart, the partition map, the energy panel):
 * one standalone SVG document drawn from what is on screen, and a PNG rendered from it.
 *
 * The SVG is pure SVG (no foreignObject), so slide tools and editors open it and a canvas can
 * rasterize it without tainting:
 * - every `<svg>` in the region is cloned in place (as a nested `<svg>` at its on-screen box)
 *   with its computed colours, strokes and fonts written inline on each element;
 * - HTML text (legends, table cells, labels) becomes `<text>` at its on-screen position, one per
 *   line box, with its computed font and colour;
 * - HTML boxes with a background or a border (swatches, bars, table rules) become `<rect>`s.
 * Elements marked `data-export="skip"` (the export buttons themselves), form controls and hidden
 * elements are left out. Everything is made locally: nothing is uploaded.
 */
import { download } from './download';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Computed properties written inline on every cloned SVG element (presentation attributes). */
const SVG_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const;

/** Rect geometry that may come from CSS (`style={{ x, y, width, height }}`), not attributes. */
const RECT_GEOMETRY = ['x', 'y', 'width', 'height'] as const;

export interface ViewExportOptions {
  /** Page background behind the view (a CSS colour); transparent areas read on any viewer. */
  background: string;
  /** A title line above the view (e.g. the panel's heading). */
  title?: string;
  /** A caption line below the view (e.g. the settings it shows). */
  caption?: string;
  /** Text colour of title and caption. */
  ink?: string;
}

export interface ViewSvg {
  /** The standalone SVG document (UTF-8 text). */
  markup: string;
  /** Size in CSS pixels. */
  width: number;
  height: number;
}

/** Blank border around the exported view (CSS px): text that reaches the region's edge on screen
 * is not cut by a slightly wider font in the renderer that opens the file. */
const MARGIN = 12;

const num = (v: number) => String(Math.round(v * 100) / 100);

function el(name: string, attrs: Record<string, string>): SVGElement {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/**
 * Not painted: hidden itself or by an ancestor (the body of a closed `<details>` has no box but
 * keeps stale geometry), or only for screen readers (a 1 px clipped box such as `.sr-only`).
 */
function hidden(e: Element): boolean {
  if (!e.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return true;
  const s = getComputedStyle(e);
  if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return true;
  const r = e.getBoundingClientRect();
  return s.overflow === 'hidden' && r.width <= 1 && r.height <= 1;
}

function skipped(e: Element): boolean {
  return (
    e.getAttribute('data-export') === 'skip' ||
    ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'SCRIPT', 'STYLE'].includes(e.tagName) ||
    e.classList.contains('recharts-tooltip-wrapper')
  );
}

const transparent = (c: string) => !c || c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);

/** A copy of `svg` with every element's computed presentation written inline. */
function inlineSvg(svg: SVGSVGElement, box: DOMRect, origin: DOMRect): SVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  src.forEach((s, i) => {
    const d = dst[i];
    const cs = getComputedStyle(s);
    const style = SVG_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).filter(
      (kv) => !kv.endsWith(':'),
    );
    if (s.tagName === 'rect')
      for (const g of RECT_GEOMETRY) {
        const v = parseFloat(cs.getPropertyValue(g));
        if (Number.isFinite(v) && !s.hasAttribute(g)) d.setAttribute(g, num(v));
      }
    if (cs.display === 'none' || cs.visibility === 'hidden') style.push('display:none');
    d.setAttribute('style', style.join(';'));
    d.removeAttribute('class');
    d.removeAttribute('tabindex');
  });
  clone.setAttribute('x', num(box.left - origin.left));
  clone.setAttribute('y', num(box.top - origin.top));
  clone.setAttribute('width', num(box.width));
  clone.setAttribute('height', num(box.height));
  clone.setAttribute('overflow', 'visible');
  return clone;
}

/** One `<text>` per line box of an HTML text node, at its on-screen position. */
function htmlText(node: Text, origin: DOMRect, out: SVGElement) {
  const raw = node.textContent ?? '';
  if (!raw.trim()) return;
  const parent = node.parentElement!;
  const cs = getComputedStyle(parent);
  const style = [
    `fill:${cs.color}`,
    `font-family:${cs.fontFamily}`,
    `font-size:${cs.fontSize}`,
    `font-weight:${cs.fontWeight}`,
    `font-style:${cs.fontStyle}`,
  ].join(';');
  // Words grouped by the line they sit on (a wrapped legend line stays wrapped).
  const range = document.createRange();
  const lines: { top: number; left: number; height: number; text: string }[] = [];
  const re = /\S+\s*/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].trimEnd().length);
    const r = range.getBoundingClientRect();
    if (!r.width) continue;
    const line = lines.find((l) => Math.abs(l.top - r.top) < r.height / 2);
    if (line) line.text += m[0];
    else lines.push({ top: r.top, left: r.left, height: r.height, text: m[0] });
  }
  for (const l of lines) {
    const t = el('text', {
      x: num(l.left - origin.left),
      y: num(l.top - origin.top + l.height / 2),
      'dominant-baseline': 'central',
      style,
    });
    t.setAttribute('xml:space', 'preserve');
    t.textContent = l.text.trimEnd();
    out.appendChild(t);
  }
}

/** A `<rect>` for an HTML box that paints something (background or border). */
function htmlBox(e: HTMLElement, origin: DOMRect, out: SVGElement) {
  const cs = getComputedStyle(e);
  const bg = cs.backgroundColor;
  const bw = parseFloat(cs.borderTopWidth) || 0;
  const border = bw > 0 && cs.borderTopStyle !== 'none' ? cs.borderTopColor : '';
  const rowRule = parseFloat(cs.borderBottomWidth) || 0;
  const r = e.getBoundingClientRect();
  if (!r.width || !r.height) return;
  if (!transparent(bg) || (border && !transparent(border)))
    out.appendChild(
      el('rect', {
        x: num(r.left - origin.left),
        y: num(r.top - origin.top),
        width: num(r.width),
        height: num(r.height),
        rx: num(parseFloat(cs.borderTopLeftRadius) || 0),
        style: `fill:${transparent(bg) ? 'none' : bg};stroke:${border && !transparent(border) ? border : 'none'};stroke-width:${bw}`,
      }),
    );
  else if (rowRule > 0 && cs.borderBottomStyle !== 'none' && !transparent(cs.borderBottomColor))
    out.appendChild(
      el('rect', {
        x: num(r.left - origin.left),
        y: num(r.bottom - origin.top - rowRule),
        width: num(r.width),
        height: num(rowRule),
        style: `fill:${cs.borderBottomColor}`,
      }),
    );
}

function walk(node: Node, origin: DOMRect, out: SVGElement) {
  if (node.nodeType === Node.TEXT_NODE) return htmlText(node as Text, origin, out);
  if (!(node instanceof Element) || skipped(node) || hidden(node)) return;
  if (node instanceof SVGSVGElement) {
    out.appendChild(inlineSvg(node, node.getBoundingClientRect(), origin));
    return;
  }
  if (node instanceof HTMLElement) htmlBox(node, origin, out);
  for (const c of node.childNodes) walk(c, origin, out);
}

/**
 * The region under `root` as a standalone SVG document, sized as on screen (CSS pixels) plus
 * the optional title and caption lines. Needs a rendered DOM (a browser).
 */
export function viewToSvg(root: HTMLElement, opts: ViewExportOptions): ViewSvg {
  const box = root.getBoundingClientRect();
  const cs = getComputedStyle(root);
  const font = `font-family:${cs.fontFamily};font-size:${cs.fontSize}`;
  const ink = opts.ink ?? cs.color;
  const line = parseFloat(cs.fontSize) * 1.6;
  const top = MARGIN + (opts.title ? line * 1.3 : 0);
  const bottom = MARGIN + (opts.caption ? line : 0);
  const width = Math.ceil(box.width + 2 * MARGIN);
  const height = Math.ceil(box.height + top + bottom);
  const svg = el('svg', {
    xmlns: SVG_NS,
    width: String(width),
    height: String(height),
    viewBox: `0 0 ${width} ${height}`,
    style: font,
  }) as SVGSVGElement;
  svg.appendChild(el('rect', { width: '100%', height: '100%', style: `fill:${opts.background}` }));
  if (opts.title) {
    const t = el('text', {
      x: num(MARGIN),
      y: num(MARGIN + line * 0.65),
      'dominant-baseline': 'central',
      style: `fill:${ink};font-weight:700;font-size:${num(parseFloat(cs.fontSize) * 1.15)}px`,
    });
    t.textContent = opts.title;
    svg.appendChild(t);
  }
  const body = el('g', { transform: `translate(${MARGIN} ${num(top)})` });
  for (const c of root.childNodes) walk(c, box, body);
  svg.appendChild(body);
  if (opts.caption) {
    const t = el('text', {
      x: num(MARGIN),
      y: num(top + box.height + line / 2),
      'dominant-baseline': 'central',
      style: `fill:${ink};font-size:${num(parseFloat(cs.fontSize) * 0.85)}px`,
    });
    t.textContent = opts.caption;
    svg.appendChild(t);
  }
  return { markup: new XMLSerializer().serializeToString(svg), width, height };
}

/** PNGs for slides: at least twice the CSS size and at least this many pixels wide. */
export const MIN_PNG_WIDTH = 1200;

/** The PNG scale for a view `width` CSS pixels wide: ≥ 2× and ≥ MIN_PNG_WIDTH pixels. */
export function pngScale(width: number, devicePixelRatio = 1): number {
  return Math.max(2 * Math.max(1, devicePixelRatio), MIN_PNG_WIDTH / Math.max(1, width));
}

/** Rasterize a standalone SVG document at `scale` (PNG blob). */
export async function svgToPng(view: ViewSvg, scale: number): Promise<Blob> {
  const img = new Image();
  const url = URL.createObjectURL(new Blob([view.markup], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the view could not be rendered to PNG'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(view.width * scale);
    canvas.height = Math.round(view.height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Save the region as `<stem>.svg` or `<stem>.png`. */
export async function exportView(
  root: HTMLElement,
  stem: string,
  kind: 'png' | 'svg',
  opts: ViewExportOptions,
): Promise<void> {
  const view = viewToSvg(root, opts);
  if (kind === 'svg') download(`${stem}.svg`, new Blob([view.markup], { type: 'image/svg+xml' }));
  else
    download(
      `${stem}.png`,
      await svgToPng(view, pngScale(view.width, window.devicePixelRatio || 1)),
    );
}
