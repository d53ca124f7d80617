/**
 * Mapping DNN data onto DRAM partitions (EDEN §6).
 *
 * - coarse: one setting (VDD / tRCD) for the whole module, at the coarse tolerable BER;
 * - fine: N partitions, each with its own setting. (1) The N partition levels are chosen from
 *   the data types' tolerable BERs: sorted by tolerance, the data is cut into ≤ N runs so that
 *   Σ bytes × gain(setting) is largest (dynamic programming; gain defaults to the VDD reduction).
 *   (2) Greedy placement: the most error-sensitive data first, each data type into the most
 *   aggressive partition whose level it tolerates and that still has room (never into one it
 *   does not tolerate), so the most sensitive data lands in the most reliable partition.
 *   (3) Each partition then runs at the most aggressive setting all of its data tolerates.
 *
 * The result is the partition map the UI draws, and the assignment of the validation run:
 * each data type injected at the BER of its partition's setting. Inside a partition data types
 * lie back to back, each starting on a 64-byte boundary (src/core/dram/geometry.ts), so
 * sizes and capacities count that padding (the layout of layoutPartition in src/core/dram).
 */
/** Alignment of each data type inside a partition (a DDR burst of a 64-bit channel). */
export const PLACEMENT_ALIGN = 64;
const padded = (bytes: number) => Math.ceil(bytes / PLACEMENT_ALIGN) * PLACEMENT_ALIGN;

/** One data type to place: its stored size in the chosen format and its tolerable BER. */
export interface MapItem {
  id: string;
  bytes: number;
  tolerableBer: number;
}

/** A DRAM setting and the BER data sees there (from the DRAM model). */
export interface PartitionSetting {
  /** VDD reduction from nominal, volts (≤ 0). */
  vddDelta: number;
  /** tRCD reduction from nominal, ns (≤ 0). */
  trcdDelta: number;
  /** BER of this setting (≤ the BER it was chosen for). */
  ber: number;
}

/** The most aggressive setting whose BER stays ≤ `maxBer` (maxBer 0 → nominal). */
export type SettingFor = (maxBer: number) => PartitionSetting;

export interface PlacedData {
  id: string;
  /** Byte range [start, end) inside the partition (end − start = the data type's bytes). */
  start: number;
  end: number;
  tolerableBer: number;
}

export interface Partition extends PartitionSetting {
  index: number;
  /** The BER the partition's data tolerates (min over its data); 0 when empty. */
  targetBer: number;
  capacity: number;
  /** Bytes used, alignment padding included. */
  used: number;
  placed: PlacedData[];
}

export interface PartitionMap {
  mode: 'coarse' | 'fine';
  partitions: Partition[];
  totalBytes: number;
}

function checkItems(items: MapItem[]): number {
  const seen = new Set<string>();
  let total = 0;
  for (const it of items) {
    if (seen.has(it.id)) throw new Error(`mapping: data type "${it.id}" listed twice`);
    seen.add(it.id);
    if (!(it.bytes > 0)) throw new Error(`mapping: data type "${it.id}" has no bytes`);
    if (!(it.tolerableBer >= 0))
      throw new Error(`mapping: data type "${it.id}" has no tolerable BER`);
    total += padded(it.bytes);
  }
  return total;
}

function partitionAt(
  index: number,
  targetBer: number,
  capacity: number,
  settingFor: SettingFor,
): Partition {
  return { index, targetBer, ...settingFor(targetBer), capacity, used: 0, placed: [] };
}

function place(p: Partition, it: MapItem): void {
  p.placed.push({
    id: it.id,
    start: p.used,
    end: p.used + it.bytes,
    tolerableBer: it.tolerableBer,
  });
  p.used += padded(it.bytes);
}

/** Coarse mapping: the whole module at the setting for the coarse tolerable BER. */
export function mapCoarse(
  items: MapItem[],
  coarseBer: number,
  capacity: number,
  settingFor: SettingFor,
): PartitionMap {
  const total = checkItems(items);
  if (total > capacity)
    throw new Error(`mapping: ${total} bytes do not fit the module's ${capacity} bytes`);
  const p = partitionAt(0, coarseBer, capacity, settingFor);
  for (const it of items) place(p, it);
  return { mode: 'coarse', partitions: [p], totalBytes: total };
}

/**
 * Partition levels: cut the tolerance-sorted items into ≤ n contiguous runs of at most
 * `capacity` bytes each, maximizing Σ bytes × gain(min tolerance of the run). Returns the
 * levels, ascending; throws when no such cut exists.
 */
