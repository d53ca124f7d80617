import { afterEach, describe, expect, it } from 'vitest';
import { explorerStore } from '../../state/appStore';
import { setEngine } from '../engine/instance';
import type { EngineHandle } from '../engine/client';
import { runCharacterizeFine } from './pipelineActions';

describe('a pipeline run’s status', () => {
  afterEach(() => setEngine(null));

  it('is its result, not a progress message that arrives after it', async () => {
    // Comlink brings progress callbacks on their own channel: one can land after the result.
    let late: (() => void) | null = null;
    const api = {
      characterize: (_req: unknown, onProgress: (p: unknown) => void) => {
        late = () =>
          onProgress({
            phase: 'joint',
            step: { group: 'fc3/ofm', ber: 2e-3, estimate: { mean: 0.96 }, accepted: false },
          });
        return Promise.resolve({ coarse: { tolerableBer: 1e-3 }, fine: null });
      },
    };
    setEngine({ api, terminate: () => undefined } as unknown as EngineHandle);
    await runCharacterizeFine();
    const done = explorerStore.getState().pipelineRun;
    expect(done?.running).toBe(false);
    expect(done?.text).toMatch(/^Fine characterization of/);
    late!();
    expect(explorerStore.getState().pipelineRun).toEqual(done);
  });

  // Break-it pass: the CLI refuses Characterize/Map with 1 trial (no interval over trials);
  // the page ran it and its tolerances read as conservative. Now the result says so.
  it('says when a run had one trial per point, and only then', async () => {
    const api = {
      characterize: () => Promise.resolve({ coarse: { tolerableBer: 1e-3 }, fine: null }),
    };
    setEngine({ api, terminate: () => undefined } as unknown as EngineHandle);
    for (const trials of [1, 2]) {
      explorerStore.getState().update({ trials });
      await runCharacterizeFine();
      const text = explorerStore.getState().pipelineRun?.text ?? '';
      if (trials === 1)
        expect(text).toMatch(/ One trial: each pass was judged by the point estimate/);
      else expect(text).not.toMatch(/One trial/);
    }
  });
});
