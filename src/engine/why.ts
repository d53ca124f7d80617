/**
 * The "why" views (issue #16) on the engine: what the flipped bits did to the network at one
 * operating point (model stored in a format, error model, BER). The worker (src/engine/whyApi.ts)
 * and the CLI (`eden why`) call `runWhy`; results are plain data (src/core/why/types.ts).
 *
 * - bits: accuracy when only one bit group of every stored element may flip (core/errors
 *   bitMask.ts), weights and activations each alone, with and without out-of-range correction;
 * - trials: the accuracy of every trial, the worst trial's weight flips (tensor, element, bit);
 * - changed: the images whose prediction changed, the confusion shift, logits clean vs faulty;
 * - layers: each data type alone read through approximate DRAM (as the fine characterization);
 * - histogram: one data type's values clean vs as read (one trial), out-of-range share.
 * bits / trials / layers run on the Evaluator (one shared clean pass per phase); changed runs
 * its own per-image pass; histogram is one trial. Every view has a first phase on the first
 * images (runWhy), but the histogram of weights, which reads no images.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bitGroups, bitPositionMask } from '../core/errors';
import { decode } from '../core/formats';
import { FORMAT_BITS } from '../core/types';
import {
  addHistograms,
  argMax,
  byTrialsChanged,
  type HistogramCounts,
  mode,
  valueHistogram,
} from '../core/why/summaries';
import type {
  BitsResult,
  BitsRow,
  ChangedImage,
  ChangedResult,
  HistogramResult,
  LayersResult,
  TrialsResult,
  WeightFlip,
  WhyHeader,
  WhyResult,
} from '../core/why/types';
import type { CorrectionMode } from '../core/eden/correct';
import type { BerAssignment, RunConfig, WhyRequest } from '../contract/api';
import { EngineError, throwIfAborted } from './engineError';
import {
  type EvalOptions,
  type EvalSet,
  type EvalVariant,
  Evaluator,
  type VariantEstimate,
  berMap,
  phaseRanges,
  trialSeedOf,
} from './evaluate';
import {
  CORE_ERRORS,
  type InjectionSettings,
  activationFlipCounts,
  forward,
  injectOptions,
  injectTrialWeights,
  setLayerWeights,
} from './injectedRun';
import { fakeQuantize } from './activationFlips';
import { concat } from './activationClip';
import { gpuKernelBackend } from './gpuReads';
import type { StoredModel } from './storedModel';

export type { WhyRequest };

/** The correction the bits view compares with none: the run's, or zero when the run has none. */
export function withCorrection(c: CorrectionMode): CorrectionMode {
  return c === 'none' ? 'zero' : c;
}

function checkRequest(sm: StoredModel, r: WhyRequest): void {
  if (!(r.ber >= 0 && r.ber <= 1))
    throw new EngineError('bad-input', `ber must be in [0, 1], got ${r.ber}`);
  if (r.dataType !== undefined && !sm.entry.dataTypes.some((d) => d.id === r.dataType))
    throw new EngineError(
      'bad-input',
      `unknown data type "${r.dataType}" for model ${sm.entry.id} (one of ${sm.entry.dataTypes.map((d) => d.id).join(', ')})`,
    );
}

/** One variant's accuracy and 95 % interval, with its drop from the clean accuracy (points as fractions). */
function scored(e: VariantEstimate, clean: number) {
  return { mean: e.mean, lo: e.lo, hi: e.hi, drop: clean - e.mean };
}

function header(
  sm: StoredModel,
  r: WhyRequest,
  clean: number,
  samples: number,
  final: boolean,
): WhyHeader {
  return {
    model: sm.entry.id,
    format: sm.format,
    errorModel: r.config.errorModel,
    ber: r.ber,
    target: r.target ?? 'all',
    correction: r.config.correction,
    samples,
    trials: r.config.trials,
    clean,
    final,
  };
}

/** Every activation (IFM and OFM) data type at `ber`. */
function activations(sm: StoredModel, ber: number): BerAssignment {
  const perDataType: Record<string, number> = {};
  for (const d of sm.entry.dataTypes) if (d.kind !== 'weights') perDataType[d.id] = ber;
  return { mode: 'fine', perDataType };
}

