/**
 * DRAM traffic of one inference, per data type (docs/dram-model.md §3).
 *
 * Layer-by-layer execution as in EDEN's data-type view (src/core/models/zoo.ts): every
 * compute layer reads its weights and its IFM from DRAM and writes its OFM to DRAM. The
 * platform's on-chip buffer decides what is re-read: half of it holds a weight tile, so a
 * layer whose weights exceed that half is split into ceil(W / (B/2)) tiles and its IFM is
 * streamed once per tile. Weights are read once per batch.
 */
import type { DataKind, DataTypeInfo, Format } from '../types';
import type { Platform } from './platforms';

export interface DataTypeTraffic {
  id: string;
  layer: string;
  kind: DataKind;
  /** Bytes the data type occupies in DRAM in this format (its footprint). */
  storedBytes: number;
  /** Bytes read / written per inference. */
  readBytes: number;
  writeBytes: number;
}

export interface Traffic {
  format: Format;
  platform: Platform;
  items: DataTypeTraffic[];
  readBytes: number;
  writeBytes: number;
  storedBytes: number;
}

/** Weight tiles a layer needs with `onChipBytes` of buffer (half of it for weights). */
export function weightTiles(weightBytes: number, onChipBytes: number): number {
  return weightBytes > 0 ? Math.max(1, Math.ceil(weightBytes / (onChipBytes / 2))) : 1;
}

export function trafficPerInference(
  dataTypes: readonly DataTypeInfo[],
  format: Format,
  platform: Platform,
): Traffic {
  if (dataTypes.length === 0) throw new Error('trafficPerInference: the model has no data types');
  const weightsOf = new Map<string, number>();
  for (const dt of dataTypes) if (dt.kind === 'weights') weightsOf.set(dt.layer, dt.bytes[format]);
  const items = dataTypes.map((dt): DataTypeTraffic => {
    const stored = dt.bytes[format];
    const base = { id: dt.id, layer: dt.layer, kind: dt.kind, storedBytes: stored };
    switch (dt.kind) {
      case 'weights':
        return { ...base, readBytes: stored / platform.batch, writeBytes: 0 };
      case 'ifm':
        return {
          ...base,
          readBytes: stored * weightTiles(weightsOf.get(dt.layer) ?? 0, platform.onChipBytes),
          writeBytes: 0,
        };
      case 'ofm':
        return { ...base, readBytes: 0, writeBytes: stored };
    }
  });
  const sum = (f: (t: DataTypeTraffic) => number) => items.reduce((s, t) => s + f(t), 0);
  return {
    format,
    platform,
    items,
    readBytes: sum((t) => t.readBytes),
    writeBytes: sum((t) => t.writeBytes),
    storedBytes: sum((t) => t.storedBytes),
  };
}
