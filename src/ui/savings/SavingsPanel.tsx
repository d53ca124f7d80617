/**
 * DRAM energy per inference, nominal vs approximate, split by command type, and the speedup
 * (issue #7 item 4). The figures come from the DRAM model's equations (docs/dram-model.md),
 * shown in the page so they can be checked offline.
 */
import { useEffect, useRef, useState } from 'react';
import { PLATFORMS as PLATFORM_INFO } from '../../core/dram/platforms';
import { useExplorer } from '../../state/appStore';
import { fmtEnergy, fmtPct } from '../format';
import { useSavings } from '../hooks';
import { savingNote } from './savingNote';
import { ExportViewButtons } from '../export/ExportViewButtons';
import { EdenComparison } from './EdenComparison';

const docs = import.meta.glob<string>('../../../docs/dram-model.md', {
  query: '?raw',
  import: 'default',
});

const PART_COLORS = ['#1f6feb', '#15803d', '#c2410c', '#7c3aed', '#6b7280', '#0891b2'];

function ModelDocs() {
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const load = Object.values(docs)[0];
  useEffect(() => {
    if (open && load && text === null) void load().then(setText);
  }, [open, load, text]);
  if (!load) return <span className="note">docs/dram-model.md is not in this build yet.</span>;
  return (
    <details data-export="skip" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>The model's equations and constants (docs/dram-model.md)</summary>
      <pre style={{ whiteSpace: 'pre-wrap', maxHeight: 320, overflow: 'auto', fontSize: '0.8em' }}>
        {text ?? 'loading…'}
      </pre>
    </details>
  );
}

export function SavingsPanel() {
  const { energy, speed, settings, source, error } = useSavings();
  const platform = useExplorer((s) => s.config.platform);
  const profile = useExplorer((s) => s.profile);
  const max = energy ? Math.max(energy.nominal, energy.approx) : 1;
  const view = useRef<HTMLElement>(null);
  return (
    <section className="panel" aria-label="Energy and speed" data-tour="savings" ref={view}>
      <h2>
        DRAM energy and speed
        <span className="sub">{PLATFORM_INFO[platform].name} · modelled</span>
        <ExportViewButtons target={view} view="energy" title="the energy panel" />
      </h2>
      {error ? <p className="notice error">{error}</p> : null}
      {!energy && !error ? <p className="note">The DRAM model is not loaded.</p> : null}
      {energy ? (
        <>
          <div className="bars" aria-hidden="true">
            {(['nominal', 'approx'] as const).map((k) => (
              <div className="bar" key={k}>
                <span>
                  {k === 'nominal' ? 'nominal' : 'approximate'} · {fmtEnergy(energy[k])}
                </span>
                <div className="track" style={{ width: `${(100 * energy[k]) / max}%` }}>
                  {energy.parts.map((p, i) => (
                    <div
                      key={p.label}
                      title={`${p.label}: ${fmtEnergy(p[k])}`}
                      style={{
                        width: `${(100 * p[k]) / energy[k]}%`,
                        background: PART_COLORS[i % PART_COLORS.length],
                      }}
                    />
                  ))}
                </div>
              </div>
            ))}
          </div>
          <table className="split">
            <caption className="sr-only">DRAM energy per inference by command type</caption>
            <thead>
              <tr>
                <th>per inference</th>
                <th>nominal</th>
                <th>approximate</th>
                <th>saving</th>
              </tr>
            </thead>
            <tbody>
              {energy.parts.map((p, i) => (
                <tr key={p.label}>
                  <td>
                    <i
                      className="swatch"
                      style={{ background: PART_COLORS[i % PART_COLORS.length] }}
                    />
                    {p.label}
                  </td>
                  <td>{fmtEnergy(p.nominal)}</td>
                  <td>{fmtEnergy(p.approx)}</td>
                  <td>{p.nominal > 0 ? fmtPct(1 - p.approx / p.nominal) : '—'}</td>
                </tr>
              ))}
              <tr>
                <th>total</th>
                <th>{fmtEnergy(energy.nominal)}</th>
                <th>{fmtEnergy(energy.approx)}</th>
                <th>{fmtPct(energy.saving)}</th>
              </tr>
            </tbody>
          </table>
          {profile && settings ? (
            <p className="note" data-testid="energy-row-note">
              {savingNote(energy.parts, settings, profile)}
            </p>
          ) : null}
        </>
      ) : null}
      {speed ? (
        <p className="note" data-testid="speed-note">
          {source === 'map'
            ? 'Fine map applied (each partition at the tRCD its data tolerate, VDD nominal): traffic-weighted access latency'
            : 'Access latency'}{' '}
          {speed.latencyNominal.toFixed(2)} ns → {speed.latencyApprox.toFixed(2)} ns; memory-bound
          share of run time {fmtPct(speed.memoryBound, 0)} ⇒ speedup {speed.speedup.toFixed(3)}× = 1
          / (1 − m + m·t′/t).
        </p>
      ) : null}
      <EdenComparison />
      <ModelDocs />
    </section>
  );
}
