import { describe, expect, it } from 'vitest';
import { workloadFor, ZOO_WORKLOADS } from '../core/models/workload';
import { FORMATS, type Format } from '../core/types';
import { DEFAULT_CONFIG, patchedConfig } from './config';
import { createExplorerStore } from './store';
import { parseUrl, serializeUrl } from './url';

/** A zoo model and format whose default images × trials differ from the default page's. */
function other(): { modelId: string; format: Format } {
  const base = workloadFor(DEFAULT_CONFIG.modelId, DEFAULT_CONFIG.format);
  for (const [modelId, perFormat] of Object.entries(ZOO_WORKLOADS))
    for (const format of FORMATS) {
      const w = perFormat[format];
      if (w && (w.samples !== base.samples || w.trials !== base.trials)) return { modelId, format };
    }
  throw new Error('every zoo model has the default page workload: nothing to switch to');
}

describe('images × trials follow the model (issue #15 item 8)', () => {
  it('the default page uses the default model’s workload', () => {
    const w = workloadFor(DEFAULT_CONFIG.modelId, DEFAULT_CONFIG.format);
    expect([DEFAULT_CONFIG.samples, DEFAULT_CONFIG.trials]).toEqual([w.samples, w.trials]);
  });

  it('a link without samples=/trials= gets its model’s workload; the link overrides it', () => {
    const { modelId, format } = other();
    const w = workloadFor(modelId, format);
    const q = `?model=${modelId}&format=${format}`;
    expect(parseUrl(q).config).toMatchObject(w);
    expect(parseUrl(`${q}&samples=300&trials=7`).config).toMatchObject({ samples: 300, trials: 7 });
    expect(parseUrl(`${q}&trials=7`).config).toMatchObject({ samples: w.samples, trials: 7 });
    // A bad value falls back to the model's default too, and says so.
    const bad = parseUrl(`${q}&samples=abc`);
    expect(bad.config).toMatchObject(w);
    expect(bad.messages).toEqual([
      expect.stringMatching(/samples="abc" is not valid .*; using the model's default\.$/),
    ]);
    // A link that names the default page's workload for another model keeps it.
    const link = serializeUrl({ ...DEFAULT_CONFIG, modelId, format });
    expect(parseUrl(link).config).toMatchObject({
      samples: DEFAULT_CONFIG.samples,
      trials: DEFAULT_CONFIG.trials,
    });
  });

  it('a model or format switch moves a default workload along, not one set by hand', () => {
    const { modelId, format } = other();
    expect(patchedConfig(DEFAULT_CONFIG, { modelId, format })).toMatchObject(
      workloadFor(modelId, format),
    );
    const mine = { ...DEFAULT_CONFIG, samples: 300 };
    expect(patchedConfig(mine, { modelId, format })).toMatchObject({
      samples: 300,
      trials: DEFAULT_CONFIG.trials,
    });
    expect(patchedConfig(DEFAULT_CONFIG, { modelId, format, samples: 50 })).toMatchObject({
      samples: 50,
      trials: DEFAULT_CONFIG.trials,
    });
    // The store applies it; switching back returns to the default page's workload.
    const store = createExplorerStore();
    store.getState().update({ modelId, format });
    expect(store.getState().config).toMatchObject(workloadFor(modelId, format));
    store.getState().update({ modelId: DEFAULT_CONFIG.modelId, format: DEFAULT_CONFIG.format });
    expect(store.getState().config).toMatchObject({
      samples: DEFAULT_CONFIG.samples,
      trials: DEFAULT_CONFIG.trials,
    });
  });
});
