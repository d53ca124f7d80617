import { describe, expect, it } from 'vitest';
import { boostSchedule, curriculumDecision, DEFAULT_ACTIVATION_CLIP, stageAt } from './schedule';

describe('boost schedules', () => {
  it('eden: a geometric curriculum ending exactly at the target, covering all epochs', () => {
    const s = boostSchedule({ recipe: 'eden', targetBer: 1e-2, epochs: 4, steps: 4 });
    expect(s.stages.map((st) => st.ber)).toEqual([
      1e-5,
      expect.closeTo(1e-4, 12),
      expect.closeTo(1e-3, 12),
      1e-2,
    ]);
    expect(s.stages.map((st) => st.fromEpoch)).toEqual([0, 1, 2, 3]);
    expect(s.stages.reduce((a, st) => a + st.epochs, 0)).toBe(4);
    for (const st of s.stages) {
      expect(st.clip).toBeNull();
      expect(st.cleanLossWeight).toBe(0);
    }
  });

  it('eden: BER never decreases and respects a given start', () => {
    const s = boostSchedule({
      recipe: 'eden',
      targetBer: 0.05,
      epochs: 3,
      steps: 6,
      startBer: 0.005,
    });
    expect(s.stages[0].ber).toBe(0.005);
    for (let i = 1; i < s.stages.length; i++)
      expect(s.stages[i].ber).toBeGreaterThan(s.stages[i - 1].ber);
    expect(s.stages.at(-1)!.ber).toBe(0.05);
    expect(s.stages[1].fromEpoch).toBeCloseTo(0.5, 12);
  });

  it('randbet: one stage at the target with clipping and a clean/perturbed loss average', () => {
    const s = boostSchedule({ recipe: 'randbet', targetBer: 0.01, epochs: 2, clip: 0.2 });
    expect(s.stages).toEqual([
      { index: 0, fromEpoch: 0, epochs: 2, ber: 0.01, clip: 0.2, cleanLossWeight: 0.5 },
    ]);
  });

  it('rejects impossible options with readable messages', () => {
    expect(() => boostSchedule({ recipe: 'eden', targetBer: 0, epochs: 1 })).toThrow(/target BER/);
    expect(() => boostSchedule({ recipe: 'eden', targetBer: 0.6, epochs: 1 })).toThrow(
      /target BER/,
    );
    expect(() => boostSchedule({ recipe: 'eden', targetBer: 0.01, epochs: 0 })).toThrow(/epochs/);
    expect(() => boostSchedule({ recipe: 'eden', targetBer: 0.01, epochs: 1, steps: 0 })).toThrow(
      /steps/,
    );
    expect(() =>
      boostSchedule({ recipe: 'eden', targetBer: 0.01, epochs: 1, startBer: 0.1 }),
    ).toThrow(/above/);
    expect(() => boostSchedule({ recipe: 'randbet', targetBer: 0.01, epochs: 1, clip: 0 })).toThrow(
      /clipping/,
    );
  });

  it('clipped activation ranges: on by default for eden (FT-ClipAct), off for randbet, checked', () => {
    expect(boostSchedule({ recipe: 'eden', targetBer: 0.01, epochs: 1 }).activationClip).toEqual(
      DEFAULT_ACTIVATION_CLIP,
    );
    expect(boostSchedule({ recipe: 'randbet', targetBer: 0.01, epochs: 1 }).activationClip).toBe(
      null,
    );
    const own = { quantile: 0.99, logitQuantile: 0.2 };
    expect(
      boostSchedule({ recipe: 'randbet', targetBer: 0.01, epochs: 1, activationClip: own })
        .activationClip,
    ).toEqual(own);
    expect(
      boostSchedule({ recipe: 'eden', targetBer: 0.01, epochs: 1, activationClip: null })
        .activationClip,
    ).toBe(null);
    const bad = (activationClip: { quantile: number; logitQuantile: number }) => () =>
      boostSchedule({ recipe: 'eden', targetBer: 0.01, epochs: 1, activationClip });
    expect(bad({ quantile: 0, logitQuantile: 0.1 })).toThrow(/activation clip quantile/);
    expect(bad({ quantile: 0.9, logitQuantile: 1.5 })).toThrow(/logit clip quantile/);
  });

  it('stageAt finds the stage of a fractional epoch', () => {
    const s = boostSchedule({ recipe: 'eden', targetBer: 1e-2, epochs: 2, steps: 4 });
    expect(stageAt(s, 0).index).toBe(0);
    expect(stageAt(s, 0.49).index).toBe(0);
    expect(stageAt(s, 0.5).index).toBe(1);
    expect(stageAt(s, 1.99).index).toBe(3);
    expect(stageAt(s, 5).index).toBe(3);
  });

  it('the curriculum holds a collapsed stage once, then advances', () => {
    expect(curriculumDecision(0.97, 0.99, 0)).toBe('advance');
    expect(curriculumDecision(0.5, 0.99, 0)).toBe('hold');
    expect(curriculumDecision(0.5, 0.99, 1)).toBe('advance');
    expect(curriculumDecision(0.9, 0.99, 0, { maxDrop: 0.1 })).toBe('advance');
  });
});
