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
  /** The steps each partition runs at on this profile. */
  settings: { index: number; vddDelta: number; trcdDelta: number }[];
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
    settings,
  };
}
