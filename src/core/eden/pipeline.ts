/**
 * The EDEN pipeline's characterize → map → validate steps as one engine-free orchestration,
 * called the same way by the CLI (Node) and the worker: the engine supplies the evaluators,
 * the DRAM model the knob settings. Every result is plain data the UI can draw.
 */
import type { DramProfile } from '../dram';
import type { DataKind, DataTypeInfo, Format } from '../types';
import { characterizeCoarse, type SearchPoint, type ToleranceResult } from './characterize';
import { type Estimate, type Evaluator, meetsTarget, targetAccuracy } from './evaluator';
import {
  characterizeFine,
  type FineCharacterization,
  type FineProgress,
  spreadByLayer,
} from './fine';
import { jointRefine, JointStartError, type JointStep } from './joint';
import { knobsForBer, settingForProfile, vddBerLadder, type KnobSettings } from './knobs';
import {
  mapCoarse,
  mapFine,
  type MapItem,
  type PartitionMap,
  type SettingFor,
  validationAssignment,
} from './map';

export interface PipelineInput {
  /** Evaluator used for the searches (estimates whose lo/hi bound the trial noise). */
  evaluate: Evaluator;
  /** Clean accuracy on the same samples the evaluator uses. */
  cleanAccuracy: number;
  dataTypes: DataTypeInfo[];
  format: Format;
  /** Allowed accuracy drop (default 0.01). */
  targetDrop?: number;
  /** Highest BER the error model allows (models 1/2: the weak fraction). */
  maxBer?: number;
  /** Lowest BER of the search grid (default 1e-7). */
  minBer?: number;
  /** Coarse characterization: which data kinds get errors (default 'all'). */
  target?: DataKind | 'all';
  profile: DramProfile;
  signal?: AbortSignal;
}

export type PipelineProgress =
  | { phase: 'coarse'; point: SearchPoint }
  | FineProgress
  | { phase: 'map-joint'; step: JointStep }
  | { phase: 'validate'; which: 'coarse' | 'fine' };

export interface CoarseReport extends ToleranceResult {
  cleanAccuracy: number;
  /** The VDD / tRCD steps whose BER stays ≤ the tolerable BER (DRAM model). */
  knobs: KnobSettings;
}

export async function runCoarse(
  input: PipelineInput,
  onProgress?: (p: PipelineProgress) => void,
): Promise<CoarseReport> {
  const r = await characterizeCoarse({
    evaluate: input.evaluate,
    cleanAccuracy: input.cleanAccuracy,
    targetDrop: input.targetDrop,
    minBer: input.minBer,
    maxBer: input.maxBer,
    target: input.target,
    onPoint: (point) => onProgress?.({ phase: 'coarse', point }),
    signal: input.signal,
  });
  return {
    ...r,
    cleanAccuracy: input.cleanAccuracy,
    knobs: knobsForBer(input.profile, r.tolerableBer),
  };
}

export interface FineReport {
  coarse: CoarseReport;
  fine: FineCharacterization;
  /** Per layer: the lowest and highest tolerance of its data types (joint when run). */
  spread: Record<string, { min: number; max: number }>;
  /** Per layer, from the isolated step (each data type alone). */
  isolatedSpread: Record<string, { min: number; max: number }>;
}

export async function runFine(
  input: PipelineInput,
  options: {
    joint?: boolean;
    coarse?: CoarseReport;
    /** Start of the joint procedure, as a fraction of the coarse tolerance (default 0.25). */
    floorFraction?: number;
    /** Joint levels per data type from that start up to its isolated tolerance (default 5). */
    jointSteps?: number;
  } = {},
  onProgress?: (p: PipelineProgress) => void,
): Promise<FineReport> {
  const coarse = options.coarse ?? (await runCoarse(input, onProgress));
  const fine = await characterizeFine({
    evaluate: input.evaluate,
    cleanAccuracy: input.cleanAccuracy,
    targetDrop: input.targetDrop,
    dataTypes: input.dataTypes.map((d) => d.id),
    maxBer: input.maxBer,
    // Every data type tolerates at least what all of them tolerate together.
    knownPassBer: coarse.tolerableBer,
    // The joint procedure starts below the coarse tolerance (which is at the edge by
    // construction), leaving room for the tolerant data types to climb.
    floorBer: coarse.tolerableBer * (options.floorFraction ?? 0.25),
    jointSteps: options.jointSteps ?? 5,
    joint: options.joint,
    onProgress,
    signal: input.signal,
  });
  const isolated = Object.fromEntries(fine.isolated.map((t) => [t.id, t.tolerableBer]));
  return {
    coarse,
    fine,
    spread: spreadByLayer(fine.tolerances),
    isolatedSpread: spreadByLayer(isolated),
  };
}

