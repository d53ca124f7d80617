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

  it('says the fine map refines the coarse one, which data types were lifted and the back-offs', () => {
    const r = { lifted: ['fc1/weights'], startBackoffs: 2, backoffs: 0, coarseTolerableBer: 3e-4 };
    const t = refinesText(r, true);
    expect(t).toMatch(/no partition is set below the coarse tolerable BER 3\.0e-4/);
    expect(t).toMatch(/1 data type came out of the joint search below it .* was mapped at it/);
    expect(t).toMatch(/made safer 2 times/);
    expect(refinesText({ ...r, lifted: [], startBackoffs: 0 }, false)).toMatch(
      /^The coarse map missed the target on the validation run, so its BER 3\.0e-4 was no floor/,
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
