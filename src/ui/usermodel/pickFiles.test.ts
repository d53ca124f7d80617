import { describe, expect, it } from 'vitest';
import { splitIdxFiles, splitModelFiles } from './pickFiles';

const file = (name: string, bytes: number[] = []) => new File([new Uint8Array(bytes)], name);

describe('picking your own model and dataset', () => {
  it('splits model.json from its weight files, with messages for wrong picks', () => {
    const r = splitModelFiles([file('w1.bin'), file('model.json'), file('w2.bin')]);
    expect(typeof r).toBe('object');
    if (typeof r === 'object') {
      expect(r.modelJson.name).toBe('model.json');
      expect(r.weights.map((f) => f.name)).toEqual(['w1.bin', 'w2.bin']);
    }
    expect(splitModelFiles([file('w1.bin')])).toMatch(/model\.json/);
    expect(splitModelFiles([file('a.json'), file('b.json')])).toMatch(/exactly one/);
    expect(splitModelFiles([file('model.json')])).toMatch(/No weight files/);
    // Break-it pass: the page's own "Download boosted model" files were refused when picked
    // again ("Pick exactly one model.json"): the side files go with the others, named unused.
    const again = splitModelFiles([
      file('model.json'),
      file('weights.bin'),
      file('lenet5-mnist-boosted.entry.json'),
      file('boost.json'),
    ]);
    expect(typeof again === 'object' && again.modelJson.name).toBe('model.json');
    expect(typeof again === 'object' && again.weights.map((f) => f.name)).toEqual([
      'weights.bin',
      'lenet5-mnist-boosted.entry.json',
      'boost.json',
    ]);
    expect(splitModelFiles([file('entry.json'), file('weights.bin')])).toMatch(/model\.json/);
  });

  it('tells IDX images from labels by their dimension count', async () => {
    const images = file('t10k-images-idx3-ubyte', [0, 0, 8, 3, 0, 0, 0, 1]);
    const labels = file('t10k-labels-idx1-ubyte', [0, 0, 8, 1, 0, 0, 0, 1]);
    const r = await splitIdxFiles([labels, images]);
    expect(r).toEqual({ images, labels });
    expect(await splitIdxFiles([images])).toMatch(/two IDX files/);
    expect(await splitIdxFiles([images, file('x.gz', [0x1f, 0x8b, 8, 0])])).toMatch(
      /not an IDX file/,
    );
    expect(await splitIdxFiles([images, images])).toMatch(/one 3-dim image file/);
  });
});
