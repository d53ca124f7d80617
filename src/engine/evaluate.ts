/**
 * Accuracy of a stored model under bit errors: N samples × K trials per operating point,
 * progressive (a first estimate on a small subset, then the full set), cancellable through
 * an AbortSignal (issue #4 items 3–4).
 *
 * What makes it fast (the 12-point × 5-trial sweep budget of issue #4):
 * - every batch is uploaded once per phase and stays on the device;
 * - the clean pass records the clean input of every compute layer (within a memory budget),
 *   so a trial starts at the first layer it actually changes: with weights-only injection
 *   at low BER most flips land in the big dense layers and the convolutions are skipped;
 * - a trial whose weights drew no flip and whose activations are error-free *is* the clean
 *   pass: its counts are reused, no compute; BER 0 is computed once, not K times;
 * - correct predictions are summed on the device and read once per trial and phase.
 */
import * as tf from '@tensorflow/tfjs-core';
import { summarizeCounts } from '../core/stats';
import { rngFor } from '../core/rng';
import type { BitPositionMask } from '../core/errors';
import type { CorrectionMode } from '../core/eden/correct';
import type { DataKind } from '../core/types';
import type {
  AccuracyEstimate,
  BerAssignment,
  RunConfig,
  SweepPoint,
  SweepResult,
} from '../contract/api';
import { EngineError, throwIfAborted } from './engineError';
import {
  type BerMap,
  CORE_ERRORS,
  type ErrorSource,
  type InjectionSettings,
  firstActivationLayer,
  forward,
  injectTrialWeights,
  isSequential,
  setLayerWeights,
} from './injectedRun';
import { scoreBatch } from './predictions';
import type { StoredModel } from './storedModel';

/** One variant of an operating point (Evaluator.evaluateVariants). */
export interface EvalVariant {
  assignment: BerAssignment;
  /** Default: the run's correction. */
  correction?: CorrectionMode;
  /** Only these bit positions may flip (core/errors bitMask.ts); default every bit. */
  bitMask?: BitPositionMask;
  /** Where flips are drawn and applied (InjectionSettings.applyOn); default: by backend. */
  applyOn?: InjectionSettings['applyOn'];
}

/** A variant's estimate with the accuracy of each trial (in [0, 1], trial order). */
export interface VariantEstimate extends AccuracyEstimate {
  perTrial: number[];
}

/** A labelled test set, images already normalized as the model expects, sample-major. */
export interface EvalSet {
  images: Float32Array;
  labels: ArrayLike<number>;
  count: number;
}

export interface EvalOptions {
  /** Samples per forward pass (tuned per backend). */
  batchSize: number;
  /** Samples of the first (quick) estimate; ten times more refine it, and so on. 0: no first estimate. */
  firstEstimateSamples: number;
  /** Device memory for cached clean activations. */
  cacheBudgetBytes: number;
  signal?: AbortSignal;
  errors?: ErrorSource;
  /** Let the event loop run (cancel messages) between batches. */
  yieldEvery?: () => Promise<void>;
}

export const DEFAULT_EVAL_OPTIONS: EvalOptions = {
  batchSize: 1000,
  firstEstimateSamples: 1000,
  cacheBudgetBytes: 256 << 20,
};

/** The BER of every data type for one operating point. */
export function berMap(sm: StoredModel, assignment: BerAssignment): BerMap {
  const map = new Map<string, number>();
  const check = (id: string, ber: number) => {
    if (!(ber >= 0 && ber <= 1))
      throw new EngineError('bad-input', `BER of ${id} must be in [0, 1], got ${ber}`);
  };
  if (assignment.mode === 'coarse') {
    check('the model', assignment.ber);
    for (const dt of sm.entry.dataTypes)
      if (assignment.target === 'all' || assignment.target === dt.kind)
        map.set(dt.id, assignment.ber);
  } else {
    const known = new Set(sm.entry.dataTypes.map((d) => d.id));
    for (const [id, ber] of Object.entries(assignment.perDataType)) {
      if (!known.has(id))
        throw new EngineError('bad-input', `unknown data type "${id}" for model ${sm.entry.id}`);
      check(id, ber);
      map.set(id, ber);
    }
  }
  return map;
}

function isClean(bers: BerMap): boolean {
  for (const b of bers.values()) if (b > 0) return false;
  return true;
}

/**
 * Sample ranges of the progressive phases: the first estimate on `first` samples, then ten
 * times as many per step until all `samples` are in (e.g. 100, 1,000, 10,000): a slider step
 * shows a rough estimate within tens of milliseconds and the figure sharpens while the user
 * looks at it. `first` 0: one phase.
 */
