import { describe, expect, it } from 'vitest';
import { layoutPartition } from '../dram/geometry';
import {
  checkCapacity,
  chooseLevels,
  mapCoarse,
  mapFine,
  type MapItem,
  type SettingFor,
  validationAssignment,
} from './map';

// A fake DRAM knob table: 0.05 V steps whose BER rises tenfold per step from 1e-6.
const steps = [0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];
const settingFor: SettingFor = (maxBer) => {
  let i = 0;
  while (i + 1 < steps.length && steps[i + 1] <= maxBer) i++;
  return { vddDelta: -0.05 * i, trcdDelta: -0.5 * i, ber: steps[i] };
};

const items: MapItem[] = [
  { id: 'l1/weights', bytes: 100, tolerableBer: 2e-5 },
  { id: 'l1/ofm', bytes: 400, tolerableBer: 3e-2 },
  { id: 'l2/weights', bytes: 1000, tolerableBer: 2e-4 },
  { id: 'l2/ifm', bytes: 400, tolerableBer: 5e-2 },
  { id: 'l2/ofm', bytes: 50, tolerableBer: 2e-3 },
  { id: 'l3/weights', bytes: 300, tolerableBer: 1e-3 },
];

describe('mapping', () => {
  it('checkCapacity: the sizes alone must fit, before any tolerance is known', () => {
    // Padded to 64 bytes: 128 + 448 + 1024 + 448 + 64 + 320 = 2432.
    expect(() => checkCapacity(items, 4, 1024)).not.toThrow();
    expect(() => checkCapacity(items, 2, 1000)).toThrow(
      'mapping: 2432 bytes do not fit 2 partitions of 1000 bytes',
    );
    expect(() => checkCapacity(items, 8, 1000)).toThrow(
      'mapping: data type "l2/weights" (1024 bytes with alignment) does not fit a partition of 1000 bytes',
    );
    // mapFine refuses the same capacities with the same words.
    expect(() => mapFine(items, { partitions: 8, capacity: 1000, settingFor })).toThrow(
      /"l2\/weights" \(1024 bytes with alignment\)/,
    );
  });

  it('coarse: everything in one partition at the coarse setting', () => {
    const m = mapCoarse(items, 2e-5, 1 << 20, settingFor);
    expect(m.partitions).toHaveLength(1);
    const p = m.partitions[0];
    expect(p).toMatchObject({ vddDelta: -0.1, ber: 1e-5, targetBer: 2e-5, used: 2432 });
    expect(p.placed.map((d) => d.end - d.start)).toEqual(items.map((i) => i.bytes));
    expect(() => mapCoarse(items, 1e-5, 1000, settingFor)).toThrow(/do not fit/);
  });

  it('fine: sensitive data in reliable partitions, each at the most aggressive setting its data tolerates', () => {
    const m = mapFine(items, { partitions: 4, capacity: 1 << 20, settingFor });
    expect(m.partitions).toHaveLength(4);
    const bers = m.partitions.map((p) => p.ber);
    expect([...bers].sort((a, b) => a - b)).toEqual(bers); // partition 0 is the most reliable
    for (const p of m.partitions) {
      for (const d of p.placed) expect(p.ber).toBeLessThanOrEqual(d.tolerableBer);
      if (p.placed.length)
        expect(p.targetBer).toBe(Math.min(...p.placed.map((d) => d.tolerableBer)));
      // Byte ranges: back to back, 64-byte aligned, as the DRAM geometry lays a partition out.
      const image = layoutPartition(p.placed.map((d) => ({ id: d.id, bytes: d.end - d.start })));
      expect(p.placed.map((d) => d.start)).toEqual(image.ranges.map((r) => r.start));
      if (p.placed.length) expect(p.used).toBe(Math.ceil(image.bytes / 64) * 64);
    }
    const where = Object.fromEntries(
      m.partitions.flatMap((p) => p.placed.map((d) => [d.id, p.index])),
    );
    expect(where['l1/weights']).toBe(0);
    expect(where['l2/ifm']).toBe(3);
    expect(new Set(Object.keys(where))).toEqual(new Set(items.map((i) => i.id)));
    // Fine beats coarse: byte-weighted VDD reduction is larger.
    const coarse = mapCoarse(items, 2e-5, 1 << 20, settingFor);
    const score = (mm: typeof m) => mm.partitions.reduce((a, p) => a - p.vddDelta * p.used, 0);
    expect(score(m)).toBeGreaterThan(score(coarse));
  });

  it('fine: capacity is respected and no data lands in a partition it does not tolerate', () => {
    const m = mapFine(items, { partitions: 2, capacity: 1300, settingFor });
    for (const p of m.partitions) expect(p.used).toBeLessThanOrEqual(1300);
    for (const p of m.partitions)
      for (const d of p.placed) expect(p.ber).toBeLessThanOrEqual(d.tolerableBer);
    expect(() => mapFine(items, { partitions: 2, capacity: 1000, settingFor })).toThrow(
      /do not fit/,
    );
    expect(() => mapFine(items, { partitions: 3, capacity: 900, settingFor })).toThrow(
      /does not fit/,
    );
    expect(() => mapFine(items, { partitions: 0, capacity: 900, settingFor })).toThrow(
      /partitions/,
    );
  });

  it('more partitions than distinct tolerances leave the spare ones empty at nominal', () => {
    const two = items.slice(0, 2);
    const m = mapFine(two, { partitions: 4, capacity: 1 << 20, settingFor });
    expect(
      m.partitions
        .filter((p) => p.placed.length === 0)
        .every((p) => p.ber === 0 && p.vddDelta === 0),
    ).toBe(true);
    expect(m.partitions.filter((p) => p.placed.length > 0)).toHaveLength(2);
  });

  it('chooseLevels picks the byte-weighted best cut', () => {
    const sorted = [...items].sort((a, b) => a.tolerableBer - b.tolerableBer);
    expect(chooseLevels(sorted, 1, (b) => -settingFor(b).vddDelta)).toEqual([2e-5]);
    // A strictly increasing gain makes every extra partition worth it.
    expect(chooseLevels(sorted, 6, (b) => Math.log10(b) + 10)).toEqual(
      sorted.map((i) => i.tolerableBer),
    );
    // With a capacity, runs are cut so that each fits.
    expect(chooseLevels(sorted, 2, (b) => -settingFor(b).vddDelta, 1300)).toEqual([2e-5, 1e-3]);
    expect(() => chooseLevels(sorted, 2, (b) => b, 1000)).toThrow(/does not fit/);
  });

  it('the validation assignment injects each data type at its partition target BER', () => {
    const m = mapFine(items, { partitions: 3, capacity: 1 << 20, settingFor });
    const a = validationAssignment(m);
    for (const p of m.partitions)
      for (const d of p.placed) expect(a.perDataType[d.id]).toBe(p.targetBer);
    expect(Object.keys(a.perDataType)).toHaveLength(items.length);
  });
});
