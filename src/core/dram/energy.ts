/**
 * DRAM energy per inference (docs/dram-model.md §3), DRAMPower-style (Chandrasekar et al.;
 * Micron TN-41-01): command energies from datasheet IDD currents, per device, summed over the
 * rank's devices and over the supply rails. The knob's rail runs at V' = V + ΔVDD with its
 * currents scaled I' = I·(V'/V)^α; other rails (VPP, VDD1) stay nominal.
 *
 *   E_ACT/PRE = V·(IDD0·tRC − (IDD3N·tRAS + IDD2N·(tRC − tRAS)))   per activate–precharge
 *   E_RD      = V·(IDD4R − IDD3N)·tBurst                           per read burst
 *   E_WR      = V·(IDD4W − IDD3N)·tBurst                           per write burst
 *   P_BG      = V·(IDD3N·a + IDD2N·(1 − a))                        a = share of time a row is open
 *   E_REF     = V·(IDD5B − IDD3N)·tRFC                             per REF, one every tREFI per rank
 */
import { accessLatencyNs, amdahlSpeedup, burstBytes, burstNs } from './latency';
import type { DramProfile, RailCurrents } from './profile';
import type { Traffic } from './traffic';

/** Per-rank command energies (J) and background power (W) at one VDD setting. */
export interface CommandEnergies {
  actPre: number;
  rd: number;
  wr: number;
  backgroundW: number;
  ref: number;
}

export function commandEnergies(
  profile: DramProfile,
  vddDelta: number,
  activeFraction: number,
): CommandEnergies {
  const { power, timing: t, organization } = profile;
  const vdd = power.vdd + vddDelta;
  if (vdd <= 0) throw new RangeError(`VDD ${power.vdd} ${vddDelta} V would be ≤ 0`);
  const scale = (vdd / power.vdd) ** power.alpha;
  const rails: { volts: number; i: RailCurrents; scale: number }[] = [
    { volts: vdd, i: power.idd_mA, scale },
    ...power.fixedRails.map((r) => ({ volts: r.volts, i: r.idd_mA, scale: 1 })),
  ];
  const tb = burstNs(profile);
  const a = activeFraction;
  const e = { actPre: 0, rd: 0, wr: 0, backgroundW: 0, ref: 0 };
  for (const { volts, i, scale: s } of rails) {
    // mA × ns × V = pJ; mA × V = mW.
    const vs = volts * s;
    e.actPre +=
      vs *
      Math.max(0, i.idd0 * t.tRC_ns - (i.idd3n * t.tRAS_ns + i.idd2n * (t.tRC_ns - t.tRAS_ns)));
    e.rd += vs * Math.max(0, i.idd4r - i.idd3n) * tb;
    e.wr += vs * Math.max(0, i.idd4w - i.idd3n) * tb;
    e.backgroundW += vs * (i.idd3n * a + i.idd2n * (1 - a));
    e.ref += vs * Math.max(0, i.idd5b - i.idd3n) * t.tRFC_ns;
  }
  const n = organization.devicesPerRank;
  return {
    actPre: e.actPre * n * 1e-12,
    rd: e.rd * n * 1e-12,
    wr: e.wr * n * 1e-12,
    backgroundW: e.backgroundW * n * 1e-3,
    ref: e.ref * n * 1e-12,
  };
}

/** Which data types (ids) run at which knob settings. Data types in no partition run at nominal. */
export interface Partition {
  /** A label for the UI (e.g. "P1"). */
  name?: string;
  vddDelta: number;
  trcdDelta: number;
  dataTypes: readonly string[];
}

/** Energy per inference (J) split by command type, as the UI draws it. */
export interface EnergySplit {
  actPre: number;
  rd: number;
  wr: number;
  background: number;
  refresh: number;
  total: number;
}

export interface PartitionEnergy {
  name: string;
  vddDelta: number;
  trcdDelta: number;
  dataTypes: string[];
  /** Share of the stored bytes (background/refresh are split by it) and of the bursts. */
  footprintShare: number;
  burstShare: number;
  approx: EnergySplit;
}

export interface EnergyResult {
  /** Everything at nominal VDD and tRCD. */
  nominal: EnergySplit;
  /** Each partition at its own settings. */
  approx: EnergySplit;
  /** 1 − approx.total / nominal.total. */
  saving: number;
  /** Inference time (s) the background/refresh energy is charged over, and the speedup. */
  seconds: { nominal: number; approx: number };
  speedup: number;
  partitions: PartitionEnergy[];
}

interface Group {
  name: string;
  vddDelta: number;
  trcdDelta: number;
  dataTypes: string[];
  readBytes: number;
  writeBytes: number;
  storedBytes: number;
}

