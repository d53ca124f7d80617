/**
 * Labelled image datasets in memory and the app's compact binary file format
 * (`public/data/<dataset>-<split>.bin`, written by scripts/build-data.ts).
 *
 * File layout (all integers little-endian uint32):
 *   offset  0  magic   'EDDS' (0x45 0x44 0x44 0x53)
 *   offset  4  version 1
 *   offset  8  count    number of samples
 *   offset 12  rows     image height
 *   offset 16  cols     image width
 *   offset 20  channels 1 for grayscale
 *   offset 24  classes  number of classes (labels are 0 … classes-1)
 *   offset 28  labels   count × uint8
 *   then       pixels   count × rows × cols × channels uint8, sample-major, row-major, HWC
 */

export interface Dataset {
  count: number;
  rows: number;
  cols: number;
  channels: number;
  classes: number;
  /** count labels, each in [0, classes). */
  labels: Uint8Array;
  /** count × rows × cols × channels raw pixel values 0–255. */
  pixels: Uint8Array;
}

export const DATASET_MAGIC = 'EDDS';
export const DATASET_VERSION = 1;
export const DATASET_HEADER_BYTES = 28;

/** An input file that is not what it claims to be; the message says what is wrong. */
export class DataFormatError extends Error {}

export function sampleSize(ds: Pick<Dataset, 'rows' | 'cols' | 'channels'>): number {
  return ds.rows * ds.cols * ds.channels;
}

/** Check the invariants of a dataset (sizes agree, labels in range). */
export function validateDataset(ds: Dataset, what = 'dataset'): Dataset {
  for (const k of ['count', 'rows', 'cols', 'channels', 'classes'] as const) {
    if (!Number.isInteger(ds[k]) || ds[k] < (k === 'count' ? 0 : 1)) {
      throw new DataFormatError(`${what}: ${k} must be a positive integer, got ${ds[k]}`);
    }
  }
  if (ds.labels.length !== ds.count) {
    throw new DataFormatError(`${what}: ${ds.labels.length} labels for ${ds.count} samples`);
  }
  if (ds.pixels.length !== ds.count * sampleSize(ds)) {
    throw new DataFormatError(
      `${what}: ${ds.pixels.length} pixel bytes, expected ${ds.count} × ${ds.rows}×${ds.cols}×${ds.channels}`,
    );
  }
  for (let i = 0; i < ds.count; i++) {
    if (ds.labels[i] >= ds.classes) {
      throw new DataFormatError(
        `${what}: label ${ds.labels[i]} of sample ${i} is not below ${ds.classes} classes`,
      );
    }
  }
  return ds;
}

export function encodeDataset(ds: Dataset): Uint8Array {
  validateDataset(ds);
  const out = new Uint8Array(DATASET_HEADER_BYTES + ds.labels.length + ds.pixels.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = DATASET_MAGIC.charCodeAt(i);
  [DATASET_VERSION, ds.count, ds.rows, ds.cols, ds.channels, ds.classes].forEach((v, i) =>
    view.setUint32(4 + 4 * i, v, true),
  );
  out.set(ds.labels, DATASET_HEADER_BYTES);
  out.set(ds.pixels, DATASET_HEADER_BYTES + ds.count);
  return out;
}

/** Parse the app's binary dataset file; `name` is used in error messages. Views share `bytes`. */
export function decodeDataset(bytes: Uint8Array, name = 'dataset file'): Dataset {
  if (bytes.length < DATASET_HEADER_BYTES) {
    throw new DataFormatError(
      `${name}: ${bytes.length} bytes is too short for the ${DATASET_HEADER_BYTES}-byte header`,
    );
  }
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== DATASET_MAGIC) {
    throw new DataFormatError(
      `${name}: not an EDEN dataset file (magic "${printable(magic)}", expected "${DATASET_MAGIC}")`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, count, rows, cols, channels, classes] = [0, 1, 2, 3, 4, 5].map((i) =>
    view.getUint32(4 + 4 * i, true),
  );
  if (version !== DATASET_VERSION) {
    throw new DataFormatError(
      `${name}: format version ${version} is not supported (expected ${DATASET_VERSION})`,
    );
  }
  if (rows < 1 || cols < 1 || channels < 1 || classes < 1 || classes > 256) {
    throw new DataFormatError(
      `${name}: bad header (rows ${rows}, cols ${cols}, channels ${channels}, classes ${classes})`,
    );
  }
  const expected = DATASET_HEADER_BYTES + count * (1 + rows * cols * channels);
  if (bytes.length !== expected) {
    throw new DataFormatError(
      `${name}: ${bytes.length} bytes, expected ${expected} for ${count} samples of ${rows}×${cols}×${channels}` +
        (bytes.length < expected ? ' (truncated)' : ''),
    );
  }
  const labels = bytes.subarray(DATASET_HEADER_BYTES, DATASET_HEADER_BYTES + count);
  const pixels = bytes.subarray(DATASET_HEADER_BYTES + count);
  return validateDataset({ count, rows, cols, channels, classes, labels, pixels }, name);
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

/** The samples [start, start + n) as a new dataset (copies). */
export function sliceDataset(ds: Dataset, start: number, n: number): Dataset {
  const end = Math.min(ds.count, start + n);
  const size = sampleSize(ds);
  return {
    ...ds,
    count: Math.max(0, end - start),
    labels: ds.labels.slice(start, end),
    pixels: ds.pixels.slice(start * size, end * size),
  };
}

/**
 * The network input for samples [start, start + n): pixel / 255 as float32, HWC per sample
 * (the models are trained on inputs in [0, 1]).
 */
export function toFloatBatch(ds: Dataset, start: number, n: number): Float32Array {
  const size = sampleSize(ds);
  const end = Math.min(ds.count, start + n);
  const src = ds.pixels.subarray(start * size, end * size);
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i] / 255;
  return out;
}
