/**
 * The EDEN pipeline runs of the Runs panel (boost / fine characterization / map, EDEN §4-§5):
 * what a run reports while it works, and its results turned into what the page draws. Pure
 * logic, no DOM; the panel calls the worker and stores these.
 */
import type { BoostProgress } from '../core/eden/schedule';
import type { PipelineProgress } from '../core/eden/pipeline';
import type { PartitionMap } from '../core/eden/map';
import type { MapReport, Validation } from '../core/eden/pipeline';
import type { DataKind, Format } from '../core/types';
import type { MapPartition } from './mapTypes';

export type PipelineKind = 'boost' | 'characterize' | 'map';

export interface PipelineRunState {
  kind: PipelineKind;
  running: boolean;
  /** Share done in [0, 1], or null when the run cannot tell (searches). */
  fraction: number | null;
  text: string;
  error?: string;
}

export interface MapSummary {
  partitions: number;
  /** Validation of the fine map (fresh trial seeds). */
  validation: { mean: number; lo: number; hi: number; target: number; meets: boolean };
  backoffs: number;
}

/** The last Map run's maps as the worker returned them, for the partition map panel. */
/**
 * The last fine characterization (Characterize or a Map run): per data type tolerable BER and
 * the coarse one, with the key of the settings it measured with (as MapRunReport.key); the page
 * shows it as its own only while its key is the page's (src/ui/savings/compute.ts
 * pageCharacterization).
 */
export interface CharacterizationResult {
  /** Per data type (joint) tolerable BER. */
  tolerances: Record<string, number>;
  /** Coarse tolerable BER (one BER for all data). */
  coarseTolerableBer: number;
  key: string;
  modelId: string;
  format: Format;
}

export interface MapRunReport {
  coarseMap: PartitionMap;
  fineMap: PartitionMap;
  validation: { coarse: Validation; fine: Validation };
  /** Coarse tolerable BER (one BER for all data) the coarse map was set for. */
  coarseTolerableBer: number;
  /** Joint tolerance per data type (fine characterization). */
  tolerances: Record<string, number>;
  /** EDEN's fine map when it was not kept (saved less than the coarse one), MapReport. */
  rejected: MapReport['rejected'];
  /** Data types whose joint tolerance was below the coarse BER, mapped at it (MapReport). */
  lifted: string[];
  /** Search and validation back-offs of the fine map (MapReport). */
  startBackoffs: number;
  backoffs: number;
  /**
   * Every setting the run measured with (characterizationKey of its run configuration, target
   * and profile): the map is the page's only while the page's key is this one (mapRunKey).
   */
  key: string;
  /** Settings of the run the maps belong to (the panel says when the page has moved on). */
  modelId: string;
  format: Format;
  profileId: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const ber = (x: number) => x.toExponential(1);

export function boostProgressText(p: BoostProgress): { fraction: number; text: string } {
  if (p.kind === 'batch')
    return {
      fraction: p.totalEpochs > 0 ? Math.min(1, p.epoch / p.totalEpochs) : 0,
      text: `stage ${p.stage + 1} at BER ${ber(p.ber)}: epoch ${p.epoch.toFixed(2)} / ${p.totalEpochs}, loss ${p.loss.toFixed(3)}, train accuracy ${pct(p.accuracy)}`,
    };
  const r = p.report;
  return {
    fraction: p.totalEpochs > 0 ? Math.min(1, r.epochsDone / p.totalEpochs) : 0,
    text:
      `stage ${r.stage + 1} at BER ${ber(r.ber)}: validation ${pct(r.clean)} clean, ${pct(r.perturbed)} with errors (${r.decision})` +
      // After the last stage the worker describes the boosted model (src/engine/boostRun.ts).
      (r.decision === 'end' ? '; measuring its clean accuracy per format…' : ''),
  };
}

export function pipelineProgressText(p: PipelineProgress): {
  fraction: number | null;
  text: string;
} {
  switch (p.phase) {
    case 'coarse':
      return {
        fraction: null,
        text: `coarse search: BER ${ber(p.point.ber)} → ${pct(p.point.estimate.mean)} (${p.point.pass ? 'meets' : 'misses'} target)`,
      };
    case 'isolated':
      return {
        fraction: p.total > 0 ? p.done / p.total : null,
        text: `data type ${p.id} alone (${p.done}/${p.total}): BER ${ber(p.point.ber)} → ${pct(p.point.estimate.mean)}`,
      };
    case 'joint':
    case 'map-joint':
      return {
        fraction: null,
        text: `${p.phase === 'joint' ? 'joint' : 'partition'} step, ${p.step.group} at BER ${ber(p.step.ber)} → ${pct(p.step.estimate.mean)} (${p.step.accepted ? 'kept' : 'undone'})`,
      };
    case 'validate':
      return { fraction: null, text: `validating the ${p.which} map` };
  }
}

/** The worker's fine PartitionMap as the partition map draws it (kinds/layers from the zoo). */
export function partitionsOf(
  map: PartitionMap,
  dataTypes: readonly {
    id: string;
    layer: string;
    kind: DataKind;
    bytes: Record<Format, number>;
  }[],
  format: Format,
  tolerances: Record<string, number> = {},
): MapPartition[] {
  const byId = new Map(dataTypes.map((d) => [d.id, d]));
  return map.partitions
    .filter((p) => p.placed.length > 0)
    .map((p) => ({
      label: `partition ${p.index + 1}`,
      vddDelta: p.vddDelta,
      trcdDelta: p.trcdDelta,
      ber: p.ber,
      dataTypes: p.placed.map((d) => {
        const info = byId.get(d.id);
        const tol = tolerances[d.id] ?? d.tolerableBer;
        return {
          id: d.id,
          layer: info?.layer ?? d.id.split('/')[0] ?? d.id,
          kind: info?.kind ?? ((d.id.split('/')[1] ?? 'weights') as DataKind),
          bytes: info?.bytes[format] ?? d.end - d.start,
          tolerableBer: tol,
        };
      }),
    }));
}

/**
 * What a fine characterization depends on (issue #15 item 10): a Map run with the same key can
 * reuse it instead of measuring every data type again. JSON of the run configuration (model,
 * format, error model, seeds, images × trials, …), the target drop and the DRAM profile.
 */
export function characterizationKey(
  runConfig: object,
  targetDrop: number,
  profileId: string,
): string {
  const sorted = Object.fromEntries(
    Object.entries(runConfig).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return JSON.stringify([sorted, targetDrop, profileId]);
}
