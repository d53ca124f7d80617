/**
 * Pure helpers of the "why" views (issue #16): value histograms, prediction-change tallies,
 * the one-sentence captions a lecturer reads aloud, and flat rows for CSV / JSON export.
 */
import { correctOutOfRange, type CorrectionMode, type ValueRange } from '../eden/correct';
import type { ChangedImage, HistogramResult, WhyHeader, WhyResult } from './types';
import { NO_CLASS } from '../stats';

/** Histogram of the values in `edges` bins; values outside and NaN are counted apart. */
export function binValues(
  values: ArrayLike<number>,
  edges: readonly number[],
): { counts: number[]; below: number; above: number; nan: number } {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  const lo = edges[0];
  const hi = edges[bins];
  const width = (hi - lo) / bins;
  let below = 0;
  let above = 0;
  let nan = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) nan++;
    else if (v < lo) below++;
    else if (v > hi) above++;
    else counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return { counts, below, above, nan };
}

/** `bins` equal bins over the clean range widened by a quarter of its width on each side. */
export function histogramEdges(range: ValueRange, bins = 40): number[] {
  const span = range.max - range.min || Math.abs(range.max) || 1;
  const lo = range.min - span / 4;
  const hi = range.max + span / 4;
  return Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
}

/** The counting part of a HistogramResult. */
export type HistogramCounts = Pick<
  HistogramResult,
  | 'edges'
  | 'cleanCounts'
  | 'readCounts'
  | 'correctedCounts'
  | 'below'
  | 'above'
  | 'nan'
  | 'elements'
  | 'changed'
  | 'outOfRange'
>;

/** The histogram part of a HistogramResult from clean and as-read values (same length). */
export function valueHistogram(
  clean: Float32Array,
  read: Float32Array,
  range: ValueRange,
  correction: CorrectionMode,
  bins = 40,
): HistogramCounts {
  if (clean.length !== read.length)
    throw new Error(`valueHistogram: ${clean.length} clean values but ${read.length} read`);
  const edges = histogramEdges(range, bins);
  // The engine corrects the flipped values only (a clean value may lie just outside a calibrated range).
  const at: number[] = [];
  for (let i = 0; i < read.length; i++) if (!Object.is(read[i], clean[i])) at.push(i);
  const flipped = Float32Array.from(at, (i) => read[i]);
  const outOfRange = correctOutOfRange(flipped.slice(), range, 'zero');
  if (correction !== 'none') correctOutOfRange(flipped, range, correction);
  const fixed = new Float32Array(read);
  at.forEach((i, k) => (fixed[i] = flipped[k]));
  const r = binValues(read, edges);
  return {
    edges,
    cleanCounts: binValues(clean, edges).counts,
    readCounts: r.counts,
    correctedCounts: binValues(fixed, edges).counts,
    below: r.below,
    above: r.above,
    nan: r.nan,
    elements: read.length,
    changed: at.length,
    outOfRange,
  };
}

/** Two histograms over the same edges (e.g. two batches of images) summed into one. */
export function addHistograms(a: HistogramCounts, b: HistogramCounts): HistogramCounts {
  if (a.edges.length !== b.edges.length || a.edges.some((e, i) => e !== b.edges[i]))
    throw new Error('addHistograms: the two histograms have different bin edges');
  const sum = (x: number[], y: number[]) => x.map((v, i) => v + y[i]);
  return {
    edges: a.edges,
    cleanCounts: sum(a.cleanCounts, b.cleanCounts),
    readCounts: sum(a.readCounts, b.readCounts),
    correctedCounts: sum(a.correctedCounts, b.correctedCounts),
    below: a.below + b.below,
    above: a.above + b.above,
    nan: a.nan + b.nan,
    elements: a.elements + b.elements,
    changed: a.changed + b.changed,
    outOfRange: a.outOfRange + b.outOfRange,
  };
}

/**
 * Index of the largest value (first on ties), as tf.argMax — or NO_CLASS when a value is NaN
 * or ±Inf (src/core/stats.ts: such outputs predict no class; argMax of them was 0).
 */
export function argMax(values: ArrayLike<number>, from = 0, count = values.length): number {
  let best = 0;
  for (let i = 0; i < count; i++) {
    const v = values[from + i];
    if (!Number.isFinite(v)) return NO_CLASS;
    if (v > values[from + best]) best = i;
  }
  return best;
}

/** Most frequent value (smallest on ties). */
export function mode(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0];
  for (const [v, c] of counts)
    if (c > counts.get(best)! || (c === counts.get(best)! && v < best)) best = v;
  return best;
}