export function phaseRanges(samples: number, first: number): [number, number][] {
  const phases: [number, number][] = [];
  let from = 0;
  for (let to = first; to > 0 && to < samples; to *= 10) {
    phases.push([from, to]);
    from = to;
  }
  phases.push([from, samples]);
  return phases;
}

/** Trial k's seed, derived from the run's trial seed (the same for every operating point). */
export function trialSeedOf(trialSeed: number, k: number): number {
  return rngFor(trialSeed, 'trial', k).nextU32();
}

interface Batch {
  first: number;
  size: number;
  x: tf.Tensor;
  labels: tf.Tensor;
  /** Clean input of compute layer ci (only for cached layers). */
  cache: Map<number, tf.Tensor>;
}

const defaultYield = () => new Promise<void>((r) => setTimeout(r, 0));

/** One operating point to evaluate. */
/**
 * A point's tallies after the phases done so far: correct predictions per trial and
 * non-finite ones over its first `seen` images. A sweep superseded between phases leaves them
 * for the next sweep of the same settings, which goes on from there (ExplorerSession).
 */
export interface PointTally {
  /** Correct counts per trial, summed over the phases done so far. */
  correct: number[];
  /** Predictions with non-finite outputs (counted as wrong), summed over trials and phases. */
  nonFinite: number;
  /** Images measured so far (the end of the last phase done). */
  seen: number;
}

interface Point extends PointTally {
  bers: BerMap;
  /** How its reads are injected (the evaluator's settings, or a variant's). */
  settings: InjectionSettings;
}

/** Correct and non-finite predictions over some batches (see predictions.ts). */
interface Counts {
  correct: number;
  nonFinite: number;
}

/** Running device-side sums of batch scores, read once at the end. */
class ScoreSum {
  private correct = tf.scalar(0, 'int32');
  private nonFinite = tf.scalar(0, 'int32');

  add(logits: tf.Tensor, labels: tf.Tensor): void {
    const s = scoreBatch(logits, labels);
    const next = tf.tidy(() => [
      tf.add(this.correct, s.correct),
      tf.add(this.nonFinite, s.nonFinite),
    ]);
    tf.dispose([this.correct, this.nonFinite, s.correct, s.nonFinite]);
    [this.correct, this.nonFinite] = next as [tf.Scalar, tf.Scalar];
  }

  async read(): Promise<Counts> {
    const [c, n] = await Promise.all([this.correct.data(), this.nonFinite.data()]);
    return { correct: c[0], nonFinite: n[0] };
  }

  dispose(): void {
    tf.dispose([this.correct, this.nonFinite]);
  }
}

export class Evaluator {
  private readonly settings: InjectionSettings;
  private readonly opts: EvalOptions;

  constructor(
    private readonly sm: StoredModel,
    private readonly data: EvalSet,
    private readonly config: RunConfig,
    options: Partial<EvalOptions> = {},
  ) {
    this.opts = { ...DEFAULT_EVAL_OPTIONS, ...options };
    if (!Number.isInteger(config.samples) || config.samples < 1 || config.samples > data.count) {
      throw new EngineError(
        'bad-input',
        `samples must be an integer in [1, ${data.count}], got ${config.samples}`,
      );
    }
    if (!Number.isInteger(config.trials) || config.trials < 1)
      throw new EngineError('bad-input', `trials must be a positive integer, got ${config.trials}`);
    if (!(config.rowBytes > 0))
      throw new EngineError('bad-input', `rowBytes must be positive, got ${config.rowBytes}`);
    this.settings = {
      errorModel: config.errorModel,
      correction: config.correction,
      moduleSeed: config.moduleSeed,
      rowBytes: config.rowBytes,
      errors: this.opts.errors ?? CORE_ERRORS,
    };
  }

  private phases(): [number, number][] {
    return phaseRanges(this.config.samples, this.opts.firstEstimateSamples);
  }

  private sampleShape(): number[] {
    return this.sm.inputShape;
  }

  private makeBatches(from: number, to: number): Batch[] {
    const per = this.sampleShape().reduce((a, b) => a * b, 1);
    const batches: Batch[] = [];
    for (let first = from; first < to; first += this.opts.batchSize) {
      const size = Math.min(this.opts.batchSize, to - first);
      const x = tf.tensor(this.data.images.subarray(first * per, (first + size) * per), [
        size,
        ...this.sampleShape(),
      ]);
      const labels = tf.tensor1d(
        Array.from({ length: size }, (_, i) => this.data.labels[first + i]),
        'int32',
      );
      batches.push({ first, size, x, labels, cache: new Map() });
    }
    return batches;
  }

