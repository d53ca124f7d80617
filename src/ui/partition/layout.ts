/**
 * Geometry of the partition map: the DRAM module as stacked partitions (each a group of banks at
 * one VDD/tRCD), the data types inside each laid out in address order, width ∝ bytes.
 */
import type { MapDataType, MapPartition } from '../../state/mapTypes';

export type { MapDataType, MapPartition };

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlacedPartition extends Rect {
  label: string;
  vddDelta: number;
  trcdDelta: number;
  ber: number;
  bytes: number;
}

export interface PlacedDataType extends Rect, MapDataType {
  partition: number;
}

export interface MapLayout {
  partitions: PlacedPartition[];
  blocks: PlacedDataType[];
}

/** Block colour of each data kind (the map, its legend and the tolerance chart). */
export const KIND_FILL = { weights: '#1f6feb', ifm: '#a855f7', ofm: '#0891b2' } as const;

const PAD = 6;
const LABEL_W = 150;
const MIN_W = 3;
/** Smallest partition band: room for a three-line label (name, VDD · tRCD, BER). */
const BAND_MIN = 64;
const LINE_H = 18;

/** Height of the map for `n` partitions: at least `min`, and tall enough for every label. */
export function mapHeight(n: number, min = 220): number {
  return Math.max(min, PAD + n * (BAND_MIN + PAD));
}

export interface LabelLine {
  text: string;
  /** Baseline, from the partition's top. */
  dy: number;
  bold: boolean;
}

/**
 * A partition's label lines: name, VDD, tRCD and BER on four lines where the band has room,
 * else three (VDD and tRCD share one), so labels never run into the next partition.
 */
export function partitionLabel(
  p: Pick<PlacedPartition, 'h' | 'label' | 'vddDelta' | 'trcdDelta' | 'ber'>,
  fmt: { vdd: (v: number) => string; trcd: (v: number) => string; ber: (b: number) => string },
): LabelLine[] {
  const texts =
    p.h >= 4 * LINE_H + 12
      ? [
          p.label,
          `VDD ${fmt.vdd(p.vddDelta)}`,
          `tRCD ${fmt.trcd(p.trcdDelta)}`,
          `BER ${fmt.ber(p.ber)}`,
        ]
      : [p.label, `${fmt.vdd(p.vddDelta)} · ${fmt.trcd(p.trcdDelta)}`, `BER ${fmt.ber(p.ber)}`];
  return texts.map((text, i) => ({ text, dy: 20 + i * LINE_H, bold: i === 0 }));
}

/** Lay out partitions top to bottom and their data types left to right, all on one bytes scale. */
export function layoutMap(parts: MapPartition[], width: number, height: number): MapLayout {
  const bandH = parts.length ? (height - PAD * (parts.length + 1)) / parts.length : 0;
  const inner = Math.max(10, width - LABEL_W - 2 * PAD);
  const totals = parts.map((p) => p.dataTypes.reduce((s, d) => s + d.bytes, 0));
  const scale = inner / Math.max(1, ...totals);
  const partitions: PlacedPartition[] = [];
  const blocks: PlacedDataType[] = [];
  parts.forEach((p, i) => {
    const y = PAD + i * (bandH + PAD);
    partitions.push({
      x: 0,
      y,
      w: width,
      h: bandH,
      label: p.label,
      vddDelta: p.vddDelta,
      trcdDelta: p.trcdDelta,
      ber: p.ber,
      bytes: totals[i],
    });
    let x = LABEL_W + PAD;
    for (const d of p.dataTypes) {
      const w = Math.max(MIN_W, d.bytes * scale);
      blocks.push({ ...d, partition: i, x, y: y + PAD, w, h: Math.max(4, bandH - 2 * PAD) });
      x += w;
    }
  });
  return { partitions, blocks };
}

/** Colour of a BER on a log scale: 0 and ≤1e-7 green, 1e-1 and above red (hue 130 → 0). */
export function berColor(ber: number): string {
  if (!(ber > 1e-7)) return 'hsl(130 55% 42%)';
  const t = Math.min(1, (Math.log10(ber) + 7) / 6);
  return `hsl(${Math.round(130 * (1 - t))} 70% ${Math.round(42 + 6 * t)}%)`;
}
