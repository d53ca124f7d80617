import { describe, expect, it } from 'vitest';
import { rngFor } from '../rng';
import { FORMATS, FORMAT_BITS } from '../types';
import { bitGroups, bitPositionMask, flipCandidates, flipPositions, injectErrors } from './index';
import { UniformMaskSampler } from './uniformMasks';
import type { InjectOptions } from './index';
import type { ErrorModelSpec } from '../types';

const payload = (n: number, seed = 3) => {
  const rng = rngFor(seed, 'bitmask-test');
  return Uint8Array.from({ length: n }, () => rng.nextU32() & 0xff);
};

const options = (errorModel: ErrorModelSpec, over: Partial<InjectOptions> = {}): InjectOptions => ({
  errorModel,
  ber: 0.01,
  moduleSeed: 5,
  trialSeed: 9,
  stream: 'conv/weights',
  placement: { baseAddress: 100, rowBytes: 256 },
  ...over,
});

const MODELS: ErrorModelSpec[] = [
  { id: 0 },
  { id: 0, persistent: true },
  { id: 1, weakFraction: 0.2 },
  { id: 2, weakFraction: 0.2 },
  { id: 3, oneToZeroShare: 0.8 },
];

describe('bit-position masks (issue #16)', () => {
  it('a mask keeping every bit gives bit-identical reads, positions and candidates', () => {
    for (const format of FORMATS) {
      const all = bitPositionMask(
        format,
        Array.from({ length: FORMAT_BITS[format] }, (_, i) => i),
      );
      for (const em of MODELS) {
        const a = payload(4096);
        const b = a.slice();
        const sa = injectErrors(a, options(em));
        const sb = injectErrors(b, options(em, { bitMask: all }));
        expect(b).toEqual(a);
        expect(sb).toEqual(sa);
        expect(sa.flips).toBeGreaterThan(0);
        const bytes = em.id === 3 ? payload(4096) : null;
        expect(flipPositions(bytes, 4096 * 8, options(em, { bitMask: all }))).toEqual(
          flipPositions(bytes, 4096 * 8, options(em)),
        );
        expect(flipCandidates(4096 * 8, options(em, { bitMask: all }))).toEqual(
          flipCandidates(4096 * 8, options(em)),
        );
      }
    }
  });

  it('a mask keeps exactly the drawn flips on its bits, none elsewhere', () => {
    for (const em of MODELS) {
      const bytes = em.id === 3 ? payload(8192) : null;
      const every = flipPositions(bytes, 8192 * 8, options(em));
      const sign = flipPositions(
        bytes,
        8192 * 8,
        options(em, { bitMask: bitPositionMask('int8', [7]) }),
      );
      expect(Array.from(sign)).toEqual(Array.from(every).filter((p) => p % 8 === 7));
      // fp32 exponent bits 23..30 of each 32-bit element.
      const exp = bitPositionMask('fp32', [23, 24, 25, 26, 27, 28, 29, 30]);
      const e = flipPositions(bytes, 8192 * 8, options(em, { bitMask: exp }));
      expect(e.length).toBeGreaterThan(0);
      for (const p of e) expect(p % 32 >= 23 && p % 32 <= 30).toBe(true);
    }
  });

  it('the per-unit sampler filters its masks the same way; keeping all bits changes nothing', () => {
    for (const bits of [4, 8, 16, 32]) {
      for (const how of ['dense', 'sparse'] as const) {
        const s = new UniformMaskSampler(0.05, bits);
        const collect = (keep?: number) => {
          const out: [number, number][] = [];
          s.visit(rngFor(1, 'm', bits), 0, 5000, (e, m) => out.push([e, m]), how, keep);
          return out;
        };
        const plain = collect();
        expect(collect(0xffffffff)).toEqual(plain);
        const low = collect(1);
        expect(low).toEqual(plain.filter(([, m]) => m & 1).map(([e]) => [e, 1]));
      }
    }
  });

  it('bit groups: every int bit alone (MSB = sign), fp32 by IEEE-754 field', () => {
    expect(bitGroups('int8').map((g) => g.label)).toEqual([
      'sign',
      'bit 6',
      'bit 5',
      'bit 4',
      'bit 3',
      'bit 2',
      'bit 1',
      'bit 0',
    ]);
    expect(bitGroups('int4').map((g) => g.bits)).toEqual([[3], [2], [1], [0]]);
    const fp = bitGroups('fp32');
    expect(fp.map((g) => [g.label, g.bits.length])).toEqual([
      ['sign', 1],
      ['exponent', 8],
      ['mantissa', 23],
    ]);
    expect(() => bitPositionMask('int4', [4])).toThrow(/bit 4 is not a bit of a int4 value/);
  });
});
