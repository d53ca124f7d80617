/**
 * Energy and speed from the DRAM model: at the current knobs (coarse: one setting for the
 * module), or with an applied fine map (each partition at its own setting).
 */
import type { ZooEntry } from '../../core/models/zoo';
import type { ExplorerConfig } from '../../state/config';
import type { PlatformMapEnergy } from '../../core/eden/energy';
import { DEFAULT_ROW_BYTES } from '../../core/dram/geometry';
import {
  characterizationKey,
  type CharacterizationResult,
  type MapRunReport,
} from '../../state/pipelineRun';
import type { ExplorerState } from '../../state/store';
import { runConfigOf } from '../engine/runConfig';
import type { DramPort, EnergyView, PartitionSetting, SpeedView } from '../../state/dramPort';

export interface Savings {
  energy: EnergyView | null;
  speed: SpeedView | null;
  /** The partition settings `energy` priced (one for the knobs' coarse setting). */
  settings?: PartitionSetting[];
  /** 'map' when an applied fine map (appliedMap) gives both figures, else 'knobs'. */
  source?: 'knobs' | 'map';
  error?: string;
}

type PageMapState = Pick<ExplorerState, 'config' | 'mapReport' | 'fineMap' | 'profile'>;

/**
 * The page's energy saving and speedup, by one rule for both: with a fine map applied
 * (appliedMap) both are the map's as the map panel prices it (mapRunSavings: energy with each
 * partition at the VDD step its data tolerate, speedup with each at the tRCD step, the other
 * knob nominal); otherwise the knobs' one (ΔVDD, ΔtRCD) for the whole module. The speed card
 * showed the knob's tRCD speedup next to the applied map's energy saving. Errors of the DRAM
 * model come back in `error`, not thrown.
 */
export function computeSavings(
  dram: DramPort | null,
  s: PageMapState,
  entry: ZooEntry | null,
): Savings {
  if (!dram) return { energy: null, speed: null };
  const { config } = s;
  try {
    const map = appliedMap(s);
    const knobSpeed = dram.speed(config.profileId, config.platform, config.trcdDelta);
    const parts = appliedPartitions(dram, s) ?? [
      {
        vddDelta: config.vddDelta,
        trcdDelta: config.trcdDelta,
        dataTypes: entry?.dataTypes.map((d) => d.id) ?? [],
      },
    ];
    const energy = entry
      ? dram.energy(config.profileId, entry, config.format, config.platform, parts)
      : null;
    if (!map) return { energy, speed: knobSpeed, settings: parts, source: 'knobs' };
    const priced = mapRunSavings(dram, config, entry ? [entry] : [], map);
    if (typeof priced === 'string') return { energy, speed: null, settings: parts, error: priced };
    return {
      energy,
      speed: mapSpeedView(knobSpeed, priced.fine.speedup),
      settings: parts,
      source: 'map',
    };
  } catch (e) {
    return { energy: null, speed: null, error: (e as Error).message };
  }
}

/**
 * A map's speedup as the speed view: the access latency is the traffic-weighted mean of the
 * partitions' latencies, recovered exactly from the speedup by inverting Amdahl's law
 * (speedup = 1 / (1 − m + m·t′/t), core/dram/latency.ts) with the platform's memory-bound
 * share m and the nominal latency t of `nominal`.
 */
function mapSpeedView(nominal: SpeedView, speedup: number): SpeedView {
  const m = nominal.memoryBound;
  const ratio = (1 / speedup - 1 + m) / m;
  return { ...nominal, speedup, latencyApprox: nominal.latencyNominal * ratio };
}

/**
 * The settings an EDEN run measures with, as one key: the worker's run configuration (model,
 * format, error model, correction, images × trials, seeds, row size), the target drop and the
 * DRAM profile. A Map run's report carries its run's key (MapRunReport.key).
 */
export function mapRunKey(config: ExplorerConfig, rowBytes: number): string {
  return characterizationKey(runConfigOf(config, rowBytes), config.targetDrop, config.profileId);
}

/**
 * The last Map run's report when it is applied to the page: mapping 'fine' and the run measured
 * with the page's current settings. A map of another model, format, error model, images ×
 * trials, … is never shown as the page's (the accuracy card showed LeNet-5's validated map
 * accuracy under an MLP after a model switch); null otherwise.
 */
export function appliedMap(s: PageMapState): MapRunReport | null {
  return s.config.mapping === 'fine' && mapMatchesPage(s) ? s.mapReport : null;
}

/** true when the last Map run (and its fine map) was measured with the page's current settings. */
export function mapMatchesPage(s: PageMapState): boolean {
  return !!s.fineMap && !!s.mapReport && keyMatchesPage(s.mapReport.key, s);
}

/** `key` (a run's mapRunKey) is the page's current settings' key. */
function keyMatchesPage(key: string, s: Pick<ExplorerState, 'config' | 'profile'>): boolean {
  return key === mapRunKey(s.config, s.profile?.rowBytes ?? DEFAULT_ROW_BYTES);
}

/**
 * The last fine characterization when it was measured with the page's current settings, else
 * null: the tolerance chart, the per-data-type list and the map's hover show it only then (a
 * Characterize or Map run that ended after a model switch wrote LeNet-5's 15 tolerances under
 * the MLP). The same rule as appliedMap.
 */
export function pageCharacterization(
  s: Pick<ExplorerState, 'config' | 'profile' | 'characterization'>,
): CharacterizationResult | null {
  const c = s.characterization;
  return c && keyMatchesPage(c.key, s) ? c : null;
}

/**
 * The partitions the page's energy uses: the last Map run's fine map once applied (appliedMap),
 * else undefined (the knobs' one setting for the whole module). Priced as a map's energy
 * is everywhere (core/eden/energy.ts mapEnergy, EDEN's evaluation): each used partition at the
 * largest VDD step of the page's profile whose BER stays within what its data tolerates, tRCD
 * nominal. So the energy card with the map applied shows the same saving as the map panel and
 * the Runs summary (mapRunSavings), by construction.
 */
export function appliedPartitions(dram: DramPort, s: PageMapState): PartitionSetting[] | undefined {
  const report = appliedMap(s);
  if (!report) return undefined;
  const { config } = s;
  return report.fineMap.partitions
    .filter((p) => p.placed.length > 0)
    .map((p) => ({
      vddDelta: dram.largestStep(config.profileId, 'vdd', p.targetBer),
      trcdDelta: 0,
      dataTypes: p.placed.map((d) => d.id),
    }));
}

/**
 * The last Map run's coarse and fine maps priced with the run's own model, format and profile
 * on the page's platform (energy: VDD knob, tRCD nominal; speedup: tRCD knob, VDD nominal;
 * core/eden/energy.ts mapEnergy), and where the extra saving comes from: the one source of the
 * map panel's, the Runs summary's and (map applied) the cards' figures. `models`: the loaded
 * entries (the run's is looked up by id, so a map of an earlier model is priced as that
 * model's, never with the page's data types). A string says why not.
 */
export function mapRunSavings(
  dram: DramPort,
  config: Pick<ExplorerConfig, 'platform'>,
  models: readonly ZooEntry[],
  report: MapRunReport,
): PlatformMapEnergy | string {
  const entry = models.find((m) => m.id === report.modelId);
  if (!entry) return `the model ${report.modelId} is not loaded`;
  try {
    return dram.mapEnergy(report.profileId, entry, report.format, config.platform, report);
  } catch (e) {
    return (e as Error).message;
  }
}