  /** Compute layers whose clean input is worth caching, latest first, within the budget. */
  private cachedLayers(samples: number): Set<number> {
    const set = new Set<number>();
    if (!isSequential(this.sm)) return set;
    let budget = this.opts.cacheBudgetBytes;
    for (let ci = this.sm.compute.length - 1; ci >= 1; ci--) {
      const bytes = this.sm.compute[ci].ifm.info.elements * 4 * samples;
      if (bytes <= budget) {
        set.add(ci);
        budget -= bytes;
      }
    }
    return set;
  }

  /** Runs all `points` over the sample range of each phase; `onPhasePoint` after each point and phase. */
  private async run(
    points: Point[],
    onPhasePoint: (p: Point, index: number, final: boolean) => void,
  ): Promise<void> {
    const { signal } = this.opts;
    const yieldNow = this.opts.yieldEvery ?? defaultYield;
    const phases = this.phases();
    for (let phaseIndex = 0; phaseIndex < phases.length; phaseIndex++) {
      const [from, to] = phases[phaseIndex];
      const final = phaseIndex === phases.length - 1;
      // Points resumed from a tally (sweep) skip the phases they have done.
      if (points.every((p) => p.seen >= to)) continue;
      const batches = this.makeBatches(from, to);
      try {
        // Clean pass: counts and cached activations.
        const cached = this.cachedLayers(to - from);
        const noErrors: BerMap = new Map();
        const cleanSum = new ScoreSum();
        let clean: Counts;
        try {
          for (const b of batches) {
            throwIfAborted(signal);
            const logits = forward(this.sm, this.settings, b.x, {
              bers: noErrors,
              trialSeed: 0,
              firstSample: b.first,
              start: 0,
              capture: cached.size
                ? (ci, x) => {
                    if (cached.has(ci)) b.cache.set(ci, tf.keep(x));
                  }
                : undefined,
            });
            cleanSum.add(logits, b.labels);
            logits.dispose();
            await yieldNow();
          }
          clean = await cleanSum.read();
        } finally {
          cleanSum.dispose();
        }

        for (let pi = 0; pi < points.length; pi++) {
          const p = points[pi];
          if (p.seen >= to) continue;
          for (let k = 0; k < p.correct.length; k++) {
            throwIfAborted(signal);
            const c = isClean(p.bers) ? clean : await this.trial(p, k, batches, clean);
            p.correct[k] += c.correct;
            p.nonFinite += c.nonFinite;
          }
          p.seen += to - from;
          onPhasePoint(p, pi, final);
        }
      } finally {
        for (const b of batches) tf.dispose([b.x, b.labels, ...b.cache.values()]);
      }
    }
  }

  /** Correct (and non-finite) predictions of one trial over the batches. */
  private async trial(p: Point, k: number, batches: Batch[], clean: Counts): Promise<Counts> {
    const { bers, settings } = p;
    const seed = trialSeedOf(this.config.trialSeed, k);
    const weights = injectTrialWeights(this.sm, bers, settings, seed);
    const firstAct = firstActivationLayer(this.sm, bers);
    const firstWeights = weights.layers.size ? Math.min(...weights.layers.keys()) : Infinity;
    const start = Math.min(firstAct, firstWeights);
    if (start === Infinity) return clean; // nothing was read wrong in this trial
    const yieldNow = this.opts.yieldEvery ?? defaultYield;
    for (const [ci, tensors] of weights.layers) setLayerWeights(this.sm.compute[ci], tensors);
    const sum = new ScoreSum();
    try {
      for (const b of batches) {
        throwIfAborted(this.opts.signal);
        // Start from the latest cached clean activation at or before `start`.
        let from = 0;
        for (let ci = start; ci >= 1; ci--) {
          if (b.cache.has(ci)) {
            from = ci;
            break;
          }
        }
        const input = from === 0 ? b.x : b.cache.get(from)!;
        const logits = forward(this.sm, settings, input, {
          bers,
          trialSeed: seed,
          firstSample: b.first,
          start: from,
        });
        sum.add(logits, b.labels);
        logits.dispose();
        await yieldNow();
      }
      return await sum.read();
    } finally {
      sum.dispose();
      for (const [ci, tensors] of weights.layers) {
        setLayerWeights(this.sm.compute[ci], this.sm.compute[ci].cleanTensors);
        tf.dispose(tensors);
      }
    }
  }

