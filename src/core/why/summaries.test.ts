import { describe, expect, it } from 'vitest';
import { NO_CLASS } from '../stats';
import { argMax, binValues, caption, histogramEdges, mode, valueHistogram } from './summaries';

describe('why summaries', () => {
  it('bins values, counting those outside the edges and NaN apart', () => {
    const r = binValues([0, 0.5, 1, -1, 2, NaN], [0, 0.5, 1]);
    expect(r).toEqual({ counts: [1, 2], below: 1, above: 1, nan: 1 });
  });

  it('histogram of clean vs read: changed, out of range, what the correction does', () => {
    const range = { min: -1, max: 1 };
    const clean = Float32Array.from([0.5, -0.5, 0.25, 0.9]);
    const read = Float32Array.from([0.5, 3e30, NaN, 0.8]);
    const none = valueHistogram(clean, read, range, 'none');
    expect(none.changed).toBe(3);
    expect(none.outOfRange).toBe(2);
    expect(none.above).toBe(1);
    expect(none.nan).toBe(1);
    expect(none.correctedCounts).toEqual(none.readCounts);
    const zero = valueHistogram(clean, read, range, 'zero');
    const edges = histogramEdges(range);
    const bin0 = Math.floor((0 - edges[0]) / (edges[1] - edges[0]));
    // The two out-of-range reads become 0.
    expect(zero.correctedCounts[bin0] - zero.readCounts[bin0]).toBe(2);
    expect(zero.correctedCounts.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('mode: the most frequent value, the smallest on ties', () => {
    expect(mode([3, 1, 3, 1, 2])).toBe(1);
    expect(mode([7, 5, 7])).toBe(7);
  });
});

/** A why result's header (core/why/types.ts WhyHeader) for the caption tests. */
const head = {
  model: 'm',
  format: 'int8' as const,
  errorModel: { id: 0 as const },
  ber: 1e-3,
  target: 'all' as const,
  correction: 'none' as const,
  samples: 100,
  trials: 2,
  clean: 0.9,
  final: true,
};

describe('captions', () => {
  const row = (
    group: string,
    bits: number[],
    drop: number,
    correction: 'none' | 'zero',
    data: 'weights' | 'activations' = 'weights',
  ) => ({
    data,
    correction,
    group,
    bits,
    mean: 0.9 - drop,
    lo: 0,
    hi: 1,
    drop,
  });

  it('bits: names the costliest bit group and its share of the drop', () => {
    const text = caption({
      ...head,
      view: 'bits',
      groups: [],
      rows: [
        row('all', [0, 1, 2, 3, 4, 5, 6, 7], 0.2, 'none'),
        row('bit 6', [6], 0.15, 'none'),
        row('sign', [7], 0.05, 'none'),
        row('all', [0, 1, 2, 3, 4, 5, 6, 7], 0.01, 'zero'),
      ],
    });
    expect(text).toBe(
      'm int8 at BER 1e−3, weights without correction fall from 90.0 % to 70.0 %; bit 6 alone cost 15.0 points (75 % of it); with zero correction they score 89.0 %.',
    );
  });
  it('bits: speaks of the data kind that costs the most, and of no bit below half a point', () => {
    // LeNet-5 int8 at BER 4e-3 (measured in the page): weights 0.5 points, activations 27.5.
    const text = caption({
      ...head,
      view: 'bits',
      groups: [],
      rows: [
        row('all', [0, 1, 2, 3, 4, 5, 6, 7], 0.005, 'none'),
        row('bit 6', [6], 0.0, 'none'),
        row('all', [0, 1, 2, 3, 4, 5, 6, 7], 0.275, 'none', 'activations'),
        row('sign', [7], 0.12, 'none', 'activations'),
        row('bit 6', [6], 0.05, 'none', 'activations'),
        row('all', [0, 1, 2, 3, 4, 5, 6, 7], 0.125, 'zero', 'activations'),
      ],
    });
    expect(text).toBe(
      'm int8 at BER 1e−3, activations without correction fall from 90.0 % to 62.5 %; the sign bit alone cost 12.0 points (44 % of it); with zero correction they score 77.5 %.',
    );
    const weightsOnly = caption({
      ...head,
      view: 'bits',
      groups: [],
      rows: [row('all', [0, 1, 2, 3, 4, 5, 6, 7], 0.002, 'none'), row('bit 6', [6], 0.001, 'none')],
    });
    expect(weightsOnly).toBe(
      'm int8 at BER 1e−3, weights without correction barely move from 90.0 % to 89.8 %; no single bit position costs half a point.',
    );
  });
});

describe('caption BER', () => {
  it('gives the BER to two digits, as the panel header does (1.1e-4 was read 1e−4)', () => {
    const r = {
      ...head,
      ber: 1.1e-4,
      view: 'layers' as const,
      rows: [],
    };
    expect(caption(r)).toBe('m int8 at BER 1.1e−4: no data types.');
    expect(caption({ ...r, ber: 1e-3 })).toBe('m int8 at BER 1e−3: no data types.');
  });
});

describe('argMax of non-finite outputs (issue #13 item 4)', () => {
  it('a row with NaN or ±Inf predicts no class, not class 0', () => {
    expect(argMax([NaN, NaN, NaN])).toBe(NO_CLASS);
    expect(argMax([0.1, Infinity, 0])).toBe(NO_CLASS);
    expect(argMax([1, 2, 3, NaN, 0, 0], 3, 3)).toBe(NO_CLASS);
    expect(argMax([1, 2, 3, 0, 5, 0], 3, 3)).toBe(1);
  });
});
