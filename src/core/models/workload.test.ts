import { describe, expect, it } from 'vitest';
import { FORMATS } from '../types';
import {
  adequate,
  chooseWorkload,
  FALLBACK_WORKLOAD,
  WORKLOAD_LADDER,
  workloadFor,
  ZOO_WORKLOADS,
} from './workload';

const rung = (samples: number, trials: number, halfWidth: number | null, seconds: number) => ({
  samples,
  trials,
  halfWidth,
  seconds,
});

describe('images × trials per model (issue #15 item 8)', () => {
  it('is adequate when the half-width over trials is at most half the target drop', () => {
    expect(adequate(0.005, 0.01)).toBe(true);
    expect(adequate(0.0051, 0.01)).toBe(false);
    expect(adequate(0.009, 0.02)).toBe(true);
  });

  it('chooses the cheapest adequate rung within the cost cap, else the largest affordable', () => {
    const measured = [rung(2000, 5, 0.003, 20), rung(1000, 3, 0.009, 6), rung(1000, 5, 0.0045, 10)];
    expect(chooseWorkload(measured, 0.01, 60)).toEqual({ samples: 1000, trials: 5 });
    // None adequate: the most expensive rung within the cap.
    const wide = [rung(1000, 3, 0.02, 20), rung(1000, 5, 0.012, 33), rung(2000, 5, 0.008, 66)];
    expect(chooseWorkload(wide, 0.01, 60)).toEqual({ samples: 1000, trials: 5 });
    // Even the first rung over the cap: the first rung.
    expect(chooseWorkload([rung(1000, 3, 0.02, 90)], 0.01, 60)).toEqual({
      samples: 1000,
      trials: 3,
    });
    // No point estimate (halfWidth null) is never adequate.
    expect(chooseWorkload([rung(1000, 3, null, 5), rung(1000, 5, 0.001, 9)])).toEqual({
      samples: 1000,
      trials: 5,
    });
    expect(() => chooseWorkload([])).toThrow(/no measured/);
  });

  it('the ladder rises in cost; every table entry is a rung; others fall back', () => {
    const cost = WORKLOAD_LADDER.map((w) => w.samples * w.trials);
    expect(cost).toEqual([...cost].sort((a, b) => a - b));
    for (const [id, perFormat] of Object.entries(ZOO_WORKLOADS))
      for (const f of FORMATS)
        if (perFormat[f]) expect(WORKLOAD_LADDER, `${id} ${f}`).toContainEqual(perFormat[f]);
    expect(workloadFor('user-model-1', 'int8')).toEqual(FALLBACK_WORKLOAD);
  });
});
