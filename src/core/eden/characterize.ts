/**
 * Error-tolerance characterization (EDEN §5): the highest BER at which accuracy still meets
 * the target (clean accuracy − drop, default 1 point).
 *
 * - coarse: one BER for all DNN data (or one data kind);
 * - fine (isolated): one BER per data type (weights / IFM / OFM of each layer) with every
 *   other data type error-free. The joint procedure that combines them is in joint.ts.
 *
 * Search: accuracy falls (in expectation) as BER rises, so we binary-search a log-spaced BER
 * grid and then bisect in log-BER between the highest passing and the lowest failing point.
 * Trial noise is accounted for by the pass rule: the lower 95 % CI bound must meet the target
 * (`meetsTarget`). Every measured point is returned so the UI can plot the search.
 */
import type { DataKind } from '../types';
import {
  type Assignment,
  checkAborted,
  type Estimate,
  type Evaluator,
  meetsTarget,
  targetAccuracy,
} from './evaluator';

export interface SearchPoint {
  ber: number;
  estimate: Estimate;
  pass: boolean;
}

export interface SearchOptions {
  /** Lowest grid BER (default 1e-7). */
  minBer?: number;
  /** Highest BER tried (default 0.5; models 1/2 need ≤ their weak fraction). */
  maxBer?: number;
  /** Grid points per decade (default 2). */
  perDecade?: number;
  /** Log-space bisection steps after the grid search (default 3). */
  refine?: number;
  /**
   * A BER already known to meet the target (default 0, the clean model). The grid starts above
   * it, and it is the answer when every grid point fails.
   */
  knownPassBer?: number;
  onPoint?: (point: SearchPoint) => void;
  signal?: AbortSignal;
}

export interface ToleranceResult {
  targetAccuracy: number;
  /** Highest measured BER that meets the target (knownPassBer when none does). */
  tolerableBer: number;
  /** Its estimate (null when it is knownPassBer and was not measured). */
  estimate: Estimate | null;
  /** Lowest measured BER that misses the target (null: even maxBer passed). */
  failingBer: number | null;
  /** Every measured point, by ascending BER. */
  points: SearchPoint[];
}

/** Log-spaced BERs from minBer to maxBer (both included), `perDecade` per decade. */
export function logGrid(minBer: number, maxBer: number, perDecade: number): number[] {
  if (!(minBer > 0 && maxBer > minBer))
    throw new Error(`BER range must satisfy 0 < min < max, got ${minBer}..${maxBer}`);
  if (!(perDecade >= 1)) throw new Error(`points per decade must be ≥ 1, got ${perDecade}`);
  const n = Math.ceil(Math.log10(maxBer / minBer) * perDecade - 1e-9);
  const grid: number[] = [];
  for (let i = 0; i < n; i++) grid.push(Number((minBer * 10 ** (i / perDecade)).toPrecision(6)));
  grid.push(maxBer);
  return grid;
}

/** The highest BER for which `evaluateAt(ber)` meets `target` (see the module comment). */
export async function searchTolerableBer(
  evaluateAt: (ber: number) => Promise<Estimate>,
  target: number,
  options: SearchOptions = {},
): Promise<ToleranceResult> {
  const known = options.knownPassBer ?? 0;
  const maxBer = options.maxBer ?? 0.5;
  const minBer = Math.max(options.minBer ?? 1e-7, known);
  const refine = options.refine ?? 3;
  const measured = new Map<number, SearchPoint>();
  const measure = async (ber: number): Promise<SearchPoint> => {
    const hit = measured.get(ber);
    if (hit) return hit;
    checkAborted(options.signal);
    const estimate = await evaluateAt(ber);
    const point = { ber, estimate, pass: meetsTarget(estimate, target) };
    measured.set(ber, point);
    options.onPoint?.(point);
    return point;
  };

  let grid = minBer < maxBer ? logGrid(minBer, maxBer, options.perDecade ?? 2) : [maxBer];
  grid = grid.filter((b) => b > known);
  // Invariant: everything at or below `pass` passes, `fail` fails (grid indices; −1 and
  // grid.length stand for knownPassBer and "beyond maxBer").
  let lo = -1;
  let hi = grid.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((await measure(grid[mid])).pass) lo = mid;
    else hi = mid;
  }
  let passBer = lo >= 0 ? grid[lo] : known;
  const gridFail = hi < grid.length ? grid[hi] : null;
  let failBer: number | null = gridFail;
  // Bisect in log-BER between the bracket's ends (not below the grid's first point).
  if (gridFail !== null && passBer > 0) {
    let upper = gridFail;
    for (let i = 0; i < refine; i++) {
      const mid: number = Number(Math.sqrt(passBer * upper).toPrecision(6));
      if (mid <= passBer || mid >= upper) break;
      if ((await measure(mid)).pass) passBer = mid;
      else upper = mid;
    }
    failBer = upper;
  }
  const points = [...measured.values()].sort((a, b) => a.ber - b.ber);
  return {
    targetAccuracy: target,
    tolerableBer: passBer,
    estimate: measured.get(passBer)?.estimate ?? null,
    failingBer: failBer,
    points,
  };
}

export interface CoarseOptions extends SearchOptions {
  evaluate: Evaluator;
  /** Clean (error-free) accuracy of the model in the chosen format. */
  cleanAccuracy: number;
  /** Allowed accuracy drop (default 0.01 = 1 point, EDEN's target). */
  targetDrop?: number;
  /** Which data kinds get errors (default 'all'). */
  target?: DataKind | 'all';
}

/** Coarse characterization: one BER for the whole DNN (EDEN §5.1). */
export async function characterizeCoarse(options: CoarseOptions): Promise<ToleranceResult> {
  const kinds = options.target ?? 'all';
  const goal = targetAccuracy(options.cleanAccuracy, options.targetDrop ?? 0.01);
  return searchTolerableBer(
    (ber) => options.evaluate({ mode: 'coarse', ber, target: kinds }),
    goal,
    options,
  );
}

export interface DataTypeTolerance extends ToleranceResult {
  id: string;
}

export interface FineOptions extends Omit<SearchOptions, 'onPoint'> {
  evaluate: Evaluator;
  cleanAccuracy: number;
  targetDrop?: number;
  /** Data type ids (`layer/kind`) to characterize. */
  dataTypes: string[];
  onPoint?: (id: string, point: SearchPoint) => void;
  /** Called when one data type is done (index in `dataTypes`). */
  onDataType?: (result: DataTypeTolerance, index: number, total: number) => void;
}

/**
 * Fine characterization, isolated step (EDEN §5.2): for each data type the highest BER it
 * tolerates while every other data type is error-free. `knownPassBer` may be set to the
 * coarse tolerance (every data type tolerates at least what all of them tolerate together).
 */
export async function characterizeIsolated(options: FineOptions): Promise<DataTypeTolerance[]> {
  const goal = targetAccuracy(options.cleanAccuracy, options.targetDrop ?? 0.01);
  const results: DataTypeTolerance[] = [];
  for (const [index, id] of options.dataTypes.entries()) {
    const assignmentAt = (ber: number): Assignment => ({
      mode: 'fine',
      perDataType: { [id]: ber },
    });
    const result = await searchTolerableBer((ber) => options.evaluate(assignmentAt(ber)), goal, {
      ...options,
      onPoint: (p) => options.onPoint?.(id, p),
    });
    const entry = { id, ...result };
    results.push(entry);
    options.onDataType?.(entry, index, options.dataTypes.length);
  }
  return results;
}