const CLEAN: EvalVariant = { assignment: { mode: 'coarse', ber: 0, target: 'all' } };

/** Runs `variants` progressively; `emit` gets the clean accuracy and every variant's estimate per phase. */
async function variantsRun(
  sm: StoredModel,
  data: EvalSet,
  config: RunConfig,
  opts: Partial<EvalOptions>,
  variants: EvalVariant[],
  emit: (clean: number, est: VariantEstimate[], samples: number, final: boolean) => void,
): Promise<void> {
  const ev = new Evaluator(sm, data, config, opts);
  await ev.evaluateVariants([CLEAN, ...variants], (est) => {
    const [clean, ...rest] = est;
    emit(clean.mean, rest, clean.samples, clean.final);
  });
}

async function bitsView(
  sm: StoredModel,
  data: EvalSet,
  r: WhyRequest,
  opts: Partial<EvalOptions>,
  onPhase: (res: WhyResult) => void,
): Promise<BitsResult> {
  const groups = bitGroups(sm.format);
  const every = { label: 'all', bits: Array.from({ length: FORMAT_BITS[sm.format] }, (_, i) => i) };
  const corrections: CorrectionMode[] = ['none', withCorrection(r.config.correction)];
  const specs: Omit<BitsRow, 'mean' | 'lo' | 'hi' | 'drop'>[] = [];
  const variants: EvalVariant[] = [];
  for (const data of ['weights', 'activations'] as const) {
    const assignment: BerAssignment =
      data === 'weights'
        ? { mode: 'coarse', ber: r.ber, target: 'weights' }
        : activations(sm, r.ber);
    for (const correction of corrections) {
      for (const g of [every, ...groups]) {
        specs.push({ data, correction, group: g.label, bits: g.bits });
        variants.push({
          assignment,
          correction,
          bitMask: g === every ? undefined : bitPositionMask(sm.format, g.bits),
          applyOn: hostDraw(),
        });
      }
    }
  }
  let last: BitsResult | null = null;
  await variantsRun(sm, data, r.config, opts, variants, (clean, est, samples, final) => {
    last = {
      ...header(sm, r, clean, samples, final),
      view: 'bits',
      groups,
      rows: specs.map((s, i) => ({
        ...s,
        ...scored(est[i], clean),
      })),
    };
    onPhase(last);
  });
  return last!;
}

async function layersView(
  sm: StoredModel,
  data: EvalSet,
  r: WhyRequest,
  opts: Partial<EvalOptions>,
  onPhase: (res: WhyResult) => void,
): Promise<LayersResult> {
  const types = sm.entry.dataTypes;
  const variants = types.map((d): EvalVariant => ({
    assignment: { mode: 'fine', perDataType: { [d.id]: r.ber } },
  }));
  let last: LayersResult | null = null;
  await variantsRun(sm, data, r.config, opts, variants, (clean, est, samples, final) => {
    last = {
      ...header(sm, r, clean, samples, final),
      view: 'layers',
      rows: types.map((d, i) => ({
        id: d.id,
        layer: d.layer,
        kind: d.kind,
        ...scored(est[i], clean),
      })),
    };
    onPhase(last);
  });
  return last!;
}

/**
 * Flips drawn on the host also on webgpu (applied on the device with tfjs ops) where the fused
 * kernel would draw them: masked reads need the host draw, and the views that compare or list
 * flips keep every variant on the same random streams.
 */
function hostDraw(): 'device' | undefined {
  return gpuKernelBackend() ? 'device' : undefined;
}

function settingsOf(config: RunConfig): InjectionSettings {
  return {
    errorModel: config.errorModel,
    correction: config.correction,
    moduleSeed: config.moduleSeed,
    rowBytes: config.rowBytes,
    errors: CORE_ERRORS,
  };
}

/**
 * The weight flips of one trial, as `injectTrialWeights` draws them: per weight data type with
 * BER > 0, every flipped code bit with the value before and after (before correction).
 */