export interface MapOptions {
  partitions?: number;
  /** Bytes per partition (default: the whole model fits in any one partition). */
  capacity?: number;
  /** Joint procedure over partitions after the greedy map (default true). */
  refine?: boolean;
  /** Evaluator of the validation runs: fresh trial seeds (and usually more trials). */
  validate: Evaluator;
  /**
   * Back-off steps when the fine map's validation misses (default: twice the number of used
   * partitions, so that each can be halved twice: on the fine knob grid several partitions
   * sit near the edge at once).
   */
  maxBackoffs?: number;
  /**
   * DRAM energy saving of a map on each platform / profile the caller reports (e.g.
   * energy.ts mapSavings). EDEN's fine map is kept only when it saves at least what the coarse
   * map does on every one of them. Default: one proxy on the run's profile, Σ bytes × VDD
   * reduction over the used partitions.
   */
  savings?: (map: PartitionMap) => number[];
}

export interface Validation {
  estimate: Estimate;
  targetAccuracy: number;
  meetsTarget: boolean;
}

export interface MapReport {
  fine: FineReport;
  coarseMap: PartitionMap;
  fineMap: PartitionMap;
  /**
   * EDEN's fine map (from the joint tolerances) when it was not kept: it saved less than the
   * coarse map on some priced platform, or missed the target where the coarse map met it;
   * null when it is the fine map. See runMap.
   */
  rejected: { fineMap: PartitionMap; validation: Validation; savings: number[] } | null;
  /** The coarse map's savings (same platforms as `rejected.savings`). */
  coarseSavings: number[];
  /**
   * When `rejected`: the data types whose joint tolerance came out below the coarse tolerable
   * BER, mapped at it instead (the fine map then refines the coarse one). Empty otherwise.
   */
  lifted: string[];
  /**
   * Times the greedy map's most aggressive partition was made safer (its BER halved, not
   * below the coarse BER) because the map missed the target in the search, before the joint
   * procedure over partitions could start from it.
   */
  startBackoffs: number;
  /** Steps of the joint procedure over partitions (empty when not refined). */
  refineSteps: JointStep[];
  /** The validation run missed the target after the partition refinement, which was undone. */
  refineRolledBack: boolean;
  /**
   * Times the most aggressive partition's BER was halved because the validation still missed
   * (not below the coarse tolerable BER unless the coarse map's validation missed too).
   */
  backoffs: number;
  validation: { coarse: Validation; fine: Validation };
}

/**
 * After the greedy map, EDEN's joint procedure over partitions: lower one partition's VDD by
 * one more grid step, measure the whole model, roll back if the target is missed.
 */
async function refinePartitions(
  map: PartitionMap,
  input: PipelineInput,
  goal: number,
  onProgress?: (p: PipelineProgress) => void,
): Promise<{ map: PartitionMap; steps: JointStep[] }> {
  const settingFor = settingForProfile(input.profile);
  const ladder = vddBerLadder(input.profile).map((s) => s.ber);
  const used = map.partitions.filter((p) => p.placed.length > 0);
  const groups = used.map((p) => ({
    id: String(p.index),
    members: p.placed.map((d) => d.id),
    levels: [p.targetBer, ...ladder.filter((b) => b > p.targetBer && b <= (input.maxBer ?? 0.5))],
  }));
  const r = await jointRefine({
    groups,
    evaluate: input.evaluate,
    targetAccuracy: goal,
    onStep: (step) => onProgress?.({ phase: 'map-joint', step }),
    signal: input.signal,
  });
  const partitions = map.partitions.map((p) => {
    const level = r.level[String(p.index)];
    if (!level) return p; // not moved (or empty)
    const maxBer = r.ber[String(p.index)];
    return { ...p, targetBer: maxBer, ...settingFor(maxBer) };
  });
  return { map: { ...map, partitions }, steps: r.steps };
}