export function chooseLevels(
  sorted: MapItem[],
  n: number,
  gain: (ber: number) => number,
  capacity = Infinity,
): number[] {
  const m = sorted.length;
  if (m === 0) return [];
  const prefix = [0];
  for (const it of sorted) prefix.push(prefix[prefix.length - 1] + padded(it.bytes));
  // best[k][j]: best value for the first j items in k runs; runs start at a level = sorted[i].
  const best: number[][] = Array.from({ length: n + 1 }, () =>
    new Array<number>(m + 1).fill(-Infinity),
  );
  const from: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(-1));
  best[0][0] = 0;
  for (let k = 1; k <= n; k++) {
    for (let j = 1; j <= m; j++) {
      for (let i = j - 1; i >= 0 && prefix[j] - prefix[i] <= capacity; i--) {
        if (best[k - 1][i] === -Infinity) continue;
        const v = best[k - 1][i] + (prefix[j] - prefix[i]) * gain(sorted[i].tolerableBer);
        if (v > best[k][j]) {
          best[k][j] = v;
          from[k][j] = i;
        }
      }
    }
  }
  let k = 0;
  for (let kk = 1; kk <= n; kk++) if (best[kk][m] > (k ? best[k][m] : -Infinity) + 1e-12) k = kk;
  if (k === 0) {
    throw new Error(
      `mapping: the data does not fit ${n} partitions of ${capacity} bytes in tolerance order`,
    );
  }
  const levels: number[] = [];
  for (let j = m; k > 0; k--) {
    const i = from[k][j];
    levels.push(sorted[i].tolerableBer);
    j = i;
  }
  return [...new Set(levels)].sort((a, b) => a - b);
}

/**
 * Default value of a byte at a partition set for `ber`: the VDD reduction first (energy), then
 * the tRCD reduction (speed), then the BER itself as a tie-breaker, so that data with
 * different tolerances get their own partitions whenever that costs nothing (each partition
 * then runs at the most aggressive setting its own data tolerates).
 */
export function defaultGain(settingFor: SettingFor): (ber: number) => number {
  return (ber) => {
    const s = settingFor(ber);
    return -s.vddDelta + 1e-3 * -s.trcdDelta + 1e-7 * (12 + Math.log10(Math.max(ber, 1e-12)));
  };
}

/**
 * Whether data of these sizes can fit `n` partitions of `capacity` bytes each at all (the sizes
 * alone, before any tolerance is known): the total, padded to PLACEMENT_ALIGN, within n ×
 * capacity and the largest data type within one partition. Throws a 'mapping:' Error otherwise,
 * so a caller can refuse a capacity before characterizing (src/cli/map.ts).
 */
export function checkCapacity(
  items: readonly Pick<MapItem, 'id' | 'bytes'>[],
  n: number,
  capacity: number,
): void {
  const total = items.reduce((s, it) => s + padded(it.bytes), 0);
  if (total > n * capacity)
    throw new Error(`mapping: ${total} bytes do not fit ${n} partitions of ${capacity} bytes`);
  const largest = items.reduce<Pick<MapItem, 'id' | 'bytes'> | null>(
    (m, it) => (m === null || it.bytes > m.bytes ? it : m),
    null,
  );
  if (largest && padded(largest.bytes) > capacity)
    throw new Error(
      `mapping: data type "${largest.id}" (${padded(largest.bytes)} bytes with alignment) does not fit a partition of ${capacity} bytes`,
    );
}

export interface FineMapOptions {
  partitions?: number;
  /** Bytes per partition. */
  capacity: number;
  settingFor: SettingFor;
  /** Value of one byte at a partition whose data tolerates `ber` (default: defaultGain). */
  gain?: (ber: number) => number;
}

/** Fine mapping onto N partitions (default 4); see the module comment. */
export function mapFine(items: MapItem[], options: FineMapOptions): PartitionMap {
  const n = options.partitions ?? 4;
  if (!(Number.isInteger(n) && n >= 1))
    throw new Error(`mapping: partitions must be an integer ≥ 1, got ${n}`);
  const { capacity, settingFor } = options;
  const total = checkItems(items);
  checkCapacity(items, n, capacity);
  const gain = options.gain ?? defaultGain(settingFor);
  // Most error-sensitive first; ties: larger first so big tensors get placed while room is left.
  const sorted = [...items].sort((a, b) => a.tolerableBer - b.tolerableBer || b.bytes - a.bytes);
  const levels = chooseLevels(sorted, n, gain, capacity);
  while (levels.length < n) levels.unshift(0); // unused partitions stay nominal (most reliable)
  const parts = levels.map((ber, i) => partitionAt(i, ber, capacity, settingFor));

  for (const it of sorted) {
    // The most aggressive partition the data tolerates that has room for it.
    let target: Partition | undefined;
    for (const p of parts) {
      if (p.targetBer <= it.tolerableBer && p.used + padded(it.bytes) <= capacity) target = p;
    }
    if (!target) {
      throw new Error(
        `mapping: no partition that "${it.id}" tolerates has room for its ${it.bytes} bytes (capacity ${capacity})`,
      );
    }
    place(target, it);
  }
  // Each partition at the most aggressive setting its data tolerates.
  const tightened = parts.map((p) => {
    if (p.placed.length === 0) return p;
    const ber = Math.min(...p.placed.map((d) => d.tolerableBer));
    return { ...p, targetBer: ber, ...settingFor(ber) };
  });
  return { mode: 'fine', partitions: tightened, totalBytes: total };
}

/**
 * Validation run: each data type injected at the BER its partition was set for (targetBer,
 * the most aggressive BER its data tolerates; the partition's setting on any module profile
 * gives at most that BER, so the run covers every profile).
 */
export function validationAssignment(map: PartitionMap): {
  mode: 'fine';
  perDataType: Record<string, number>;
} {
  const perDataType: Record<string, number> = {};
  for (const p of map.partitions) for (const d of p.placed) perDataType[d.id] = p.targetBer;
  return { mode: 'fine', perDataType };
}

/** Which partition holds each data type. */
export function partitionOf(map: PartitionMap): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of map.partitions) for (const d of p.placed) out[d.id] = p.index;
  return out;
}