export function trialWeightFlips(
  sm: StoredModel,
  s: InjectionSettings,
  assignment: BerAssignment,
  trialSeed: number,
): WeightFlip[] {
  const bers = berMap(sm, assignment);
  const bits = FORMAT_BITS[sm.format];
  const out: WeightFlip[] = [];
  for (const c of sm.compute) {
    const id = c.weights.info.id;
    const ber = bers.get(id) ?? 0;
    if (ber <= 0) continue;
    const positions = s.errors.flipPositions(
      c.storedBytes,
      c.storedBytes.length * 8,
      injectOptions(s, c.weights, ber, trialSeed, id),
    );
    if (!positions.length) continue;
    const bytes = c.storedBytes.slice();
    for (const p of positions) bytes[p >>> 3] ^= 1 << (p & 7);
    let at = 0;
    let k = 0;
    c.encoded.forEach((enc, tensor) => {
      const end = at + enc.bytes.length;
      const before = decode(enc);
      const after = decode({ ...enc, bytes: bytes.subarray(at, end) });
      const { min, max } = c.weights.info.range;
      for (; k < positions.length && positions[k] >>> 3 < end; k++) {
        const rel = positions[k] - at * 8;
        const element = Math.floor(rel / bits);
        const read = after[element];
        out.push({
          dataType: id,
          tensor,
          element,
          bit: rel % bits,
          clean: before[element],
          read,
          corrected: s.correction !== 'none' && !(read >= min && read <= max),
        });
      }
      at = end;
    });
  }
  return out;
}

async function trialsView(
  sm: StoredModel,
  data: EvalSet,
  r: WhyRequest,
  opts: Partial<EvalOptions>,
  onPhase: (res: WhyResult) => void,
): Promise<TrialsResult> {
  const assignment: BerAssignment = { mode: 'coarse', ber: r.ber, target: r.target ?? 'all' };
  const s = settingsOf(r.config);
  const bers = berMap(sm, assignment);
  let last: TrialsResult | null = null;
  // Flips drawn on the host (not by the fused WebGPU kernel), so the listed ones are those read.
  const applyOn = hostDraw();
  await variantsRun(
    sm,
    data,
    r.config,
    opts,
    [{ assignment, applyOn }],
    (clean, [est], samples, final) => {
      const worst = est.perTrial.indexOf(Math.min(...est.perTrial));
      const seed = trialSeedOf(r.config.trialSeed, worst);
      const flips = trialWeightFlips(sm, s, assignment, seed);
      const byBit = new Array<number>(FORMAT_BITS[sm.format]).fill(0);
      for (const f of flips) byBit[f.bit]++;
      const size = (f: WeightFlip) => {
        const d = Math.abs(f.read - f.clean);
        return Number.isNaN(d) ? Infinity : d;
      };
      last = {
        ...header(sm, r, clean, samples, final),
        view: 'trials',
        estimate: { mean: est.mean, lo: est.lo, hi: est.hi },
        perTrial: est.perTrial,
        worst: {
          trial: worst,
          accuracy: est.perTrial[worst],
          weightFlips: flips.sort((a, b) => size(b) - size(a)).slice(0, r.listFlips ?? 200),
          weightFlipCount: flips.length,
          weightFlipsByBit: byBit,
          activationFlips: activationFlipCounts(sm, s, bers, seed, samples),
        },
      };
      onPhase(last);
    },
  );
  return last!;
}

/** Predictions and logits of `count` images from `first` (full pass, `bers` at `trialSeed`). */
function logitsOf(
  sm: StoredModel,
  s: InjectionSettings,
  data: EvalSet,
  first: number,
  count: number,
  bers: ReturnType<typeof berMap>,
  trialSeed: number,
  batchSize: number,
): Float32Array {
  const per = sm.inputShape.reduce((a, b) => a * b, 1);
  const out: Float32Array[] = [];
  for (let b = first; b < first + count; b += batchSize) {
    const n = Math.min(batchSize, first + count - b);
    const x = tf.tensor(data.images.subarray(b * per, (b + n) * per), [n, ...sm.inputShape]);
    const logits = forward(sm, s, x, { bers, trialSeed, firstSample: b, start: 0 });
    out.push(logits.dataSync() as Float32Array);
    tf.dispose([x, logits]);
  }
  return concat(out);
}

