/** The page's store instance and the React hook that reads it. */
import { useStore } from 'zustand';
import { createExplorerStore, type ExplorerState } from './store';

export const explorerStore = createExplorerStore();

export function useExplorer<T>(selector: (s: ExplorerState) => T): T {
  return useStore(explorerStore, selector);
}
