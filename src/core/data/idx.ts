/**
 * IDX files (the original MNIST / Fashion-MNIST distribution, http://yann.lecun.com/exdb/mnist/):
 * magic = 0x00 0x00 <type> <dims>, then <dims> big-endian uint32 sizes, then the data.
 * Only unsigned bytes (type 0x08) are accepted: images are dims 3 (count, rows, cols),
 * labels dims 1 (count).
 */
import { DataFormatError, validateDataset, type Dataset } from './dataset';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export function parseIdx(bytes: Uint8Array, name = 'IDX file'): IdxArray {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new DataFormatError(
      `${name}: gzip-compressed; decompress it first (e.g. gunzip ${name})`,
    );
  }
  if (bytes.length < 4)
    throw new DataFormatError(`${name}: ${bytes.length} bytes is too short for an IDX header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataFormatError(
      `${name}: not an IDX file (first bytes ${hex(bytes.subarray(0, 4))})`,
    );
  }
  if (bytes[2] !== 0x08) {
    throw new DataFormatError(
      `${name}: IDX element type 0x${bytes[2].toString(16)} is not unsigned byte (0x08)`,
    );
  }
  const rank = bytes[3];
  const headerBytes = 4 + 4 * rank;
  if (rank < 1 || bytes.length < headerBytes)
    throw new DataFormatError(`${name}: truncated IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = headerBytes + dims.reduce((a, b) => a * b, 1);
  if (bytes.length < expected) {
    throw new DataFormatError(
      `${name}: truncated: ${bytes.length} bytes, dims ${dims.join('×')} need ${expected}`,
    );
  }
  if (bytes.length > expected) {
    throw new DataFormatError(
      `${name}: ${bytes.length - expected} unexpected bytes after the data (dims ${dims.join('×')})`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/**
 * A dataset from an IDX image file (count×rows×cols) and an IDX label file (count) with
 * `classes` classes (labels 0 … classes−1: 10 for MNIST, the model's output count for a user's
 * own files). Throws a DataFormatError naming the file: counts that differ, a label ≥ classes
 * (`names.classesFrom` says where the class count comes from, e.g. "the model has 3 outputs").
 */
export function datasetFromIdx(
  images: Uint8Array,
  labels: Uint8Array,
  classes: number,
  names: { images?: string; labels?: string; classesFrom?: string } = {},
): Dataset {
  const imagesName = names.images ?? 'image file';
  const labelsName = names.labels ?? 'label file';
  const img = parseIdx(images, imagesName);
  const lab = parseIdx(labels, labelsName);
  if (img.dims.length !== 3) {
    throw new DataFormatError(
      `${imagesName}: expected 3 dims (count, rows, cols), got ${img.dims.length}`,
    );
  }
  if (lab.dims.length !== 1) {
    throw new DataFormatError(`${labelsName}: expected 1 dim (count), got ${lab.dims.length}`);
  }
  if (img.dims[0] !== lab.dims[0]) {
    throw new DataFormatError(
      `${imagesName} holds ${img.dims[0]} images but ${labelsName} ${lab.dims[0]} labels`,
    );
  }
  const [count, rows, cols] = img.dims;
  // A label out of range is the label file's fault: named here, not as "IDX dataset".
  const bad = lab.data.findIndex((l) => l >= classes);
  if (bad >= 0)
    throw new DataFormatError(
      `${labelsName}: label ${lab.data[bad]} of sample ${bad} is not below ${classes} classes${names.classesFrom ? ` (${names.classesFrom})` : ''}`,
    );
  return validateDataset(
    { count, rows, cols, channels: 1, classes, labels: lab.data, pixels: img.data },
    'IDX dataset',
  );
}

/** Encode an IDX ubyte array (for tests and tools). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = 0x08;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}
