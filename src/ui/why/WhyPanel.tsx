/**
 * "Why" (issue #16): what the flipped bits did to the network at the operating point, in five
 * tabs (bits, trials, changed images, layers, value histogram), each with a one-sentence
 * caption from its measured numbers (src/core/why/summaries.ts), PNG/SVG (the shared view
 * export) and CSV/JSON.
 *
 * The view and its data type are settings (config.whyView / whyDataType: in the link). The
 * measurement is the controller's (src/ui/engine/whyScheduler.ts): after each estimate, first on
 * the first progressive phase (100 images), then refined; a slider step supersedes it. This
 * panel only draws the store's `why` state, dimmed while it belongs to older settings.
 */
import { GLOSSARY, Term } from '../glossary';
import Papa from 'papaparse';
import { useMemo, useRef, useState } from 'react';
import { DEFAULT_ROW_BYTES } from '../../core/dram/geometry';
import { caption, exportRows } from '../../core/why/summaries';
import type { WhyResult, WhyView } from '../../core/why/types';
import { useExplorer } from '../../state/appStore';
import { dramPort } from '../dram/adapter';
import { whyRequestOf, whyWaitsFor } from '../engine/whyScheduler';
import { download } from '../export/download';
import { ExportViewButtons, exportStem } from '../export/ExportViewButtons';
import { fmtBer, imagesTrials } from '../format';
import { useModelEntry, useOperatingBer } from '../hooks';
import {
  BitsChart,
  ChangedGrid,
  ClassShift,
  HistogramChart,
  LayersChart,
  LogitsChart,
  TrialsChart,
  WorstTrial,
} from './charts';

export const WHY_TABS: readonly { view: WhyView; label: string; question: string }[] = [
  { view: 'bits', label: 'Which bits', question: 'Which bit positions cost accuracy?' },
  { view: 'trials', label: 'Trial spread', question: 'How much does luck matter?' },
  { view: 'changed', label: 'Changed images', question: 'What did the network get wrong?' },
  { view: 'layers', label: 'Which layers', question: 'Which data types matter?' },
  { view: 'histogram', label: 'Values', question: 'Where does the damage come from?' },
];

function Picture({ r }: { r: WhyResult }) {
  const [selected, setSelected] = useState<number | null>(null);
  switch (r.view) {
    case 'bits':
      return <BitsChart r={r} />;
    case 'trials':
      return (
        <>
          <TrialsChart r={r} />
          <WorstTrial r={r} />
        </>
      );
    case 'changed': {
      const im = r.images.find((x) => x.index === selected) ?? null;
      return (
        <>
          <p className="note" data-testid="why-changed-counts">
            {r.changedCount} of {r.samples} images changed in some trial · per trial{' '}
            {r.correctToWrong.toFixed(1)} correct → wrong, {r.wrongToCorrect.toFixed(1)} wrong →
            correct. Each image: true label: clean → faulty prediction ×trials. Click one for its
            logits.
          </p>
          <ChangedGrid r={r} selected={selected} onSelect={setSelected} />
          {im ? (
            <>
              <p className="note">
                Image {im.index} (true {im.label}): logits clean (grey) vs faulty (red), drawn to
                1.5× the largest clean logit (hover a bar for its value)
              </p>
              <LogitsChart im={im} classes={r.classes} />
            </>
          ) : null}
          <ClassShift r={r} />
        </>
      );
    }
    case 'layers':
      return <LayersChart r={r} />;
    case 'histogram':
      return <HistogramChart r={r} />;
  }
}

/** Which phase the shown result is (null when it is final for the current settings). */
function phaseNote(
  r: WhyResult,
  total: { samples: number; trials: number },
  preview: boolean,
  stale: boolean,
): string | null {
  if (stale) return 'These numbers belong to the previous settings; the new ones are on the way.';
  if (r.final) return null;
  // Bits and layers measure one trial first (the histogram is one trial throughout).
  const trials =
    r.view !== 'histogram' && r.trials < total.trials
      ? `, ${r.trials} of ${total.trials} trials`
      : '';
  return `First estimate on ${r.samples.toLocaleString('en-US')} of ${total.samples.toLocaleString('en-US')} images${trials}; ${
    preview ? 'refined once the curve is in.' : 'refining…'
  }`;
}

/** What the first phase waits for (whyWaitsFor; else the estimate, which goes first). */
const WAITING_FOR = {
  engine: 'the engine to start',
  run: 'the EDEN run in the Runs panel to end',
  clean: "the clean accuracy (the curve's BER-0 point, on the page's images)",
  estimate: 'the accuracy estimate at the operating point',
} as const;

/** What the shown numbers were measured on (a weights histogram reads no images). */
function measuredOn(r: WhyResult): string {
  if (r.view === 'histogram' && r.kind === 'weights') return `one trial of ${r.dataType}`;
  return imagesTrials(r.samples, r.trials);
}

