import { describe, expect, it } from 'vitest';
import { sparkxdReport, weightMatrices } from './report';
import { shippedProfiles } from '../../../test/helpers/dram';

const layers = [
  { name: 'dense_1', inputs: 784, outputs: 256 },
  { name: 'dense_2', inputs: 256, outputs: 10 },
];
const ddr3 = shippedProfiles()['ddr3-eden'];

describe('SparkXD energy report', () => {
  it('splits the combined saving into mapping + voltage, and voltage scales energy with VDD² (α = 1)', () => {
    const r = sparkxdReport(ddr3, weightMatrices(layers, 'int8'), 32768, 0.01);
    expect(r.vdd.delta).toBeCloseTo(-0.25, 9); // ddr3-eden: BER 0.0095 at −0.25 V, 0.025 at −0.30 V
    expect(r.vdd.ber).toBeLessThanOrEqual(0.01);
    expect(r.savings.combined).toBeCloseTo(r.savings.mapping + r.savings.voltage, 12);
    expect(r.savings.voltageOnNaive).toBeCloseTo(1 - (1.25 / 1.5) ** 2, 9);
    expect(r.weightBytes).toBe(784 * 256 + 2560);
    expect(r.sparkxd.counts.activates).toBeLessThan(r.naive.counts.activates);
    expect(r.sparkxd.rowHitRate).toBeGreaterThan(r.naive.rowHitRate);
    expect(r.savings.mapping).toBeGreaterThan(0);
  });

  it('with a buffer that holds every layer the mapping only saves the same-bank row-switch stalls', () => {
    const r = sparkxdReport(ddr3, weightMatrices(layers, 'int8'), 1 << 30, 0.01);
    expect(r.naive.counts.reads).toBe(r.sparkxd.counts.reads);
    expect(r.naive.counts.activates).toBe(r.sparkxd.counts.activates);
    expect(r.savings.mapping).toBeGreaterThan(0);
    expect(r.savings.mapping).toBeLessThan(0.05);
  });

  it('BER 0 allows no voltage step: no voltage saving', () => {
    const r = sparkxdReport(ddr3, weightMatrices(layers, 'fp32'), 32768, 0);
    expect(r.vdd.delta).toBe(0);
    expect(r.savings.voltage).toBeCloseTo(0, 12);
    expect(r.savings.combined).toBeCloseTo(r.savings.mapping, 12);
  });
});
