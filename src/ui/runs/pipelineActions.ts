/**
 * The Runs panel's EDEN pipeline runs on the worker (src/contract/api.ts EdenPipelineApi): boost,
 * fine characterization, map. Small, browser-sized defaults; progress, results and errors land
 * in the store (src/state/pipelineRun.ts), and an error never clears earlier results.
 */
import { DEFAULT_ROW_BYTES } from '../../core/dram/geometry';
import { explorerStore } from '../../state/appStore';
import {
  boostProgressText,
  partitionsOf,
  pipelineProgressText,
  type PipelineKind,
} from '../../state/pipelineRun';
import { curveConfigOf } from '../../state/curves';
import { errorText, isSuperseded } from '../engine/client';
import { getEngine } from '../engine/instance';
import { runConfigOf } from '../engine/runConfig';
import { dramPort } from '../dram/adapter';
import type { MapEnergy } from '../../core/eden/energy';

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

function begin(kind: PipelineKind) {
  const s = explorerStore.getState();
  const engine = getEngine();
  if (!engine) {
    s.notify('error', 'The engine is not running: EDEN runs need the worker.');
    return null;
  }
  if (s.pipelineRun?.running) return null;
  explorerStore.setState({
    pipelineRun: { kind, running: true, fraction: null, text: 'starting…' },
  });
  return {
    engine,
    config: s.config,
    rc: runConfigOf(s.config, s.profile?.rowBytes ?? DEFAULT_ROW_BYTES),
  };
}

function progress(fraction: number | null, text: string) {
  explorerStore.setState((s) =>
    s.pipelineRun ? { pipelineRun: { ...s.pipelineRun, fraction, text } } : {},
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
  const { engine, config, rc } = run;
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

export async function runCharacterizeFine() {
  const run = begin('characterize');
  if (!run) return;
  const { engine, config, rc } = run;
  try {
    const out = await engine.api.characterize(
      { config: rc, mode: 'fine', targetDrop: config.targetDrop, profileId: config.profileId },
      (p) => {
        const t = pipelineProgressText(p);
        progress(t.fraction, t.text);
      },
    );
    const tolerances = out.fine?.fine.tolerances ?? null;
    explorerStore.setState({ tolerances, coarseTolerableBer: out.coarse.tolerableBer });
    finish(
      `Fine characterization: ${Object.keys(tolerances ?? {}).length} data types; coarse tolerable BER ${out.coarse.tolerableBer.toExponential(1)}.`,
    );
  } catch (e) {
    finish('', e);
  }
}

/** Fine characterization, then a map onto `partitions` DRAM partitions (1–8), validated. */
export async function runMap(partitions: number) {
  const run = begin('map');
  if (!run) return;
  const { engine, config, rc } = run;
  try {
    const out = await engine.api.map(
      {
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
    const fineMap = partitionsOf(
      out.report.fineMap,
      entry?.dataTypes ?? [],
      config.format,
      tolerances,
    );
    const report = out.report;
    // Priced like the rest of the page: the page's DRAM profile on the page's platform (the
    // worker's figures use each platform's own profile, as the CLI's do).
    const platform = config.platform;
    let energy: { fine: MapEnergy; coarse: MapEnergy } | undefined;
    try {
      energy = entry
        ? dramPort.mapEnergy(config.profileId, entry, config.format, platform, report)
        : undefined;
    } catch {
      energy = undefined;
    }
    const v = report.validation.fine;
    explorerStore.setState({
      fineMap,
      tolerances,
      coarseTolerableBer: report.fine.coarse.tolerableBer,
      mapReport: {
        coarseMap: report.coarseMap,
        fineMap: report.fineMap,
        validation: report.validation,
        coarseTolerableBer: report.fine.coarse.tolerableBer,
        modelId: config.modelId,
        format: config.format,
        profileId: config.profileId,
      },
      mapSummary: {
        partitions: fineMap.length,
        platform,
        fineSaving: energy?.fine.saving ?? Number.NaN,
        coarseSaving: energy?.coarse.saving ?? Number.NaN,
        fineSpeedup: energy?.fine.speedup ?? Number.NaN,
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
    explorerStore.getState().update({ mapping: 'fine' });
    const saving = energy?.fine.saving;
    finish(
      `Mapped to ${fineMap.length} partitions: ` +
        (saving !== undefined
          ? `${(saving * 100).toFixed(1)} % DRAM energy saving on ${platform}, `
          : '') +
        `validation ${v.meetsTarget ? 'meets' : 'misses'} the target.`,
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
