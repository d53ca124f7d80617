/** "Export this view": PNG and SVG buttons for a panel region (viewExport.ts does the work). */
import type { RefObject } from 'react';
import { explorerStore } from '../../state/appStore';
import { errorText } from '../engine/client';
import { exportView } from './viewExport';

/** A one-line description of the settings a view shows (the exports' caption). */
export function settingsCaption(): string {
  const c = explorerStore.getState().config;
  return `EDEN Explorer · ${c.modelId} · ${c.format} · error model ${c.em} · ΔVDD ${c.vddDelta} V · ΔtRCD ${c.trcdDelta} ns · ${c.samples} images × ${c.trials} trials`;
}

/** File name stem for the current settings, e.g. `eden-lenet5-mnist-int8-em0-chart`. */
export function exportStem(view: string): string {
  const c = explorerStore.getState().config;
  return `eden-${c.modelId}-${c.format}-em${c.em}-${view}`;
}

export function ExportViewButtons(props: {
  target: RefObject<HTMLElement | null>;
  /** Short name of the view (file name and test ids), e.g. `chart`, `map`, `energy`. */
  view: string;
  /** What the view is (the buttons' label). */
  title: string;
  /** A heading drawn above the view in the export (when the region has none of its own). */
  heading?: string;
  /** Nothing to export yet (e.g. no result). */
  disabled?: boolean;
}) {
  const { target, view, title, heading, disabled = false } = props;
  const save = (kind: 'png' | 'svg') => {
    const root = target.current;
    if (!root) return;
    const app = document.querySelector('.app') ?? document.body;
    const cs = getComputedStyle(app);
    exportView(root, exportStem(view), kind, {
      background: cs.getPropertyValue('--panel').trim() || '#fff',
      ink: cs.getPropertyValue('--ink').trim() || undefined,
      title: heading,
      caption: settingsCaption(),
    }).catch((e: unknown) =>
      explorerStore.getState().notify('error', `Export failed: ${errorText(e)}`),
    );
  };
  return (
    <span className="toolbar" data-export="skip" aria-label={`Export ${title}`}>
      <button
        type="button"
        data-testid={`export-${view}-png`}
        disabled={disabled}
        title="Save this view as a PNG for slides (2× resolution, at least 1200 px wide)"
        onClick={() => save('png')}
      >
        PNG
      </button>
      <button
        type="button"
        data-testid={`export-${view}-svg`}
        disabled={disabled}
        title="Save this view as a standalone SVG (fonts and colours inline)"
        onClick={() => save('svg')}
      >
        SVG
      </button>
    </span>
  );
}