/**
 * `map` with its most aggressive used partition made safer: its BER halved, but not below
 * `floor`; null when every used partition is already at the floor.
 */
function backOff(map: PartitionMap, floor: number, settingFor: SettingFor): PartitionMap | null {
  const used = map.partitions.filter((p) => p.placed.length > 0 && p.targetBer > floor);
  if (!used.length) return null;
  const top = used.reduce((a, b) => (b.targetBer > a.targetBer ? b : a));
  const ber = Math.max(top.targetBer / 2, floor);
  return {
    ...map,
    partitions: map.partitions.map((p) =>
      p === top ? { ...p, targetBer: ber, ...settingFor(ber) } : p,
    ),
  };
}

interface FineCandidate {
  fineMap: PartitionMap;
  startBackoffs: number;
  refineSteps: JointStep[];
  refineRolledBack: boolean;
  backoffs: number;
  validation: Validation;
}

/**
 * One fine map: greedy on `items`, the joint procedure over partitions (its start made safer
 * by back-offs, not below `floor`, while it misses in the search), validation with roll-back
 * and back-offs (not below `backoffFloor`).
 */
async function fineCandidate(
  items: MapItem[],
  floor: number,
  backoffFloor: number,
  ctx: {
    input: PipelineInput;
    options: MapOptions;
    goal: number;
    settingFor: SettingFor;
    check: (map: PartitionMap) => Promise<Validation>;
    onProgress?: (p: PipelineProgress) => void;
  },
): Promise<FineCandidate> {
  const { input, options, goal, settingFor, check, onProgress } = ctx;
  const greedyMap = mapFine(items, {
    partitions: options.partitions ?? 4,
    capacity: options.capacity ?? items.reduce((s, it) => s + Math.ceil(it.bytes / 64) * 64, 0),
    settingFor,
  });
  let startMap = greedyMap;
  let startBackoffs = 0;
  let fineMap = greedyMap;
  let refineSteps: JointStep[] = [];
  if (options.refine !== false) {
    for (;;) {
      try {
        const r = await refinePartitions(startMap, input, goal, onProgress);
        fineMap = r.map;
        refineSteps = r.steps;
        break;
      } catch (e) {
        if (!(e instanceof JointStartError)) throw e;
        // The start misses the target on this measurement: with a floor (the lifted map, whose
        // lifted data types were never measured with the others at their joint tolerances),
        // make it safer, down to every partition at the floor, which the coarse search measured
        // as passing; without one keep it, and the validation run reports it.
        const safer = floor > 0 ? backOff(startMap, floor, settingFor) : null;
        if (!safer) break;
        startMap = fineMap = safer;
        startBackoffs++;
      }
    }
  }
  let validation = await check(fineMap);
  // EDEN's rule, applied to the validation too: a refinement the fresh run does not confirm
  // (it passed the search at the margin) is rolled back to where it started, validated again.
  let refineRolledBack = false;
  if (!validation.meetsTarget && fineMap !== startMap) {
    fineMap = startMap;
    refineRolledBack = true;
    validation = await check(fineMap);
  }
  // Still missing (the joint tolerances sit at the edge by construction, and a fresh draw of
  // flips can land just below it): halve the most aggressive used partition's BER, not below
  // `backoffFloor`, and validate again, at most `maxBackoffs` times. The final validation then
  // took part in the selection, which the report says (backoffs > 0).
  let backoffs = 0;
  const usedCount = fineMap.partitions.filter((p) => p.placed.length > 0).length;
  const maxBackoffs = options.maxBackoffs ?? 2 * usedCount;
  while (!validation.meetsTarget && backoffs < maxBackoffs) {
    const safer = backOff(fineMap, backoffFloor, settingFor);
    if (!safer) break;
    fineMap = safer;
    backoffs++;
    validation = await check(fineMap);
  }
  return { fineMap, startBackoffs, refineSteps, refineRolledBack, backoffs, validation };
}

/** Default MapOptions.savings: Σ bytes × VDD reduction over the used partitions (run's profile). */
function vddBytes(map: PartitionMap): number[] {
  return [map.partitions.reduce((s, p) => s + (p.placed.length ? -p.vddDelta * p.used : 0), 0)];
}