export function WhyPanel() {
  const config = useExplorer((s) => s.config);
  const models = useExplorer((s) => s.models);
  const update = useExplorer((s) => s.update);
  const rowBytes = useExplorer((s) => s.profile?.rowBytes ?? DEFAULT_ROW_BYTES);
  const profile = useExplorer((s) => s.profile);
  const why = useExplorer((s) => s.why);
  const ber = useOperatingBer();
  const entry = useModelEntry();
  const view = config.whyView;
  const region = useRef<HTMLElement>(null);
  const snn = entry?.family === 'snn';
  // The key of what the current settings ask for (the profile: the BER needs it loaded).
  const key = useMemo(
    () => (profile ? whyRequestOf({ config, models }, dramPort, rowBytes)?.key : undefined),
    [config, models, rowBytes, profile],
  );
  const running = why.running;
  const waitingFor = WAITING_FOR[useExplorer(whyWaitsFor) ?? 'estimate'];
  const error = why.error && why.key === key ? why.error : null;
  const r = why.result?.view === view ? why.result : null;
  const stale = why.key !== key;
  const phase = r ? phaseNote(r, config, why.preview, stale) : null;
  const save = (kind: 'csv' | 'json') => {
    if (!r) return;
    const stem = exportStem(`why-${r.view}`);
    if (kind === 'csv')
      download(`${stem}.csv`, new Blob([Papa.unparse(exportRows(r))], { type: 'text/csv' }));
    else
      download(
        `${stem}.json`,
        new Blob([JSON.stringify({ ...r, caption: caption(r) }, null, 2)], {
          type: 'application/json',
        }),
      );
  };
  const tab = WHY_TABS.find((t) => t.view === view)!;
  return (
    <section
      className="panel why"
      aria-label="Why accuracy falls"
      data-tour="why"
      data-testid="why-panel"
      data-running={String(running)}
      ref={region}
    >
      <h2>
        <span className="why-title">Why: what the flipped bits did</span>
        <span className="sub">
          {ber === null ? '' : `BER ${fmtBer(ber)}`}
          {r ? ` · ${measuredOn(r)}` : ''}
        </span>
        <span className="toolbar" data-export="skip">
          <ExportViewButtons
            target={region}
            view={`why-${view}`}
            title="this why view"
            disabled={!r}
          />
          <button type="button" disabled={!r} onClick={() => save('csv')} data-testid="why-csv">
            CSV
          </button>
          <button type="button" disabled={!r} onClick={() => save('json')} data-testid="why-json">
            JSON
          </button>
        </span>
      </h2>
      <div className="why-tabs" role="tablist" data-export="skip">
        {WHY_TABS.map((t) => (
          <button
            key={t.view}
            type="button"
            role="tab"
            aria-selected={t.view === view}
            data-testid={`why-tab-${t.view}`}
            data-tour={`why-${t.view}`}
            onClick={() => update({ whyView: t.view })}
          >
            {t.label}
          </button>
        ))}
        {view === 'histogram' && entry ? (
          <select
            aria-label="Data type"
            value={config.whyDataType}
            onChange={(e) => update({ whyDataType: e.target.value })}
            data-testid="why-data-type"
          >
            <option value="">largest weights</option>
            {entry.dataTypes.map((d) => (
              <option
                key={d.id}
                value={d.id}
                data-term={d.kind === 'weights' ? undefined : d.kind}
                title={d.kind === 'weights' ? undefined : GLOSSARY[d.kind].means}
              >
                {d.id}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      {snn ? null : <h3 className="why-question">{tab.question}</h3>}
      {!snn && (view === 'layers' || view === 'histogram') ? (
        <p className="note">
          Data types of each layer: its weights, its <Term id="ifm" /> and its <Term id="ofm" />.
        </p>
      ) : null}
      {snn ? (
        <p className="note">The why views take ANN models; this one is a spiking network.</p>
      ) : null}
      {error ? <p className="notice error">{error}</p> : null}
      {!r && !error && !snn ? (
        <p className="note" data-testid="why-waiting">
          {running ? 'Measuring…' : `Waiting for ${waitingFor}.`}
        </p>
      ) : null}
      {r ? (
        <div
          style={{ opacity: stale ? 0.5 : 1 }}
          data-testid="why-result"
          data-view={r.view}
          data-final={String(r.final && !stale)}
          data-samples={r.samples}
          data-ber={r.ber}
        >
          {phase ? (
            <p className="note" data-testid="why-phase">
              {phase}
            </p>
          ) : null}
          <p className="why-caption" data-testid="why-caption">
            {caption(r)}
          </p>
          <Picture r={r} />
        </div>
      ) : null}
    </section>
  );
}