async function changedView(
  sm: StoredModel,
  data: EvalSet,
  r: WhyRequest,
  opts: Partial<EvalOptions>,
  onPhase: (res: WhyResult) => void,
): Promise<ChangedResult> {
  const { config } = r;
  const s = settingsOf(config);
  const bers = berMap(sm, { mode: 'coarse', ber: r.ber, target: r.target ?? 'all' });
  const classes = sm.model.outputs[0].shape[sm.model.outputs[0].shape.length - 1] as number;
  const per = sm.inputShape.reduce((a, b) => a * b, 1);
  const batch = opts.batchSize ?? 500;
  const yieldNow = opts.yieldEvery ?? (() => new Promise<void>((res) => setTimeout(res, 0)));
  const n = config.samples;
  const cleanLogits = new Float32Array(n * classes);
  const faultyPreds: number[][] = Array.from({ length: n }, () => []);
  const firstFaulty = new Map<number, Float32Array>();
  const shift = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const noClass = new Array<number>(classes).fill(0);
  let c2w = 0;
  let w2c = 0;
  let last: ChangedResult | null = null;
  const phases = phaseRanges(n, opts.firstEstimateSamples ?? 0);
  for (let pi = 0; pi < phases.length; pi++) {
    const [from, to] = phases[pi];
    throwIfAborted(opts.signal);
    const clean = logitsOf(sm, s, data, from, to - from, new Map(), 0, batch);
    cleanLogits.set(clean, from * classes);
    for (let k = 0; k < config.trials; k++) {
      throwIfAborted(opts.signal);
      const seed = trialSeedOf(config.trialSeed, k);
      const weights = injectTrialWeights(sm, bers, s, seed);
      for (const [ci, t] of weights.layers) setLayerWeights(sm.compute[ci], t);
      let faulty: Float32Array;
      try {
        faulty = logitsOf(sm, s, data, from, to - from, bers, seed, batch);
      } finally {
        for (const [ci, t] of weights.layers) {
          setLayerWeights(sm.compute[ci], sm.compute[ci].cleanTensors);
          tf.dispose(t);
        }
      }
      for (let i = from; i < to; i++) {
        const label = data.labels[i];
        const cp = argMax(cleanLogits, i * classes, classes);
        const fp = argMax(faulty, (i - from) * classes, classes);
        // NO_CLASS (NaN/±Inf outputs, src/core/stats.ts) counts in its own column.
        if (fp < 0) noClass[label]++;
        else shift[label][fp]++;
        if (cp < 0) noClass[label]--;
        else shift[label][cp]--;
        if (fp === cp) continue;
        faultyPreds[i].push(fp);
        if (!firstFaulty.has(i))
          firstFaulty.set(i, faulty.slice((i - from) * classes, (i - from + 1) * classes));
        if (cp === label) c2w++;
        else if (fp === label) w2c++;
      }
      await yieldNow();
    }
    const changed: ChangedImage[] = [];
    for (let i = 0; i < to; i++) {
      if (!faultyPreds[i].length) continue;
      changed.push({
        index: i,
        label: data.labels[i],
        cleanPred: argMax(cleanLogits, i * classes, classes),
        faultyPred: mode(faultyPreds[i]),
        trialsChanged: faultyPreds[i].length,
        cleanLogits: Array.from(cleanLogits.subarray(i * classes, (i + 1) * classes)),
        faultyLogits: Array.from(firstFaulty.get(i)!),
        pixels: [],
      });
    }
    changed.sort(byTrialsChanged);
    const listed = changed.slice(0, r.listImages ?? 48);
    for (const im of listed)
      im.pixels = Array.from(data.images.subarray(im.index * per, (im.index + 1) * per));
    const trials = config.trials;
    let cleanCorrect = 0;
    const perClass = Array.from({ length: classes }, (_, cls) => ({
      cls,
      n: 0,
      clean: 0,
      faulty: 0,
    }));
    for (let i = 0; i < to; i++) {
      const label = data.labels[i];
      const cp = argMax(cleanLogits, i * classes, classes);
      perClass[label].n++;
      if (cp === label) {
        cleanCorrect++;
        perClass[label].clean++;
      }
    }
    for (let t = 0; t < classes; t++) perClass[t].faulty = perClass[t].clean + shift[t][t] / trials;
    last = {
      ...header(sm, r, cleanCorrect / to, to, pi === phases.length - 1),
      view: 'changed',
      classes,
      imageShape: sm.inputShape,
      changedCount: changed.length,
      images: listed,
      correctToWrong: c2w / trials,
      wrongToCorrect: w2c / trials,
      confusionShift: shift.map((row) => row.map((v) => v / trials)),
      noClassShift: noClass.map((v) => v / trials),
      perClass: perClass.map((p) => ({
        cls: p.cls,
        clean: p.n ? p.clean / p.n : 0,
        faulty: p.n ? p.faulty / p.n : 0,
      })),
    };
    onPhase(last);
  }
  return last!;
}

