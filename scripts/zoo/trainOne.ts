/** Train one zoo model and save its weights plus a training record next to them. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDatasetFile } from '../../src/engine/nodeData';
import { saveModelToDir } from '../../src/engine/tfNode';
import { trainClassifier } from '../../src/engine/train';
import type { ZooEntry } from '../../src/core/models/zoo';
import type { ZooSpec } from './specs';

export const TRAINING_RECORD = 'training.json';

export async function trainOne(
  spec: ZooSpec,
  dir: string,
  backend: string,
): Promise<ZooEntry['training']> {
  const data = loadDatasetFile(spec.dataset, 'train');
  const model = spec.build(spec.seed);
  const samples = Math.min(spec.trainSamples ?? data.count, data.count);
  let last = Date.now();
  const result = await trainClassifier(model, data, {
    epochs: spec.epochs,
    batchSize: spec.batchSize,
    seed: spec.seed,
    samples,
    learningRateAt: (e) => spec.learningRates[e],
    progressEvery: 50,
    onProgress: (p) => {
      const now = Date.now();
      console.log(
        `  ${spec.id} epoch ${p.epoch + 1}/${spec.epochs} batch ${p.batch + 1}/${p.batchesPerEpoch} ` +
          `loss ${p.loss.toFixed(3)} acc ${(100 * p.accuracy).toFixed(1)} % (${now - last} ms)`,
      );
      last = now;
    },
  });
  await saveModelToDir(model, dir);
  model.dispose();
  const training: ZooEntry['training'] = {
    epochs: spec.epochs,
    batchSize: spec.batchSize,
    seed: spec.seed,
    trainSamples: samples,
    seconds: Math.round(result.seconds),
    backend,
  };
  writeFileSync(join(dir, TRAINING_RECORD), JSON.stringify(training, null, 2) + '\n');
  return training;
}
