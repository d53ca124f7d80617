/**
 * Boosting schedules: which BER the weights are read at during retraining, epoch by epoch.
 * The schedule is plain data so the UI can draw it before and during a run.
 *
 * Two recipes:
 * - `eden` (EDEN, MICRO 2019, §4 "Boosting DNN error tolerance"): retrain with bit errors
 *   injected into the weights in the forward pass (clean weights updated, straight-through),
 *   raising the BER step by step (a curriculum, geometric in BER) toward the target so that
 *   accuracy never collapses; a step whose accuracy collapsed is held (repeated at the same
 *   BER) before the next raise.
 * - `randbet` (Stutz et al., "Bit Error Robustness for Energy-Efficient DNN Accelerators",
 *   MLSys 2021): random bit error training at the target BER from the start, weights clipped
 *   to [−wmax, wmax] after every update, and the loss averaged over the clean and the
 *   perturbed forward pass.
 */

export type BoostRecipe = 'eden' | 'randbet';

/**
 * Clipped activation ranges (FT-ClipAct, Hoang et al., DATE 2020): before retraining, every
 * IFM/OFM's valid range is tightened from the calibration maximum to a high quantile of |x|,
 * and the forward pass fake-quantizes *and clips* to it. The boosted model keeps these ranges
 * (its entry's `range`), so its stored activations have a finer scale and a flipped high-order
 * bit yields at most the clip bound instead of the largest outlier ever seen. The logits (the
 * last compute layer's OFM) get a bound below most images' winning logit: saturated logits
 * keep their argmax under any single bit flip (in the format's two's complement code a flip
 * moves a saturated loser at −qmax to at most +1 and a saturated winner at +qmax to at least −1).
 */
export interface ActivationClip {
  /** Hidden IFM/OFM: bound = this quantile of |x| over the calibration images (e.g. 0.99). */
  quantile: number;
  /** Logits: bound = this quantile of the images' largest logit (e.g. 0.05). */
  logitQuantile: number;
}

/**
 * The eden recipe's default. Measured (bench/RESULTS.md, "EDEN pipeline"; int8, error model 0,
 * coarse tolerable BER at a 1-point target, 5 trials): the 99th percentile beat the 99.9th on
 * LeNet-5/Fashion (1.15e-3 vs 4.9e-4) and ResNet-mini (2.7e-4 vs 1.5e-4) and matched it on
 * LeNet-5/MNIST (6.5e-4–8.7e-4 over 3 seeds); without clipping 1.3e-4–3.2e-4.
 */
export const DEFAULT_ACTIVATION_CLIP: ActivationClip = { quantile: 0.99, logitQuantile: 0.05 };
export const BOOST_RECIPES: readonly BoostRecipe[] = ['eden', 'randbet'];

export interface BoostScheduleOptions {
  recipe: BoostRecipe;
  /** BER the model should tolerate at the end (e.g. 5× the clean model's coarse tolerance). */
  targetBer: number;
  /** Total training epochs (may be fractional: an epoch can be a subset of the training set). */
  epochs: number;
  /** eden: number of curriculum steps (BER levels), the last one at the target. Default 4. */
  steps?: number;
  /** eden: BER of the first step. Default: one decade below the target per step, at most 3 decades. */
  startBer?: number;
  /** randbet: weight clipping bound wmax (absolute). Default 0.1 (Stutz et al.). */
  clip?: number;
  /** Clipped activation ranges; null = keep the calibration ranges. Default: DEFAULT_ACTIVATION_CLIP for eden, null for randbet. */
  activationClip?: ActivationClip | null;
}

export interface BoostStage {
  index: number;
  /** First epoch of the stage (0-based, fractional allowed). */
  fromEpoch: number;
  epochs: number;
  /** BER the weights are read at in the forward pass during this stage. */
  ber: number;
  /** Weights clipped to [−clip, clip] after each update, or null. */
  clip: number | null;
  /** Share of the clean-weights loss in the objective (randbet 0.5, eden 0: perturbed only). */
  cleanLossWeight: number;
}

export interface BoostSchedule {
  recipe: BoostRecipe;
  targetBer: number;
  totalEpochs: number;
  stages: BoostStage[];
  /** Activation ranges tightened before retraining (FT-ClipAct), or null. */
  activationClip: ActivationClip | null;
}

function checkBer(name: string, ber: number): void {
  if (!(ber > 0 && ber <= 0.5)) throw new Error(`${name} must be in (0, 0.5], got ${ber}`);
}

