/** Export of the chart (PNG, SVG) and of the results (CSV, JSON). */
import type { RefObject } from 'react';
import { explorerStore } from '../../state/appStore';
import { errorText } from '../engine/client';
import { operatingBer } from '../engine/controller';
import { dramPort } from '../dram/adapter';
import { computeSavings } from '../savings/compute';
import { download, svgMarkup, svgToPng } from './download';
import { resultsCsv, resultsJson, type ExportedResults } from './exportData';

function collect(): ExportedResults {
  const s = explorerStore.getState();
  const ber = operatingBer(dramPort, s.config);
  const est = s.estimate && s.estimate.ber === ber ? s.estimate : null;
  const savings = computeSavings(
    dramPort,
    s.config,
    s.models.find((m) => m.id === s.config.modelId) ?? null,
  );
  return {
    config: s.config,
    link: window.location.href,
    curves: [
      { name: 'current', points: s.clean.points },
      ...s.curves.map((c) => ({ name: c.kind, points: c.points, config: c.config })),
    ],
    operatingPoint: { ber, accuracy: est?.mean ?? null, lo: est?.lo ?? null, hi: est?.hi ?? null },
    energySaving: savings.energy?.saving ?? null,
    speedup: savings.speed?.speedup ?? null,
  };
}

const stem = () => {
  const c = explorerStore.getState().config;
  return `eden-${c.modelId}-${c.format}-em${c.em}`;
};

export function ExportButtons({ chart }: { chart: RefObject<HTMLDivElement | null> }) {
  const svg = () => chart.current?.querySelector('svg.recharts-surface') as SVGSVGElement | null;
  const background = () =>
    getComputedStyle(document.querySelector('.app') ?? document.body).getPropertyValue('--panel') ||
    '#fff';
  const fail = (e: unknown) =>
    explorerStore.getState().notify('error', `Export failed: ${errorText(e)}`);
  return (
    <span className="toolbar" aria-label="Export">
      <button
        type="button"
        onClick={() => {
          const el = svg();
          if (!el) return;
          const { width, height } = el.getBoundingClientRect();
          svgToPng(svgMarkup(el, background()), width, height)
            .then((b) => download(`${stem()}.png`, b))
            .catch(fail);
        }}
      >
        PNG
      </button>
      <button
        type="button"
        onClick={() => {
          const el = svg();
          if (el)
            download(
              `${stem()}.svg`,
              new Blob([svgMarkup(el, background())], { type: 'image/svg+xml' }),
            );
        }}
      >
        SVG
      </button>
      <button
        type="button"
        onClick={() =>
          download(`${stem()}.csv`, new Blob([resultsCsv(collect())], { type: 'text/csv' }))
        }
      >
        CSV
      </button>
      <button
        type="button"
        onClick={() =>
          download(
            `${stem()}.json`,
            new Blob([resultsJson(collect())], { type: 'application/json' }),
          )
        }
      >
        JSON
      </button>
    </span>
  );
}
