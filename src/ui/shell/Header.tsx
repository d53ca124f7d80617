/** Title, backend, and the page-level actions: share link, presentation mode, tour. */
import { useState } from 'react';
import { explorerStore, useExplorer } from '../../state/appStore';
import { BackendBadge } from './BackendBadge';

export function Header({ onTour }: { onTour: () => void }) {
  const present = useExplorer((s) => s.config.present);
  const [copied, setCopied] = useState(false);
  return (
    <header className="top">
      <h1>EDEN Explorer</h1>
      <span className="tagline">
        Lower the DRAM voltage and latency, watch bit errors appear and the network's accuracy fall
        — and the energy you save.
      </span>
      <span className="toolbar">
        <BackendBadge />
        <button
          type="button"
          data-testid="share"
          onClick={() => {
            void navigator.clipboard?.writeText(window.location.href).then(
              () => setCopied(true),
              () => setCopied(false),
            );
            setTimeout(() => setCopied(false), 2000);
          }}
          title="The link holds every setting and seed: opening it gives the same view and numbers"
        >
          {copied ? 'Link copied' : 'Copy link'}
        </button>
        <button
          type="button"
          aria-pressed={present}
          data-testid="present"
          onClick={() => explorerStore.getState().update({ present: !present })}
          title="Large type, high contrast; keys 1–6 load talk scenarios (P toggles)"
        >
          Presentation
        </button>
        <button type="button" onClick={onTour} data-testid="tour-start">
          Tour
        </button>
      </span>
    </header>
  );
}
