/**
 * Leaky integrate-and-fire dynamics with reset by subtraction (see spec.ts for the equations)
 * and a plain-TypeScript reference simulation of one network over a batch. The engine runs
 * the same dynamics with tfjs matrix ops (src/engine/snn/simulate.ts); this one is the
 * definition the tests compare it with and is fast enough for small batches.
 */
import { PoissonEncoder } from './encoding';
import type { SnnSpec } from './spec';

/**
 * One timestep of a population: v ← leak·v + current; spike where v ≥ θ; v ← v − θ at spikes.
 * Writes 0/1 into `spikes` and returns the number of spikes.
 */
export function lifStep(
  v: Float32Array,
  current: Float32Array,
  threshold: number,
  leak: number,
  spikes: Float32Array,
): number {
  let n = 0;
  for (let j = 0; j < v.length; j++) {
    const u = leak * v[j] + current[j];
    if (u >= threshold) {
      v[j] = u - threshold;
      spikes[j] = 1;
      n++;
    } else {
      v[j] = u;
      spikes[j] = 0;
    }
  }
  return n;
}

/** Readout score of output neuron j: charge delivered, count · θ + residual potential. */
export function readoutScore(count: number, v: number, threshold: number): number {
  return count * threshold + v;
}

export interface SnnRunResult {
  /** samples × classes readout scores. */
  scores: Float32Array;
  /** Predicted class per sample. */
  predictions: Int32Array;
  /** Total spikes per layer (input spikes first), summed over samples and timesteps. */
  spikes: number[];
}

/** Index of the largest value of each row (first one on ties). */
export function argmaxRows(values: Float32Array, cols: number): Int32Array {
  const rows = values.length / cols;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (values[r * cols + c] > values[r * cols + best]) best = c;
    out[r] = best;
  }
  return out;
}

/**
 * Reference simulation: `kernels[l]` is layer l's weight matrix [inputs, outputs] (row-major,
 * as read from DRAM), `images` n × pixels in [0, 1]; event-driven (a spike adds a kernel row).
 */
export function simulateReference(
  spec: SnnSpec,
  kernels: Float32Array[],
  images: Float32Array,
  samples: readonly number[],
): SnnRunResult {
  const layers = spec.layers;
  const pixels = layers[0].inputs;
  const classes = layers[layers.length - 1].outputs;
  const enc = new PoissonEncoder(images, pixels, samples, spec.encoding);
  const inSpikes = new Float32Array(samples.length * pixels);
  const scores = new Float32Array(samples.length * classes);
  const spikes = new Array<number>(layers.length + 1).fill(0);
  const v = layers.map((l) => new Float32Array(samples.length * l.outputs));
  const counts = new Float32Array(samples.length * classes);
  const current = layers.map((l) => new Float32Array(l.outputs));
  const out = layers.map((l) => new Float32Array(l.outputs));
  for (let t = 0; t < spec.timesteps; t++) {
    enc.next(inSpikes);
    for (let s = 0; s < samples.length; s++) {
      let prev = inSpikes.subarray(s * pixels, (s + 1) * pixels);
      for (const x of prev) spikes[0] += x;
      for (let l = 0; l < layers.length; l++) {
        const { outputs, threshold } = layers[l];
        const cur = current[l].fill(0);
        const k = kernels[l];
        for (let i = 0; i < prev.length; i++) {
          if (prev[i] === 0) continue;
          const o = i * outputs;
          for (let j = 0; j < outputs; j++) cur[j] += k[o + j];
        }
        const vs = v[l].subarray(s * outputs, (s + 1) * outputs);
        spikes[l + 1] += lifStep(vs, cur, threshold, spec.leak, out[l]);
        prev = out[l];
      }
      const o = s * classes;
      for (let j = 0; j < classes; j++) counts[o + j] += prev[j];
    }
  }
  const last = layers[layers.length - 1];
  const vOut = v[layers.length - 1];
  for (let i = 0; i < scores.length; i++)
    scores[i] = readoutScore(counts[i], vOut[i], last.threshold);
  return { scores, predictions: argmaxRows(scores, classes), spikes };
}
