/**
 * One read of one tensor: which bits may fail (its sites, from the error model and the DRAM
 * geometry), with which probability, and from which seeded stream.
 *
 * Streams (all from rng.ts):
 * - per read (default): (trialSeed, 'read', moduleSeed, stream, label) — a new draw every trial;
 * - persistent: (moduleSeed, 'cells', model, label, row) — one stream per DRAM row, so a cell's
 *   fate depends on its address only and every read (and every tensor placed there) sees the
 *   same failing cells; a cell failing at some BER also fails at every higher BER;
 * - weak lines: (moduleSeed, 'weak-lines', kind) — see weakLines.ts.
 * `label` is 'flips' for models 0–2 and '1to0' / '0to1' for the two candidate streams of model 3.
 */
import { checkPlacement, rowsTouched } from '../dram/geometry';
import { streamKey, type StreamKey } from '../rng';
import { resolveModel, ErrorParamError, type ResolvedModel } from './params';
import {
  GapWalker,
  NaiveWalker,
  OrderedCellsWalker,
  RowChainWalker,
  Sites,
  type PositionStream,
} from './sampler';
import { weakLinesOf, type WeakLines } from './weakLines';
import type { InjectOptions, Placement } from './index';

/** Largest tensor handled in one call: bit positions must fit in 32 bits. */
export const MAX_TENSOR_BYTES = 2 ** 29;

export interface ReadPlan {
  model: ResolvedModel;
  nbits: number;
  placement: Placement;
  naive: boolean;
  /** Weak rows (model 1) or bitlines (model 2). */
  weak: WeakLines | null;
  /** Model 2: the weak bitlines of one row, ascending. */
  weakBitlines: Int32Array | null;
  rowBits: number;
  firstRow: number;
  lastRow: number;
  readKey: StreamKey;
  cellKey: StreamKey;
}

const bitlineCache = new WeakMap<WeakLines, Map<number, Int32Array>>();

function weakBitlinesOfRow(weak: WeakLines, rowBits: number): Int32Array {
  let byRow = bitlineCache.get(weak);
  if (!byRow) bitlineCache.set(weak, (byRow = new Map()));
  let list = byRow.get(rowBits);
  if (!list) byRow.set(rowBits, (list = Int32Array.from(weak.weakIn(0, rowBits))));
  return list;
}

export function planRead(nbits: number, options: InjectOptions): ReadPlan {
  const model = resolveModel(options.errorModel, options.ber);
  const { placement } = options;
  try {
    checkPlacement(placement);
  } catch (e) {
    throw new ErrorParamError((e as Error).message);
  }
  if (!Number.isSafeInteger(nbits) || nbits < 0)
    throw new ErrorParamError(`bit count must be a non-negative integer, got ${nbits}`);
  if (nbits > MAX_TENSOR_BYTES * 8)
    throw new ErrorParamError(
      `a tensor of ${Math.ceil(nbits / 8)} bytes exceeds the 512 MiB per call limit`,
    );
  const rowBits = placement.rowBytes * 8;
  const weak =
    model.id === 1
      ? weakLinesOf(options.moduleSeed, 'row', model.weakFraction)
      : model.id === 2
        ? weakLinesOf(options.moduleSeed, 'bitline', model.weakFraction)
        : null;
  const { first, last } = rowsTouched(placement, Math.ceil(nbits / 8));
  return {
    model,
    nbits,
    placement,
    naive: (options.sampler ?? 'skip') === 'naive',
    weak,
    weakBitlines: model.id === 2 && weak ? weakBitlinesOfRow(weak, rowBits) : null,
    rowBits,
    firstRow: first,
    lastRow: last,
    readKey: streamKey(options.trialSeed, 'read', options.moduleSeed, options.stream),
    cellKey: streamKey(options.moduleSeed, 'cells', model.id),
  };
}

/** Tensor-relative bit index of the first bit of `row`. */
function rowStartBit(plan: ReadPlan, row: number): number {
  return (row * plan.placement.rowBytes - plan.placement.baseAddress) * 8;
}

function lowerBound(list: Int32Array, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bits of [lo, hi) (tensor-relative, clipped to `row`) that can fail under the plan's model. */
function sitesInRow(plan: ReadPlan, row: number, lo: number, hi: number, into: Sites): void {
  const start = rowStartBit(plan, row);
  const from = Math.max(lo, start);
  const to = Math.min(hi, start + plan.rowBits);
  if (to <= from) return;
  if (plan.model.id === 2) {
    const list = plan.weakBitlines as Int32Array;
    const a = lowerBound(list, from - start);
    into.add(start, a, lowerBound(list, to - start) - a);
  } else if (plan.model.id !== 1 || (plan.weak as WeakLines).isWeak(row)) {
    into.add(from, 0, to - from);
  }
}

/** All candidate sites of the tensor. */
function tensorSites(plan: ReadPlan): Sites {
  if (plan.model.id === 0 || plan.model.id === 3) return new Sites().add(0, 0, plan.nbits);
  const sites = new Sites(plan.weakBitlines);
  for (let row = plan.firstRow; row <= plan.lastRow; row++)
    sitesInRow(plan, row, 0, plan.nbits, sites);
  return sites;
}

/** Whether tensor bit `pos` lies in a weak line (models 1/2), from the geometry alone. */
export function siteCheck(plan: ReadPlan): ((pos: number) => boolean) | null {
  const { weak, placement } = plan;
  if (weak === null) return null;
  const { rowBytes, baseAddress } = placement;
  if (plan.model.id === 1)
    return (pos) => weak.isWeak(Math.floor((baseAddress + Math.floor(pos / 8)) / rowBytes));
  return (pos) => weak.isWeak(((baseAddress + Math.floor(pos / 8)) % rowBytes) * 8 + (pos % 8));
}

/** The flips of one candidate stream ('flips', '1to0' or '0to1') at per-site probability q. */
export function candidateStream(plan: ReadPlan, label: string, q: number): PositionStream {
  if (!plan.model.persistent) {
    const rng = plan.readKey.with(label).rng();
    return plan.naive
      ? new NaiveWalker(rng, q, 0, plan.nbits, siteCheck(plan))
      : new GapWalker(rng, q, tensorSites(plan));
  }
  const key = plan.cellKey.with(label);
  const check = plan.naive ? siteCheck(plan) : null;
  return new RowChainWalker(plan.firstRow, plan.lastRow, plan.nbits, (row) => {
    const start = rowStartBit(plan, row);
    if (plan.naive) return new NaiveWalker(key.rng(row), q, start, start + plan.rowBits, check);
    const sites = new Sites(plan.weakBitlines);
    sitesInRow(plan, row, start, start + plan.rowBits, sites);
    return sites.total > 0 ? new OrderedCellsWalker(key.rng(row), q, sites) : null;
  });
}

/** Models 1/2: weak lines among the lines the tensor touches. */
export function weakLinesTouched(plan: ReadPlan): number {
  const { weak, nbits } = plan;
  if (weak === null || nbits === 0) return 0;
  if (plan.model.id === 1) return weak.countIn(plan.firstRow, plan.lastRow + 1);
  // Bitlines: the union of the tensor's bitline ranges over the rows it touches.
  const first = -rowStartBit(plan, plan.firstRow);
  const lastEnd = nbits - rowStartBit(plan, plan.lastRow);
  if (plan.firstRow === plan.lastRow) return weak.countIn(first, lastEnd);
  if (plan.lastRow - plan.firstRow >= 2 || lastEnd >= first)
    return (plan.weakBitlines as Int32Array).length;
  return weak.countIn(0, lastEnd) + weak.countIn(first, plan.rowBits);
}
