/**
 * Break-it pass: `--model-dir` (a user's own tfjs model in the CLI) ran models the page refuses
 * — 5 outputs on 10 classes, one sigmoid output, a [14, 56] input that reorders the pixels —
 * and printed their accuracies; NaN weights and two inputs exited 1 with an internal message;
 * and a flat [784] model failed (it was fed the borrowed zoo model's [28, 28, 1] batches). The
 * page's checks (src/engine/modelChecks.ts) now run here too. Models are made by the fixture
 * generator (test/fixtures/userModels.ts saveModel).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../src/cli/args';
import { openModel, pipelineArgs } from '../../../src/cli/pipelineArgs';
import { saveModel } from '../../fixtures/userModels';

const root = mkdtempSync(join(tmpdir(), 'eden-model-dir-'));

const dense = (units: number, activation: 'linear' | 'sigmoid' = 'linear') =>
  tfl.layers.dense({
    units,
    activation,
    kernelInitializer: tfl.initializers.glorotUniform({ seed: units }),
  });

function seq(inputShape: number[], layers: tfl.layers.Layer[]): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.inputLayer({ inputShape }));
  for (const l of layers) m.add(l);
  return m;
}

/** Writes the model as model.json + weights.bin into root/<name>; returns the directory. */
async function dir(name: string, model: tfl.LayersModel): Promise<string> {
  const files = await saveModel(model);
  const at = join(root, name);
  mkdirSync(at, { recursive: true });
  for (const f of [files.modelJson, ...files.weights]) writeFileSync(join(at, f.name), f.bytes);
  model.dispose();
  return at;
}

const args = (modelDir: string) =>
  pipelineArgs({ 'model-dir': modelDir, model: 'lenet5-mnist', backend: 'cpu' });

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe("--model-dir runs the page's model checks before any work", () => {
  it.each([
    [
      'outputs-5',
      () => seq([784], [dense(5)]),
      'the model has 5 outputs, the MNIST test set has 10 classes',
    ],
    [
      'sigmoid',
      () => seq([784], [dense(1, 'sigmoid')]),
      'the model has 1 output: accuracy needs one output per class',
    ],
    [
      'shape-14x56',
      () => seq([14, 56], [tfl.layers.flatten(), dense(10)]),
      'the model expects inputs of shape [14, 56], the MNIST test set has [28, 28, 1]',
    ],
    [
      'nan',
      () => {
        const m = seq([784], [dense(10)]);
        const layer = m.layers.find((l) => l.countParams() > 0)!;
        const [k, b] = layer.getWeights();
        const v = k.dataSync().slice();
        v[3] = NaN;
        layer.setWeights([tf.tensor(v, k.shape), b]);
        return m;
      },
      'non-finite weights (',
    ],
  ])('%s', async (name, make, message) => {
    const at = await dir(name, make());
    const t0 = performance.now();
    const e = await openModel(args(at)).then(
      () => null,
      (err: Error) => err,
    );
    expect(e).toBeInstanceOf(CliError);
    expect(e!.message.startsWith(`${join(at, 'model.json')}: ${message}`), e!.message).toBe(true);
    expect(e!.message).not.toContain('\n');
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('a tfjs graph model (a converted SavedModel) is named as one', async () => {
    const at = join(root, 'graph');
    mkdirSync(at, { recursive: true });
    writeFileSync(
      join(at, 'model.json'),
      JSON.stringify({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] }),
    );
    await expect(openModel(args(at))).rejects.toThrow(
      new CliError(
        `${join(at, 'model.json')}: it is a tfjs graph model (a converted SavedModel): only LayersModels run — convert the Keras model (tensorflowjs_converter --input_format keras)`,
      ),
    );
  });

  it("a flat [784] model borrowing a zoo model's dataset runs with its own input shape", async () => {
    const at = await dir('dense-784', seq([784], [dense(10)]));
    const opened = await openModel(args(at));
    try {
      expect(opened.entry.inputShape).toEqual([784]);
      expect(opened.entry.accuracy.fp32).toBeGreaterThan(0);
    } finally {
      opened.model.dispose();
    }
  }, 120_000);
});
