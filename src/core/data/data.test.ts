import { describe, expect, it } from 'vitest';
import {
  DataFormatError,
  datasetFromIdx,
  decodeDataset,
  encodeDataset,
  encodeIdx,
  parseIdx,
  sliceDataset,
  toFloatBatch,
  type Dataset,
} from '.';

const tiny: Dataset = {
  count: 3,
  rows: 2,
  cols: 2,
  channels: 1,
  classes: 10,
  labels: Uint8Array.from([7, 0, 9]),
  pixels: Uint8Array.from({ length: 12 }, (_, i) => i * 20),
};

describe('app binary dataset format', () => {
  it('round-trips', () => {
    const back = decodeDataset(encodeDataset(tiny));
    expect(back).toMatchObject({ count: 3, rows: 2, cols: 2, channels: 1, classes: 10 });
    expect(Array.from(back.labels)).toEqual([7, 0, 9]);
    expect(Array.from(back.pixels)).toEqual(Array.from(tiny.pixels));
  });

  it('rejects wrong magic, version, truncation and bad labels with clear messages', () => {
    const bytes = encodeDataset(tiny);
    const bad = bytes.slice();
    bad[0] = 0x50;
    expect(() => decodeDataset(bad, 'x.bin')).toThrow(/x\.bin: not an EDEN dataset file/);
    const v2 = bytes.slice();
    v2[4] = 2;
    expect(() => decodeDataset(v2)).toThrow(/version 2 is not supported/);
    expect(() => decodeDataset(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
    expect(() => decodeDataset(bytes.subarray(0, 10))).toThrow(/too short/);
    const lab = bytes.slice();
    lab[28] = 10;
    expect(() => decodeDataset(lab)).toThrow(DataFormatError);
  });

  it('slices and normalizes to [0, 1]', () => {
    const s = sliceDataset(tiny, 1, 5);
    expect(s.count).toBe(2);
    expect(Array.from(s.labels)).toEqual([0, 9]);
    const f = toFloatBatch(tiny, 2, 1);
    expect(f.length).toBe(4);
    expect(f[0]).toBeCloseTo(160 / 255, 6);
  });
});

describe('IDX reader', () => {
  const images = encodeIdx([3, 2, 2], tiny.pixels);
  const labels = encodeIdx([3], tiny.labels);

  it('reads images and labels', () => {
    const ds = datasetFromIdx(images, labels, 10);
    expect(ds).toMatchObject({ count: 3, rows: 2, cols: 2, channels: 1, classes: 10 });
    expect(Array.from(ds.pixels)).toEqual(Array.from(tiny.pixels));
  });

  it('rejects gzip, wrong type, truncation, mismatched counts and wrong ranks', () => {
    expect(() => parseIdx(Uint8Array.from([0x1f, 0x8b, 8, 0]), 'a.gz')).toThrow(/gzip-compressed/);
    expect(() => parseIdx(Uint8Array.from([1, 2, 3, 4]))).toThrow(/not an IDX file/);
    const f32 = images.slice();
    f32[2] = 0x0d;
    expect(() => parseIdx(f32)).toThrow(/not unsigned byte/);
    expect(() => parseIdx(images.subarray(0, images.length - 2))).toThrow(/truncated/);
    // The message names both files (it said "3 images but 2 labels").
    expect(() =>
      datasetFromIdx(images, encodeIdx([2], Uint8Array.from([1, 2])), 10, {
        images: 'a-idx3',
        labels: 'b-idx1',
      }),
    ).toThrow(/^a-idx3 holds 3 images but b-idx1 2 labels$/);
    expect(() => datasetFromIdx(labels, labels, 10)).toThrow(/expected 3 dims/);
    expect(() => datasetFromIdx(images, encodeIdx([3], Uint8Array.from([1, 2, 12])), 10)).toThrow(
      /label 12/,
    );
    // The message names the label file (it said "IDX dataset: label 200 …").
    expect(() =>
      datasetFromIdx(images, encodeIdx([3], Uint8Array.from([1, 200, 2])), 10, {
        images: 'my-images-idx3-ubyte',
        labels: 'my-labels-idx1-ubyte',
      }),
    ).toThrow(/^my-labels-idx1-ubyte: label 200 of sample 1 is not below 10 classes$/);
  });

  // Break-it pass: the reader assumed 10 classes; a 3-class model's labels are 0–2.
  it('takes the class count it is given and names where it comes from', () => {
    const three = encodeIdx([3], Uint8Array.from([0, 2, 1]));
    expect(datasetFromIdx(images, three, 3).classes).toBe(3);
    expect(() =>
      datasetFromIdx(images, encodeIdx([3], Uint8Array.from([0, 7, 1])), 3, {
        labels: 'labels-idx1-ubyte',
        classesFrom: 'the model has 3 outputs',
      }),
    ).toThrow(
      /^labels-idx1-ubyte: label 7 of sample 1 is not below 3 classes \(the model has 3 outputs\)$/,
    );
  });
});