/** The default histogram data type: the largest weight tensor. */
function largestWeights(sm: StoredModel): string {
  return sm.compute.reduce((a, c) => (c.weights.info.elements > a.weights.info.elements ? c : a))
    .weights.info.id;
}

/**
 * One data type's values clean vs as read, one trial (the run's first trial seed), without
 * correction (the corrected counts are computed from the clean range). Weights: the stored
 * tensor, whatever the images. Activations: the values read on the first `config.samples`
 * images, in batches of `opts.batchSize`, the counts summed.
 */
async function histogramView(
  sm: StoredModel,
  data: EvalSet,
  r: WhyRequest,
  opts: Partial<EvalOptions>,
): Promise<HistogramResult> {
  const id = r.dataType ?? largestWeights(sm);
  const info = sm.entry.dataTypes.find((d) => d.id === id)!;
  const s = { ...settingsOf(r.config), correction: 'none' as const };
  const seed = trialSeedOf(r.config.trialSeed, 0);
  let counts: HistogramCounts | null = null;
  if (info.kind === 'weights') {
    const c = sm.compute.find((x) => x.weights.info.id === id)!;
    const bytes = c.storedBytes.slice();
    s.errors.injectErrors(bytes, injectOptions(s, c.weights, r.ber, seed, id));
    const parts: Float32Array[] = [];
    const readParts: Float32Array[] = [];
    let at = 0;
    for (const enc of c.encoded) {
      parts.push(decode(enc));
      readParts.push(decode({ ...enc, bytes: bytes.subarray(at, at + enc.bytes.length) }));
      at += enc.bytes.length;
    }
    counts = valueHistogram(concat(parts), concat(readParts), info.range, r.config.correction);
  } else {
    const per = sm.inputShape.reduce((a, b) => a * b, 1);
    const batch = opts.batchSize ?? 500;
    for (let first = 0; first < r.config.samples; first += batch) {
      throwIfAborted(opts.signal);
      const n = Math.min(batch, r.config.samples - first);
      const x = tf.tensor(data.images.subarray(first * per, (first + n) * per), [
        n,
        ...sm.inputShape,
      ]);
      let got = null as HistogramCounts | null;
      const logits = forward(sm, s, x, {
        bers: new Map([[id, r.ber]]),
        trialSeed: seed,
        firstSample: first,
        start: 0,
        observe: (dt, q, before, after) => {
          if (dt.info.id !== id) return;
          const fq = fakeQuantize(before, q);
          got = valueHistogram(
            fq.dataSync() as Float32Array,
            after.dataSync() as Float32Array,
            info.range,
            r.config.correction,
          );
          fq.dispose();
        },
      });
      tf.dispose([x, logits]);
      if (!got) throw new EngineError('internal', `data type ${id} was not read in the pass`);
      counts = counts ? addHistograms(counts, got) : got;
      await (opts.yieldEvery ?? (() => new Promise<void>((res) => setTimeout(res, 0))))();
    }
  }
  return {
    ...header(sm, r, sm.entry.accuracy[sm.format], r.config.samples, true),
    trials: 1,
    view: 'histogram',
    dataType: id,
    kind: info.kind,
    range: info.range,
    ...counts!,
  };
}

