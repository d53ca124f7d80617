/**
 * The Runs panel's EDEN pipeline runs on the worker (src/contract/api.ts EdenPipelineApi): boost,
 * fine characterization, map. Small, browser-sized defaults; progress, results and errors land
 * in the store (src/state/pipelineRun.ts), and an error never clears earlier results.
 */
import { DEFAULT_ROW_BYTES } from '../../core/dram/geometry';
import { explorerStore } from '../../state/appStore';
import type { FineReport } from '../../core/eden/pipeline';
import type { RunConfig } from '../../contract/api';
import type { ExplorerConfig } from '../../state/config';
import { mapRunKey } from '../savings/compute';
import {
  boostProgressText,
  partitionsOf,
  pipelineProgressText,
  type CharacterizationResult,
  type PipelineKind,
} from '../../state/pipelineRun';
import { curveConfigOf } from '../../state/curves';
import { errorText, isSuperseded } from '../engine/client';
import { getEngine } from '../engine/instance';
import { runConfigOf } from '../engine/runConfig';

/**
 * Boosting in the browser: one epoch over a 2,000-image subset in two curriculum steps (the CLI
 * default is 2 epochs of 10,000 in 4 steps, src/cli/boost.ts), validated on 500 images.
 */
export const BROWSER_BOOST = {
  recipe: 'eden',
  epochs: 1,
  steps: 2,
  trainSamples: 2000,
  batchSize: 64,
  validationSamples: 500,
} as const;

/** Which run is the latest: a progress message of an earlier run is dropped (progressOf). */
let runSeq = 0;

function begin(kind: PipelineKind) {
  const s = explorerStore.getState();
  const engine = getEngine();
  if (!engine) {
    s.notify('error', 'The engine is not running: EDEN runs need the worker.');
    return null;
  }
  if (s.pipelineRun?.running) return null;
  const seq = ++runSeq;
  explorerStore.setState({
    pipelineRun: { kind, running: true, fraction: null, text: 'starting…' },
  });
  return {
    engine,
    progress: progressOf(seq),
    config: s.config,
    rc: runConfigOf(s.config, s.profile?.rowBytes ?? DEFAULT_ROW_BYTES),
  };
}

/** The last fine characterization and what it was run with (a Map run of the same reuses it). */
let lastFine: { key: string; fine: FineReport } | null = null;

const keyOf = (run: { config: ExplorerConfig; rc: RunConfig }) =>
  mapRunKey(run.config, run.rc.rowBytes);

/** The page's settings are still the run's (else its results belong to other settings). */
function stillCurrent(run: { config: ExplorerConfig; rc: RunConfig }): boolean {
  const s = explorerStore.getState();
  return mapRunKey(s.config, s.profile?.rowBytes ?? DEFAULT_ROW_BYTES) === keyOf(run);
}

/** A fine characterization's result with the key of the run's settings (pageCharacterization). */
function characterizationOf(
  run: { config: ExplorerConfig; rc: RunConfig },
  tolerances: Record<string, number>,
  coarseTolerableBer: number,
): CharacterizationResult {
  const { modelId, format } = run.config;
  return { tolerances, coarseTolerableBer, key: keyOf(run), modelId, format };
}

/**
 * The progress reporter of run `seq`: it writes the run status only while that run is the
 * latest and still running. A progress message can arrive from the worker after the run's
 * result (it overwrote the finished Characterize's "Not shown: …" with "joint step, fc3/ofm …").
 */
function progressOf(seq: number) {
  return (fraction: number | null, text: string) =>
    explorerStore.setState((s) =>
      s.pipelineRun?.running && seq === runSeq
        ? { pipelineRun: { ...s.pipelineRun, fraction, text } }
        : {},
    );
}

function finish(text: string, error?: unknown) {
  explorerStore.setState((s) =>
    s.pipelineRun
      ? {
          pipelineResults:
            error === undefined
              ? { ...s.pipelineResults, [s.pipelineRun.kind]: text }
              : s.pipelineResults,
          pipelineRun: {
            ...s.pipelineRun,
            running: false,
            fraction: error === undefined ? 1 : s.pipelineRun.fraction,
            text: error === undefined ? text : s.pipelineRun.text,
            error:
              error === undefined
                ? undefined
                : isSuperseded(error)
                  ? 'Cancelled (or interrupted by a newer request); earlier results are kept.'
                  : errorText(error),
          },
        }
      : {},
  );
}

/** `targetBer`: the BER the boosted model should tolerate (e.g. 5× the coarse tolerance). */
export async function runBoost(targetBer: number) {
  const run = begin('boost');
  if (!run) return;
  const { engine, config, rc, progress } = run;
  try {
    const out = await engine.api.boost({ ...BROWSER_BOOST, config: rc, targetBer }, (p) => {
      const t = boostProgressText(p);
      progress(t.fraction, t.text);
    });
    // The boosted model's curve joins the chart's curves: the controller measures it in turn
    // with the others (a sweep of its own here would be superseded by the next slider step).
    explorerStore.setState({ boostedModelId: out.modelId });
    explorerStore
      .getState()
      .addCurves([{ ...curveConfigOf(config), modelId: out.modelId }], 'boosted');
    const last = out.stages[out.stages.length - 1];
    finish(
      `Boosted ${config.modelId} toward BER ${targetBer.toExponential(1)} in ${out.seconds.toFixed(0)} s` +
        (last
          ? `: validation ${(last.perturbed * 100).toFixed(1)} % at BER ${last.ber.toExponential(1)} (before: ${(out.before.perturbed * 100).toFixed(1)} %).`
          : '.') +
        ' Its curve is measured in the chart.',
    );
  } catch (e) {
    finish('', e);
  }
}

