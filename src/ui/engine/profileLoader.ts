/** Loads the DRAM profile the configuration names (latest wins); a failure falls back to the first profile. */
import type { StoreApi } from 'zustand/vanilla';
import type { DramPort } from '../../state/dramPort';
import type { ExplorerState } from '../../state/store';
import { errorText } from './client';
import { LatestJob } from './latest';

export function profileLoader(store: StoreApi<ExplorerState>, dram: DramPort | null) {
  const job = new LatestJob();
  return {
    async load(id: string): Promise<void> {
      if (!dram) return;
      const signal = job.start();
      try {
        const profile = await dram.profile(id);
        if (signal.aborted) return;
        // The range first: a link's knob beyond this profile (?vdd=-0.9) is clamped, with its
        // notice, before the profile's arrival starts the first estimate.
        const { vddMin, trcdMin, vddStep, trcdStep } = profile;
        store.getState().setKnobRange({ vddMin, trcdMin, vddStep, trcdStep });
        store.setState({ profile });
      } catch (e) {
        if (signal.aborted) return;
        store
          .getState()
          .notify('error', `DRAM profile "${id}" could not be loaded: ${errorText(e)}`);
        const fallback = dram.profileIds()[0];
        if (fallback && fallback !== id) store.getState().update({ profileId: fallback });
      } finally {
        job.finish(signal);
      }
    },
    dispose: () => job.abort(),
  };
}
