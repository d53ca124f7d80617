import { describe, expect, it } from 'vitest';
import { parseUrl } from '../../state/url';
import { extraText, refinesText, verdictText } from './MapResult';
import { berAxis } from './ToleranceChart';

const source = (index: number, vddDelta: number, gain: number) => ({
  index,
  dataTypes: [`l${index}/weights`],
  vddDelta,
  coarseVddDelta: -0.07,
  gain,
});

describe('map result texts', () => {
  it('names the partition the extra saving comes from', () => {
    const up = source(2, -0.09, 0.012);
    expect(extraText(0.008, up)).toMatch(/P3 at −0.09 V instead of −0.07 V \(\+1.20 points/);
    expect(extraText(0, up)).toMatch(/about what the coarse one does/);
    // Tester's example: coarse 10.4 % (missed the target on validation) → fine 9.1 %.
    const less = extraText(-0.0127, up, false);
    expect(less).toMatch(/saves less than the coarse one because the coarse map missed the target/);
    expect(less).not.toMatch(/about what/);
  });

  it('says why a validation misses the target when the rounded figures hide it', () => {
    const v = (mean: number, lo: number) => ({
      estimate: { mean, lo, hi: 0.995, trials: 2, samples: 100 },
      meetsTarget: lo >= 0.98,
      targetAccuracy: 0.98,
    });
    // Tester's example: "98.8 % [98.0 %, 99.5 %] vs target 98.0 %: misses it".
    expect(verdictText(v(0.988, 0.9796))).toBe(
      'misses it: its lower 95 % bound 97.96 % is below 98.00 %',
    );
    expect(verdictText(v(0.95, 0.93))).toBe('misses it');
    expect(verdictText(v(0.988, 0.981))).toBe('meets it');
  });

  it("says whether EDEN's map was kept, or why the fine map refines the coarse one", () => {
    const kept = { lifted: [], startBackoffs: 0, coarseTolerableBer: 3e-4, rejected: null };
    expect(refinesText(kept, true, null, 0.1)).toMatch(/^EDEN's fine map: each data type/);
    const r = {
      lifted: ['fc1/weights'],
      startBackoffs: 2,
      coarseTolerableBer: 3e-4,
      rejected: { validation: { meetsTarget: true } },
    };
    const t = refinesText(r, true, 0.1, 0.104);
    expect(t).toMatch(/would save 10\.0 %, less than the coarse map's 10\.4 %/);
    expect(t).toMatch(/no partition is set below the coarse tolerable BER 3\.0e-4/);
    expect(t).toMatch(/1 data type was lifted to it/);
    expect(t).toMatch(/made safer 2 times/);
    expect(t).not.toMatch(/Validation on fresh trials/);
    // Search back-offs and validation back-offs are told apart (the Runs panel counts the latter).
    expect(refinesText({ ...r, backoffs: 4 }, true, 0.1, 0.104)).toMatch(
      /made safer 2 times.*one step safer 4 times \(the count the Runs panel gives\)/,
    );
    const miss = { ...r, rejected: { validation: { meetsTarget: false } } };
    expect(refinesText(miss, false, 0.11, 0.104)).toMatch(
      /missed the target on the validation run.*coarse map missed the target/,
    );
  });

  it('the tolerance chart axis spans whole decades around the bars and the coarse line', () => {
    expect(berAxis([3e-4, 2.4e-2, 1.3e-4])).toEqual({ lo: -4, hi: -1 });
    expect(berAxis([1e-3])).toEqual({ lo: -4, hi: -2 }); // a bar exactly on a decade gets room
    expect(berAxis([0])).toEqual({ lo: -6, hi: -1 });
  });

  it('the partition count travels in the link (parts=1…8)', () => {
    expect(parseUrl('?parts=6').config.partitions).toBe(6);
    const bad = parseUrl('?parts=9');
    expect(bad.config.partitions).toBe(4);
    expect(bad.messages[0]).toMatch(/parts="9"/);
  });
});