/** Images changed in more trials first, then by index. */
export function byTrialsChanged(a: ChangedImage, b: ChangedImage): number {
  return b.trialsChanged - a.trialsChanged || a.index - b.index;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
/** A drop in percentage points. */
const pts = (x: number) => `${(100 * x).toFixed(1)} points`;
/** A BER to two significant digits, as the page's header shows it (1.1e−4, 1e−3). */
const sci = (x: number) => x.toExponential(1).replace('.0e', 'e').replace('e-', 'e−');

function where(h: WhyHeader): string {
  return `${h.model} ${h.format} at BER ${sci(h.ber)}`;
}

/**
 * The view's one-sentence caption (teaching text), from its measured numbers: what a lecturer
 * reads aloud under the picture.
 */
export function caption(r: WhyResult): string {
  switch (r.view) {
    case 'bits': {
      const corr = r.rows.find((x) => x.correction !== 'none')?.correction ?? 'zero';
      const worst = (data: 'weights' | 'activations', c: CorrectionMode) => {
        const rows = r.rows.filter((x) => x.data === data && x.correction === c);
        const all = rows.find((x) => x.group === 'all');
        const top = rows.filter((x) => x.group !== 'all').sort((a, b) => b.drop - a.drop)[0];
        return { all, top };
      };
      // The data kind whose errors cost the most (at a high BER in int8 it is the activations).
      const kinds = (['weights', 'activations'] as const)
        .map((data) => ({ data, ...worst(data, 'none'), corrected: worst(data, corr).all }))
        .filter((k) => k.all && k.top);
      const k = kinds.sort((a, b) => b.all!.drop - a.all!.drop)[0];
      if (!k) return `${where(r)}: no bit-position rows.`;
      const all = k.all!;
      const top = k.top!;
      const share = all.drop > 0 ? Math.min(1, Math.max(0, top.drop / all.drop)) : 0;
      const name = top.group.startsWith('bit')
        ? top.group
        : `the ${top.group} bit${top.bits.length > 1 ? 's' : ''}`;
      // Below half a point a "costliest bit" is trial noise, not a finding.
      const bit =
        top.drop >= 0.005
          ? `${name} alone cost ${pts(top.drop)}` +
            (all.drop > 0.005 ? ` (${Math.round(100 * share)} % of it)` : '')
          : 'no single bit position costs half a point';
      return (
        `${where(r)}, ${k.data} without correction ${all.drop >= 0.005 ? 'fall' : 'barely move'} from ${pct(r.clean)} to ${pct(all.mean)}; ${bit}` +
        (k.corrected ? `; with ${corr} correction they score ${pct(k.corrected.mean)}.` : '.')
      );
    }
    case 'trials': {
      const lo = Math.min(...r.perTrial);
      const hi = Math.max(...r.perTrial);
      const flips = `${r.worst.weightFlipCount} weight bit${r.worst.weightFlipCount === 1 ? '' : 's'}`;
      if (r.perTrial.length === 1)
        return `${where(r)}, the one trial scores ${pct(lo)} with ${flips} flipped: run more trials to see the spread.`;
      return (
        `${where(r)}, ${r.trials} trials score from ${pct(lo)} to ${pct(hi)} (mean ${pct(r.estimate.mean)}): ` +
        `which bits flip matters; the worst trial flipped ${flips}.`
      );
    }
    case 'changed':
      return (
        `${where(r)}, ${r.changedCount} of ${r.samples} images change their prediction in some trial: ` +
        `per trial ${r.correctToWrong.toFixed(1)} go correct → wrong and ${r.wrongToCorrect.toFixed(1)} wrong → correct.`
      );
    case 'layers': {
      const top = [...r.rows].sort((a, b) => b.drop - a.drop)[0];
      if (!top) return `${where(r)}: no data types.`;
      return `${where(r)}, read alone through approximate DRAM, ${top.id} costs the most: ${pts(top.drop)} of ${pct(r.clean)}.`;
    }
    case 'histogram': {
      const share = r.changed ? r.outOfRange / r.changed : 0;
      return (
        `${where(r)}, ${r.changed} of ${r.elements} values of ${r.dataType} were read wrong; ` +
        `${Math.round(100 * share)} % of them left the clean range [${r.range.min.toPrecision(3)}, ${r.range.max.toPrecision(3)}]` +
        (r.correction === 'none'
          ? ' and stay there (no correction).'
          : ` and are ${r.correction === 'zero' ? 'zeroed' : 'clamped'}.`)
      );
    }
  }
}

/** Flat records of a result for CSV / JSON export (one per bar, point or image). */
export function exportRows(r: WhyResult): Record<string, string | number | boolean>[] {
  const head = { model: r.model, format: r.format, errorModel: r.errorModel.id, ber: r.ber };
  switch (r.view) {
    case 'bits':
      return r.rows.map((x) => ({
        ...head,
        data: x.data,
        correction: x.correction,
        group: x.group,
        bits: x.bits.join(' '),
        mean: x.mean,
        lo: x.lo,
        hi: x.hi,
        drop: x.drop,
      }));
    case 'trials':
      return r.perTrial.map((acc, trial) => ({ ...head, trial, accuracy: acc }));
    case 'changed':
      return r.images.map((im) => ({
        ...head,
        index: im.index,
        label: im.label,
        cleanPred: im.cleanPred,
        faultyPred: im.faultyPred,
        trialsChanged: im.trialsChanged,
      }));
    case 'layers':
      return r.rows.map((x) => ({
        ...head,
        dataType: x.id,
        kind: x.kind,
        mean: x.mean,
        lo: x.lo,
        hi: x.hi,
        drop: x.drop,
      }));
    case 'histogram':
      return r.cleanCounts.map((c, i) => ({
        ...head,
        dataType: r.dataType,
        from: r.edges[i],
        to: r.edges[i + 1],
        clean: c,
        read: r.readCounts[i],
        corrected: r.correctedCounts[i],
      }));
  }
}
