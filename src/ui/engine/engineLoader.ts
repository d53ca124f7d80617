/**
 * The worker's backend and model, as the configuration asks: `initBackend` on start and on a
 * backend change, `loadModel` on start and on a model change (latest wins each; a superseded
 * load is not an error). `modelReady()` resolves once the newest load finished: true when the
 * model is loaded, false when the backend or the model failed (the error is in the store).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ExplorerConfig } from '../../state/config';
import type { ExplorerState } from '../../state/store';
import { errorText, isSuperseded, type EngineHandle } from './client';
import { LatestJob } from './latest';

export function engineLoader(store: StoreApi<ExplorerState>, engine: EngineHandle) {
  const backendJob = new LatestJob();
  const modelJob = new LatestJob();
  let backendReady: Promise<boolean> = Promise.resolve(false);
  let modelReady: Promise<boolean> = Promise.resolve(false);

  return {
    initBackend(request: ExplorerConfig['backend']): void {
      const signal = backendJob.start();
      store.setState({ backendError: undefined });
      backendReady = engine.api.init(request).then(
        (info) => {
          if (!signal.aborted) store.setState({ backend: info });
          backendJob.finish(signal);
          return true;
        },
        (e) => {
          if (!signal.aborted) store.setState({ backendError: errorText(e) });
          backendJob.finish(signal);
          return false;
        },
      );
    },

    loadModel(modelId: string): void {
      const signal = modelJob.start();
      modelReady = backendReady.then(async (ok) => {
        if (!ok) return false;
        try {
          await engine.api.loadModel(modelId);
          return true;
        } catch (e) {
          if (!signal.aborted && !isSuperseded(e))
            store
              .getState()
              .notify('error', `Model "${modelId}" could not be loaded: ${errorText(e)}`);
          return false;
        } finally {
          modelJob.finish(signal);
        }
      });
    },

    modelReady: () => modelReady,

    dispose(): void {
      backendJob.abort();
      modelJob.abort();
    },
  };
}
