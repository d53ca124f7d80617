/**
 * Philox4x32-10, the counter-based generator of the GPU injection path (issue 17): J. K. Salmon,
 * M. A. Moraes, R. O. Dror and D. E. Shaw, "Parallel random numbers: as easy as 1, 2, 3",
 * SC 2011 (Random123). A keyed bijection of a 128-bit counter: output = Philox(key, counter),
 * four uniform 32-bit words per call, no state. So any element of any read can draw its bits
 * on its own — the same numbers whatever the batch size, workgroup layout or thread order —
 * and the draws of a read follow from its seeds alone. Passes BigCrush (the paper's Table 2).
 *
 * One round: (hi0, lo0) = M0 · c0, (hi1, lo1) = M1 · c2 (32 × 32 → 64-bit products),
 * c = (hi1 ⊕ c1 ⊕ k0, lo1, hi0 ⊕ c3 ⊕ k1, lo0); between rounds the key is bumped by the Weyl
 * constants (W0, W1). Ten rounds. The constants are Random123's philox.h. Only 32-bit integer
 * operations (the high half of a product from 16-bit halves), so the WGSL twin in
 * src/engine/kernels/gpuInject.ts computes the same words on a GPU. philox.test.ts checks
 * Random123's known-answer vectors (its kat_vectors file, "philox4x32 10" lines).
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two unsigned 32-bit integers. */
export function mulhi32(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const loLo = aLo * bLo;
  const hiLo = aHi * bLo;
  const loHi = aLo * bHi;
  const cross = (loLo >>> 16) + (hiLo & 0xffff) + (loHi & 0xffff);
  return (aHi * bHi + (hiLo >>> 16) + (loHi >>> 16) + Math.floor(cross / 65536)) >>> 0;
}

/**
 * Philox4x32-10 of counter (c0, c1, c2, c3) under key (k0, k1), all unsigned 32-bit; the four
 * output words are written to `out` (a new array if absent) and returned.
 */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array = new Uint32Array(4),
): Uint32Array {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    const hi0 = mulhi32(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi32(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
  return out;
}
