/**
 * EDEN's three steps as runs (issue #7 item 6). Coarse characterization from the measured curve
 * works now; boost / fine characterization / map need the pipeline's worker API (issue #6) and
 * show how to run them with the CLI meanwhile.
 */
import { explorerStore, useExplorer } from '../../state/appStore';
import { tolerableBer } from '../chart/curve';
import { dramPort } from '../dram/adapter';
import { fmtBer, fmtDelta } from '../format';
import { useCleanAccuracy } from '../hooks';

export function RunsPanel() {
  const config = useExplorer((s) => s.config);
  const clean = useExplorer((s) => s.clean);
  const profile = useExplorer((s) => s.profile);
  const cleanAcc = useCleanAccuracy();
  const target = cleanAcc.value === null ? null : cleanAcc.value - config.targetDrop;
  const tol = target === null ? null : tolerableBer(clean.points, target);
  const complete = !clean.running && clean.points.length > 0;
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
        EDEN: boost · characterize · map
        <span className="sub">
          target: ≤ {(config.targetDrop * 100).toFixed(1)} points below clean
        </span>
      </h2>
      <p>
        <strong>Coarse characterization</strong> (from the curve: largest BER whose 95 % lower bound
        meets the target):{' '}
        <span data-testid="tolerable-ber">
          {tol === null
            ? complete
              ? `none of the swept BERs (with ${config.samples} images × ${config.trials} trials the 95 % interval may be too wide for a ${(config.targetDrop * 100).toFixed(1)}-point target: use more images)`
              : 'waiting for the curve'
            : fmtBer(tol)}
        </span>
        {vddStep !== null && trcdStep !== null ? (
          <>
            {' '}
            ⇒ ΔVDD {fmtDelta(vddStep, 'V')} or ΔtRCD {fmtDelta(trcdStep, 'ns', 1)}.{' '}
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
      </p>
      <div className="toolbar">
        <button type="button" disabled title="needs the EDEN pipeline in the worker (issue #6)">
          Boost
        </button>
        <button type="button" disabled title="needs the EDEN pipeline in the worker (issue #6)">
          Characterize (fine)
        </button>
        <button type="button" disabled title="needs the EDEN pipeline in the worker (issue #6)">
          Map (4 partitions)
        </button>
      </div>
      <p className="note">
        Boosting, fine characterization and mapping run in the browser once the EDEN pipeline is
        wired into the worker; until then they run from the command line, e.g. <code>{cli}</code>
      </p>
    </section>
  );
}
