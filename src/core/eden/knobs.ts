/**
 * From tolerable BERs to DRAM knob settings, through the DRAM model (src/core/dram): EDEN
 * picks, for a BER a piece of data tolerates, the largest VDD reduction and the largest tRCD
 * reduction on the profile's knob grid (0.01 V / 0.25 ns on the shipped profiles) whose BER
 * stays at or below it (EDEN §6, Table "coarse-grained scaling", there on a 0.05 V / 0.5 ns
 * grid). The two knobs are alternatives: VDD saves energy, tRCD time.
 */
import { largestStepForBer, knobSteps, type DramProfile, interpolateBer } from '../dram';
import type { PartitionSetting, SettingFor } from './map';

export interface KnobSettings {
  /** The BER the setting was chosen for. */
  maxBer: number;
  vddDelta: number;
  /** Absolute VDD at that step (V). */
  vdd: number;
  /** BER at that VDD step, nominal tRCD. */
  berVdd: number;
  trcdDelta: number;
  /** Absolute tRCD at that step (ns). */
  trcd: number;
  /** BER at that tRCD step, nominal VDD. */
  berTrcd: number;
}

/** The most aggressive VDD and tRCD steps whose BER ≤ `maxBer`. */
export function knobsForBer(profile: DramProfile, maxBer: number): KnobSettings {
  const v = largestStepForBer(profile, 'vdd', maxBer);
  const t = largestStepForBer(profile, 'trcd', maxBer);
  return {
    maxBer,
    vddDelta: v.delta,
    vdd: Number((profile.power.vdd + v.delta).toFixed(6)),
    berVdd: v.ber,
    trcdDelta: t.delta,
    trcd: Number((profile.timing.tRCD_ns + t.delta).toFixed(6)),
    berTrcd: t.ber,
  };
}

/**
 * The mapping's SettingFor over a profile. A partition's BER (what the validation run
 * injects) is the larger of the two knobs' BERs, so the run covers either knob.
 */
export function settingForProfile(profile: DramProfile): SettingFor {
  return (maxBer): PartitionSetting => {
    const k = knobsForBer(profile, maxBer);
    return { vddDelta: k.vddDelta, trcdDelta: k.trcdDelta, ber: Math.max(k.berVdd, k.berTrcd) };
  };
}

/** BER at each VDD grid step, nominal first: the levels of the joint procedure over partitions. */
export function vddBerLadder(profile: DramProfile): { delta: number; ber: number }[] {
  return knobSteps(profile, 'vdd').map((delta) => ({
    delta,
    ber: interpolateBer(profile.ber.vdd, delta, 'vdd'),
  }));
}
