/**
 * Energy saving and speedup of a partition map on a platform, from the DRAM model
 * (src/core/dram: DRAMPower-style energy, Amdahl speedup). As in EDEN's evaluation the two
 * knobs are reported separately: the energy saving with each partition's VDD lowered (tRCD
 * nominal), the speedup with each partition's tRCD lowered (VDD nominal). Each partition's
 * steps come from the platform's own module profile, for the BER its data tolerates.
 */
import {
  energyPerInference,
  trafficPerInference,
  type DramProfile,
  type Partition as DramPartition,
  type Platform,
  type PlatformId,
  PLATFORMS,
  PLATFORM_IDS,
} from '../dram';
import type { DataTypeInfo, Format } from '../types';
import { knobsForBer } from './knobs';
import type { PartitionMap } from './map';

export interface MapEnergy {
  platform: string;
  profile: string;
  /** 1 − E(approx) / E(nominal), VDD knob. */
  saving: number;
  /** Inference speedup, tRCD knob. */
  speedup: number;
  /** DRAM energy per inference (J), nominal and approximate. */
  nominalJ: number;
  approxJ: number;
  /**
   * The steps each used partition runs at on this profile, and its DRAM energy per inference
   * (J, VDD knob) with `share` = its part of the map's approximate energy (the shares sum to 1).
   */
  settings: {
    index: number;
    vddDelta: number;
    trcdDelta: number;
    approxJ: number;
    share: number;
  }[];
}

export function mapEnergy(
  map: PartitionMap,
  dataTypes: readonly DataTypeInfo[],
  format: Format,
  platform: Platform,
  profile: DramProfile,
): MapEnergy {
  const traffic = trafficPerInference(dataTypes, format, platform);
  const used = map.partitions.filter((p) => p.placed.length > 0);
  const settings = used.map((p) => {
    const k = knobsForBer(profile, p.targetBer);
    return { index: p.index, vddDelta: k.vddDelta, trcdDelta: k.trcdDelta };
  });
  const parts = (knob: 'vdd' | 'trcd'): DramPartition[] =>
    used.map((p, i) => ({
      name: `P${p.index}`,
      vddDelta: knob === 'vdd' ? settings[i].vddDelta : 0,
      trcdDelta: knob === 'trcd' ? settings[i].trcdDelta : 0,
      dataTypes: p.placed.map((d) => d.id),
    }));
  const energy = energyPerInference(profile, traffic, parts('vdd'));
  const time = energyPerInference(profile, traffic, parts('trcd'));
  return {
    platform: platform.id,
    profile: profile.id,
    saving: energy.saving,
    speedup: time.speedup,
    nominalJ: energy.nominal.total,
    approxJ: energy.approx.total,
    settings: settings.map((s, i) => ({
      ...s,
      approxJ: energy.partitions[i].approx.total,
      share: energy.partitions[i].approx.total / energy.approx.total,
    })),
  };
}

/** One fine partition's part of the extra saving of the fine map over the coarse one. */
export interface SavingSource {
  index: number;
  dataTypes: string[];
  /** ΔVDD (V) of the partition in the fine map, and of the whole module in the coarse map. */
  vddDelta: number;
  coarseVddDelta: number;
  /** Points of DRAM energy saving (fraction of the nominal energy) this partition adds. */
  gain: number;
}

/**
 * Where the fine map's extra saving comes from: for each used fine partition, the energy of
 * its data at the coarse map's VDD minus at its own VDD, as a fraction of the nominal energy
 * (VDD knob, tRCD nominal, as in mapEnergy). Energy is additive over partitions here (each
 * pays its commands and its footprint's share of background and refresh), so the gains sum to
 * fine saving − coarse saving exactly (unit test). Each setting comes from `profile` for the
 * BER the partition's data tolerates.
 */
export function savingSources(
  maps: { coarseMap: PartitionMap; fineMap: PartitionMap },
  dataTypes: readonly DataTypeInfo[],
  format: Format,
  platform: Platform,
  profile: DramProfile,
): SavingSource[] {
  const traffic = trafficPerInference(dataTypes, format, platform);
  const coarse = maps.coarseMap.partitions.find((p) => p.placed.length > 0);
  const coarseVdd = coarse ? knobsForBer(profile, coarse.targetBer).vddDelta : 0;
  const used = maps.fineMap.partitions.filter((p) => p.placed.length > 0);
  const fine: DramPartition[] = used.map((p) => ({
    name: `P${p.index}`,
    vddDelta: knobsForBer(profile, p.targetBer).vddDelta,
    trcdDelta: 0,
    dataTypes: p.placed.map((d) => d.id),
  }));
  const atFine = energyPerInference(profile, traffic, fine);
  const atCoarse = energyPerInference(
    profile,
    traffic,
    fine.map((p) => ({ ...p, vddDelta: coarseVdd })),
  );
  return used.map((p, i) => ({
    index: p.index,
    dataTypes: [...fine[i].dataTypes],
    vddDelta: fine[i].vddDelta,
    coarseVddDelta: coarseVdd,
    gain:
      (atCoarse.partitions[i].approx.total - atFine.partitions[i].approx.total) /
      atFine.nominal.total,
  }));
}

/** Coarse vs fine map energy on one platform, and where the fine map's extra saving comes from. */
export interface PlatformMapEnergy {
  coarse: MapEnergy;
  fine: MapEnergy;
  sources: SavingSource[];
}

/** Coarse vs fine map energy and speedup on each platform (each with its own module profile). */
export async function mapEnergies(
  maps: { coarseMap: PartitionMap; fineMap: PartitionMap },
  dataTypes: readonly DataTypeInfo[],
  format: Format,
  platforms: readonly PlatformId[],
  profileOf: (id: string) => Promise<DramProfile>,
): Promise<Record<string, PlatformMapEnergy>> {
  const out: Record<string, PlatformMapEnergy> = {};
  for (const id of platforms) {
    const platform = PLATFORMS[id];
    const profile = await profileOf(platform.profileId);
    out[id] = {
      coarse: mapEnergy(maps.coarseMap, dataTypes, format, platform, profile),
      fine: mapEnergy(maps.fineMap, dataTypes, format, platform, profile),
      sources: savingSources(maps, dataTypes, format, platform, profile),
    };
  }
  return out;
}

/**
 * runMap's `savings` (src/core/eden/pipeline.ts): a map's DRAM energy saving on every platform
 * (PLATFORM_IDS), each priced with its own module profile (the CLI's, the bench's and the
 * Savings comparison's figures) and with the run's profile (the page's figures: its profile on
 * any of its platforms). EDEN's fine map is kept only if it saves at least what the coarse map
 * does on all of them.
 */
export async function mapSavingsEverywhere(
  dataTypes: readonly DataTypeInfo[],
  format: Format,
  runProfile: DramProfile,
  profileOf: (id: string) => Promise<DramProfile>,
): Promise<(map: PartitionMap) => number[]> {
  const pairs: { platform: Platform; profile: DramProfile }[] = [];
  for (const id of PLATFORM_IDS) {
    const platform = PLATFORMS[id];
    pairs.push({ platform, profile: await profileOf(platform.profileId) });
    pairs.push({ platform, profile: runProfile });
  }
  return (map) =>
    pairs.map(
      ({ platform, profile }) => mapEnergy(map, dataTypes, format, platform, profile).saving,
    );
}