  private estimate(p: Point, final: boolean): AccuracyEstimate {
    const s = summarizeCounts(p.correct, p.seen);
    return p.nonFinite > 0 ? { ...s, final, nonFinite: p.nonFinite } : { ...s, final };
  }

  /** One operating point (BER 0 everywhere: one deterministic pass, reported as K equal trials). */
  async evaluate(
    assignment: BerAssignment,
    onProgress?: (e: AccuracyEstimate) => void,
  ): Promise<AccuracyEstimate> {
    const point: Point = {
      bers: berMap(this.sm, assignment),
      settings: this.settings,
      correct: new Array(this.config.trials).fill(0),
      nonFinite: 0,
      seen: 0,
    };
    let last: AccuracyEstimate | null = null;
    await this.run([point], (p, _i, final) => {
      last = this.estimate(p, final);
      onProgress?.(last);
    });
    return last!;
  }

  /**
   * Several variants of the operating point in one progressive run (one clean pass per phase
   * shared by all): each its own BER assignment and, optionally, its own out-of-range
   * correction and bit-position mask (issue #16: the "why" views). `onPhase` gets every
   * variant's estimate after each phase (the first on `firstEstimateSamples` images); each
   * estimate carries the accuracy of every trial. Returns the final estimates.
   */
  async evaluateVariants(
    variants: readonly EvalVariant[],
    onPhase?: (estimates: VariantEstimate[]) => void,
  ): Promise<VariantEstimate[]> {
    const points: Point[] = variants.map((v) => ({
      bers: berMap(this.sm, v.assignment),
      settings: {
        ...this.settings,
        correction: v.correction ?? this.settings.correction,
        bitMask: v.bitMask,
        applyOn: v.applyOn ?? this.settings.applyOn,
      },
      correct: new Array(this.config.trials).fill(0),
      nonFinite: 0,
      seen: 0,
    }));
    const out: VariantEstimate[] = new Array(points.length);
    await this.run(points, (p, i, final) => {
      out[i] = { ...this.estimate(p, final), perTrial: p.correct.map((c) => c / p.seen) };
      if (i === points.length - 1) onPhase?.(out.slice());
    });
    return out;
  }

  /**
   * Accuracy vs BER for `bers` on `target`; streams each point (first estimates, then final
   * ones). `tallies` (optional, by BER) holds what an earlier sweep of the same model, settings
   * and evaluation options measured: a point whose tally ends at a phase boundary goes on from
   * there (the same images and trial seeds, so the same numbers as measuring it again); the
   * tallies are updated after each phase.
   */
  async sweep(
    bers: readonly number[],
    target: DataKind | 'all',
    onPoint?: (point: SweepPoint, done: number, total: number) => void,
    tallies?: Map<number, PointTally>,
  ): Promise<SweepResult> {
    if (!bers.length) throw new EngineError('bad-input', 'a sweep needs at least one BER');
    const phases = this.phases();
    const points: Point[] = bers.map((ber) => {
      const t = tallies?.get(ber);
      // Only a tally that ends where a phase ends, with some phase left, is gone on from.
      const usable =
        t &&
        t.correct.length === this.config.trials &&
        t.seen < this.config.samples &&
        phases.some(([, to]) => to === t.seen);
      return {
        bers: berMap(this.sm, { mode: 'coarse', ber, target }),
        settings: this.settings,
        correct: usable ? [...t.correct] : new Array(this.config.trials).fill(0),
        nonFinite: usable ? t.nonFinite : 0,
        seen: usable ? t.seen : 0,
      };
    });
    const results: SweepPoint[] = new Array(bers.length);
    const total = points.reduce((n, p) => n + phases.filter(([, to]) => to > p.seen).length, 0);
    let done = 0;
    await this.run(points, (p, i, final) => {
      const point: SweepPoint = { ber: bers[i], ...this.estimate(p, final) };
      results[i] = point;
      tallies?.set(bers[i], { correct: [...p.correct], nonFinite: p.nonFinite, seen: p.seen });
      onPoint?.(point, ++done, total);
    });
    // The baseline is the clean accuracy on the same samples (BER 0), computed if not in the list.
    const zero = bers.indexOf(0);
    const baseline =
      zero >= 0
        ? results[zero].mean
        : (await this.evaluate({ mode: 'coarse', ber: 0, target: 'all' })).mean;
    return {
      model: this.sm.entry.id,
      format: this.sm.format,
      errorModel: this.config.errorModel,
      baseline,
      points: results,
    };
  }
}
