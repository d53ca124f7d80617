/**
 * The DRAM array view's data: a window of ROWS rows × BITLINES bitlines at the start of a
 * partition, read once through the error engine (src/core/errors) at the operating BER.
 * Weak rows/bitlines depend only on the line index and the module seed (docs/design.md §1), so this
 * window shows exactly the lines the real module (8 KiB rows) has weak at the same indices.
 */
import {
  DEFAULT_WEAK_FRACTION,
  injectErrors,
  weakLineMask,
  type InjectStats,
} from '../../core/errors';
import { rngFor } from '../../core/rng';
import type { ErrorModelSpec } from '../../core/types';

export const ROWS = 32;
export const BITLINES = 128;
const ROW_BYTES = BITLINES / 8;

export interface ArrayRead {
  stored: Uint8Array;
  read: Uint8Array;
  weakRows: Uint8Array | null;
  weakBitlines: Uint8Array | null;
  stats: InjectStats;
}

/** Example stored data: seeded random bytes with more 0s than 1s in high bits, like small weights. */
export function exampleData(seed: number): Uint8Array {
  const rng = rngFor(seed, 'ui-array-view');
  const bytes = new Uint8Array(ROWS * ROW_BYTES);
  for (let i = 0; i < bytes.length; i++) {
    // A small two's complement int8: |q| mostly < 32, so the sign-extension bits repeat.
    const q = Math.round((rng.next() - 0.5) * 64 * rng.next());
    bytes[i] = q & 0xff;
  }
  return bytes;
}

export function readArray(
  errorModel: ErrorModelSpec,
  ber: number,
  moduleSeed: number,
  trialSeed: number,
): ArrayRead {
  const stored = exampleData(moduleSeed);
  const read = stored.slice();
  const stats = injectErrors(read, {
    errorModel,
    ber,
    moduleSeed,
    trialSeed,
    stream: 'ui/array-view',
    placement: { baseAddress: 0, rowBytes: ROW_BYTES },
  });
  const wf = errorModel.weakFraction ?? DEFAULT_WEAK_FRACTION;
  return {
    stored,
    read,
    weakRows: errorModel.id === 1 ? weakLineMask(moduleSeed, 'row', wf, 0, ROWS) : null,
    weakBitlines: errorModel.id === 2 ? weakLineMask(moduleSeed, 'bitline', wf, 0, BITLINES) : null,
    stats,
  };
}

/** Bit of the window at (row, bitline): bitline = byteInRow·8 + bit (docs/design.md §2). */
export function bitAt(bytes: Uint8Array, row: number, bitline: number): number {
  return (bytes[row * ROW_BYTES + (bitline >> 3)] >> (bitline & 7)) & 1;
}
