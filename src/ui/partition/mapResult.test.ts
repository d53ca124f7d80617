import { describe, expect, it } from 'vitest';
import { parseUrl } from '../../state/url';
import { extraText, refinesText } from './MapResult';
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
