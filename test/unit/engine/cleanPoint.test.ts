import { describe, expect, it } from 'vitest';
import { evaluateClean } from '../../../src/engine/quantizedModel';
import { loadDatasetFile } from '../../../src/engine/nodeData';
import { loadZooModel } from '../../../src/engine/nodeZooModel';
import { initNodeBackend } from '../../../src/engine/tfNode';
import { sweepInNode, zooEntry } from '../../../src/engine/nodeEngine';
import { FORMATS } from '../../../src/core/types';

// The clean point of a sweep (BER 0) is the zoo's clean accuracy of the model stored in the
// format (quantizedModel.ts: the definition zoo.json and `eden eval` use), exactly.
describe('clean point = the zoo definition (LeNet-5, real MNIST)', () => {
  it('on the first 1,000 test images, every format', async () => {
    await initNodeBackend('wasm');
    const entry = zooEntry('lenet5-mnist');
    const model = await loadZooModel(entry);
    const test = loadDatasetFile('mnist', 'test');
    for (const format of FORMATS) {
      const zoo = await evaluateClean(model, entry, format, test, { samples: 1000 });
      const { result } = await sweepInNode({
        config: {
          modelId: entry.id,
          format,
          errorModel: { id: 0 },
          correction: 'none',
          samples: 1000,
          trials: 3,
          moduleSeed: 1,
          trialSeed: 1,
          rowBytes: 8192,
        },
        bers: [0],
        target: 'all',
        options: { batchSize: 500 },
      });
      expect(result.baseline).toBe(zoo.accuracy);
      expect(result.points[0]).toMatchObject({
        mean: zoo.accuracy,
        min: zoo.accuracy,
        max: zoo.accuracy,
        trials: 3,
      });
    }
    model.dispose();
  });
});
