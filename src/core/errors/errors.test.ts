import { describe, expect, it } from 'vitest';
import type { ErrorModelId, ErrorModelSpec } from '../types';
import {
  DEFAULT_WEAK_FRACTION,
  maxBerFor,
  flipCandidates,
  flipPositions,
  injectErrors,
  weakLineMask,
  wordMasks,
  type InjectOptions,
} from './index';
import { WEAK_BLOCK, weakLinesOf } from './weakLines';
import { binomialBound, chi2Critical, chi2TwoSample, popcount, randomBytes } from './testStats';

const ROW = 1024; // small rows so that a few hundred KB span many rows

function opts(
  errorModel: ErrorModelSpec,
  ber: number,
  extra: Partial<InjectOptions> = {},
): InjectOptions {
  return {
    errorModel,
    ber,
    moduleSeed: 11,
    trialSeed: 5,
    stream: 'test',
    placement: { baseAddress: 0, rowBytes: ROW },
    ...extra,
  };
}

/** Bits of the tensor that lie in weak lines, counted from the weak-line masks (not the sampler). */
function weakSites(
  id: 1 | 2,
  f: number,
  bytes: number,
  placement = { baseAddress: 0, rowBytes: ROW },
): number {
  const { baseAddress, rowBytes } = placement;
  const firstRow = Math.floor(baseAddress / rowBytes);
  const lastRow = Math.floor((baseAddress + bytes - 1) / rowBytes);
  const rows = weakLineMask(11, 'row', f, firstRow, lastRow - firstRow + 1);
  const bitlines = weakLineMask(11, 'bitline', f, 0, rowBytes * 8);
  const weakBitsOfColumn = Array.from({ length: rowBytes }, (_, c) =>
    bitlines.subarray(c * 8, c * 8 + 8).reduce((s, x) => s + x, 0),
  );
  let n = 0;
  for (let i = 0; i < bytes; i++) {
    const a = baseAddress + i;
    n += id === 1 ? rows[Math.floor(a / rowBytes) - firstRow] * 8 : weakBitsOfColumn[a % rowBytes];
  }
  return n;
}

describe('measured BER within a binomial bound of the request', () => {
  const cases: [number, number][] = [
    // Whole blocks of 64 rows (64 KiB), so the weak share is f up to one line.
    [1e-6, 8 << 20],
    [1e-4, 2 << 20],
    [1e-2, 1 << 20],
    [0.2, 256 << 10],
  ];
  for (const [ber, bytes] of cases) {
    for (const id of [0, 1, 2, 3] as ErrorModelId[]) {
      for (const persistent of [false, true]) {
        it(`model ${id}, ber ${ber}, ${persistent ? 'persistent' : 'per read'}`, () => {
          const f = 0.25;
          const spec: ErrorModelSpec = { id, weakFraction: f, oneToZeroShare: 0.7, persistent };
          const data = randomBytes(bytes, 3);
          const ones = popcount(data);
          const n = bytes * 8;
          const stats = injectErrors(data, opts(spec, ber));
          expect(stats.bits).toBe(n);
          if (id === 0) {
            expect(Math.abs(stats.flips - n * ber)).toBeLessThanOrEqual(binomialBound(n, ber));
          } else if (id === 3) {
            // 1→0 at p1 = 2·0.7·ber on the ones, 0→1 at p0 = 2·0.3·ber on the zeros.
            const p1 = 1.4 * ber;
            const p0 = 0.6 * ber;
            expect(Math.abs(stats.oneToZero - ones * p1)).toBeLessThanOrEqual(
              binomialBound(ones, p1),
            );
            expect(Math.abs(stats.zeroToOne - (n - ones) * p0)).toBeLessThanOrEqual(
              binomialBound(n - ones, p0),
            );
          } else {
            // Bits in weak lines flip with ber / f; the weak share of the tensor's bits is f up to
            // the rounding of one 64-line block.
            const sites = weakSites(id, f, bytes);
            expect(stats.outsideWeak).toBe(0);
            expect(Math.abs(stats.flips - sites * (ber / f))).toBeLessThanOrEqual(
              binomialBound(sites, ber / f),
            );
            const lines = id === 1 ? bytes / ROW : ROW * 8;
            expect(Math.abs(sites / n - f)).toBeLessThanOrEqual(1 / lines + 1e-12);
          }
          expect(stats.oneToZero + stats.zeroToOne).toBe(stats.flips);
        });
      }
    }
  }

  it('ber 0 flips nothing and ber 1 flips every bit (model 0) or every weak bit (model 1)', () => {
    const data = randomBytes(4096, 1);
    const copy = data.slice();
    expect(injectErrors(data, opts({ id: 0 }, 0)).flips).toBe(0);
    expect(data).toEqual(copy);
    expect(injectErrors(data, opts({ id: 0 }, 1)).flips).toBe(4096 * 8);
    expect(data).toEqual(copy.map((b) => b ^ 0xff));
    const all = injectErrors(randomBytes(4096, 1), opts({ id: 1, weakFraction: 0.5 }, 0.5));
    expect(all.flips).toBe(weakSites(1, 0.5, 4096));
  });
});

