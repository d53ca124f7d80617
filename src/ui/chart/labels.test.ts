import { describe, expect, it } from 'vitest';
import {
  besideHorizontal,
  besidePoint,
  besideVertical,
  boxesOverlap,
  placeLabels,
  polyline,
  segmentHitsBox,
  type Box,
} from './labels';

const box = (x: number, y: number, width: number, height: number): Box => ({ x, y, width, height });

describe('segmentHitsBox', () => {
  it('finds segments through, into and beside a box', () => {
    const b = box(10, 10, 20, 10);
    expect(segmentHitsBox({ x1: 0, y1: 15, x2: 40, y2: 15 }, b)).toBe(true); // straight through
    expect(segmentHitsBox({ x1: 15, y1: 0, x2: 15, y2: 12 }, b)).toBe(true); // ends inside
    expect(segmentHitsBox({ x1: 0, y1: 0, x2: 40, y2: 40 }, b)).toBe(true); // diagonal
    expect(segmentHitsBox({ x1: 0, y1: 25, x2: 40, y2: 25 }, b)).toBe(false); // below
    expect(segmentHitsBox({ x1: 0, y1: 0, x2: 9, y2: 40 }, b)).toBe(false); // left of it
    expect(segmentHitsBox({ x1: 0, y1: 30, x2: 30, y2: 0 }, box(0, 0, 5, 5))).toBe(false);
  });
});

describe('placeLabels', () => {
  const area = box(0, 0, 400, 200);
  // The case: a curve high on the left that drops, the target line just under it, the
  // tolerable line where the curve still meets the target.
  const curve = polyline([
    { x: 0, y: 20 },
    { x: 200, y: 22 },
    { x: 260, y: 120 },
    { x: 400, y: 190 },
  ]);
  const target = { x1: 0, y1: 30, x2: 400, y2: 30 };
  const tolerable = { x1: 180, y1: 0, x2: 180, y2: 200 };
  const lines = [...curve, target, tolerable];

  it('puts the target and tolerable labels where they cross no line and not each other', () => {
    const placed = placeLabels(
      area,
      lines,
      [],
      [
        { id: 'target', candidates: besideHorizontal(30, area, 90, 16) },
        { id: 'tolerable', candidates: besideVertical(180, area, 110, 16) },
      ],
    );
    expect(placed.map((p) => p.crossings)).toEqual([0, 0]);
    for (const p of placed) {
      for (const s of lines) expect(segmentHitsBox(s, p.box)).toBe(false);
      expect(p.box.x >= 0 && p.box.x + p.box.width <= 400).toBe(true);
    }
    expect(boxesOverlap(placed[0].box, placed[1].box)).toBe(false);
  });

  it('skips a candidate that crosses something for the next free one', () => {
    // The first candidate sits on the target line; the second is free.
    const placed = placeLabels(
      area,
      [target],
      [],
      [{ id: 'a', candidates: [box(10, 25, 50, 10), box(10, 40, 50, 10)] }],
    );
    expect(placed[0].box).toEqual(box(10, 40, 50, 10));
  });

  it('keeps a later label off an earlier one and off given boxes (the operating dot)', () => {
    const dot = box(100, 100, 20, 20);
    const placed = placeLabels(
      area,
      [],
      [dot],
      [
        { id: 'a', candidates: [box(105, 105, 40, 10), box(10, 10, 40, 10)] },
        { id: 'b', candidates: [box(20, 12, 40, 10), box(10, 60, 40, 10)] },
      ],
    );
    expect(placed.map((p) => p.box)).toEqual([box(10, 10, 40, 10), box(10, 60, 40, 10)]);
  });

  it('with no free candidate takes the one crossing fewest, and never one outside the area', () => {
    const placed = placeLabels(
      area,
      [target, tolerable],
      [],
      [
        {
          id: 'a',
          candidates: [box(-50, 0, 40, 10), box(170, 25, 40, 10), box(170, 50, 40, 10)],
        },
      ],
    );
    expect(placed[0]).toEqual({ id: 'a', box: box(170, 50, 40, 10), crossings: 1 });
  });
});

describe('besidePoint', () => {
  it('lists boxes on the inner side of an off-scale point, nearest first', () => {
    const area = box(0, 0, 400, 200);
    const right = besidePoint(0, 100, 'right', 80, 16, area);
    expect(right.every((b) => b.x > 0 && b.x + b.width <= 400)).toBe(true);
    const d = (b: Box) => Math.abs(b.y + 8 - 100) + b.x;
    expect(d(right[0])).toBeLessThan(d(right[right.length - 1]));
    const left = besidePoint(400, 100, 'left', 80, 16, area);
    expect(left.every((b) => b.x + b.width < 400 && b.x >= 0)).toBe(true);
  });
});
