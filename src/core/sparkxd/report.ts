/**
 * SparkXD's energy result (Putra et al., DATE 2021): DRAM energy of an SNN inference's weight
 * reads under the naive and the SparkXD placement (mapping.ts), at nominal VDD and at the
 * lowest VDD whose BER the (fault-aware trained) SNN tolerates, priced with the DRAM model's
 * DRAMPower-style command energies (src/core/dram/energy.ts, docs/dram-model.md).
 *
 * Savings, all against the naive placement at nominal VDD (E₀):
 *   mapping  = 1 − E_sparkxd(V₀) / E₀
 *   voltage  = (E_sparkxd(V₀) − E_sparkxd(V')) / E₀     (what lowering VDD adds on top)
 *   combined = 1 − E_sparkxd(V') / E₀ = mapping + voltage
 * and, for reference, voltage alone on the naive placement: 1 − E_naive(V') / E₀.
 */
import { largestStepForBer } from '../dram/ber';
import { commandEnergies } from '../dram/energy';
import { burstBytes, burstNs } from '../dram/latency';
import type { DramProfile } from '../dram/profile';
import { FORMAT_BITS, type Format } from '../types';
import {
  burstStream,
  mappingEnergy,
  replay,
  type CommandCounts,
  type MappingEnergy,
  type MappingPolicy,
  type WeightMatrix,
} from './mapping';

/** Weight buffer of the SNN accelerator unless told otherwise (`--buffer-kib 32`). */
export const DEFAULT_BUFFER_BYTES = 32 * 1024;

export interface PolicyResult {
  policy: MappingPolicy;
  counts: CommandCounts;
  rowHitRate: number;
  nominal: MappingEnergy;
  approx: MappingEnergy;
}

export interface SparkxdReport {
  profile: string;
  bufferBytes: number;
  weightBytes: number;
  tolerableBer: number;
  /** Lowest VDD on the profile's grid whose BER ≤ the tolerable BER. */
  vdd: { nominal: number; delta: number; approx: number; ber: number };
  naive: PolicyResult;
  sparkxd: PolicyResult;
  savings: { mapping: number; voltage: number; combined: number; voltageOnNaive: number };
}

/** The weight matrices of layers [inputs, outputs] stored in `format`. */
export function weightMatrices(
  layers: readonly { name: string; inputs: number; outputs: number }[],
  format: Format,
): WeightMatrix[] {
  return layers.map((l) => ({
    id: `${l.name}/weights`,
    rows: l.inputs,
    cols: l.outputs,
    bits: FORMAT_BITS[format],
  }));
}

export function sparkxdReport(
  profile: DramProfile,
  weights: readonly WeightMatrix[],
  bufferBytes: number,
  tolerableBer: number,
): SparkxdReport {
  const { organization: o, timing } = profile;
  const org = { banks: o.banks, rowBytes: o.rowBytes, burstBytes: burstBytes(profile) };
  const t = { ...timing, burst_ns: burstNs(profile) };
  const step = largestStepForBer(profile, 'vdd', tolerableBer);
  // Open-page operation: a row is open the whole time (active-standby background current).
  const eNom = commandEnergies(profile, 0, 1);
  const eApprox = commandEnergies(profile, step.delta, 1);
  const run = (policy: MappingPolicy): PolicyResult => {
    const counts = replay(burstStream(weights, org, bufferBytes, policy), org.banks, t);
    return {
      policy,
      counts,
      rowHitRate: counts.reads ? counts.rowHits / counts.reads : 0,
      nominal: mappingEnergy(counts, eNom, timing.tREFI_ns),
      approx: mappingEnergy(counts, eApprox, timing.tREFI_ns),
    };
  };
  const naive = run('naive');
  const sparkxd = run('sparkxd');
  const e0 = naive.nominal.total;
  return {
    profile: profile.id,
    bufferBytes,
    weightBytes: weights.reduce((s, w) => s + Math.ceil((w.rows * w.cols * w.bits) / 8), 0),
    tolerableBer,
    vdd: {
      nominal: profile.power.vdd,
      delta: step.delta,
      approx: profile.power.vdd + step.delta,
      ber: step.ber,
    },
    naive,
    sparkxd,
    savings: {
      mapping: 1 - sparkxd.nominal.total / e0,
      voltage: (sparkxd.nominal.total - sparkxd.approx.total) / e0,
      combined: 1 - sparkxd.approx.total / e0,
      voltageOnNaive: 1 - naive.approx.total / e0,
    },
  };
}
