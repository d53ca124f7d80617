import { describe, expect, it } from 'vitest';
import {
  burstStream,
  mappingEnergy,
  placement,
  replay,
  tileColumns,
  type DramTiming,
  type WeightMatrix,
} from './mapping';

const org = { banks: 8, rowBytes: 8192, burstBytes: 64 };
// DDR3-1600: tRCD = tRP = CL = 13.75 ns, tRAS = 35 ns, BL8 = 4 tCK = 5 ns.
const t: DramTiming = { tRCD_ns: 13.75, tRP_ns: 13.75, tRAS_ns: 35, tCL_ns: 13.75, burst_ns: 5 };
const snn: WeightMatrix[] = [
  { id: 'dense_1', rows: 784, cols: 256, bits: 8 },
  { id: 'dense_2', rows: 256, cols: 10, bits: 8 },
];
const bytes = 784 * 256 + 256 * 10;

describe('tiles', () => {
  it('fit the buffer, at least one column', () => {
    expect(tileColumns(snn[0], 32768)).toBe(41);
    expect(tileColumns(snn[0], 1)).toBe(1);
    expect(tileColumns(snn[0], 1 << 30)).toBe(256);
  });
});

describe('sparkxd placement', () => {
  it('reads every burst once, opens each row once and cycles the banks', () => {
    const s = burstStream(snn, org, 32768, 'sparkxd');
    const bursts = Math.ceil(bytes / 64);
    expect(s.bank.length).toBe(bursts);
    expect(s.usefulBytes).toBe(bytes);
    expect(Array.from(s.bank.slice(126, 131))).toEqual([0, 0, 1, 1, 1]);
    expect(s.bank[8 * 128]).toBe(0);
    expect(s.row[8 * 128]).toBe(1);
    const c = replay(s, org.banks, t);
    expect(c.activates).toBe(Math.ceil(bursts / 128));
    expect(c.rowHits).toBe(bursts - c.activates);
    // Activations hide behind the other banks' reads: the bus is busy all the time but for the first ACT.
    expect(c.timeNs).toBeCloseTo(bursts * 5 + 13.75 + 13.75, 6);
  });
});

describe('naive placement', () => {
  it('with a buffer that holds a whole layer: same reads and rows, but same-bank row switches stall', () => {
    const naive = replay(burstStream(snn, org, 1 << 30, 'naive'), org.banks, t);
    const sx = replay(burstStream(snn, org, 1 << 30, 'sparkxd'), org.banks, t);
    expect(naive.reads).toBe(sx.reads);
    expect(naive.activates).toBe(sx.activates);
    // every row switch waits tRP + tRCD (tRAS has long passed): (rows − 1) stalls
    expect(naive.timeNs - sx.timeNs).toBeCloseTo((naive.activates - 1) * (13.75 + 13.75), 6);
  });

  it('with tiles narrower than a kernel row: rows are reopened once per tile', () => {
    const s = burstStream(snn, org, 32768, 'naive');
    const c = replay(s, org.banks, t);
    expect(s.usefulBytes).toBe(bytes);
    // dense_1: 25 DRAM rows (32 kernel rows each) opened by each of 7 tiles (the 7th holds 10
    // columns); dense_2 (2,560 B) fits one tile and straddles the end of row 24.
    expect(c.activates).toBeGreaterThanOrEqual(7 * 24);
    expect(c.reads).toBeGreaterThan(Math.ceil(bytes / 64)); // 41-byte slices straddle bursts
    expect(c.rowHits + c.rowMisses).toBe(c.reads);
  });
});

describe('replay timing', () => {
  it('PRE waits for tRAS after ACT, then tRP + tRCD before the next read of the bank', () => {
    const c = replay(
      { bank: Int32Array.from([0, 0, 0]), row: Int32Array.from([0, 0, 1]), usefulBytes: 192 },
      8,
      t,
    );
    expect(c).toMatchObject({ reads: 3, activates: 2, precharges: 2, rowHits: 1, rowMisses: 2 });
    // ACT 0, reads at 13.75 and 18.75, PRE at max(23.75, 35) = 35, ACT 48.75, read at 62.5 → 67.5 + CL
    expect(c.timeNs).toBeCloseTo(67.5 + 13.75, 6);
  });

  it('prices commands, background and refresh linearly', () => {
    const e = mappingEnergy(
      { reads: 10, activates: 2, precharges: 2, rowHits: 8, rowMisses: 2, timeNs: 1000 },
      { actPre: 1e-9, rd: 2e-9, backgroundW: 0.5, ref: 4e-9 },
      500,
    );
    expect(e.actPre).toBeCloseTo(2e-9, 15);
    expect(e.read).toBeCloseTo(2e-8, 15);
    expect(e.background).toBeCloseTo(5e-7, 15);
    expect(e.refresh).toBeCloseTo(8e-9, 15);
    expect(e.total).toBeCloseTo(2e-9 + 2e-8 + 5e-7 + 8e-9, 15);
  });
});

describe('placement (what the page draws)', () => {
  const org = { banks: 8, rowBytes: 8192, burstBytes: 64 };
  const ws = [
    { id: 'a/weights', rows: 784, cols: 256, bits: 8 }, // 200,704 B = 24.5 rows
    { id: 'b/weights', rows: 256, cols: 10, bits: 8 }, // 2,560 B
  ];
  it('naive: the matrices one after the other in bank 0', () => {
    const p = placement(ws, org, 'naive');
    expect(p[0].banks[0]).toEqual({ first: 0, last: 24 });
    expect(p[1].banks[0]).toEqual({ first: 24, last: 24 });
    expect(p.every((x) => x.banks.slice(1).every((b) => b === null))).toBe(true);
  });
  it('SparkXD: a row, then the same row in the next bank, over every bank', () => {
    const p = placement(ws, org, 'sparkxd');
    // 24.5 rows of 8 KiB: row slots 0–24 → banks 0–7, rows 0–3 (slot 24 is bank 0, row 3).
    expect(p[0].banks.every((b) => b !== null)).toBe(true);
    expect(p[0].banks[0]).toEqual({ first: 0, last: 3 });
    expect(p[0].banks[7]).toEqual({ first: 0, last: 2 });
    // The second matrix starts where the first ended (slot 24: bank 0, row 3).
    expect(p[1].banks[0]).toEqual({ first: 3, last: 3 });
  });
});
