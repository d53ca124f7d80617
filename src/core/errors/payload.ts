/**
 * Seeded stand-in data for `inject` and the benchmark: weight-like values (standard normal, by
 * Box-Muller from the seeded stream) stored in a format, so that the bit patterns (sign,
 * exponent, two's complement codes) look like a real stored tensor's.
 */
import { encode, type EncodedTensor } from '../formats';
import { rngFor } from '../rng';
import { FORMAT_BITS, type Format } from '../types';

/** A tensor of `bytes` stored bytes in `format` (int4: two values per byte). */
export function randomPayload(bytes: number, format: Format, seed: number): EncodedTensor {
  const elements = Math.floor((bytes * 8) / FORMAT_BITS[format]);
  const values = new Float32Array(elements);
  const rng = rngFor(seed, 'payload', format);
  for (let i = 0; i < elements; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng.next()));
    const t = 2 * Math.PI * rng.next();
    values[i] = r * Math.cos(t);
    if (i + 1 < elements) values[i + 1] = r * Math.sin(t);
  }
  return encode(values, format);
}