function groupByPartition(traffic: Traffic, partitions: readonly Partition[]): Group[] {
  const byId = new Map(traffic.items.map((t) => [t.id, t]));
  const owner = new Map<string, number>();
  const groups: Group[] = partitions.map((p, k) => ({
    name: p.name ?? `P${k + 1}`,
    vddDelta: p.vddDelta,
    trcdDelta: p.trcdDelta,
    dataTypes: [],
    readBytes: 0,
    writeBytes: 0,
    storedBytes: 0,
  }));
  const nominal: Group = {
    name: 'nominal',
    vddDelta: 0,
    trcdDelta: 0,
    dataTypes: [],
    readBytes: 0,
    writeBytes: 0,
    storedBytes: 0,
  };
  partitions.forEach((p, k) => {
    for (const id of p.dataTypes) {
      if (!byId.has(id)) throw new Error(`partition ${groups[k].name}: unknown data type "${id}"`);
      if (owner.has(id))
        throw new Error(
          `data type "${id}" is in two partitions (${groups[owner.get(id)!].name}, ${groups[k].name})`,
        );
      owner.set(id, k);
    }
  });
  for (const t of traffic.items) {
    const k = owner.get(t.id);
    const g = k === undefined ? nominal : groups[k];
    g.dataTypes.push(t.id);
    g.readBytes += t.readBytes;
    g.writeBytes += t.writeBytes;
    g.storedBytes += t.storedBytes;
  }
  return nominal.dataTypes.length > 0 ? [...groups, nominal] : groups;
}

function emptySplit(): EnergySplit {
  return { actPre: 0, rd: 0, wr: 0, background: 0, refresh: 0, total: 0 };
}

function addInto(into: EnergySplit, s: EnergySplit): void {
  into.actPre += s.actPre;
  into.rd += s.rd;
  into.wr += s.wr;
  into.background += s.background;
  into.refresh += s.refresh;
  into.total += s.total;
}

/** Energy and time of the traffic with each group at its own settings. */
function evaluate(profile: DramProfile, traffic: Traffic, groups: readonly Group[]) {
  const platform = traffic.platform;
  const bb = burstBytes(profile);
  const totalBytes = traffic.readBytes + traffic.writeBytes;
  const totalBursts = totalBytes / bb;
  if (!(totalBytes > 0)) throw new Error('energyPerInference: the traffic moves no bytes');
  const m = platform.memoryBoundFraction;
  const h = platform.rowHitRate;
  const t0 = accessLatencyNs(profile, h, 0);
  // Memory time at nominal = bytes / bandwidth; run time = memory time / m. Lower tRCD shrinks
  // each group's share of the memory time by its latency ratio (Amdahl, latency.ts).
  const secondsNominal = totalBytes / (platform.bandwidthGBs * 1e9) / m;
  const ratio = groups.reduce(
    (r, g) =>
      r +
      ((g.readBytes + g.writeBytes) / totalBytes) * (accessLatencyNs(profile, h, g.trcdDelta) / t0),
    0,
  );
  const speed = amdahlSpeedup(m, ratio);
  const seconds = secondsNominal / speed;
  const refreshes = (seconds * 1e9) / profile.timing.tREFI_ns;
  const parts = groups.map((g) => {
    const e = commandEnergies(profile, g.vddDelta, m);
    const rdBursts = g.readBytes / bb;
    const wrBursts = g.writeBytes / bb;
    const share = traffic.storedBytes > 0 ? g.storedBytes / traffic.storedBytes : 0;
    const s: EnergySplit = {
      actPre: (rdBursts + wrBursts) * (1 - h) * e.actPre,
      rd: rdBursts * e.rd,
      wr: wrBursts * e.wr,
      background: share * platform.ranks * e.backgroundW * seconds,
      refresh: share * platform.ranks * refreshes * e.ref,
      total: 0,
    };
    s.total = s.actPre + s.rd + s.wr + s.background + s.refresh;
    return { g, s, share, burstShare: (rdBursts + wrBursts) / totalBursts };
  });
  const total = emptySplit();
  for (const p of parts) addInto(total, p.s);
  return { total, parts, seconds, speed };
}

/**
 * Energy per inference of `traffic` (from trafficPerInference) on `profile`, nominal and with
 * each partition at its own (ΔVDD, ΔtRCD); data types in no partition stay at nominal.
 */
export function energyPerInference(
  profile: DramProfile,
  traffic: Traffic,
  partitions: readonly Partition[],
): EnergyResult {
  const groups = groupByPartition(traffic, partitions);
  const nominalGroups = groups.map((g) => ({ ...g, vddDelta: 0, trcdDelta: 0 }));
  const nominal = evaluate(profile, traffic, nominalGroups);
  const approx = evaluate(profile, traffic, groups);
  return {
    nominal: nominal.total,
    approx: approx.total,
    saving: 1 - approx.total.total / nominal.total.total,
    seconds: { nominal: nominal.seconds, approx: approx.seconds },
    speedup: approx.speed,
    partitions: approx.parts.map(({ g, s, share, burstShare }) => ({
      name: g.name,
      vddDelta: g.vddDelta,
      trcdDelta: g.trcdDelta,
      dataTypes: g.dataTypes,
      footprintShare: share,
      burstShare,
      approx: s,
    })),
  };
}

/** One partition holding every data type of the traffic (EDEN's coarse-grained mapping). */
export function coarsePartition(
  traffic: Traffic,
  vddDelta: number,
  trcdDelta: number,
): Partition[] {
  return [{ name: 'all', vddDelta, trcdDelta, dataTypes: traffic.items.map((t) => t.id) }];
}
