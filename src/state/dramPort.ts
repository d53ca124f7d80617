/**
 * What the page needs from the DRAM model (issue #5, src/core/dram): knobs → BER, energy per
 * inference and speedup. The UI codes against this small interface; `src/ui/dram/adapter.ts` implements
 * it over src/core/dram.
 */
import type { PlatformMapEnergy } from '../core/eden/energy';
import type { PartitionMap } from '../core/eden/map';
import type { ModuleRow, ModuleSpreadInput } from '../core/eden/modules';
import type { Placement } from '../core/sparkxd/mapping';
import type { SparkxdReport } from '../core/sparkxd/report';
import type { ZooEntry } from '../core/models/zoo';
import type { Format } from '../core/types';
import type { Platform } from './config';

export interface ProfileView {
  id: string;
  name: string;
  /** Nominal supply voltage (V) and activation latency (ns). */
  vddNominal: number;
  trcdNominal: number;
  /** Lowest reachable deltas on the grid (≤ 0). */
  vddMin: number;
  trcdMin: number;
  /** The profile's knob grid (V, ns). */
  vddStep: number;
  trcdStep: number;
  rowBytes: number;
  banks: number;
  /** Exponent of the knob rail's current scaling I ∝ VDD^α (docs/dram-model.md §4). */
  alpha: number;
  /** Supply rails the VDD knob leaves at nominal (e.g. DDR4's VPP), with their voltage (V). */
  fixedRails: { name: string; volts: number }[];
  /** Where the numbers come from (datasheet citation). */
  source?: string;
}

export interface EnergyPart {
  /** e.g. "ACT/PRE", "RD", "WR", "background", "refresh". */
  label: string;
  nominal: number;
  approx: number;
}

export interface EnergyView {
  /** Joules per inference. */
  nominal: number;
  approx: number;
  /** 1 − approx / nominal. */
  saving: number;
  parts: EnergyPart[];
}

export interface SpeedView {
  speedup: number;
  /** Access latency nominal vs approximate (ns) and the memory-bound fraction used. */
  latencyNominal: number;
  latencyApprox: number;
  memoryBound: number;
}

/** One partition's setting, for energy with several partitions (fine mapping). */
export interface PartitionSetting {
  vddDelta: number;
  trcdDelta: number;
  /** Data type ids stored there. */
  dataTypes: string[];
}

export interface DramPort {
  profileIds(): string[];
  profile(id: string): Promise<ProfileView>;
  ber(profileId: string, vddDelta: number, trcdDelta: number): number;
  energy(
    profileId: string,
    model: ZooEntry,
    format: Format,
    platform: Platform,
    partitions: PartitionSetting[],
  ): EnergyView;
  speed(profileId: string, platform: Platform, trcdDelta: number): SpeedView;
  /**
   * Coarse vs fine map energy on `platform` with this profile (each partition at the knob
   * settings its data tolerates), and where the fine map's extra saving comes from.
   */
  mapEnergy(
    profileId: string,
    model: ZooEntry,
    format: Format,
    platform: Platform,
    maps: { coarseMap: PartitionMap; fineMap: PartitionMap },
  ): PlatformMapEnergy;
  /**
   * Import a measured characterization (CSV of BER vs ΔVDD / ΔtRCD, src/core/dram/
   * characterizationCsv.ts) as a profile on the part of `baseId`; returns the new profile's
   * id (also listed by profileIds from then on). Throws a one-line Error naming the file.
   */
  importCsv(text: string, fileName: string, baseId: string): string;
  /**
   * SparkXD for an SNN's weights (`eden map --policy both`): naive vs SparkXD placement with a
   * `bufferBytes` weight buffer at the VDD step the tolerable BER allows, and where each
   * layer's weights lie (bank, rows) under each policy.
   */
  sparkxd(
    profileId: string,
    model: ZooEntry,
    format: Format,
    bufferBytes: number,
    tolerableBer: number,
  ): { report: SparkxdReport; placement: Record<'naive' | 'sparkxd', Placement[]> };
  /** Most aggressive grid delta of one knob (the other at nominal) whose BER ≤ maxBer. */
  largestStep(profileId: string, knob: 'vdd' | 'trcd', maxBer: number): number;
  /**
   * Module variation (core/eden/modules.ts moduleSpread): for each module seed, the nominal BER
   * and VDD step each group of data types may run at on this profile, from where the module's
   * weak lines fall on the stored data. Throws on an invalid weak fraction.
   */
  moduleSpread(profileId: string, input: Omit<ModuleSpreadInput, 'profile'>): ModuleRow[];
}
