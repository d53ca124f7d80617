/**
 * Clipped activation ranges for boosting (FT-ClipAct, Hoang et al., DATE 2020; the schedule's
 * `activationClip`, src/core/eden/schedule.ts): each IFM/OFM's range tightened from the
 * calibration maximum to a quantile of |x| over the calibration images, the logits' to a
 * quantile of the images' largest logit (kept above nearly all runner-up logits, logitBound).
 * The first compute layer's IFM (the image, perhaps
 * flattened) keeps its range: the data fix it, not the network.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Dataset } from '../core/data';
import type { ActivationClip } from '../core/eden/schedule';
import type { ZooEntry } from '../core/models/zoo';
import { computeLayers, runLayered } from './executor';
import { batchTensors } from './train';
import { rngFor, type Rng } from '../core/rng';

type Range = { min: number; max: number };

/** Values kept per tensor and batch for the quantile (a seeded random subsample). */
const SUBSAMPLE = 50_000;

/** The q-quantile (nearest rank) of `values` (sorted in place). */
export function quantileOf(values: Float32Array | number[], q: number): number {
  if (!values.length) throw new Error('quantileOf: no values');
  const v = values instanceof Float32Array ? values.sort() : values.sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))];
}

/** |x| of `data`, or a seeded random subsample of SUBSAMPLE of them. */
function absSample(data: Float32Array, rng: Rng): Float32Array {
  if (data.length <= SUBSAMPLE) return data.map(Math.abs);
  const out = new Float32Array(SUBSAMPLE);
  for (let i = 0; i < SUBSAMPLE; i++) out[i] = Math.abs(data[Math.floor(rng.next() * data.length)]);
  return out;
}

/** The arrays one after the other in one new array. */
export function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The clipped IFM/OFM ranges of `model` (float forward pass, first `samples` images of
 * `calibration`): for every activation data type of `entry`, its range intersected with
 * [−c, c], c the clip bound. Returns only the data types whose range it sets.
 */
export async function clippedActivationRanges(
  model: LayersModel,
  entry: Pick<ZooEntry, 'dataTypes'>,
  calibration: Dataset,
  clip: ActivationClip,
  samples = 1000,
): Promise<Map<string, Range>> {
  const layers = computeLayers(model);
  const logitsId = `${layers[layers.length - 1].name}/ofm`;
  const inputId = `${layers[0].name}/ifm`;
  const parts = new Map<string, Float32Array[]>();
  const tops: number[] = [];
  const seconds: number[] = [];
  // Fixed stream: the clip ranges are a property of the model, not of a trial.
  const rng = rngFor(0, 'activation-clip-subsample');
  const n = Math.min(samples, calibration.count);
  const bs = 250;
  for (let start = 0; start < n; start += bs) {
    const idx = Array.from({ length: Math.min(bs, n - start) }, (_, i) => start + i);
    const { x, y } = batchTensors(calibration, idx);
    const record = (kind: 'ifm' | 'ofm') => (layer: string, t: tf.Tensor) => {
      const id = `${layer}/${kind}`;
      if (id === inputId) return t;
      const data = t.dataSync() as Float32Array;
      if (id === logitsId) {
        const classes = t.shape[t.shape.length - 1] ?? 1;
        for (let i = 0; i < data.length; i += classes) {
          let [first, second] = [-Infinity, -Infinity];
          for (let k = 0; k < classes; k++) {
            const v = data[i + k];
            if (v > first) [first, second] = [v, first];
            else if (v > second) second = v;
          }
          tops.push(first);
          seconds.push(second);
        }
      } else {
        const list = parts.get(id) ?? [];
        list.push(absSample(data, rng));
        parts.set(id, list);
      }
      return t;
    };
    tf.dispose(runLayered(model, x, { ifm: record('ifm'), ofm: record('ofm') }));
    tf.dispose([x, y]);
  }
  const ranges = new Map<string, Range>();
  for (const d of entry.dataTypes) {
    if (d.kind === 'weights' || d.id === inputId) continue;
    let c: number;
    if (d.id === logitsId) {
      if (!tops.length) continue;
      c = logitBound(tops, seconds, clip.logitQuantile);
    } else {
      const p = parts.get(d.id);
      if (!p) continue;
      c = quantileOf(concat(p), clip.quantile);
    }
    if (!(c > 0)) continue;
    ranges.set(d.id, { min: Math.max(d.range.min, -c), max: Math.min(d.range.max, c) });
  }
  return ranges;
}

/** Share of images whose runner-up logit may reach the logit bound (and tie with the winner there). */
export const LOGIT_TIE_SHARE = 0.01;

/**
 * The logits' clip bound: the q-quantile of the images' top logit, but never below the
 * (1 − LOGIT_TIE_SHARE)-quantile of their runner-up logit, so clipping ties (argmax at the
 * bound) at most ~1 % of the images.
 */
export function logitBound(tops: number[], seconds: number[], q: number): number {
  const c = quantileOf(tops, q);
  const runnerUp = seconds.some(Number.isFinite) ? quantileOf(seconds, 1 - LOGIT_TIE_SHARE) : c;
  return Math.abs(Math.max(c, runnerUp));
}

/** `entry`'s data types with the ranges in `ranges` put in (the others as they are). */
export function withRanges<E extends Pick<ZooEntry, 'dataTypes'>>(
  entry: E,
  ranges: ReadonlyMap<string, Range>,
): E {
  return {
    ...entry,
    dataTypes: entry.dataTypes.map((d) => {
      const r = ranges.get(d.id);
      return r ? { ...d, range: r } : d;
    }),
  };
}
