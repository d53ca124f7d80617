import { describe, expect, it } from 'vitest';
import { mulhi32, philox4x32 } from './philox';

describe('Philox4x32-10', () => {
  // Random123's known-answer vectors (kat_vectors, the three "philox4x32 10" lines):
  // counter c0..c3, key k0 k1 → four output words.
  const KAT: [number[], number[], number[]][] = [
    [
      [0, 0, 0, 0],
      [0, 0],
      [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8],
    ],
    [
      [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
      [0xffffffff, 0xffffffff],
      [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
    ],
    [
      [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
      [0xa4093822, 0x299f31d0],
      [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
    ],
  ];
  it.each(KAT)('matches Random123 for counter %j, key %j', (c, k, expected) => {
    expect([...philox4x32(c[0], c[1], c[2], c[3], k[0], k[1])]).toEqual(expected);
  });

  it('computes the high half of 32 × 32-bit products exactly', () => {
    const pairs = [
      [0xffffffff, 0xffffffff],
      [0xd2511f53, 0x12345678],
      [0xcd9e8d57, 0xfedcba98],
      [1, 0xffffffff],
      [0x10000, 0x10000],
    ];
    for (const [a, b] of pairs) expect(mulhi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
  });

  it('gives uniform words: each output bit set half of the time', () => {
    const ones = new Float64Array(32);
    const out = new Uint32Array(4);
    const n = 4000;
    for (let i = 0; i < n; i++) {
      philox4x32(i, 7, 0, 0, 0x1234, 0x5678, out);
      for (const w of out) for (let b = 0; b < 32; b++) ones[b] += (w >>> b) & 1;
    }
    // 16,000 words: a bit's count is Binomial(16000, 1/2), sd ≈ 63; 5 sd.
    for (const c of ones) expect(Math.abs(c - 2 * n)).toBeLessThan(320);
  });
});
