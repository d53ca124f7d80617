/** The controller's parts on their own: LatestJob, and engineLoader's handling of superseded loads. */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../contract/errors';
import { createExplorerStore } from '../../state/store';
import type { EngineHandle } from './client';
import { engineLoader } from './engineLoader';
import { LatestJob } from './latest';

describe('LatestJob', () => {
  it('a new job aborts the previous one; finishing an old job leaves the new one busy', () => {
    const job = new LatestJob();
    expect(job.busy).toBe(false);
    const a = job.start();
    const b = job.start();
    expect(a.aborted).toBe(true);
    expect(b.aborted).toBe(false);
    job.finish(a);
    expect(job.busy).toBe(true);
    job.finish(b);
    expect(job.busy).toBe(false);
    const c = job.start();
    job.abort();
    expect(c.aborted).toBe(true);
    expect(job.busy).toBe(false);
  });
});

describe('engineLoader', () => {
  it('a load superseded in the worker is no error; a real failure is reported once', async () => {
    const store = createExplorerStore({ backend: 'cpu' });
    const loads: string[] = [];
    const engine = {
      api: {
        init: async (request: string) => ({
          requested: request,
          active: 'cpu',
          reason: '',
          attempts: [],
        }),
        loadModel: async (id: string) => {
          loads.push(id);
          if (id === 'a') throw new EngineError('superseded', 'another model is being loaded');
          if (id === 'bad') throw new EngineError('bad-input', 'no model "bad" in the zoo');
          return { entry: { id }, layers: [] };
        },
      },
      terminate: () => undefined,
    } as unknown as EngineHandle;
    const loader = engineLoader(store, engine);
    loader.initBackend('cpu');
    loader.loadModel('a');
    expect(await loader.modelReady()).toBe(false);
    expect(store.getState().notices).toEqual([]);
    loader.loadModel('b');
    expect(await loader.modelReady()).toBe(true);
    loader.loadModel('bad');
    expect(await loader.modelReady()).toBe(false);
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      'Model "bad" could not be loaded: no model "bad" in the zoo',
    ]);
    expect(store.getState().backend?.active).toBe('cpu');
    expect(loads).toEqual(['a', 'b', 'bad']);
  });
});
