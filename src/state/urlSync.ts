/** Keeps the address bar equal to the store's configuration (replaceState: no history spam). */
import type { StoreApi } from 'zustand/vanilla';
import type { ExplorerState } from './store';
import { parseUrl, serializeUrl } from './url';

export interface LocationLike {
  search: string;
  pathname: string;
  hash: string;
}
export interface HistoryLike {
  replaceState(data: unknown, unused: string, url: string): void;
}

/** Load the configuration from the URL (with messages for bad values), then mirror changes back. */
export function bindUrl(
  store: StoreApi<ExplorerState>,
  location: LocationLike,
  history: HistoryLike,
  /** Coalesce writes during a drag (replaceState is not free); 0 writes at once. */
  delayMs = 0,
): () => void {
  const { config, messages, curves } = parseUrl(location.search);
  store.getState().update(config);
  store.getState().addCurves(curves);
  for (const m of messages) store.getState().notify('warn', m);
  const write = (s: ExplorerState) => {
    // Boosted models live in this session only: their curves stay out of the link.
    const pinned = s.curves.filter((c) => c.kind === 'pinned').map((c) => c.config);
    const search = serializeUrl(s.config, pinned);
    if (search !== location.search)
      history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
  };
  write(store.getState());
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = store.subscribe((s, prev) => {
    const curvesChanged =
      s.curves !== prev.curves &&
      s.curves.map((c) => c.id).join() !== prev.curves.map((c) => c.id).join();
    if (s.config === prev.config && !curvesChanged) return;
    if (delayMs <= 0) return write(s);
    if (timer === null)
      timer = setTimeout(() => {
        timer = null;
        write(store.getState());
      }, delayMs);
  });
  return () => {
    if (timer !== null) clearTimeout(timer);
    unsubscribe();
  };
}
