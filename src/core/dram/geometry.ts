/**
 * The DRAM image (docs/design.md §2): where each data type's bytes sit in a partition, and on which
 * row (wordline) and bitline each stored bit lies. Byte `a` of a partition is in row
 * `floor(a / rowBytes)`; its bit `b` (0 = LSB) sits on bitline `(a mod rowBytes) · 8 + b`.
 */

/** Row size of a DDR3/DDR4 x8 rank (8 chips × 1 KiB page), the default partition row. */
export const DEFAULT_ROW_BYTES = 8192;

export interface PartitionGeometry {
  /** Partition row size in bytes. */
  rowBytes: number;
}

/** Where one tensor's bytes start in its partition (same shape as errors' `Placement`). */
export interface TensorPlacement extends PartitionGeometry {
  baseAddress: number;
}

export function rowOf(address: number, rowBytes: number): number {
  return Math.floor(address / rowBytes);
}

export function bitlineOf(address: number, bit: number, rowBytes: number): number {
  return (address % rowBytes) * 8 + bit;
}

/** Rows [first, last] that a tensor of `bytes` bytes at `placement` touches (last < first when empty). */
export function rowsTouched(
  placement: TensorPlacement,
  bytes: number,
): { first: number; last: number } {
  const first = rowOf(placement.baseAddress, placement.rowBytes);
  if (bytes <= 0) return { first, last: first - 1 };
  return { first, last: rowOf(placement.baseAddress + bytes - 1, placement.rowBytes) };
}

/** Largest row accepted: DRAM rows are 1–16 KiB (DDR3/DDR4 rank rows 8 KiB, HBM 1–2 KiB). */
export const MAX_ROW_BYTES = 65536;

/** Throws a readable Error unless the geometry is usable. */
export function checkPlacement(placement: TensorPlacement): void {
  const { rowBytes, baseAddress } = placement;
  if (!Number.isSafeInteger(rowBytes) || rowBytes < 1 || rowBytes > MAX_ROW_BYTES)
    throw new Error(
      `row size must be an integer from 1 to ${MAX_ROW_BYTES} bytes, got ${rowBytes}`,
    );
  if (!Number.isSafeInteger(baseAddress) || baseAddress < 0)
    throw new Error(`base address must be a non-negative integer, got ${baseAddress}`);
}

export interface PlacedRange {
  id: string;
  /** Address of the first byte (the partition's base address plus its offset in the partition). */
  start: number;
  bytes: number;
}

export interface PartitionImage extends PartitionGeometry {
  /** Address of the partition's first byte; rows are counted from address 0. */
  baseAddress: number;
  ranges: PlacedRange[];
  /** Bytes used from the base address on, padding included. */
  bytes: number;
  /** Rows the partition's data touches. */
  rows: number;
}

/**
 * Places data types one after another in a partition starting at `baseAddress`, each at a
 * multiple of `align` bytes (default 64, a DDR burst of a 64-bit channel), in the order given.
 */
export function layoutPartition(
  items: { id: string; bytes: number }[],
  rowBytes = DEFAULT_ROW_BYTES,
  align = 64,
  baseAddress = 0,
): PartitionImage {
  checkPlacement({ rowBytes, baseAddress });
  if (!Number.isSafeInteger(align) || align < 1)
    throw new Error(`alignment must be a positive integer, got ${align}`);
  const ranges: PlacedRange[] = [];
  let at = baseAddress;
  for (const { id, bytes } of items) {
    if (!Number.isSafeInteger(bytes) || bytes < 0)
      throw new Error(`${id}: size must be a non-negative integer of bytes, got ${bytes}`);
    at = Math.ceil(at / align) * align;
    ranges.push({ id, start: at, bytes });
    at += bytes;
  }
  const { first, last } = rowsTouched({ baseAddress, rowBytes }, at - baseAddress);
  return { rowBytes, baseAddress, ranges, bytes: at - baseAddress, rows: last - first + 1 };
}

/** The placement of data type `id` in a partition image. */
export function placementOf(image: PartitionImage, id: string): TensorPlacement {
  const range = image.ranges.find((r) => r.id === id);
  if (!range) throw new Error(`"${id}" is not placed in this partition`);
  return { baseAddress: range.start, rowBytes: image.rowBytes };
}
