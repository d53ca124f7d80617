import { describe, expect, it } from 'vitest';
import { BITLINES, bitAt, readArray, ROWS } from './arrayModel';

function flipped(r: ReturnType<typeof readArray>) {
  const cells: [number, number][] = [];
  for (let row = 0; row < ROWS; row++)
    for (let bl = 0; bl < BITLINES; bl++)
      if (bitAt(r.stored, row, bl) !== bitAt(r.read, row, bl)) cells.push([row, bl]);
  return cells;
}

describe('DRAM array view data', () => {
  it('wordline-correlated flips stay on weak rows, bitline-correlated on weak bitlines', () => {
    const rows = readArray({ id: 1, weakFraction: 0.1 }, 0.02, 3, 4);
    const cellsR = flipped(rows);
    expect(cellsR.length).toBe(rows.stats.flips);
    expect(cellsR.length).toBeGreaterThan(50);
    expect(cellsR.every(([r]) => rows.weakRows![r] === 1)).toBe(true);

    const cols = readArray({ id: 2, weakFraction: 0.1 }, 0.02, 3, 4);
    const cellsB = flipped(cols);
    expect(cellsB.every(([, b]) => cols.weakBitlines![b] === 1)).toBe(true);
    expect(cols.weakRows).toBeNull();
  });

  it('is reproducible from the seeds and changes with the trial seed', () => {
    const a = readArray({ id: 0 }, 0.01, 1, 1);
    const b = readArray({ id: 0 }, 0.01, 1, 1);
    const c = readArray({ id: 0 }, 0.01, 1, 2);
    expect(b.read).toEqual(a.read);
    expect(c.read).not.toEqual(a.read);
    expect(readArray({ id: 0 }, 0, 1, 1).stats.flips).toBe(0);
  });
});
