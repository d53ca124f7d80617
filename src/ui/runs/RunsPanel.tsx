/**
 * EDEN's three steps as runs (issue #7 item 6). Coarse characterization from the measured curve;
 * boost / fine characterization / map run on the worker's EDEN pipeline (issue #6) via
 * ./pipelineActions.ts, with progress, Cancel, and their results in the chart / partition map.
 */
import { Term } from '../glossary';
import { explorerStore, useExplorer } from '../../state/appStore';
import { tolerable, toleranceWhy } from '../chart/curve';
import { workloadFor } from '../../core/models/workload';
import { dramPort } from '../dram/adapter';
import { fmtBer, fmtDelta, fmtPct, imagesTrials } from '../format';
import { useCleanAccuracy, useCurveTolerableBer } from '../hooks';
import { DEFAULT_ROW_BYTES } from '../../core/dram/geometry';
import { appliedMap, mapRunKey, mapRunSavings, pageCharacterization } from '../savings/compute';
import {
  cancelRun,
  downloadBoosted,
  runBoost,
  runCharacterizeFine,
  runMap,
} from './pipelineActions';

export function RunsPanel() {
  const config = useExplorer((s) => s.config);
  const clean = useExplorer((s) => s.clean);
  const profile = useExplorer((s) => s.profile);
  const cleanAcc = useCleanAccuracy();
  const target = cleanAcc.value === null ? null : cleanAcc.value - config.targetDrop;
  const both = tolerable(clean.points, cleanAcc.value, config.targetDrop);
  const why = toleranceWhy(both.why, config.targetDrop);
  // The images × trials the curve used, and whether they are this model's default (README
  // "Choosing images × trials"); the link's samples=/trials= override the default.
  const usual = workloadFor(config.modelId, config.format);
  const ownWorkload = usual.samples !== config.samples || usual.trials !== config.trials;
  // The knob suggestions and the boost aim use the conservative reading (one trial: the point
  // estimate, said beside the suggestion).
  const plan = useCurveTolerableBer();
  const tol = plan.ber;
  const complete = !clean.running && clean.points.length > 0;
  const run = useExplorer((s) => s.pipelineRun);
  const results = useExplorer((s) => s.pipelineResults);
  // Earlier runs' results stay listed under the latest run's status.
  const earlier = (['boost', 'characterize', 'map'] as const).filter(
    (k) => results[k] && k !== run?.kind,
  );
  const boostedId = useExplorer((s) => s.boostedModelId);
  const boostedCurve = useExplorer((s) =>
    s.curves.find((c) => c.kind === 'boosted' && c.config.modelId === s.boostedModelId),
  );
  const characterization = useExplorer((s) => s.characterization);
  const tolerances = useExplorer((s) => pageCharacterization(s)?.tolerances ?? null);
  const summary = useExplorer((s) => s.mapSummary);
  const applied = useExplorer((s) => appliedMap(s) !== null);
  // The map belongs to the page's settings (else it can be looked at, not applied).
  const current = useExplorer(
    (s) =>
      !!s.mapReport &&
      s.mapReport.key === mapRunKey(s.config, s.profile?.rowBytes ?? DEFAULT_ROW_BYTES),
  );
  const report = useExplorer((s) => s.mapReport);
  // The map panel's figures (same function): what the energy card shows once the map is applied.
  const models = useExplorer((s) => s.models);
  const priced = report && profile ? mapRunSavings(dramPort, config, models, report) : null;
  const mapSavings = priced && typeof priced !== 'string' ? priced : null;
  const engineReady = useExplorer((s) => s.engine === 'ready');
  // What this model cannot run, with the reason (a user model: issue #13 items 1 and 6).
  const unavailable = useExplorer(
    (s) => s.models.find((m) => m.id === s.config.modelId)?.unavailable,
  );
  // A user model on its own data file: the runs measure on that file (issue #13 item 1).
  const ownData = useExplorer((s) => s.models.find((m) => m.id === s.config.modelId)?.datasetLabel);
  const reasons = [...new Set(Object.values(unavailable ?? {}))];
  const busy = !!run?.running;
  // Boost toward 5× the coarse tolerance (EDEN §4.1), 1e-3 when the curve has none yet.
  const boostBer = Math.min(0.1, tol !== null && tol > 0 ? 5 * tol : 1e-3);
  let vddStep: number | null = null;
  let trcdStep: number | null = null;
  if (tol !== null && profile) {
    vddStep = dramPort.largestStep(config.profileId, 'vdd', tol);
    trcdStep = dramPort.largestStep(config.profileId, 'trcd', tol);
  }
  const cli = `npm run --silent eden -- characterize --mode coarse --model ${config.modelId} --format ${config.format} --error-model ${config.em} --target-drop ${config.targetDrop}`;
  return (
    <section className="panel" aria-label="EDEN runs" data-tour="runs">
      <h2>
        {/* One flex item: the heading is a flex row (title, then .sub). */}
        <span>
          EDEN: <Term id="boost">boost</Term> · characterize · map
        </span>
        <span className="sub">
          target: ≤ {(config.targetDrop * 100).toFixed(1)} points below clean
        </span>
      </h2>
      <p>
        <strong>Coarse characterization</strong> (from the curve, target{' '}
        {target === null ? 'pending' : fmtPct(target, 2)};{' '}
        <span data-testid="tolerable-workload">
          {imagesTrials(config.samples, config.trials)}
          {ownWorkload
            ? `, set in the link or here; this model's default: ${imagesTrials(usual.samples, usual.trials)}`
            : ", this model's default"}
        </span>
        ): tolerable BER{' '}
        <span data-testid="tolerable-ber">
          {target === null || !complete ? (
            'waiting for the curve'
          ) : (
            <>
              <span data-testid="tolerable-point">
                {both.point === null ? 'none' : fmtBer(both.point)}
              </span>{' '}
              point estimate (mean meets the target) ·{' '}
              <span data-testid="tolerable-bound">
                {both.bound === null ? 'none' : fmtBer(both.bound)}
              </span>{' '}
              conservative (95 % lower bound over trials meets it)
            </>
          )}
        </span>
        {vddStep !== null && trcdStep !== null ? (
          <>
            {' '}
            ⇒ ΔVDD {fmtDelta(vddStep, 'V')} or ΔtRCD {fmtDelta(trcdStep, 'ns', 1)}
            {plan.reading === 'point' ? ' (from the point estimate)' : ''}.{' '}
            <button
              type="button"
              onClick={() => explorerStore.getState().update({ vddDelta: vddStep, trcdDelta: 0 })}
            >
              Set VDD
            </button>{' '}
            <button
              type="button"
              onClick={() => explorerStore.getState().update({ trcdDelta: trcdStep, vddDelta: 0 })}
            >
              Set tRCD
            </button>
          </>
        ) : null}
        {complete && why ? (
          <span className="hint" style={{ display: 'block' }} data-testid="tolerable-why">
            Why: {why}.
          </span>
        ) : null}
      </p>
      <div className="toolbar">
        <button
          type="button"
          data-testid="run-boost"
          disabled={busy || !engineReady || !!unavailable?.boost}
          title={
            unavailable?.boost ??
            `Retrain with bit errors toward BER ${boostBer.toExponential(1)} (1 epoch on 2,000 images)`
          }
          onClick={() => void runBoost(boostBer)}
        >
          Boost
        </button>
        <button
          type="button"
          data-testid="run-characterize"
          disabled={busy || !engineReady || !!unavailable?.characterize}
          title={
            unavailable?.characterize ??
            'Tolerable BER of each data type (weights / IFM / OFM per layer)'
          }
          onClick={() => void runCharacterizeFine()}
        >
          Characterize (fine)
        </button>
        <button
          type="button"
          data-testid="run-map"
          disabled={busy || !engineReady || !!unavailable?.map}
          title={
            unavailable?.map ??
            `Fine characterization, then map the data types to ${config.partitions} DRAM partitions and validate`
          }
          onClick={() => void runMap(config.partitions)}
        >
          Map ({config.partitions} partition{config.partitions > 1 ? 's' : ''})
        </button>
        {busy ? (
          <button type="button" data-testid="run-cancel" onClick={() => void cancelRun()}>
            Cancel
          </button>
        ) : null}
        {boostedId && !busy ? (
          <button
            type="button"
            data-testid="download-boosted"
            onClick={() => void downloadBoosted()}
          >
            Download boosted model
          </button>
        ) : null}
      </div>
      {reasons.length ? (
        <p className="note" data-testid="run-unavailable">
          {reasons.join(' ')}
        </p>
      ) : null}
      {run ? (
        <div data-testid="run-status" data-kind={run.kind} data-running={run.running}>
          {run.running ? (
            <progress
              max={1}
              value={
                run.fraction !== null && Number.isFinite(run.fraction) ? run.fraction : undefined
              }
              aria-label={`${run.kind} progress`}
            />
          ) : null}{' '}
          <span>{run.text}</span>
          {run.kind === 'boost' && !run.running && boostedCurve ? (
            <span className="note" data-testid="boosted-curve-status">
              {' '}
              Boosted model&apos;s curve:{' '}
              {boostedCurve.error
                ? `failed: ${boostedCurve.error}`
                : `${boostedCurve.points.length}/${boostedCurve.total} points`}
              .
            </span>
          ) : null}
          {run.error ? (
            <p className="error" role="alert" data-testid="run-error">
              {run.kind} failed: {run.error}
            </p>
          ) : null}
        </div>
      ) : null}
      {earlier.length ? (
        <ul className="note run-results" data-testid="run-results">
          {earlier.map((k) => (
            <li key={k}>{results[k]}</li>
          ))}
        </ul>
      ) : null}
      {summary ? (
        <div className="map-result" data-testid="map-summary" data-applied={applied}>
          <strong>Map result</strong> ({summary.partitions} partitions, EDEN&apos;s fine-grained
          map; a result of the Map run, not the knobs): DRAM energy saving coarse{' '}
          {fmtPct(mapSavings?.coarse.saving ?? null)} → fine{' '}
          <span data-testid="map-result-saving">{fmtPct(mapSavings?.fine.saving ?? null)}</span> on{' '}
          {config.platform} with {config.profileId} (VDD lowered, tRCD nominal; the map panel&apos;s
          figures); validation accuracy {(summary.validation.mean * 100).toFixed(1)} % [
          {(summary.validation.lo * 100).toFixed(1)}, {(summary.validation.hi * 100).toFixed(1)}] on
          fresh trials vs target {(summary.validation.target * 100).toFixed(1)} %{' '}
          {summary.validation.meets ? '(meets it)' : '(misses it)'}
          {summary.backoffs > 0 ? (
            <>
              , after {summary.backoffs}{' '}
              <Term id="backoff">back-off{summary.backoffs === 1 ? '' : 's'}</Term> (a
              partition&apos;s setting made one step safer because validation missed the target)
            </>
          ) : null}
          .{' '}
          {applied ? (
            <span className="note">
              Applied: the cards, the energy table and the partition map show this map; moving a
              knob leaves it.{' '}
              <button
                type="button"
                data-testid="unapply-map"
                onClick={() => explorerStore.getState().update({ mapping: 'coarse' })}
              >
                Back to the knobs
              </button>
            </span>
          ) : current ? (
            <button
              type="button"
              className="primary"
              data-testid="apply-map"
              onClick={() => explorerStore.getState().update({ mapping: 'fine' })}
            >
              Apply this map
            </button>
          ) : (
            <span className="note" data-testid="map-other-settings">
              Measured with other settings ({report?.modelId} {report?.format}): run Map again to
              apply a map to these.
            </span>
          )}
        </div>
      ) : null}
      {characterization && !tolerances ? (
        <p className="note" data-testid="tolerances-stale">
          The last fine characterization ({characterization.modelId} {characterization.format}) was
          measured with other settings: its tolerances are not shown for these; run Characterize
          (fine) again.
        </p>
      ) : null}
      {tolerances ? (
        <details data-testid="tolerances">
          <summary>
            Tolerable BER per data type ({Object.keys(tolerances).length}: the weights,{' '}
            <Term id="ifm" /> and <Term id="ofm" /> of each layer)
          </summary>
          <ul className="note">
            {Object.entries(tolerances).map(([id, b]) => (
              <li key={id}>
                {id}: {fmtBer(b)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <p className="note">
        Runs use the current model, format, error model, target drop, seeds and images × trials
        {ownData ? (
          <>
            {' '}
            on <span data-testid="run-data">your data ({ownData})</span>
          </>
        ) : null}
        ; the same steps run at full size from the command line, e.g. <code>{cli}</code>
      </p>
    </section>
  );
}
