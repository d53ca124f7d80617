/**
 * SparkXD's DRAM data mapping (Putra et al., DATE 2021, §III-D; the policy comes from DRMap,
 * Putra et al., DAC 2020): place the SNN's weights so that the accelerator's reads hit the
 * open row buffer as often as possible, and where a new row must be opened, in another bank,
 * so that its activation overlaps the reads of the current one (bank-level parallelism).
 *
 * What is modelled:
 * - Dataflow: the accelerator computes a layer in tiles of output neurons whose weights fit its
 *   on-chip weight buffer; for each tile it reads the tile's weights (for every input neuron the
 *   tile's slice of the kernel row) once per inference and runs all T timesteps on them
 *   (the input spike trains are small enough to stay on chip). Reads are 64-byte bursts.
 * - 'naive': the kernel stored as it is, row-major [inputs, outputs], layer after layer, filling
 *   one bank's rows one after the other (linear addresses, no bank interleaving).
 * - 'sparkxd': the weights stored in the order the dataflow reads them; burst k goes to column
 *   k mod C of bank ⌊k / C⌋ mod B, row ⌊k / (C·B)⌋ (C bursts per row, B banks): fill a row, then
 *   the same row index in the next bank, … (DRMap's "row hits first, then bank parallelism").
 * Not modelled: channel/rank/subarray parallelism, tFAW/tRRD, refresh scheduling effects, writes
 * (weights are only read during inference), and SparkXD's avoidance of weak subarrays.
 */

export type MappingPolicy = 'naive' | 'sparkxd';
export const MAPPING_POLICIES: readonly MappingPolicy[] = ['naive', 'sparkxd'];

/** A weight matrix [rows = inputs, cols = outputs] stored with `bits` per value. */
export interface WeightMatrix {
  id: string;
  rows: number;
  cols: number;
  bits: number;
}

export interface DramOrganization {
  banks: number;
  rowBytes: number;
  burstBytes: number;
}

/** The bursts of one inference in access order: bank and row of each (the column does not matter). */
export interface BurstStream {
  bank: Int32Array;
  row: Int32Array;
  /** Bytes of weights the accelerator needed (the sum of tile slices). */
  usefulBytes: number;
}

/** Output neurons per tile so that a tile's weights (rows × tile × bits) fit `bufferBytes`. */
export function tileColumns(w: WeightMatrix, bufferBytes: number): number {
  return Math.max(1, Math.min(w.cols, Math.floor((bufferBytes * 8) / (w.rows * w.bits))));
}

class Growable {
  bank = new Int32Array(1024);
  row = new Int32Array(1024);
  n = 0;
  push(bank: number, row: number) {
    if (this.n === this.bank.length) {
      const b = new Int32Array(this.n * 2);
      b.set(this.bank);
      this.bank = b;
      const r = new Int32Array(this.n * 2);
      r.set(this.row);
      this.row = r;
    }
    this.bank[this.n] = bank;
    this.row[this.n] = row;
    this.n++;
  }
}

/** The access stream of one inference's weight reads under a mapping policy. */
export function burstStream(
  weights: readonly WeightMatrix[],
  org: DramOrganization,
  bufferBytes: number,
  policy: MappingPolicy,
): BurstStream {
  const out = new Growable();
  const burstsPerRow = org.rowBytes / org.burstBytes;
  if (!Number.isInteger(burstsPerRow))
    throw new Error(`row of ${org.rowBytes} B is not a whole number of ${org.burstBytes} B bursts`);
  let usefulBits = 0;
  if (policy === 'naive') {
    let baseBits = 0;
    for (const w of weights) {
      const tile = tileColumns(w, bufferBytes);
      for (let j0 = 0; j0 < w.cols; j0 += tile) {
        const j1 = Math.min(w.cols, j0 + tile);
        let last = -1;
        for (let i = 0; i < w.rows; i++) {
          const first = baseBits + (i * w.cols + j0) * w.bits;
          const end = baseBits + (i * w.cols + j1) * w.bits; // exclusive
          usefulBits += end - first;
          const b0 = Math.floor(first / 8 / org.burstBytes);
          const b1 = Math.floor((end - 1) / 8 / org.burstBytes);
          for (let b = b0; b <= b1; b++) {
            if (b === last) continue; // still in the burst just read
            out.push(0, Math.floor(b / burstsPerRow));
            last = b;
          }
        }
      }
      baseBits += Math.ceil((w.rows * w.cols * w.bits) / 8) * 8;
    }
  } else {
    let bits = 0;
    for (const w of weights) bits += w.rows * w.cols * w.bits;
    usefulBits = bits;
    const bursts = Math.ceil(bits / 8 / org.burstBytes);
    for (let k = 0; k < bursts; k++) {
      const rowSlot = Math.floor(k / burstsPerRow);
      out.push(rowSlot % org.banks, Math.floor(rowSlot / org.banks));
    }
  }
  return {
    bank: out.bank.slice(0, out.n),
    row: out.row.slice(0, out.n),
    usefulBytes: usefulBits / 8,
  };
}

