import { describe, expect, it } from 'vitest';
import { lenetDataTypes, shippedProfiles } from '../../../test/helpers/dram';
import {
  accessLatencyNs,
  coarsePartition,
  commandEnergies,
  energyPerInference,
  parsePlatform,
  PLATFORM_IDS,
  PLATFORMS,
  speedup,
  trafficPerInference,
} from './index';

const profiles = shippedProfiles();
const ddr3 = profiles['ddr3-eden'];
const lenet = lenetDataTypes();

describe('traffic per inference', () => {
  it('reads weights and IFMs, writes OFMs, once each when everything fits on chip', () => {
    const t = trafficPerInference(lenet, 'fp32', PLATFORMS.cpu);
    const bytes = (kind: string) =>
      lenet.filter((d) => d.kind === kind).reduce((s, d) => s + d.bytes.fp32, 0);
    expect(t.readBytes).toBe(bytes('weights') + bytes('ifm'));
    expect(t.writeBytes).toBe(bytes('ofm'));
    expect(t.storedBytes).toBe(61706 * 4 + bytes('ifm') + bytes('ofm'));
    // int8 moves a quarter of the fp32 bytes.
    expect(trafficPerInference(lenet, 'int8', PLATFORMS.cpu).readBytes).toBe(t.readBytes / 4);
  });

  it('re-reads the IFM once per weight tile when weights exceed half the buffer', () => {
    // Eyeriss: 108 KiB buffer → 54 KiB weight tiles; dense_1 fp32 weights are 48,120 × 4 B = 192,480 B → 4 tiles.
    const t = trafficPerInference(lenet, 'fp32', PLATFORMS.eyeriss);
    const ifm = t.items.find((i) => i.id === 'dense_1/ifm')!;
    expect(ifm.readBytes).toBe(400 * 4 * 4);
    expect(t.items.find((i) => i.id === 'conv2d_1/ifm')!.readBytes).toBe(784 * 4);
    // A batch of 4 reads each weight once for 4 images.
    const b4 = trafficPerInference(lenet, 'fp32', { ...PLATFORMS.cpu, batch: 4 });
    expect(b4.items.find((i) => i.id === 'dense_1/weights')!.readBytes).toBe((48120 * 4) / 4);
  });
});

