import { describe, expect, it } from 'vitest';
import { lenetDataTypes, shippedProfiles } from '../../../test/helpers/dram';
import {
  coarsePartition,
  energyPerInference,
  PLATFORMS,
  trafficPerInference,
  type DramProfile,
  type Partition,
} from '../../core/dram';
import { energyView } from '../dram/adapter';
import { savingNote } from './savingNote';

const profiles = shippedProfiles();
const traffic = trafficPerInference(lenetDataTypes(), 'int8', PLATFORMS.cpu);

/** The energy table's rows from the real model, and the note under them. */
function table(profile: DramProfile, partitions: Partition[]) {
  const { parts } = energyView(energyPerInference(profile, traffic, partitions));
  const view = {
    vddNominal: profile.power.vdd,
    alpha: profile.power.alpha,
    fixedRails: profile.power.fixedRails,
  };
  const saving = (label: string) => {
    const p = parts.find((x) => x.label === label)!;
    return 1 - p.approx / p.nominal;
  };
  return { note: savingNote(parts, partitions, view), saving };
}

describe('the energy table note', () => {
  it('says why every row saves the same: one rail, every current scaled alike by VDD', () => {
    const { note, saving } = table(profiles['ddr3-eden'], coarsePartition(traffic, -0.1, 0));
    // The model's own numbers: every row saves 1 − (1.40/1.50)² = 12.9 %.
    for (const row of ['ACT/PRE', 'RD', 'WR', 'background', 'refresh'])
      expect(saving(row)).toBeCloseTo(1 - (1.4 / 1.5) ** 2, 9);
    expect(note).toBe(
      "Every row saves the same 12.9 %: the VDD knob scales every current on its rail alike (I ∝ VDD^α, α = 1), so every command's energy there scales by (V′/V)^(1+α) = (1.40 / 1.50)² (docs/dram-model.md §4).",
    );
  });

  it('at nominal says 0 %', () => {
    expect(table(profiles['ddr3-eden'], coarsePartition(traffic, 0, 0)).note).toMatch(
      /^Every row saves 0 % at nominal VDD/,
    );
  });

  it('with a lower tRCD: background and refresh save more, and the note says so', () => {
    const { note, saving } = table(profiles['ddr3-eden'], coarsePartition(traffic, -0.1, -1));
    expect(saving('background')).toBeGreaterThan(saving('RD') + 1e-3);
    expect(saving('refresh')).toBeGreaterThan(saving('RD') + 1e-3);
    expect(note).toMatch(/^Rows differ: .*background and refresh save more/);
  });

  it('with a fixed rail (DDR4 VPP): the rows that draw on it save less, and the note names it', () => {
    const { note, saving } = table(profiles['ddr4-2400'], coarsePartition(traffic, -0.08, 0));
    expect(saving('ACT/PRE')).toBeLessThan(saving('RD') - 1e-3);
    expect(note).toMatch(/^Rows differ: .*VPP \(2\.5 V\) stays nominal/);
  });

  it('with a fine map: partitions at their own VDD', () => {
    const ids = traffic.items.map((t) => t.id);
    const parts: Partition[] = [
      { vddDelta: -0.05, trcdDelta: 0, dataTypes: ids.filter((id) => id.endsWith('weights')) },
      { vddDelta: -0.3, trcdDelta: 0, dataTypes: ids.filter((id) => !id.endsWith('weights')) },
    ];
    const { note, saving } = table(profiles['ddr3-eden'], parts);
    expect(Math.abs(saving('RD') - saving('background'))).toBeGreaterThan(1e-3);
    expect(note).toMatch(/each partition runs at its own VDD/);
  });
});
