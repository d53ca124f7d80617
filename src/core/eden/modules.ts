/**
 * Module variation without running the network (issue #14 item 4). Real modules differ; here
 * the module seed fixes which rows (error model 1) or bitlines (error model 2) are weak
 * (src/core/errors/weakLines.ts), and a bit flips only on a weak line, with probability ber / f.
 * So on module s a data type d sees the BER `ber · g_d(s)`, where g_d(s) = (share of d's bits on
 * weak lines) / f: 0 when it lies on no weak line, 1/f when it lies on weak lines only. That
 * share is geometry alone (where the runs store d, src/engine/storedModel.ts: back to back in
 * the model's order from address 0), so the setting each module allows is cheap to compute:
 *
 * - a tolerable BER t_d measured on the page's module s0 is the BER d may *see*:
 *   τ_d = t_d · g_d(s0) under models 1/2 (t_d itself when s0 left d on no weak line: that run
 *   says nothing about d, so d is held to its nominal tolerance), τ_d = t_d under models 0/3
 *   (every address sees the requested BER: no module differs);
 * - module s may run a group of data types (the whole module, or one partition of a map) at
 *   the nominal BER b_s = min over the group of τ_d / g_d(s) (no limit from data on no weak
 *   line), capped at the error model's largest BER (f), and so at the largest VDD step whose
 *   BER ≤ b_s (largestStepForBer, the mapping's rule, src/core/eden/knobs.ts). A group may
 *   list several assignments measured as meeting the target (e.g. the coarse one, every data
 *   type at the coarse BER, and the joint one of the fine characterization): each bounds what
 *   the data may see on its own, so b_s is the largest over them.
 *
 * Module s0 itself gets back exactly the group's measured tolerance (unit test).
 */
import { largestStepForBer, type DramProfile } from '../dram';
import { layoutPartition, type PlacedRange } from '../dram/geometry';
import { weakLinesOf, type LineKind, type WeakLines } from '../errors/weakLines';
import type { Format } from '../types';

/** Where the runs store each data type (bytes in `format`), as src/engine/storedModel.ts does. */
export function storedRanges(
  dataTypes: readonly { id: string; bytes: Record<Format, number> }[],
  format: Format,
  rowBytes: number,
): PlacedRange[] {
  return layoutPartition(
    dataTypes.map((d) => ({ id: d.id, bytes: d.bytes[format] })),
    rowBytes,
    1,
  ).ranges;
}

/** Weak bits per bitline prefix: out[k] = weak bitlines among bitlines 0 … k−1 of a row. */
function bitlinePrefix(lines: WeakLines, rowBytes: number): Int32Array {
  const out = new Int32Array(rowBytes * 8 + 1);
  for (let k = 0; k < rowBytes * 8; k++) out[k + 1] = out[k] + (lines.isWeak(k) ? 1 : 0);
  return out;
}

/**
 * Share of each data type's bits on the weak lines of module `moduleSeed` (0 … 1), for weak
 * rows or bitlines making up `fraction` of all lines. Throws on an invalid row size / fraction.
 */
export function weakShares(
  ranges: readonly PlacedRange[],
  rowBytes: number,
  kind: LineKind,
  fraction: number,
  moduleSeed: number,
): Record<string, number> {
  const lines = weakLinesOf(moduleSeed, kind, fraction);
  const prefix = kind === 'bitline' ? bitlinePrefix(lines, rowBytes) : null;
  const out: Record<string, number> = {};
  for (const r of ranges) {
    if (r.bytes <= 0) {
      out[r.id] = 0;
      continue;
    }
    const end = r.start + r.bytes;
    let weakBits = 0;
    for (let row = Math.floor(r.start / rowBytes); row * rowBytes < end; row++) {
      const from = Math.max(r.start, row * rowBytes) - row * rowBytes;
      const to = Math.min(end, (row + 1) * rowBytes) - row * rowBytes;
      if (prefix) weakBits += prefix[to * 8] - prefix[from * 8];
      else if (lines.isWeak(row)) weakBits += (to - from) * 8;
    }
    out[r.id] = weakBits / (8 * r.bytes);
  }
  return out;
}

export interface ModuleSpreadInput {
  profile: DramProfile;
  dataTypes: readonly { id: string; bytes: Record<Format, number> }[];
  format: Format;
  rowBytes: number;
  /** The error model the tolerances were measured with (0–3) and its weak fraction. */
  errorModel: number;
  weakFraction: number;
  /** Which lines are weak on the modules compared (the page's model if 1/2, else rows). */
  kind: LineKind;
  /** The module the tolerances were measured on. */
  measuredSeed: number;
  /** Modules to compare. */
  seeds: readonly number[];
  /**
   * Groups sharing one setting (coarse: one group of all data types), each with one or more
   * assignments (BER per data type) measured as meeting the target.
   */
  groups: readonly { name: string; tolerances: readonly Record<string, number>[] }[];
}

export interface ModuleSetting {
  /** Nominal BER the module may run the group at (≤ the model's largest BER). */
  ber: number;
  /** Largest VDD reduction (V, ≤ 0) whose BER ≤ `ber`. */
  vddDelta: number;
}

export interface ModuleRow {
  seed: number;
  /** Data types with bits on this module's weak lines. */
  exposed: string[];
  /** Per group (in input order). */
  settings: ModuleSetting[];
}

/** For each module seed, the setting each group may run at (see the module comment). */
export function moduleSpread(input: ModuleSpreadInput): ModuleRow[] {
  const { rowBytes, weakFraction: f, kind } = input;
  if (!(f > 0 && f <= 1)) throw new Error(`weak fraction must be in (0, 1], got ${f}`);
  const ranges = storedRanges(input.dataTypes, input.format, rowBytes);
  const weakModel = input.errorModel === 1 || input.errorModel === 2;
  const measured = weakModel ? weakShares(ranges, rowBytes, kind, f, input.measuredSeed) : null;
  // τ_d: the BER data type d may see (measured on the page's module), per assignment.
  const seenOf = (t: Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const [id, ber] of Object.entries(t)) {
      const share = measured?.[id] ?? 0;
      out[id] = measured && share > 0 ? (ber * share) / f : ber;
    }
    return out;
  };
  const seen = input.groups.map((g) => g.tolerances.map(seenOf));
  return input.seeds.map((seed) => {
    const shares = weakShares(ranges, rowBytes, kind, f, seed);
    const allowed = (tau: Record<string, number>) => {
      let ber = f;
      for (const [id, t] of Object.entries(tau)) {
        const g = (shares[id] ?? 0) / f;
        if (g > 0) ber = Math.min(ber, t / g);
      }
      return ber;
    };
    const settings = seen.map((taus) => {
      const ber = Math.max(0, ...taus.map(allowed));
      return { ber, vddDelta: largestStepForBer(input.profile, 'vdd', ber).delta };
    });
    return {
      seed,
      exposed: ranges.filter((r) => shares[r.id] > 0).map((r) => r.id),
      settings,
    };
  });
}
