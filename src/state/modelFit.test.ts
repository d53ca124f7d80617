import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseZoo } from '../core/models/zoo';
import { createExplorerStore } from './store';
import { parseUrl } from './url';

const zoo = parseZoo(JSON.parse(readFileSync('public/models/zoo.json', 'utf8'))).models;
const lenet = zoo.find((m) => m.id === 'lenet5-mnist')!;
const snn = zoo.find((m) => m.id === 'snn-mnist')!;
// A user's model on its own 50-image IDX file (src/engine/userModels.ts sets testSamples).
const user = {
  ...lenet,
  id: 'user-m10',
  datasetLabel: 'small-images-idx3-ubyte + small-labels-idx1-ubyte',
  testSamples: 50,
};

const texts = (store: ReturnType<typeof createExplorerStore>) =>
  store.getState().notices.map((n) => n.text);

describe('settings the model cannot run with are adjusted, with a message naming them', () => {
  it('more test images than a user file holds: set to its count (the estimate failed before)', () => {
    const store = createExplorerStore({ samples: 1000 });
    store.setState({ models: [lenet, user] });
    store.getState().update({ modelId: 'user-m10' });
    expect(store.getState().config.samples).toBe(50);
    expect(texts(store)).toEqual([
      "Test images 1,000 is more than user-m10's test set holds (50 in small-images-idx3-ubyte + small-labels-idx1-ubyte); using 50.",
    ]);
    // Typing a larger number again is refused the same way; the zoo model keeps its 10,000.
    store.getState().update({ samples: 2000 });
    expect(store.getState().config.samples).toBe(50);
    store.getState().update({ modelId: 'lenet5-mnist', samples: 10_000 });
    expect(store.getState().config.samples).toBe(10_000);
  });

  it('errors in IFM/OFM for an SNN (link or dropdown): weights, with a message; all stays', () => {
    // ?model=snn-mnist&target=ifm: the sweep failed and the clean accuracy stayed "measuring…".
    const { config } = parseUrl('?model=snn-mnist&target=ifm');
    const store = createExplorerStore(config);
    expect(store.getState().config.target).toBe('ifm'); // the zoo is not known yet
    store.setState({ models: zoo });
    store.getState().update({}); // what the controller does once the zoo arrives
    expect(store.getState().config.target).toBe('weights');
    expect(texts(store)).toEqual([
      'Errors in "ifm" does not apply to snn-mnist: a spiking network keeps its spikes on chip, only its weights live in DRAM; using weights.',
    ]);
    store.getState().update({ modelId: 'lenet5-mnist', target: 'ofm' });
    store.getState().update({ modelId: snn.id });
    expect(store.getState().config.target).toBe('weights');
    expect(texts(store)).toHaveLength(2);
    // 'all' is an SNN's DRAM data (its weights): kept, no message.
    store.getState().update({ target: 'all' });
    expect(store.getState().config.target).toBe('all');
    expect(texts(store)).toHaveLength(2);
  });
});
