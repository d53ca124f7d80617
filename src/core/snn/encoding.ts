/**
 * Rate coding of images into input spike trains (Diehl et al. 2015, §2.3): at every timestep a
 * pixel of intensity x ∈ [0, 1] emits a spike with probability x · maxRate (a Bernoulli draw
 * per timestep, the discrete-time form of a Poisson process). Sample i of a data set always
 * uses the random stream (seed, 'poisson', i), so its spike trains do not depend on the batch
 * it runs in nor on the backend.
 */
import { rngFor, type Rng } from '../rng';
import type { SnnSpec } from './spec';

export class PoissonEncoder {
  private readonly rngs: Rng[];
  /** Per sample: indices of the non-zero pixels (only they can spike) and their probabilities. */
  private readonly active: { idx: Uint16Array; p: Float32Array }[];

  /**
   * @param images  n × pixels intensities in [0, 1], row-major
   * @param samples which rows to encode (their index is also their stream label)
   */
  constructor(
    images: Float32Array,
    readonly pixels: number,
    readonly samples: readonly number[],
    encoding: SnnSpec['encoding'],
  ) {
    this.rngs = samples.map((i) => rngFor(encoding.seed, 'poisson', i));
    this.active = samples.map((i) => {
      const row = images.subarray(i * pixels, (i + 1) * pixels);
      const idx: number[] = [];
      for (let k = 0; k < pixels; k++) if (row[k] > 0) idx.push(k);
      const p = Float32Array.from(idx, (k) => Math.min(1, row[k] * encoding.maxRate));
      return { idx: Uint16Array.from(idx), p };
    });
  }

  /** Writes the next timestep's spikes (0/1) of every sample into `out` (samples × pixels). */
  next(out: Float32Array): Float32Array {
    out.fill(0);
    for (let s = 0; s < this.samples.length; s++) {
      const { idx, p } = this.active[s];
      const rng = this.rngs[s];
      const base = s * this.pixels;
      for (let k = 0; k < idx.length; k++) if (rng.next() < p[k]) out[base + idx[k]] = 1;
    }
    return out;
  }
}