describe('energy per inference', () => {
  const traffic = trafficPerInference(lenet, 'fp32', PLATFORMS.cpu);

  it('pure dynamic energy with α = 1 saves 1 − (V′/V)²; with α = 0, 1 − V′/V', () => {
    for (const dv of [-0.05, -0.15, -0.3, -0.45]) {
      const v = ddr3.power.vdd;
      const nom = commandEnergies(ddr3, 0, 0.5);
      const low = commandEnergies(ddr3, dv, 0.5);
      for (const k of ['actPre', 'rd', 'wr', 'ref', 'backgroundW'] as const) {
        expect(1 - low[k] / nom[k]).toBeCloseTo(1 - ((v + dv) / v) ** 2, 12);
      }
      // ddr3-eden has a single rail, so the whole inference follows the same law at nominal tRCD.
      const r = energyPerInference(ddr3, traffic, coarsePartition(traffic, dv, 0));
      expect(r.saving).toBeCloseTo(1 - ((v + dv) / v) ** 2, 12);
      const linear = { ...ddr3, power: { ...ddr3.power, alpha: 0 } };
      expect(
        energyPerInference(linear, traffic, coarsePartition(traffic, dv, 0)).saving,
      ).toBeCloseTo(1 - (v + dv) / v, 12);
    }
  });

  it('a rail the knob leaves alone (DDR4 VPP, LPDDR4 VDD1) lowers the saving', () => {
    const ddr4 = profiles['ddr4-2400'];
    const r = energyPerInference(ddr4, traffic, coarsePartition(traffic, -0.2, 0));
    const ideal = 1 - (1.0 / 1.2) ** 2;
    expect(r.saving).toBeLessThan(ideal);
    expect(r.saving).toBeGreaterThan(ideal * 0.8);
  });

  it('the split adds up, and nominal equals approx at nominal knobs', () => {
    const r = energyPerInference(ddr3, traffic, coarsePartition(traffic, 0, 0));
    expect(r.saving).toBe(0);
    expect(r.speedup).toBe(1);
    const s = r.nominal;
    expect(s.actPre + s.rd + s.wr + s.background + s.refresh).toBeCloseTo(s.total, 18);
    for (const k of ['actPre', 'rd', 'wr', 'background', 'refresh'] as const)
      expect(s[k]).toBeGreaterThan(0);
    expect(r.approx).toEqual(r.nominal);
  });

  it('per-partition settings: a partition at nominal changes nothing, data types outside partitions stay nominal', () => {
    const weights = lenet.filter((d) => d.kind === 'weights').map((d) => d.id);
    const onlyWeights = energyPerInference(ddr3, traffic, [
      { vddDelta: -0.3, trcdDelta: 0, dataTypes: weights },
    ]);
    const all = energyPerInference(ddr3, traffic, coarsePartition(traffic, -0.3, 0));
    expect(onlyWeights.saving).toBeGreaterThan(0);
    expect(onlyWeights.saving).toBeLessThan(all.saving);
    expect(onlyWeights.partitions.map((p) => p.name)).toEqual(['P1', 'nominal']);
    const shares = onlyWeights.partitions.reduce((s, p) => s + p.footprintShare, 0);
    expect(shares).toBeCloseTo(1, 12);
    // Two partitions at different voltages land between the two coarse extremes.
    const rest = lenet.filter((d) => d.kind !== 'weights').map((d) => d.id);
    const two = energyPerInference(ddr3, traffic, [
      { vddDelta: -0.35, trcdDelta: 0, dataTypes: weights },
      { vddDelta: -0.1, trcdDelta: 0, dataTypes: rest },
    ]);
    const lo = energyPerInference(ddr3, traffic, coarsePartition(traffic, -0.1, 0)).saving;
    const hi = energyPerInference(ddr3, traffic, coarsePartition(traffic, -0.35, 0)).saving;
    expect(two.saving).toBeGreaterThan(lo);
    expect(two.saving).toBeLessThan(hi);
  });

  it('lower tRCD shortens the inference, so background and refresh energy fall', () => {
    const r = energyPerInference(ddr3, traffic, coarsePartition(traffic, 0, -4));
    expect(r.speedup).toBeCloseTo(speedup(ddr3, PLATFORMS.cpu, -4), 12);
    expect(r.seconds.approx).toBeLessThan(r.seconds.nominal);
    expect(r.approx.background).toBeLessThan(r.nominal.background);
    expect(r.approx.rd).toBe(r.nominal.rd);
    expect(r.saving).toBeGreaterThan(0);
  });

  it('rejects unknown or doubly mapped data types', () => {
    expect(() =>
      energyPerInference(ddr3, traffic, [
        { vddDelta: 0, trcdDelta: 0, dataTypes: ['nope/weights'] },
      ]),
    ).toThrow(/unknown data type "nope\/weights"/);
    const id = lenet[0].id;
    expect(() =>
      energyPerInference(ddr3, traffic, [
        { vddDelta: 0, trcdDelta: 0, dataTypes: [id] },
        { vddDelta: -0.1, trcdDelta: 0, dataTypes: [id] },
      ]),
    ).toThrow(/is in two partitions \(P1, P2\)/);
  });
});

describe('latency and speedup', () => {
  it('speedup is exactly 1 at nominal on every platform and profile', () => {
    for (const p of Object.values(profiles))
      for (const id of PLATFORM_IDS) expect(speedup(p, PLATFORMS[id], 0)).toBe(1);
  });

  it('grows monotonically as tRCD drops, bounded by 1/(1 − m·(1 − t′/t))', () => {
    let prev = 1;
    for (let d = -0.5; d >= -7; d -= 0.5) {
      const s = speedup(ddr3, PLATFORMS.cpu, d);
      expect(s).toBeGreaterThan(prev);
      prev = s;
    }
    // By hand: CPU h = 0.2, m = 0.85; t = 13.75 + 5 + 0.8·27.5 = 40.75 ns; −5.5 ns → t′ = 36.35 ns.
    expect(accessLatencyNs(ddr3, 0.2, 0)).toBeCloseTo(40.75, 12);
    expect(speedup(ddr3, PLATFORMS.cpu, -5.5)).toBeCloseTo(
      1 / (1 - 0.85 + (0.85 * 36.35) / 40.75),
      12,
    );
    // All row hits: tRCD never on the path.
    expect(speedup(ddr3, { ...PLATFORMS.cpu, rowHitRate: 1 }, -5)).toBe(1);
  });

  it('edited platforms are validated with the field named', () => {
    expect(parsePlatform({ ...PLATFORMS.gpu, bandwidthGBs: 900 }).bandwidthGBs).toBe(900);
    expect(() => parsePlatform({ ...PLATFORMS.gpu, memoryBoundFraction: 1.5 })).toThrow(
      /at memoryBoundFraction:/,
    );
    expect(() => parsePlatform({ ...PLATFORMS.gpu, batch: 0 })).toThrow(/at batch:/);
  });
});