describe('flip count distribution is exactly binomial', () => {
  it('variance over 400 reads matches n·p·(1−p), not the Poisson n·p (p = 0.2)', () => {
    const n = 2000 * 8;
    const p = 0.2;
    const counts: number[] = [];
    for (let t = 0; t < 400; t++)
      counts.push(flipPositions(null, n, opts({ id: 0 }, p, { trialSeed: t })).length);
    const mean = counts.reduce((s, c) => s + c, 0) / counts.length;
    const variance = counts.reduce((s, c) => s + (c - mean) ** 2, 0) / (counts.length - 1);
    expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt((n * p * (1 - p)) / 400));
    // Sample variance of 400 normal draws: relative sd √(2/399) ≈ 7 %; Poisson would be +25 %.
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.8);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.2);
  });
});

describe('weak lines (models 1 and 2)', () => {
  it('every flip lies in a weak row or bitline, checked against the geometry', () => {
    for (const id of [1, 2] as const) {
      const placement = { baseAddress: 777, rowBytes: ROW };
      const f = 0.1;
      const positions = flipPositions(
        null,
        300_000 * 8,
        opts({ id, weakFraction: f }, 0.02, { placement }),
      );
      expect(positions.length).toBeGreaterThan(1000);
      const rows = weakLineMask(11, 'row', f, 0, 400);
      const bitlines = weakLineMask(11, 'bitline', f, 0, ROW * 8);
      let outside = 0;
      for (const pos of positions) {
        const address = placement.baseAddress + Math.floor(pos / 8);
        const weak =
          id === 1 ? rows[Math.floor(address / ROW)] : bitlines[(address % ROW) * 8 + (pos % 8)];
        if (!weak) outside++;
      }
      expect(outside).toBe(0);
    }
  });

  it('each block of 64 lines holds ⌊64f⌋ or ⌈64f⌉ weak lines, long-run share f, fixed by the module seed', () => {
    for (const f of [0.013, 0.1, 0.37, 1]) {
      const mask = weakLineMask(4, 'row', f, 0, 64 * 200);
      for (let j = 0; j < 200; j++) {
        let k = 0;
        for (let i = 0; i < 64; i++) k += mask[j * 64 + i];
        expect(k === Math.floor(64 * f) || k === Math.ceil(64 * f)).toBe(true);
      }
      const total = mask.reduce((s, x) => s + x, 0);
      expect(Math.abs(total - f * 64 * 200)).toBeLessThanOrEqual(1);
      expect(weakLineMask(4, 'row', f, 0, 64 * 200)).toEqual(mask);
    }
    expect(weakLineMask(4, 'row', 0.1, 0, 4096)).not.toEqual(weakLineMask(5, 'row', 0.1, 0, 4096));
    expect(weakLineMask(4, 'row', 0.1, 0, 4096)).not.toEqual(
      weakLineMask(4, 'bitline', 0.1, 0, 4096),
    );
    expect(WEAK_BLOCK).toBe(64);
  });

  it('weak places inside a block are spread evenly over the 64 offsets', () => {
    const lines = weakLinesOf(9, 'bitline', 0.125);
    const byOffset = new Array(64).fill(0);
    for (let line = 0; line < 64 * 4000; line++) if (lines.isWeak(line)) byOffset[line % 64]++;
    const e = byOffset.reduce((s, x) => s + x, 0) / 64;
    const chi2 = byOffset.reduce((s, o) => s + (o - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(chi2Critical(63));
  });

  it('reports the weak lines the tensor touches', () => {
    const bytes = 40 * ROW;
    const s1 = injectErrors(
      new Uint8Array(bytes),
      opts({ id: 1, weakFraction: 0.25 }, 0.01, {
        placement: { baseAddress: ROW / 2, rowBytes: ROW },
      }),
    );
    expect(s1.weakLines).toBe(weakLineMask(11, 'row', 0.25, 0, 41).reduce((s, x) => s + x, 0));
    const s2 = injectErrors(
      new Uint8Array(100),
      opts({ id: 2, weakFraction: 0.25 }, 0.01, { placement: { baseAddress: 200, rowBytes: ROW } }),
    );
    expect(s2.weakLines).toBe(
      weakLineMask(11, 'bitline', 0.25, 1600, 800).reduce((s, x) => s + x, 0),
    );
  });
});

describe('model 3 (bit-value-dependent)', () => {
  it('hits its 1→0 share and flips 1s to 0s and 0s to 1s only where stored', () => {
    const before = randomBytes(500_000, 8);
    const after = before.slice();
    const r = 0.85;
    const stats = injectErrors(after, opts({ id: 3, oneToZeroShare: r }, 0.01));
    let down = 0;
    let up = 0;
    for (let i = 0; i < before.length; i++) {
      down += popcount(Uint8Array.of(before[i] & ~after[i]));
      up += popcount(Uint8Array.of(~before[i] & after[i]));
    }
    expect([down, up]).toEqual([stats.oneToZero, stats.zeroToOne]);
    // On balanced data the share of 1→0 flips is r (bound: binomial in the flip count).
    expect(Math.abs(stats.oneToZero - r * stats.flips)).toBeLessThanOrEqual(
      binomialBound(stats.flips, r),
    );
  });

  it('all-zero data only sees 0→1 flips, all-ones data only 1→0', () => {
    expect(
      injectErrors(new Uint8Array(10_000), opts({ id: 3, oneToZeroShare: 0.9 }, 0.05)).oneToZero,
    ).toBe(0);
    const ones = injectErrors(
      new Uint8Array(10_000).fill(255),
      opts({ id: 3, oneToZeroShare: 0.9 }, 0.05),
    );
    expect(ones.zeroToOne).toBe(0);
    expect(Math.abs(ones.flips - 80_000 * 0.09)).toBeLessThanOrEqual(binomialBound(80_000, 0.09));
  });

  it('flipCandidates applied as on the GPU give exactly flipPositions(bytes)', () => {
    for (const persistent of [false, true]) {
      const data = randomBytes(20_000, 2);
      const o = opts({ id: 3, oneToZeroShare: 0.3, persistent }, 0.05);
      const { oneToZero, zeroToOne } = flipCandidates(data.length * 8, o);
      const words = new Uint32Array(data.buffer.slice(0));
      const m10 = new Uint32Array(words.length);
      const m01 = new Uint32Array(words.length);
      const a = wordMasks(oneToZero);
      a.index.forEach((w, k) => (m10[w] = a.mask[k]));
      const b = wordMasks(zeroToOne);
      b.index.forEach((w, k) => (m01[w] = b.mask[k]));
      const gpu = words.map((s, w) => s ^ ((m10[w] & s) | (m01[w] & ~s)));
      const cpu = data.slice();
      injectErrors(cpu, o);
      expect(new Uint8Array(gpu.buffer)).toEqual(cpu);
      expect(() => flipPositions(null, 100, o)).toThrow(/flipCandidates/);
    }
  });
});

describe('seeds', () => {
  const spec = (id: ErrorModelId, persistent = false): ErrorModelSpec => ({
    id,
    weakFraction: 0.2,
    oneToZeroShare: 0.6,
    persistent,
  });

  it('same (module, trial, stream) gives identical flips; another trial or stream gives others', () => {
    for (const id of [0, 1, 2, 3] as ErrorModelId[]) {
      const data = randomBytes(50_000, 4);
      const a = flipPositions(data, data.length * 8, opts(spec(id), 0.01));
      expect(flipPositions(data, data.length * 8, opts(spec(id), 0.01))).toEqual(a);
      expect(
        flipPositions(data, data.length * 8, opts(spec(id), 0.01, { trialSeed: 6 })),
      ).not.toEqual(a);
      expect(
        flipPositions(data, data.length * 8, opts(spec(id), 0.01, { stream: 'other' })),
      ).not.toEqual(a);
      // injectErrors applies exactly these flips.
      const copy = data.slice();
      injectErrors(copy, opts(spec(id), 0.01));
      const diff: number[] = [];
      for (let i = 0; i < data.length; i++)
        for (let b = 0; b < 8; b++) if ((data[i] ^ copy[i]) & (1 << b)) diff.push(i * 8 + b);
      expect(Array.from(a)).toEqual(diff);
    }
  });

  it('persistent errors: the same cells fail on every read, at their address, for any tensor there', () => {
    for (const id of [0, 1, 2] as ErrorModelId[]) {
      const rowBytes = ROW;
      const read = (trialSeed: number, stream: string) =>
        flipPositions(
          null,
          20 * ROW * 8,
          opts(spec(id, true), 0.01, {
            trialSeed,
            stream,
            placement: { baseAddress: 0, rowBytes },
          }),
        );
      const big = read(1, 'a');
      expect(read(2, 'b')).toEqual(big);
      // A small tensor at address 3000 (straddling rows) sees the big one's flips in its range.
      const small = flipPositions(
        null,
        5000 * 8,
        opts(spec(id, true), 0.01, { trialSeed: 3, placement: { baseAddress: 3000, rowBytes } }),
      );
      const inRange = Array.from(big)
        .filter((p) => p >= 3000 * 8 && p < 8000 * 8)
        .map((p) => p - 3000 * 8);
      expect(Array.from(small)).toEqual(inRange);
      // Another module fails elsewhere.
      expect(
        flipPositions(null, 20 * ROW * 8, opts(spec(id, true), 0.01, { moduleSeed: 12 })),
      ).not.toEqual(big);
    }
  });
  it('persistent errors are monotone in the BER: cells failing at a lower BER fail at a higher one', () => {
    for (const id of [0, 1, 2, 3] as ErrorModelId[]) {
      for (const sampler of ['skip', 'naive'] as const) {
        const data = randomBytes(8 * ROW, 9);
        const at = (ber: number) =>
          new Set(flipPositions(data, data.length * 8, opts(spec(id, true), ber, { sampler })));
        const low = at(0.003);
        const high = at(0.03);
        expect(low.size).toBeGreaterThan(0);
        expect(high.size).toBeGreaterThan(3 * low.size);
        for (const pos of low) expect(high.has(pos)).toBe(true);
      }
    }
  });
});

describe('skip and naive samplers agree in distribution', () => {
  for (const [id, persistent] of [0, 1, 2, 3].flatMap((m) => [
    [m, false],
    [m, true],
  ]) as [ErrorModelId, boolean][]) {
    it(`model ${id}${persistent ? ' persistent' : ''}: flip counts per (bit position, region) bin, χ² homogeneity`, () => {
      const data = randomBytes(64 * ROW, 6);
      const bins = (sampler: 'skip' | 'naive') => {
        const counts = new Array(8 * 16).fill(0);
        for (let t = 0; t < 4; t++) {
          const o = opts({ id, weakFraction: 0.25, oneToZeroShare: 0.8 }, 0.02, {
            sampler,
            trialSeed: 100 + t,
          });
          for (const pos of flipPositions(data, data.length * 8, o))
            counts[(pos % 8) * 16 + Math.floor((pos / (data.length * 8)) * 16)]++;
        }
        return counts;
      };
      const skip = bins('skip');
      const naive = bins('naive');
      const { chi2, df } = chi2TwoSample(skip, naive);
      expect(chi2).toBeLessThan(chi2Critical(df));
      const total = (c: number[]) => c.reduce((s, x) => s + x, 0);
      expect(Math.abs(total(skip) - total(naive))).toBeLessThan(
        5 * Math.sqrt(total(skip) + total(naive)),
      );
    });
  }
});

describe('parameter checks', () => {
  const data = new Uint8Array(16);
  it.each([
    [{ id: 0 }, 1.5, /ber must be in \[0, 1\]/],
    [{ id: 0 }, -0.1, /ber must be in \[0, 1\]/],
    [{ id: 0 }, Number.NaN, /ber must be in/],
    [{ id: 7 as ErrorModelId }, 0.1, /unknown error model 7/],
    [{ id: 1, weakFraction: 0 }, 0.01, /weak fraction of rows must be in \(0, 1\]/],
    [{ id: 2, weakFraction: 0.05 }, 0.1, /exceeds the weak fraction/],
    [{ id: 3, oneToZeroShare: 1.2 }, 0.1, /1→0 share must be in/],
    [{ id: 3, oneToZeroShare: 1 }, 0.6, /probability of 1.2 > 1/],
  ] as [ErrorModelSpec, number, RegExp][])(
    'model %o at ber %f is rejected',
    (spec, ber, message) => {
      expect(() => injectErrors(data, opts(spec, ber))).toThrow(message);
    },
  );

  it('rejects bad placements and sizes', () => {
    expect(() =>
      injectErrors(data, opts({ id: 0 }, 0.1, { placement: { baseAddress: -1, rowBytes: 8 } })),
    ).toThrow(/base address/);
    expect(() =>
      injectErrors(data, opts({ id: 0 }, 0.1, { placement: { baseAddress: 0, rowBytes: 0 } })),
    ).toThrow(/row size/);
    expect(() => flipPositions(data, 200, opts({ id: 0 }, 0.1))).toThrow(/exceeds the 128 bits/);
  });
});

describe('wordMasks', () => {
  it('groups ascending positions into words', () => {
    const { index, mask } = wordMasks(Uint32Array.from([0, 3, 31, 32, 100]));
    expect(Array.from(index)).toEqual([0, 1, 3]);
    expect(Array.from(mask)).toEqual([1 | 8 | (1 << 31) | 0, 1, 1 << 4]);
  });
});

describe('acceptance (issue #3): BER 1e-2 over 10 MB within 2 % relative for every model', () => {
  it.each([0, 1, 2, 3] as ErrorModelId[])('model %i', (id) => {
    const data = randomBytes(10_000_000, 21);
    const stats = injectErrors(
      data,
      opts({ id, weakFraction: 0.1, oneToZeroShare: 0.8 }, 1e-2, {
        placement: { baseAddress: 0, rowBytes: 8192 },
      }),
    );
    expect(Math.abs(stats.flips / stats.bits / 1e-2 - 1)).toBeLessThan(0.02);
    expect(stats.outsideWeak).toBe(0);
  });
});

describe('maxBerFor', () => {
  it('bounds models 1 and 2 by the weak fraction, the others by the cap', () => {
    expect(maxBerFor({ id: 1 })).toBe(DEFAULT_WEAK_FRACTION);
    expect(maxBerFor({ id: 2, weakFraction: 0.3 })).toBe(0.3);
    expect(maxBerFor({ id: 2, weakFraction: 0.3 }, 0.2)).toBe(0.2);
    expect(maxBerFor({ id: 0 })).toBe(0.5);
    expect(maxBerFor({ id: 3 }, 0.1)).toBe(0.1);
  });
});
