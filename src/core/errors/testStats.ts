/** Statistics shared by the error engine's tests (seeded, so each check is deterministic). */
import { rngFor } from '../rng';

/** Uniformly random bytes: as many ones as zeros on average. */
export function randomBytes(n: number, seed: number): Uint8Array {
  const rng = rngFor(seed, 'test-bytes');
  const words = new Uint32Array(Math.ceil(n / 4));
  for (let i = 0; i < words.length; i++) words[i] = rng.nextU32();
  return new Uint8Array(words.buffer, 0, n);
}

const ONES = Uint8Array.from({ length: 256 }, (_, b) => (b.toString(2).match(/1/g) ?? []).length);

export function popcount(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) n += ONES[bytes[i]];
  return n;
}

/** z standard deviations of Binomial(n, p) around its mean, plus one for discreteness. */
export function binomialBound(n: number, p: number, z = 5): number {
  return z * Math.sqrt(n * p * (1 - p)) + 1;
}

/** Upper critical value of χ²(df) at the 0.1 % level (Wilson–Hilferty, z = 3.09). */
export function chi2Critical(df: number, z = 3.09): number {
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** χ² statistic of a 2 × k homogeneity test (bins empty in both rows are dropped). */
export function chi2TwoSample(a: number[], b: number[]): { chi2: number; df: number } {
  const na = a.reduce((s, x) => s + x, 0);
  const nb = b.reduce((s, x) => s + x, 0);
  let chi2 = 0;
  let bins = 0;
  for (let i = 0; i < a.length; i++) {
    const t = a[i] + b[i];
    if (t === 0) continue;
    bins++;
    const ea = (t * na) / (na + nb);
    const eb = (t * nb) / (na + nb);
    chi2 += (a[i] - ea) ** 2 / ea + (b[i] - eb) ** 2 / eb;
  }
  return { chi2, df: bins - 1 };
}
