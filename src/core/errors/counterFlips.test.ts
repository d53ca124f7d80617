/**
 * The counter-based sampler of the GPU path (counterFlips.ts) on the host: reproducible from
 * its seeds, every bit an independent Bernoulli draw at the model's rate (the same law as the
 * CPU sampler, uniformMasks.ts), weak-line containment (models 1/2), the 1→0 / 0→1 split
 * (model 3), and persistent cells fixed by their address.
 */
import { describe, expect, it } from 'vitest';
import { rngFor } from '../rng';
import { counterMask, counterRead, threshold64, type CounterRead } from './counterFlips';
import {
  checkContainment,
  checkIndependentFlips,
  checkSameLaw,
  checkValueSplit,
} from './maskChecks';
import { UniformMaskSampler } from './uniformMasks';
import { weakLinesOf } from './weakLines';

const PLACE = { baseAddress: 12_345, rowBytes: 256 };

function masksOf(r: CounterRead, n: number, codes?: Uint32Array, read = 0): Uint32Array {
  return Uint32Array.from({ length: n }, (_, e) => counterMask(r, read, e, codes ? codes[e] : 0));
}

function randomCodes(n: number, bits: number, seed: number): Uint32Array {
  const rng = rngFor(seed, 'codes');
  return Uint32Array.from({ length: n }, () =>
    bits === 32 ? rng.nextU32() : rng.nextU32() & (2 ** bits - 1),
  );
}

describe('threshold64', () => {
  it('resolves p to 2^-64', () => {
    expect(threshold64(0)).toEqual([0, 0]);
    expect(threshold64(1)).toEqual([0xffffffff, 0xffffffff]);
    expect(threshold64(0.5)).toEqual([0x80000000, 0]);
    const [hi, lo] = threshold64(1e-10);
    expect(hi).toBe(0);
    expect(Math.abs(lo / 2 ** 64 - 1e-10)).toBeLessThan(1e-18);
  });
});

describe('counter-based sampler', () => {
  it('gives the same masks for the same seeds, other masks for another trial, read or data type', () => {
    const r = counterRead({ id: 0 }, 0.05, 8, 1, 7, 'conv1/ofm', PLACE);
    const a = masksOf(r, 2000);
    expect(masksOf(counterRead({ id: 0 }, 0.05, 8, 1, 7, 'conv1/ofm', PLACE), 2000)).toEqual(a);
    expect(masksOf(counterRead({ id: 0 }, 0.05, 8, 1, 8, 'conv1/ofm', PLACE), 2000)).not.toEqual(a);
    expect(masksOf(counterRead({ id: 0 }, 0.05, 8, 1, 7, 'conv2/ofm', PLACE), 2000)).not.toEqual(a);
    expect(masksOf(r, 2000, undefined, 1)).not.toEqual(a);
  });

  const cases: [number, number][] = [
    [4, 0.03],
    [8, 1e-2],
    [8, 0.2],
    [16, 0.02],
    [32, 0.005],
  ];
  it.each(cases)(
    'model 0, %i-bit elements at p = %f: per-bit rate, popcount law, pairs, same law as the CPU sampler',
    (bits, p) => {
      const n = Math.ceil(3000 / (p * bits)) + 2000;
      const r = counterRead({ id: 0 }, p, bits, 3, 11, 'fc1/ifm', PLACE);
      const masks = masksOf(r, n);
      const cpu = new Uint32Array(n);
      new UniformMaskSampler(p, bits).visit(rngFor(5, 'cpu-law'), 0, n, (e, m) => (cpu[e] = m));
      expect([
        ...checkIndependentFlips(masks, bits, p, 'counter'),
        ...checkSameLaw(masks, cpu, bits, 'counter vs CPU'),
      ]).toEqual([]);
    },
  );

  it.each([1, 2] as const)('model %i: flips only in weak lines, at ber / f there', (id) => {
    const bits = 8;
    const f = 0.125;
    const ber = 0.01;
    const n = 40_000;
    const r = counterRead({ id, weakFraction: f }, ber, bits, 9, 2, 'conv2/weights', PLACE);
    const weak = weakLinesOf(9, id === 1 ? 'row' : 'bitline', f);
    const site = (e: number, k: number) => {
      const pos = e * bits + k;
      const byte = PLACE.baseAddress + Math.floor(pos / 8);
      return id === 1
        ? weak.isWeak(Math.floor(byte / PLACE.rowBytes))
        : weak.isWeak((byte % PLACE.rowBytes) * 8 + (pos % 8));
    };
    expect(checkContainment(masksOf(r, n), bits, ber / f, site, `model ${id}`)).toEqual([]);
  });

  it('model 3: stored ones flip at p1, zeros at p0 (1→0 share 0.8)', () => {
    const bits = 16;
    const n = 20_000;
    const ber = 0.01;
    const codes = randomCodes(n, bits, 4);
    const r = counterRead({ id: 3, oneToZeroShare: 0.8 }, ber, bits, 2, 5, 'fc2/ofm', PLACE);
    expect(
      checkValueSplit(masksOf(r, n, codes), codes, bits, 1.6 * ber, 0.4 * ber, 'model 3'),
    ).toEqual([]);
  });

  it('persistent: the same cells fail on every read and trial, and keep failing at higher BER', () => {
    const spec = { id: 0 as const, persistent: true };
    const low = counterRead(spec, 0.01, 8, 6, 1, 'a', PLACE);
    const other = counterRead(spec, 0.01, 8, 6, 99, 'a', PLACE);
    const high = counterRead(spec, 0.05, 8, 6, 1, 'a', PLACE);
    const a = masksOf(low, 5000);
    expect(masksOf(other, 5000, undefined, 3)).toEqual(a);
    const b = masksOf(high, 5000);
    for (let e = 0; e < a.length; e++) expect(a[e] & ~b[e]).toBe(0);
    expect(checkIndependentFlips(a, 8, 0.01, 'persistent')).toEqual([]);
  });
});

describe('the mask checks can fail', () => {
  const n = 20_000;
  const p = 0.02;
  const good = masksOf(counterRead({ id: 0 }, p, 8, 1, 1, 'x', PLACE), n);
  it('on a wrong rate, on bits that flip together, on another law', () => {
    expect(checkIndependentFlips(good, 8, 1.3 * p, 'rate')).not.toEqual([]);
    // Every flip of bit 0 also flips bit 1: rates of bit 1 and pairs are off.
    const paired = good.map((m) => (m & 1 ? m | 2 : m));
    expect(checkIndependentFlips(paired, 8, p, 'pairs').join()).toMatch(/together|bit 1/);
    const other = masksOf(counterRead({ id: 0 }, 2 * p, 8, 1, 1, 'x', PLACE), n);
    expect(checkSameLaw(good, other, 8, 'law')).not.toEqual([]);
  });
  it('on flips outside weak lines and on a wrong 1→0 / 0→1 split', () => {
    expect(checkContainment(good, 8, p, (e) => e % 2 === 0, 'weak')).not.toEqual([]);
    const codes = randomCodes(n, 8, 2);
    expect(checkValueSplit(good, codes, 8, 1.6 * p, 0.4 * p, 'split')).not.toEqual([]);
  });
});
