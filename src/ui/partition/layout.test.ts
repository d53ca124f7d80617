import { describe, expect, it } from 'vitest';
import { berColor, layoutMap, mapHeight, partitionLabel, type MapPartition } from './layout';

const dt = (id: string, bytes: number) => ({
  id,
  layer: id.split('/')[0],
  kind: 'weights' as const,
  bytes,
});

describe('partition map layout', () => {
  it('sizes data types by bytes on one scale across partitions and keeps address order', () => {
    const parts: MapPartition[] = [
      {
        label: 'P0',
        vddDelta: 0,
        trcdDelta: 0,
        ber: 0,
        dataTypes: [dt('a/weights', 100), dt('b/weights', 300)],
      },
      { label: 'P1', vddDelta: -0.3, trcdDelta: -2, ber: 1e-2, dataTypes: [dt('c/weights', 200)] },
    ];
    const { partitions, blocks } = layoutMap(parts, 800, 200);
    expect(partitions).toHaveLength(2);
    expect(partitions[1].y).toBeGreaterThan(partitions[0].y + partitions[0].h - 1);
    const [a, b, c] = blocks;
    expect(b.w / a.w).toBeCloseTo(3, 6);
    expect(c.w / a.w).toBeCloseTo(2, 6);
    expect(b.x).toBeCloseTo(a.x + a.w, 6);
    expect(b.x + b.w).toBeLessThanOrEqual(800);
    expect(c.partition).toBe(1);
  });
  it('colours BER from green (0) to red (≥ 0.1)', () => {
    expect(berColor(0)).toBe('hsl(130 55% 42%)');
    expect(berColor(0.2)).toMatch(/^hsl\(0 /);
    expect(berColor(1e-4)).toMatch(/^hsl\(65 /);
  });

  it('labels of four thin partitions stay inside their own band', () => {
    const parts: MapPartition[] = [0, 1, 2, 3].map((i) => ({
      label: `partition ${i + 1}`,
      vddDelta: -0.05 * i,
      trcdDelta: -0.5 * i,
      ber: 1e-4 * i,
      dataTypes: [dt(`l${i}/weights`, 10)],
    }));
    const fmt = { vdd: (v: number) => `${v} V`, trcd: (v: number) => `${v} ns`, ber: String };
    for (const n of [1, 2, 4, 8]) {
      const { partitions } = layoutMap(
        parts.slice(0, n % 4 || 4).concat(n > 4 ? parts : []),
        900,
        mapHeight(n),
      );
      for (const p of partitions) {
        const lines = partitionLabel(p, fmt);
        expect(lines.at(-1)!.dy + 4).toBeLessThanOrEqual(p.h); // baseline + descent
        expect(lines.map((l) => l.text).join(' ')).toMatch(/partition \d.*V.*ns.*BER/);
      }
    }
    expect(mapHeight(1)).toBe(220);
    const one = layoutMap(parts.slice(0, 1), 900, mapHeight(1)).partitions[0];
    expect(partitionLabel(one, fmt)).toHaveLength(4); // room for one line each
  });
});