/**
 * Trials of the first phase of the views that compare many variants of the operating point
 * (bits: 2 data × 2 corrections × up to 17 bit groups; layers: every data type): one, so that
 * their first estimate costs about as much as one curve point's (src/ui/engine/whyScheduler.ts
 * runs it before the rest of the curve). The trials and changed views keep every trial (their
 * picture is the spread over trials; a trial is one pass over the images).
 */
export const FIRST_PHASE_TRIALS = 1;

/** The request of the first phase: `first` images, FIRST_PHASE_TRIALS trials where it saves work. */
function firstPhaseOf(r: WhyRequest, first: number): WhyRequest {
  const fewer = r.view === 'bits' || r.view === 'layers';
  const trials = fewer ? Math.min(FIRST_PHASE_TRIALS, r.config.trials) : r.config.trials;
  return { ...r, config: { ...r.config, samples: first, trials }, firstPhaseOnly: false };
}

/** One view, all its images and trials (progressive phases as `opts.firstEstimateSamples` says). */
async function viewOf(
  sm: StoredModel,
  data: EvalSet,
  r: WhyRequest,
  opts: Partial<EvalOptions>,
  onPhase: (res: WhyResult) => void,
): Promise<WhyResult> {
  switch (r.view) {
    case 'bits':
      return bitsView(sm, data, r, opts, onPhase);
    case 'layers':
      return layersView(sm, data, r, opts, onPhase);
    case 'trials':
      return trialsView(sm, data, r, opts, onPhase);
    case 'changed':
      return changedView(sm, data, r, opts, onPhase);
    case 'histogram': {
      const res = await histogramView(sm, data, r, opts);
      onPhase(res);
      return res;
    }
    default:
      throw new EngineError('bad-input', `unknown view "${String(r.view)}"`);
  }
}

/**
 * One "why" view at the operating point of `r`. `onPhase` gets each progressive estimate: with
 * `opts.firstEstimateSamples` (100 in the browser) below the request's images, first the
 * first phase (those images, and one trial for bits and layers: FIRST_PHASE_TRIALS), then the
 * full request in phases of ten times more images, the last one `final`. With
 * `r.firstPhaseOnly` it stops after the first phase (marked not final). Every view has the
 * first phase but the histogram of weights (it reads no images: final at once). Throws
 * EngineError('bad-input') for a BER outside [0, 1] or an unknown data type; cancellable
 * through `opts.signal`.
 */
export async function runWhy(
  sm: StoredModel,
  data: EvalSet,
  r: WhyRequest,
  opts: Partial<EvalOptions> = {},
  onPhase: (res: WhyResult) => void = () => {},
): Promise<WhyResult> {
  checkRequest(sm, r);
  const first = opts.firstEstimateSamples ?? 0;
  const weightsHistogram =
    r.view === 'histogram' &&
    sm.entry.dataTypes.find((d) => d.id === (r.dataType ?? largestWeights(sm)))?.kind === 'weights';
  if (first <= 0 || first >= r.config.samples || weightsHistogram)
    return viewOf(sm, data, r, opts, onPhase);
  const preview: WhyResult = {
    ...(await viewOf(
      sm,
      data,
      firstPhaseOf(r, first),
      { ...opts, firstEstimateSamples: 0 },
      () => {},
    )),
    final: false,
  };
  onPhase(preview);
  if (r.firstPhaseOnly) return preview;
  // The rest in phases of ten times more images (the first phase's images are measured again,
  // with every trial: a tenth or less of the work).
  return viewOf(sm, data, r, { ...opts, firstEstimateSamples: first * 10 }, onPhase);
}
