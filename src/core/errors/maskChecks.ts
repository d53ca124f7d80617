/**
 * Statistical checks of per-element flip masks, shared by the Node tests of the counter-based
 * sampler (counterFlips.test.ts) and the browser tests of the WebGPU kernel
 * (test/e2e/gpuInject.e2e.ts). Each returns the failed checks as one-line messages (empty: all
 * passed). Bounds: 5 standard deviations for counts (testStats.ts binomialBound), the 0.1 %
 * level for χ² (chi2Critical).
 */
import { binomialBound, chi2Critical, chi2TwoSample } from './testStats';

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

/** Binomial(n, p) probabilities of 0..n. */
export function binomialPmf(n: number, p: number): number[] {
  const pmf: number[] = [];
  let c = 1;
  for (let k = 0; k <= n; k++) {
    pmf.push(c * p ** k * (1 - p) ** (n - k));
    c = (c * (n - k)) / (k + 1);
  }
  return pmf;
}

/** Popcount histogram (0..bits) of the masks. */
export function popcountHistogram(masks: ArrayLike<number>, bits: number): number[] {
  const h = new Array<number>(bits + 1).fill(0);
  for (let i = 0; i < masks.length; i++) h[popcount(masks[i])]++;
  return h;
}

/**
 * Masks whose every bit flips independently with probability p: each bit position's rate
 * (binomial bound), the popcount law (χ² against Binomial(bits, p), bins pooled to an
 * expected count ≥ 5), and pairs of bits (neighbours in an element, the same bit of
 * neighbouring elements) flipping together at p² (binomial bound).
 */
export function checkIndependentFlips(
  masks: ArrayLike<number>,
  bits: number,
  p: number,
  label: string,
): string[] {
  const fails: string[] = [];
  const n = masks.length;
  const perBit = new Array<number>(bits).fill(0);
  let pairsIn = 0;
  let pairsAcross = 0;
  for (let e = 0; e < n; e++) {
    const m = masks[e];
    for (let k = 0; k < bits; k++) perBit[k] += (m >>> k) & 1;
    pairsIn += popcount(m & (m >>> 1) & (bits === 32 ? 0x7fffffff : 2 ** (bits - 1) - 1));
    if (e + 1 < n) pairsAcross += popcount(m & masks[e + 1]);
  }
  const bound = binomialBound(n, p);
  perBit.forEach((c, k) => {
    if (Math.abs(c - n * p) > bound)
      fails.push(
        `${label}: bit ${k} flipped ${c} times in ${n}, expected ${(n * p).toFixed(1)} ± ${bound.toFixed(1)}`,
      );
  });
  const pmf = binomialPmf(bits, p);
  const hist = popcountHistogram(masks, bits);
  let chi2 = 0;
  let bins = 0;
  let pooledObs = 0;
  let pooledExp = 0;
  for (let k = 0; k <= bits; k++) {
    pooledObs += hist[k];
    pooledExp += n * pmf[k];
    if (pooledExp >= 5 || k === bits) {
      if (pooledExp > 0) {
        chi2 += (pooledObs - pooledExp) ** 2 / pooledExp;
        bins++;
      }
      pooledObs = 0;
      pooledExp = 0;
    }
  }
  if (bins > 1 && chi2 > chi2Critical(bins - 1))
    fails.push(
      `${label}: popcount law χ² ${chi2.toFixed(1)} over ${bins} bins (critical ${chi2Critical(bins - 1).toFixed(1)}), histogram ${hist}`,
    );
  const inPairs = n * (bits - 1);
  if (Math.abs(pairsIn - inPairs * p * p) > binomialBound(inPairs, p * p))
    fails.push(
      `${label}: neighbouring bits flipped together ${pairsIn} times, expected ${(inPairs * p * p).toFixed(1)}`,
    );
  const acrossPairs = (n - 1) * bits;
  if (Math.abs(pairsAcross - acrossPairs * p * p) > binomialBound(acrossPairs, p * p))
    fails.push(
      `${label}: a bit and the same bit of the next element flipped together ${pairsAcross} times, expected ${(acrossPairs * p * p).toFixed(1)}`,
    );
  return fails;
}

/**
 * Error models 1/2: no flip outside the sites that can fail (`site(element, bit)`), and the
 * flip rate at those sites is q (binomial bound).
 */
export function checkContainment(
  masks: ArrayLike<number>,
  bits: number,
  q: number,
  site: (element: number, bit: number) => boolean,
  label: string,
): string[] {
  let sites = 0;
  let flips = 0;
  let outside = 0;
  for (let e = 0; e < masks.length; e++) {
    for (let k = 0; k < bits; k++) {
      const flipped = (masks[e] >>> k) & 1;
      if (site(e, k)) {
        sites++;
        flips += flipped;
      } else outside += flipped;
    }
  }
  const fails: string[] = [];
  if (outside) fails.push(`${label}: ${outside} flips outside weak lines`);
  if (sites === 0) fails.push(`${label}: no weak site in the tensor`);
  else if (Math.abs(flips - sites * q) > binomialBound(sites, q))
    fails.push(
      `${label}: ${flips} flips at ${sites} weak sites, expected ${(sites * q).toFixed(1)}`,
    );
  return fails;
}

/** Error model 3: stored ones flip at p1, stored zeros at p0 (`codes`: the stored codes). */
export function checkValueSplit(
  masks: ArrayLike<number>,
  codes: ArrayLike<number>,
  bits: number,
  p1: number,
  p0: number,
  label: string,
): string[] {
  let ones = 0;
  let zeros = 0;
  let oneToZero = 0;
  let zeroToOne = 0;
  for (let e = 0; e < masks.length; e++) {
    for (let k = 0; k < bits; k++) {
      const f = (masks[e] >>> k) & 1;
      if ((codes[e] >>> k) & 1) {
        ones++;
        oneToZero += f;
      } else {
        zeros++;
        zeroToOne += f;
      }
    }
  }
  const fails: string[] = [];
  if (Math.abs(oneToZero - ones * p1) > binomialBound(ones, p1))
    fails.push(
      `${label}: ${oneToZero} 1→0 flips of ${ones} ones, expected ${(ones * p1).toFixed(1)}`,
    );
  if (Math.abs(zeroToOne - zeros * p0) > binomialBound(zeros, p0))
    fails.push(
      `${label}: ${zeroToOne} 0→1 flips of ${zeros} zeros, expected ${(zeros * p0).toFixed(1)}`,
    );
  return fails;
}

/** Two samplers of the same law: χ² homogeneity of their popcount histograms (0.1 % level). */
export function checkSameLaw(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  bits: number,
  label: string,
): string[] {
  // Sparse tail bins pooled (χ² needs counts of ~10 per bin).
  const pool = (ha: number[], hb: number[]) => {
    const pa: number[] = [];
    const pb: number[] = [];
    for (let k = 0; k < ha.length; k++) {
      if (pa.length && ha[k] + hb[k] < 10) {
        pa[pa.length - 1] += ha[k];
        pb[pb.length - 1] += hb[k];
      } else {
        pa.push(ha[k]);
        pb.push(hb[k]);
      }
    }
    return [pa, pb];
  };
  const [ha, hb] = pool(popcountHistogram(a, bits), popcountHistogram(b, bits));
  const { chi2, df } = chi2TwoSample(ha, hb);
  return df > 0 && chi2 > chi2Critical(df)
    ? [
        `${label}: popcount histograms differ, χ² ${chi2.toFixed(1)} (df ${df}, critical ${chi2Critical(df).toFixed(1)})`,
      ]
    : [];
}