/** The schedule for a recipe; throws a readable Error on impossible options. */
export function boostSchedule(options: BoostScheduleOptions): BoostSchedule {
  const { recipe, targetBer, epochs } = options;
  checkBer('target BER', targetBer);
  if (!(epochs > 0)) throw new Error(`epochs must be > 0, got ${epochs}`);
  const activationClip =
    options.activationClip === undefined
      ? recipe === 'eden'
        ? DEFAULT_ACTIVATION_CLIP
        : null
      : options.activationClip;
  if (activationClip) {
    const { quantile, logitQuantile } = activationClip;
    if (!(quantile > 0 && quantile <= 1))
      throw new Error(`activation clip quantile must be in (0, 1], got ${quantile}`);
    if (!(logitQuantile >= 0 && logitQuantile <= 1))
      throw new Error(`logit clip quantile must be in [0, 1], got ${logitQuantile}`);
  }
  if (recipe === 'randbet') {
    const clip = options.clip ?? 0.1;
    if (!(clip > 0)) throw new Error(`weight clipping bound must be > 0, got ${clip}`);
    return {
      recipe,
      targetBer,
      totalEpochs: epochs,
      stages: [{ index: 0, fromEpoch: 0, epochs, ber: targetBer, clip, cleanLossWeight: 0.5 }],
      activationClip,
    };
  }
  const steps = options.steps ?? 4;
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`steps must be an integer ≥ 1, got ${steps}`);
  // Default start: one decade below the target per step, but never more than 3 decades.
  const startBer = options.startBer ?? targetBer / 10 ** Math.min(steps - 1, 3);
  checkBer('start BER', startBer);
  if (startBer > targetBer)
    throw new Error(`start BER ${startBer} is above the target ${targetBer}`);
  const perStage = epochs / steps;
  const stages: BoostStage[] = [];
  for (let i = 0; i < steps; i++) {
    // Geometric in BER: equal ratios between steps, last step exactly at the target.
    const ber = steps === 1 ? targetBer : startBer * (targetBer / startBer) ** (i / (steps - 1));
    stages.push({
      index: i,
      fromEpoch: i * perStage,
      epochs: perStage,
      ber: i === steps - 1 ? targetBer : ber,
      clip: null,
      cleanLossWeight: 0,
    });
  }
  return { recipe, targetBer, totalEpochs: epochs, stages, activationClip };
}

/** The stage running at `epoch` (fractional: epoch + batch / batchesPerEpoch). */
export function stageAt(schedule: BoostSchedule, epoch: number): BoostStage {
  const { stages } = schedule;
  for (let i = stages.length - 1; i >= 0; i--)
    if (epoch >= stages[i].fromEpoch - 1e-9) return stages[i];
  return stages[0];
}

/**
 * The curriculum's guard (EDEN: "so accuracy never collapses"): after a stage, advance to the
 * next BER only if the validation accuracy at the stage's BER is within `maxDrop` of the clean
 * accuracy; otherwise hold the stage (train it once more at the same BER), at most `maxHolds`
 * times per stage, then advance anyway (the result reports it).
 */
export function curriculumDecision(
  stageAccuracy: number,
  cleanAccuracy: number,
  holdsSoFar: number,
  options: { maxDrop?: number; maxHolds?: number } = {},
): 'advance' | 'hold' {
  const maxDrop = options.maxDrop ?? 0.05;
  const maxHolds = options.maxHolds ?? 1;
  if (cleanAccuracy - stageAccuracy <= maxDrop) return 'advance';
  return holdsSoFar < maxHolds ? 'hold' : 'advance';
}

/** What a boosting run streams and returns (plain data: crosses the worker boundary). */
export type BoostProgress =
  | {
      kind: 'batch';
      stage: number;
      ber: number;
      /** Epochs done so far (fractional). */
      epoch: number;
      totalEpochs: number;
      loss: number;
      accuracy: number;
    }
  | { kind: 'stage'; report: StageReport; totalEpochs: number };

export interface StageReport {
  stage: number;
  ber: number;
  /** Epochs trained in this stage run (a held stage reports each run). */
  epochs: number;
  /** Epochs done so far, all stages. */
  epochsDone: number;
  /** Validation accuracy with clean stored weights and with weights read at the stage's BER. */
  clean: number;
  perturbed: number;
  decision: 'advance' | 'hold' | 'end';
  corrected: number;
}

export interface BoostResult {
  schedule: BoostSchedule;
  stages: StageReport[];
  /** Validation accuracy before boosting: clean, and at the target BER. */
  before: { clean: number; perturbed: number };
  /** The clipped IFM/OFM ranges the boosted model carries (data type id → range), when clipped. */
  activationRanges?: Record<string, { min: number; max: number }>;
  seconds: number;
  steps: number;
}
