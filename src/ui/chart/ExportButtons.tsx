/** Export of the chart (PNG, SVG: the whole chart with its legend) and of the results (CSV, JSON). */
import type { RefObject } from 'react';
import { explorerStore } from '../../state/appStore';
import { operatingBer } from '../engine/controller';
import { dramPort } from '../dram/adapter';
import { computeSavings } from '../savings/compute';
import { download } from '../export/download';
import { ExportViewButtons, exportStem } from '../export/ExportViewButtons';
import { resultsCsv, resultsJson, type ExportedResults } from './exportData';

function collect(): ExportedResults {
  const s = explorerStore.getState();
  const ber = operatingBer(dramPort, s.config);
  const est = s.estimate && s.estimate.ber === ber ? s.estimate : null;
  const savings = computeSavings(
    dramPort,
    s,
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

export function ExportButtons({ chart }: { chart: RefObject<HTMLDivElement | null> }) {
  const stem = exportStem('results');
  return (
    <span className="toolbar" aria-label="Export" data-export="skip">
      <ExportViewButtons
        target={chart}
        view="chart"
        title="the chart"
        heading="Accuracy vs bit error rate"
      />
      <button
        type="button"
        onClick={() =>
          download(`${stem}.csv`, new Blob([resultsCsv(collect())], { type: 'text/csv' }))
        }
      >
        CSV
      </button>
      <button
        type="button"
        onClick={() =>
          download(`${stem}.json`, new Blob([resultsJson(collect())], { type: 'application/json' }))
        }
      >
        JSON
      </button>
    </span>
  );
}
