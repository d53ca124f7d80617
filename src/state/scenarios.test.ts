import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { SCENARIOS, scenarioConfig, showsScenario } from './scenarios';
import { serializeUrl } from './url';

describe('scenarios', () => {
  it('give the same settings from a fresh page and after any other scenario (issue #15)', () => {
    const fresh = { ...DEFAULT_CONFIG, samples: 200, trials: 2, backend: 'wasm' as const };
    for (const s of SCENARIOS) {
      const want = serializeUrl(scenarioConfig(fresh, s));
      for (const before of SCENARIOS) {
        const after = scenarioConfig(scenarioConfig(fresh, before), s);
        expect(serializeUrl(after), `${before.key} then ${s.key}`).toBe(want);
      }
    }
  });

  it('key 5 after key 4 does not keep tRCD −5.5 ns; key 1 after key 6 leaves fp32', () => {
    const four = scenarioConfig(DEFAULT_CONFIG, SCENARIOS[3]);
    expect(four.trcdDelta).toBe(-5.5);
    expect(scenarioConfig(four, SCENARIOS[4]).trcdDelta).toBe(0);
    const six = scenarioConfig(DEFAULT_CONFIG, SCENARIOS[5]);
    expect(six).toMatchObject({ format: 'fp32', correction: 'none' });
    expect(scenarioConfig(six, SCENARIOS[0])).toMatchObject({ format: 'int8', correction: 'zero' });
  });

  it('keep images × trials, seeds, backend and presentation mode', () => {
    const mine = { ...DEFAULT_CONFIG, samples: 300, trials: 5, trialSeed: 9, present: true };
    expect(scenarioConfig(mine, SCENARIOS[2])).toMatchObject({
      samples: 300,
      trials: 5,
      trialSeed: 9,
      present: true,
      vddDelta: -0.4,
    });
  });

  it('a scenario is shown until one of its settings changes', () => {
    const c = scenarioConfig(DEFAULT_CONFIG, SCENARIOS[1]);
    expect(showsScenario(c, SCENARIOS[1])).toBe(true);
    expect(showsScenario({ ...c, samples: 50 }, SCENARIOS[1])).toBe(true);
    expect(showsScenario({ ...c, vddDelta: -0.1 }, SCENARIOS[1])).toBe(false);
    expect(showsScenario(c, SCENARIOS[0])).toBe(false);
  });
});
