import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rangeOf } from '../../core/eden/correct';
import { zooEntrySchema } from '../../core/models/zoo';
import { publicDir } from '../nodePaths';
import { initNodeBackend } from '../tfNode';
import { floatDataset } from './data-node';
import { loadSnn } from './load';
import { loadSnnById, nodePublicReader } from './load-node';
import { evaluateSnn } from './simulate';

beforeAll(async () => {
  await initNodeBackend(); // wasm: the 200-image check takes ~1 s there, ~15 s on cpu
});

describe('the zoo SNN (public/models/snn-mnist)', () => {
  it('loads, matches its zoo entry, and classifies MNIST test images', async () => {
    const m = await loadSnnById('snn-mnist');
    const entry = zooEntrySchema.parse(
      JSON.parse(readFileSync(join(publicDir(), 'models/snn-mnist/entry.json'), 'utf8')),
    );
    expect(entry.family).toBe('snn');
    expect(entry.accuracy.int8).toBeGreaterThanOrEqual(0.95);
    expect(m.kernels.map((k) => k.length)).toEqual(entry.dataTypes.map((d) => d.elements));
    m.kernels.forEach((k, l) => {
      expect(rangeOf(k)).toEqual(entry.dataTypes[l].range);
    });
    const test = floatDataset('mnist', 'test');
    const r = await evaluateSnn(m.spec, m.kernels, test.images, test.labels, 200, 200);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.spikesPerSample[1]).toBeGreaterThan(0);
  });

  it('refuses a model that is not an SNN and a spec that does not fit the weights', async () => {
    const read = nodePublicReader();
    await expect(
      loadSnn({ id: 'x', path: 'models/snn-mnist/model.json', family: 'lenet' }, read),
    ).rejects.toThrow(/not an SNN/);
    const bad = {
      ...read,
      json: async (p: string) => {
        const j = (await read.json(p)) as { layers?: { outputs: number }[] };
        if (p.endsWith('snn.json') && j.layers) j.layers[0] = { ...j.layers[0], outputs: 255 };
        return j;
      },
    };
    await expect(
      loadSnn({ id: 'x', path: 'models/snn-mnist/model.json', family: 'snn' }, bad),
    ).rejects.toThrow(/inputs|shape/);
  });
});
