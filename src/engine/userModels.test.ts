/**
 * Corpus test of "Your own model" (issue #13): every generated variant (test/fixtures/
 * userModels.ts) either runs — clean fp32 accuracy equal to tfjs's own predict on the same
 * images, and every weight-holding layer either stored in DRAM (a weights data type) or in
 * the visible not-modelled list — or is refused with one line naming the reason.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import { decodeDataset, sliceDataset, type Dataset } from '../core/data';
import type { Platform } from './session';
import { predictedClass } from './predictions';
import { corpus, type FileBytes, type Variant } from '../../test/fixtures/userModels';
import type { UserModelFiles } from '../contract/api';
import { withUserModels } from './userModels';

let mnist: Dataset;
let variants: Variant[];

const file = (f: FileBytes) => new File([f.bytes as BlobPart], f.name);

function filesOf(v: Variant): UserModelFiles {
  const d = v.dataset;
  return {
    name: v.id,
    modelJson: file(v.modelJson),
    weights: v.weights.map(file),
    dataset:
      d.kind === 'builtin'
        ? d
        : d.kind === 'app'
          ? { kind: 'app', file: file(d.file) }
          : { kind: 'idx', images: file(d.images), labels: file(d.labels) },
  };
}

/** Accuracy of tfjs's own predict on the first `n` images (pixels / 255, the model's input shape). */
function predictAccuracy(model: tfl.LayersModel, ds: Dataset, n: number): number {
  return tf.tidy(() => {
    const shape = model.inputs[0].shape.slice(1) as number[];
    const size = ds.rows * ds.cols * ds.channels;
    const x = tf.div(tf.tensor(ds.pixels.subarray(0, n * size), [n, ...shape], 'float32'), 255);
    const predicted = predictedClass(model.predict(x) as tf.Tensor);
    const labels = tf.tensor1d(Array.from(ds.labels.subarray(0, n)), 'int32');
    return tf.sum(tf.cast(tf.equal(predicted, labels), 'int32')).dataSync()[0] / n;
  });
}

const base = {
  listModels: async () => [],
  loadModel: async () => {
    throw new Error('no zoo here');
  },
  loadTestSet: async () => {
    throw new Error('no zoo here');
  },
} as unknown as Platform;

beforeAll(async () => {
  await tf.setBackend('cpu');
  mnist = decodeDataset(readFileSync('public/data/mnist-test.bin'), 'mnist-test.bin');
  variants = await corpus(mnist);
}, 300_000);

describe('user model corpus (issue #13)', () => {
  it('has at least 20 variants, runs and refusals', () => {
    expect(variants.length).toBeGreaterThanOrEqual(20);
    expect(variants.filter((v) => v.refused).length).toBeGreaterThanOrEqual(8);
    expect(variants.filter((v) => !v.refused).length).toBeGreaterThanOrEqual(12);
  });

  it('each variant runs right or is refused with one line naming the reason', async () => {
    const { addUserModel } = withUserModels(base, async () => sliceDataset(mnist, 0, 1000));
    const report: string[] = [];
    for (const v of variants) {
      const files = filesOf(v);
      if (v.refused) {
        const e = await addUserModel(files).then(
          () => null,
          (err: Error) => err,
        );
        expect(e, `${v.id} must be refused`).not.toBeNull();
        expect(e!.message, v.id).toMatch(v.refused);
        expect(e!.message, v.id).not.toContain('\n');
        report.push(`${v.id}: refused: ${e!.message}`);
        continue;
      }
      const info = await addUserModel(files).catch((err: Error) => {
        throw new Error(`${v.id} (${v.about}) was refused: ${err.message}`);
      });
      const n = info.calibrationSamples;
      const source =
        v.source ??
        (v.dataset.kind === 'builtin' ? sliceDataset(mnist, 0, 1000) : sliceDataset(mnist, 0, 400));
      expect(info.entry.accuracy.fp32, `${v.id}: clean accuracy = predict's`).toBe(
        predictAccuracy(v.model!, source, n),
      );
      // Every weight-holding layer is stored (a weights data type) or listed as not modelled.
      const stored = new Set(
        info.entry.dataTypes.filter((d) => d.kind === 'weights').map((d) => d.layer),
      );
      const listed = new Set(info.notModelled.map((l) => l.split(' ')[0]));
      for (const layer of v.model!.layers.filter((l) => l.countParams() > 0))
        expect(
          stored.has(layer.name) || listed.has(layer.name),
          `${v.id}: ${layer.name} (${layer.getClassName()}) accounted for`,
        ).toBe(true);
      expect([...listed].sort(), `${v.id}: not-modelled list`).toEqual(
        [...(v.notModelled ?? [])].sort(),
      );
      expect(info.ignoredFiles, `${v.id}: files not used`).toEqual(v.ignored ?? []);
      if (v.noBoost) expect(info.entry.unavailable?.boost, v.id).toMatch(v.noBoost);
      else if (v.dataset.kind === 'builtin') expect(info.entry.unavailable, v.id).toBeUndefined();
      else {
        expect(info.entry.unavailable?.boost, v.id).toMatch(/your own file/);
        expect(info.entry.unavailable?.characterize, v.id).toBeUndefined();
        expect(info.entry.datasetLabel, v.id).toMatch(/test\.bin|idx/);
        // The page's Test images are bounded by the file's count (src/state/modelFit.ts).
        expect(info.entry.testSamples, v.id).toBe(info.samples);
      }
      report.push(
        `${v.id}: ${(100 * info.entry.accuracy.fp32).toFixed(1)} % fp32 on ${n} images, ${stored.size} layers stored, ${listed.size} listed`,
      );
    }
    console.log(report.join('\n'));
  }, 300_000);

  it('SeparableConv2D is one data type holding its depthwise and pointwise kernels', async () => {
    const { addUserModel } = withUserModels(base, async () => mnist);
    const v = variants.find((x) => x.id === 'separable')!;
    const info = await addUserModel(filesOf(v));
    const weights = info.entry.dataTypes.find(
      (d) => d.kind === 'weights' && d.layer === v.model!.layers.find((l) => l.countParams())!.name,
    )!;
    // depthwise [3, 3, 1, 1] + pointwise [1, 1, 1, 4] + bias [4]: all its weights, one data type.
    expect(weights.elements).toBe(9 + 4 + 4);
    expect(v.model!.layers.find((l) => l.countParams())!.getClassName()).toBe('SeparableConv2D');
  }, 120_000);
});