export interface DramTiming {
  tRCD_ns: number;
  tRP_ns: number;
  tRAS_ns: number;
  tCL_ns: number;
  burst_ns: number;
}

export interface CommandCounts {
  reads: number;
  activates: number;
  precharges: number;
  rowHits: number;
  /** Reads that found their bank closed (first access) or another row open (conflict). */
  rowMisses: number;
  /** Time from the first command to the last data beat. */
  timeNs: number;
}

/**
 * Replays a burst stream on an open-page DRAM with one data bus: a read to the open row issues
 * as soon as the bus is free; a read to another row needs PRE (tRP, not before tRAS after the
 * row's ACT) then ACT (tRCD). The controller looks ahead, so a bank's PRE/ACT start as soon as
 * that bank's previous read is done — in another bank this overlaps the current reads (bank-
 * level parallelism); in the same bank it stalls the bus.
 */
export function replay(stream: BurstStream, banks: number, t: DramTiming): CommandCounts {
  const open = new Int32Array(banks).fill(-1);
  const actAt = new Float64Array(banks).fill(-Infinity);
  const freeAt = new Float64Array(banks);
  let bus = 0;
  const c = { reads: 0, activates: 0, precharges: 0, rowHits: 0, rowMisses: 0, timeNs: 0 };
  for (let k = 0; k < stream.bank.length; k++) {
    const b = stream.bank[k];
    const r = stream.row[k];
    let ready = freeAt[b];
    if (open[b] === r) c.rowHits++;
    else {
      c.rowMisses++;
      let actStart = freeAt[b];
      if (open[b] >= 0) {
        actStart = Math.max(actStart, actAt[b] + t.tRAS_ns) + t.tRP_ns;
        c.precharges++;
      }
      c.activates++;
      actAt[b] = actStart;
      open[b] = r;
      ready = actStart + t.tRCD_ns;
    }
    const start = Math.max(bus, ready);
    bus = start + t.burst_ns;
    freeAt[b] = bus;
    c.reads++;
  }
  // Close the rows left open at the end (the next inference starts from closed banks).
  for (let b = 0; b < banks; b++) if (open[b] >= 0) c.precharges++;
  c.timeNs = stream.bank.length ? bus + t.tCL_ns : 0;
  return c;
}

/** Energies of the commands and background power at one VDD (the DRAM model's CommandEnergies). */
export interface CommandEnergyModel {
  /** J per ACT–PRE pair. */
  actPre: number;
  /** J per read burst. */
  rd: number;
  /** W while the rank is active (open-page: a row is open the whole time). */
  backgroundW: number;
  /** J per refresh command, one every tREFI. */
  ref: number;
}

export interface MappingEnergy {
  actPre: number;
  read: number;
  background: number;
  refresh: number;
  total: number;
}

/** Energy (J) of one inference's weight reads: commands + background and refresh over its time. */
export function mappingEnergy(
  c: CommandCounts,
  e: CommandEnergyModel,
  tREFI_ns: number,
): MappingEnergy {
  const actPre = c.activates * e.actPre;
  const read = c.reads * e.rd;
  const background = e.backgroundW * c.timeNs * 1e-9;
  const refresh = (c.timeNs / tREFI_ns) * e.ref;
  return { actPre, read, background, refresh, total: actPre + read + background + refresh };
}

/** Where one weight matrix lives under a policy: the rows it touches in each bank. */
export interface Placement {
  id: string;
  /** Per bank: first and last row (inclusive) holding this matrix's weights; null if none. */
  banks: ({ first: number; last: number } | null)[];
}

/**
 * The DRAM placement of the weights under each policy (what the partition map draws): naive
 * stores the matrices row-major one after the other in bank 0's rows; SparkXD stores them in
 * read order, burst k in bank ⌊k / C⌋ mod B, row ⌊k / (C·B)⌋ (the layout burstStream reads).
 */
export function placement(
  weights: readonly WeightMatrix[],
  org: DramOrganization,
  policy: MappingPolicy,
): Placement[] {
  const burstsPerRow = org.rowBytes / org.burstBytes;
  let startBurst = 0;
  let startByte = 0;
  return weights.map((w) => {
    const bytes = Math.ceil((w.rows * w.cols * w.bits) / 8);
    const banks: Placement['banks'] = Array.from({ length: org.banks }, () => null);
    if (policy === 'naive') {
      banks[0] = {
        first: Math.floor(startByte / org.rowBytes),
        last: Math.floor((startByte + bytes - 1) / org.rowBytes),
      };
      startByte += bytes;
    } else {
      const bursts = Math.ceil(bytes / org.burstBytes);
      const firstSlot = Math.floor(startBurst / burstsPerRow);
      const lastSlot = Math.floor((startBurst + bursts - 1) / burstsPerRow);
      for (let slot = firstSlot; slot <= lastSlot; slot++) {
        const b = slot % org.banks;
        const row = Math.floor(slot / org.banks);
        const cur = banks[b];
        banks[b] = cur
          ? { first: Math.min(cur.first, row), last: Math.max(cur.last, row) }
          : { first: row, last: row };
      }
      startBurst += bursts;
    }
    return { id: w.id, banks };
  });
}
