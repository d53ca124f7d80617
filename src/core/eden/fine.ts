/**
 * Fine-grained characterization, both steps (EDEN §5.2): the isolated tolerance of every data
 * type, then the joint procedure that lowers them together until the target holds for all
 * of them at once. The joint tolerances are what fine mapping may rely on.
 */
import {
  characterizeIsolated,
  type DataTypeTolerance,
  type FineOptions,
  type SearchPoint,
} from './characterize';
import { targetAccuracy } from './evaluator';
import {
  jointRefine,
  type JointResult,
  JointStartError,
  type JointStep,
  ladderAbove,
} from './joint';

export type FineProgress =
  | { phase: 'isolated'; id: string; point: SearchPoint; done: number; total: number }
  | { phase: 'joint'; step: JointStep };

export interface FineCharacterizeOptions extends Omit<FineOptions, 'onPoint' | 'onDataType'> {
  /** Run the joint procedure after the isolated step (default true). */
  joint?: boolean;
  /** Joint levels per data type below its isolated tolerance (default 3: t/4, t/2, t). */
  jointSteps?: number;
  /**
   * A BER every data type tolerates jointly (the coarse tolerance): the joint procedure starts
   * there instead of at 0, which saves measurements. If that start misses the target on
   * re-measurement, the procedure starts from 0 instead.
   */
  floorBer?: number;
  onProgress?: (event: FineProgress) => void;
}

export interface FineCharacterization {
  targetAccuracy: number;
  isolated: DataTypeTolerance[];
  joint: JointResult | null;
  /** BER per data type to map with: joint when run, else isolated. */
  tolerances: Record<string, number>;
}

/** Per-layer spread: min and max tolerance over a layer's data types. */
export function spreadByLayer(
  tolerances: Record<string, number>,
): Record<string, { min: number; max: number }> {
  const out: Record<string, { min: number; max: number }> = {};
  for (const [id, ber] of Object.entries(tolerances)) {
    const layer = id.slice(0, id.lastIndexOf('/'));
    const s = (out[layer] ??= { min: ber, max: ber });
    s.min = Math.min(s.min, ber);
    s.max = Math.max(s.max, ber);
  }
  return out;
}

export async function characterizeFine(
  options: FineCharacterizeOptions,
): Promise<FineCharacterization> {
  const goal = targetAccuracy(options.cleanAccuracy, options.targetDrop ?? 0.01);
  let done = 0;
  const total = options.dataTypes.length;
  const isolated = await characterizeIsolated({
    ...options,
    onPoint: (id, point) => options.onProgress?.({ phase: 'isolated', id, point, done, total }),
    onDataType: () => {
      done++;
    },
  });
  const isolatedBers = Object.fromEntries(isolated.map((t) => [t.id, t.tolerableBer]));
  if (options.joint === false)
    return { targetAccuracy: goal, isolated, joint: null, tolerances: isolatedBers };
  const runJoint = (floor: number) =>
    jointRefine({
      groups: isolated.map((t) => ({
        id: t.id,
        members: [t.id],
        levels: ladderAbove(floor, t.tolerableBer, options.jointSteps ?? 3),
      })),
      evaluate: options.evaluate,
      targetAccuracy: goal,
      onStep: (step) => options.onProgress?.({ phase: 'joint', step }),
      signal: options.signal,
    });
  let joint: JointResult;
  try {
    joint = await runJoint(options.floorBer ?? 0);
  } catch (e) {
    if (!(e instanceof JointStartError)) throw e;
    joint = await runJoint(0);
  }
  return { targetAccuracy: goal, isolated, joint, tolerances: { ...joint.ber } };
}