/**
 * What a Characterize or Map run at one trial per point could not do, said with its result: the
 * pass rule is the lower 95 % bound over trials (core meetsTarget after trialNoiseOnly), and one
 * trial gives no interval, so each pass was the point estimate. `eden characterize` and
 * `eden map` require 2 or more trials for this reason; the page runs and says so.
 */
export function oneTrialNote(trials: number): string {
  return trials < 2
    ? ' One trial: each pass was judged by the point estimate (no interval over trials); 2 or more trials give the conservative bound the CLI requires.'
    : '';
}

export async function runCharacterizeFine() {
  const run = begin('characterize');
  if (!run) return;
  const { engine, config, rc, progress } = run;
  try {
    const out = await engine.api.characterize(
      { config: rc, mode: 'fine', targetDrop: config.targetDrop, profileId: config.profileId },
      (p) => {
        const t = pipelineProgressText(p);
        progress(t.fraction, t.text);
      },
    );
    const tolerances = out.fine?.fine.tolerances ?? {};
    lastFine = out.fine ? { key: keyOf(run), fine: out.fine } : null;
    explorerStore.setState({
      characterization: characterizationOf(run, tolerances, out.coarse.tolerableBer),
    });
    finish(
      `Fine characterization of ${config.modelId} ${config.format}: ${Object.keys(tolerances).length} data types; coarse tolerable BER ${out.coarse.tolerableBer.toExponential(1)}, searched between the curve's points (the chart reads it only at the BERs it measured, so it can show a lower one)` +
        (stillCurrent(run) ? '.' : '. Not shown: the settings changed during the run.') +
        oneTrialNote(rc.trials),
    );
  } catch (e) {
    finish('', e);
  }
}

/** Fine characterization, then a map onto `partitions` DRAM partitions (1–8), validated. */
export async function runMap(partitions: number) {
  const run = begin('map');
  if (!run) return;
  const { engine, config, rc, progress } = run;
  // A fresh fine characterization of the same settings is reused (it is most of a Map run).
  const fine = lastFine?.key === keyOf(run) ? lastFine.fine : undefined;
  if (fine) progress(null, 'reusing the fine characterization of these settings…');
  try {
    const out = await engine.api.map(
      {
        fine,
        config: rc,
        targetDrop: config.targetDrop,
        profileId: config.profileId,
        partitions,
      },
      (p) => {
        const t = pipelineProgressText(p);
        progress(t.fraction, t.text);
      },
    );
    const entry = explorerStore.getState().models.find((m) => m.id === config.modelId);
    const tolerances = out.report.fine.fine.tolerances;
    lastFine = { key: keyOf(run), fine: out.report.fine };
    const fineMap = partitionsOf(
      out.report.fineMap,
      entry?.dataTypes ?? [],
      config.format,
      tolerances,
    );
    const report = out.report;
    const v = report.validation.fine;
    explorerStore.setState({
      fineMap,
      characterization: characterizationOf(run, tolerances, report.fine.coarse.tolerableBer),
      mapReport: {
        coarseMap: report.coarseMap,
        fineMap: report.fineMap,
        validation: report.validation,
        coarseTolerableBer: report.fine.coarse.tolerableBer,
        tolerances,
        rejected: report.rejected,
        key: keyOf(run),
        lifted: report.lifted,
        startBackoffs: report.startBackoffs,
        backoffs: report.backoffs,
        modelId: config.modelId,
        format: config.format,
        profileId: config.profileId,
      },
      mapSummary: {
        partitions: fineMap.length,
        validation: {
          mean: v.estimate.mean,
          lo: v.estimate.lo,
          hi: v.estimate.hi,
          target: v.targetAccuracy,
          meets: v.meetsTarget,
        },
        backoffs: out.report.backoffs,
      },
    });
    // Applied at once (the partition map shows it, and the cards and energy follow it); a knob
    // move leaves it, "Apply this map" (Runs panel) comes back to it. Not when the page moved
    // to other settings during the run: the map is theirs, not the page's.
    const applies = stillCurrent(run);
    if (applies) explorerStore.getState().update({ mapping: 'fine' });
    finish(
      `Mapped to ${fineMap.length} partitions; validation ${v.meetsTarget ? 'meets' : 'misses'} the target` +
        (fine ? ' (reused the fine characterization of these settings)' : '') +
        (applies
          ? '. Applied: the cards show the map result below.'
          : '. Not applied: the settings changed during the run.') +
        oneTrialNote(rc.trials),
    );
  } catch (e) {
    finish('', e);
  }
}

export async function cancelRun() {
  try {
    await getEngine()?.api.cancel();
  } catch (e) {
    explorerStore.getState().notify('error', `Cancel failed: ${errorText(e)}`);
  }
}

/** Saves the boosted model's files (model.json, weights.bin, entry.json) as downloads. */
export async function downloadBoosted() {
  const s = explorerStore.getState();
  const id = s.boostedModelId;
  const engine = getEngine();
  if (!id || !engine) return;
  try {
    const files = await engine.api.modelFiles(id);
    const save = (name: string, data: BlobPart, type: string) => {
      const url = URL.createObjectURL(new Blob([data], { type }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    };
    save('model.json', files.modelJson, 'application/json');
    save('weights.bin', files.weights, 'application/octet-stream');
    save(`${id}.entry.json`, files.entryJson, 'application/json');
  } catch (e) {
    s.notify('error', `Download of the boosted model failed: ${errorText(e)}`);
  }
}