/**
 * Characterize (unless `fine` is given), map coarse and fine, refine and validate.
 *
 * First EDEN's fine map: greedy on the joint tolerances, the joint procedure over partitions,
 * validation. It is kept when it saves at least what the coarse map does on every priced
 * platform (`savings`) and meets the target (or the coarse map misses it too). Otherwise
 * (`rejected`) the fine map is made to refine the coarse one: the joint procedure over data
 * types starts at ¼ of the coarse BER and stops each data type at its first miss without
 * weighing bytes, so it can leave a large data type below the coarse BER, and mapped there the
 * fine map saved less than the coarse one (issue #14: LeNet-5 int8 in the page, 300 images ×
 * 2 trials, 3 partitions, 10.0 vs 10.4 %; three zoo models by 0.8–3.2 points). Then each data type is mapped
 * at max(joint tolerance, coarse BER) (`lifted` lists those raised); when that greedy map
 * misses the target in the search, its most aggressive partition is made safer until it meets
 * it (at worst every partition at the coarse BER, which the coarse search measured); the joint
 * procedure over partitions starts from there; validation back-offs stop at the coarse BER
 * unless the coarse map's own validation misses. Every used partition is then set for a BER ≥
 * the coarse one, so on every profile its VDD step is at least the coarse map's and it saves
 * at least as much energy on every platform (unit test). Either way the reported fine map
 * never saves less than the coarse map on the priced platforms.
 */
export async function runMap(
  input: PipelineInput,
  options: MapOptions,
  fine?: FineReport,
  onProgress?: (p: PipelineProgress) => void,
): Promise<MapReport> {
  const f = fine ?? (await runFine(input, {}, onProgress));
  const goal = targetAccuracy(input.cleanAccuracy, input.targetDrop ?? 0.01);
  const settingFor = settingForProfile(input.profile);
  const floor = f.coarse.tolerableBer;
  const joint: MapItem[] = input.dataTypes.map((d) => ({
    id: d.id,
    bytes: d.bytes[input.format],
    tolerableBer: f.fine.tolerances[d.id] ?? 0,
  }));
  const total = joint.reduce((s, it) => s + Math.ceil(it.bytes / 64) * 64, 0);
  const coarseMap = mapCoarse(joint, floor, Math.max(options.capacity ?? total, total), settingFor);
  const check =
    (which: 'coarse' | 'fine') =>
    async (map: PartitionMap): Promise<Validation> => {
      onProgress?.({ phase: 'validate', which });
      const estimate = await options.validate(validationAssignment(map));
      return { estimate, targetAccuracy: goal, meetsTarget: meetsTarget(estimate, goal) };
    };
  const coarseValidation = await check('coarse')(coarseMap);
  const ctx = { input, options, goal, settingFor, check: check('fine'), onProgress };
  const savings = options.savings ?? vddBytes;
  const coarseSavings = savings(coarseMap);
  const eden = await fineCandidate(joint, 0, 0, ctx);
  const edenSavings = savings(eden.fineMap);
  const keep =
    edenSavings.every((x, i) => x >= coarseSavings[i] - 1e-12) &&
    (eden.validation.meetsTarget || !coarseValidation.meetsTarget);
  let chosen = eden;
  let lifted: string[] = [];
  if (!keep) {
    lifted = joint.filter((it) => it.tolerableBer < floor).map((it) => it.id);
    const items = joint.map((it) => ({ ...it, tolerableBer: Math.max(it.tolerableBer, floor) }));
    chosen = await fineCandidate(items, floor, coarseValidation.meetsTarget ? floor : 0, ctx);
  }
  return {
    fine: f,
    coarseMap,
    fineMap: chosen.fineMap,
    rejected: keep
      ? null
      : { fineMap: eden.fineMap, validation: eden.validation, savings: edenSavings },
    coarseSavings,
    lifted,
    startBackoffs: chosen.startBackoffs,
    refineSteps: chosen.refineSteps,
    refineRolledBack: chosen.refineRolledBack,
    backoffs: chosen.backoffs,
    validation: { coarse: coarseValidation, fine: chosen.validation },
  };
}
