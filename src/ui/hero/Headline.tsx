/** The three numbers a lecture hall watches: accuracy, DRAM energy saving, speedup. */
import { useExplorer } from '../../state/appStore';
import { fmtBer, fmtPct, imagesTrials } from '../format';
import { useCleanAccuracy, useOperatingBer, useSavings } from '../hooks';
import { appliedMap } from '../savings/compute';

/** The share of predictions lost to NaN/±Inf outputs (counted as wrong), when there were any. */
function nonFiniteNote(e: { nonFinite?: number; trials: number; samples: number }): string {
  return e.nonFinite
    ? ` · ${fmtPct(e.nonFinite / (e.trials * e.samples))} of predictions NaN/Inf (counted wrong)`
    : '';
}

export function Headline() {
  const estimate = useExplorer((s) => s.estimate);
  const running = useExplorer((s) => s.estimateRunning);
  const error = useExplorer((s) => s.estimateError);
  const engine = useExplorer((s) => s.engine);
  const drop = useExplorer((s) => s.config.targetDrop);
  const ber = useOperatingBer();
  const clean = useCleanAccuracy();
  // Neither the curve nor the estimate is measuring it: say so, not "measuring…" for ever.
  const cleanFailed = useExplorer((s) => !!s.clean.error && !s.clean.running) && !running;
  const { energy, speed, source, error: dramError } = useSavings();
  // An applied fine map (Runs panel): its validated accuracy, not the knobs' operating point.
  const map = useExplorer((s) => (appliedMap(s) ? s.mapSummary : null));
  const current = !map && estimate && ber !== null && estimate.ber === ber ? estimate : null;
  const target = clean.value === null ? null : clean.value - drop;
  const verdict = map
    ? map.validation.meets
      ? 'ok'
      : 'bad'
    : current && target !== null
      ? current.mean >= target
        ? 'ok'
        : 'bad'
      : '';

  let accuracyDetail: string;
  if (map)
    accuracyDetail = `fine map applied: validated on fresh trials, 95 % CI ${fmtPct(map.validation.lo)} – ${fmtPct(map.validation.hi)}`;
  else if (error) accuracyDetail = error;
  else if (engine === 'missing') accuracyDetail = 'inference engine not in this build';
  else if (current)
    accuracyDetail = `95 % CI ${fmtPct(current.lo)} – ${fmtPct(current.hi)} · ${imagesTrials(current.samples, current.trials)}${nonFiniteNote(current)}${current.final ? '' : ' · refining…'}`;
  else if (running) accuracyDetail = 'computing…';
  else accuracyDetail = 'waiting for the engine';

  return (
    <section className="cards" aria-label="Results at the operating point" data-tour="headline">
      <div className={`card ${verdict}`}>
        <div className="label">
          {map ? 'Accuracy with the fine map' : `Accuracy at BER ${fmtBer(ber)}`}
        </div>
        <div
          className="big"
          data-testid="accuracy"
          data-ber={current ? String(current.ber) : ''}
          data-final={current ? String(current.final) : ''}
          data-source={map ? 'map' : 'knobs'}
          aria-live="polite"
        >
          {map ? fmtPct(map.validation.mean) : current ? fmtPct(current.mean) : running ? '…' : '—'}
        </div>
        <div className="detail" data-testid="accuracy-detail">
          {accuracyDetail}
        </div>
        <div className="detail" data-testid="clean-accuracy">
          {clean.value === null ? (
            cleanFailed ? (
              'clean accuracy: not measured (the curve failed: see the chart)'
            ) : (
              'clean accuracy: measuring…'
            )
          ) : (
            <>
              clean accuracy {fmtPct(clean.value, 2)} (BER 0, same images) · target ≥{' '}
              {fmtPct(target, 2)}
              {verdict === 'ok' ? ' · within target' : verdict === 'bad' ? ' · misses target' : ''}
            </>
          )}
        </div>
      </div>
      <div className="card">
        <div className="label">DRAM energy saving</div>
        <div className="big" data-testid="energy-saving" aria-live="polite">
          {energy ? fmtPct(energy.saving) : '—'}
        </div>
        <div className="detail">
          {dramError ??
            `per inference vs nominal VDD${map ? ', fine map applied' : ''} (model, not measurement)`}
        </div>
      </div>
      <div className="card">
        <div className="label">Speedup</div>
        <div className="big" data-testid="speedup" data-source={source} aria-live="polite">
          {speed ? `${speed.speedup.toFixed(3)}×` : '—'}
        </div>
        <div className="detail">
          {source === 'map'
            ? 'fine map applied: each partition at the tRCD its data tolerate (model)'
            : 'from shorter tRCD, on the chosen platform (model)'}
        </div>
      </div>
    </section>
  );
}
