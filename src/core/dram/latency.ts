/**
 * Access latency and speedup (docs/dram-model.md §4). A row hit costs CL + burst; a miss
 * first precharges the open row and activates the new one: tRP + tRCD + CL + burst.
 * Lowering tRCD shortens misses only. Amdahl over the memory-bound share m of run time:
 * speedup = 1 / (1 − m + m · t'/t).
 */
import type { Platform } from './platforms';
import type { DramProfile } from './profile';

/** Time one 64-byte-class burst occupies the bus: BL/2 clock cycles (double data rate). */
export function burstNs(profile: DramProfile): number {
  return (profile.organization.burstLength / 2) * profile.timing.tCK_ns;
}

/** Bytes one burst moves across the rank's bus. */
export function burstBytes(profile: DramProfile): number {
  const o = profile.organization;
  return ((o.devicesPerRank * o.deviceWidthBits) / 8) * o.burstLength;
}

/** Average access latency (ns) at row-hit rate `rowHitRate` with tRCD lowered by `trcdDelta` (≤ 0). */
export function accessLatencyNs(profile: DramProfile, rowHitRate: number, trcdDelta = 0): number {
  const t = profile.timing;
  const trcd = t.tRCD_ns + trcdDelta;
  if (trcd <= 0) throw new RangeError(`tRCD ${t.tRCD_ns} ${trcdDelta} ns would be ≤ 0`);
  return t.tCL_ns + burstNs(profile) + (1 - rowHitRate) * (t.tRP_ns + trcd);
}

/** t'/t: how much shorter an average access gets when tRCD is lowered by `trcdDelta`. */
export function latencyRatio(profile: DramProfile, rowHitRate: number, trcdDelta: number): number {
  return accessLatencyNs(profile, rowHitRate, trcdDelta) / accessLatencyNs(profile, rowHitRate, 0);
}

/** Amdahl's law over the memory-bound fraction m, given the memory-time ratio t'/t. */
export function amdahlSpeedup(memoryBoundFraction: number, ratio: number): number {
  return 1 / (1 - memoryBoundFraction + memoryBoundFraction * ratio);
}

/** Speedup of an inference on `platform` with the whole module's tRCD lowered by `trcdDelta` (ns, ≤ 0). */
export function speedup(profile: DramProfile, platform: Platform, trcdDelta: number): number {
  return amdahlSpeedup(
    platform.memoryBoundFraction,
    latencyRatio(profile, platform.rowHitRate, trcdDelta),
  );
}
