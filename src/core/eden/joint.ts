/**
 * EDEN's iterative joint procedure (EDEN §5.2 / §6): tolerances measured one data type at a
 * time do not add up — errors in several data types at once hurt more. So, starting from a
 * safe setting, repeatedly lower one group's parameter by one level (one more step of
 * BER), measure the whole model with every group at its current level, and roll the step back
 * (and stop moving that group) if the target is missed. Round-robin over groups until no group
 * can move.
 *
 * A group is a set of data types that share one setting: a single data type (fine
 * characterization) or a DRAM partition (fine mapping; levels = its VDD steps).
 */
import { checkAborted, type Estimate, type Evaluator, meetsTarget } from './evaluator';

export interface JointGroup {
  id: string;
  /** Data type ids that take this group's BER. */
  members: string[];
  /** BER per level, ascending (level 0 is the safest, usually 0 = nominal). */
  levels: number[];
  /** Level to start from (default 0). */
  start?: number;
}

export interface JointStep {
  round: number;
  group: string;
  /** Level tried. */
  level: number;
  ber: number;
  estimate: Estimate;
  accepted: boolean;
}

export interface JointResult {
  /** Final level per group id. */
  level: Record<string, number>;
  /** Final BER per group id. */
  ber: Record<string, number>;
  /** Final BER per data type id: the assignment the result was measured with. */
  perDataType: Record<string, number>;
  /** Estimate of the final setting (null: every group at a BER-0 start, i.e. the clean model). */
  estimate: Estimate | null;
  steps: JointStep[];
}

export interface JointOptions {
  groups: JointGroup[];
  evaluate: Evaluator;
  targetAccuracy: number;
  onStep?: (step: JointStep) => void;
  signal?: AbortSignal;
}

function assignmentOf(groups: JointGroup[], level: Record<string, number>): Record<string, number> {
  const perDataType: Record<string, number> = {};
  for (const g of groups) {
    const ber = g.levels[level[g.id]];
    for (const m of g.members) if (ber > 0) perDataType[m] = ber;
  }
  return perDataType;
}

/** The starting setting of the joint procedure already misses the target. */
export class JointStartError extends Error {}

export async function jointRefine(options: JointOptions): Promise<JointResult> {
  const { groups, evaluate, targetAccuracy } = options;
  const ids = new Set<string>();
  const level: Record<string, number> = {};
  for (const g of groups) {
    if (ids.has(g.id)) throw new Error(`joint procedure: duplicate group id "${g.id}"`);
    ids.add(g.id);
    if (g.levels.length === 0) throw new Error(`joint procedure: group "${g.id}" has no levels`);
    for (let i = 1; i < g.levels.length; i++) {
      if (!(g.levels[i] > g.levels[i - 1]))
        throw new Error(`joint procedure: levels of "${g.id}" must ascend`);
    }
    const start = g.start ?? 0;
    if (!(Number.isInteger(start) && start >= 0 && start < g.levels.length)) {
      throw new Error(`joint procedure: start level ${start} of "${g.id}" is out of range`);
    }
    level[g.id] = start;
  }

  let estimate: Estimate | null = null;
  const startAssignment = assignmentOf(groups, level);
  if (Object.keys(startAssignment).length > 0) {
    checkAborted(options.signal);
    estimate = await evaluate({ mode: 'fine', perDataType: startAssignment });
    if (!meetsTarget(estimate, targetAccuracy)) {
      throw new JointStartError(
        `joint procedure: the starting setting already misses the target (${estimate.lo.toFixed(4)} < ${targetAccuracy.toFixed(4)})`,
      );
    }
  }

  const frozen = new Set<string>();
  const steps: JointStep[] = [];
  for (let round = 0; ; round++) {
    let moved = false;
    for (const g of groups) {
      if (frozen.has(g.id) || level[g.id] >= g.levels.length - 1) continue;
      checkAborted(options.signal);
      const tried = { ...level, [g.id]: level[g.id] + 1 };
      const e = await evaluate({ mode: 'fine', perDataType: assignmentOf(groups, tried) });
      const accepted = meetsTarget(e, targetAccuracy);
      const step = {
        round,
        group: g.id,
        level: tried[g.id],
        ber: g.levels[tried[g.id]],
        estimate: e,
        accepted,
      };
      steps.push(step);
      options.onStep?.(step);
      if (accepted) {
        level[g.id] = tried[g.id];
        estimate = e;
        moved = true;
      } else {
        frozen.add(g.id); // roll back: keep the previous level, stop moving this group
      }
    }
    if (!moved) break;
  }
  const ber: Record<string, number> = {};
  for (const g of groups) ber[g.id] = g.levels[level[g.id]];
  return { level, ber, perDataType: assignmentOf(groups, level), estimate, steps };
}

/**
 * Levels for one data type in fine characterization: 0, then `steps` BERs rising by `ratio`
 * up to its isolated tolerance (e.g. 0, t/4, t/2, t). A tolerance of 0 gives [0].
 */
export function ladderBelow(tolerableBer: number, steps = 3, ratio = 2): number[] {
  if (!(tolerableBer > 0)) return [0];
  const levels = [0];
  for (let i = steps - 1; i >= 0; i--) levels.push(tolerableBer / ratio ** i);
  return levels;
}

/**
 * Levels from a floor known to pass jointly (e.g. the coarse tolerance: every data type at it
 * at once meets the target) up to the isolated tolerance, in `steps` geometric steps.
 * A tolerance at or below the floor gives the single level [tolerance].
 */
export function ladderAbove(floorBer: number, tolerableBer: number, steps = 3): number[] {
  if (!(floorBer > 0)) return ladderBelow(tolerableBer, steps);
  if (tolerableBer <= floorBer) return [tolerableBer];
  const levels = [floorBer];
  for (let i = 1; i <= steps; i++) {
    levels.push(i === steps ? tolerableBer : floorBer * (tolerableBer / floorBer) ** (i / steps));
  }
  return levels;
}
