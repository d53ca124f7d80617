import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import {
  compareConfigs,
  curveConfigOf,
  curveKey,
  curveLabels,
  missingBers,
  sweepBers,
  withCurve,
} from './curves';
import { createExplorerStore } from './store';

const pt = (ber: number) => ({ ber, mean: 0.9, lo: 0.89, hi: 0.91 });

describe('curves beside the current one', () => {
  it('pins the current curve with its points; pinning twice adds nothing', () => {
    const store = createExplorerStore();
    const key = curveKey(store.getState().config);
    store.setState((s) => ({
      clean: {
        ...s.clean,
        key,
        points: [{ ...pt(0), min: 0.9, max: 0.9, trials: 1, samples: 10, final: true }],
      },
    }));
    store.getState().pinCurrent();
    store.getState().pinCurrent();
    const { curves, notices } = store.getState();
    expect(curves).toHaveLength(1);
    expect(curves[0]).toMatchObject({ kind: 'pinned', key, slot: 0 });
    expect(curves[0].points.map((p) => p.ber)).toEqual([0]);
    expect(curves[0].total).toBe(sweepBers(DEFAULT_CONFIG).length);
    expect(notices.at(-1)?.text).toMatch(/pinned already/);
  });

  it('survives knob moves and setting changes (the curve keeps its own settings)', () => {
    const store = createExplorerStore();
    store.getState().pinCurrent();
    store.getState().setVdd(-0.3);
    store.getState().update({ format: 'fp32', em: 2 });
    const [c] = store.getState().curves;
    expect(c.config).toMatchObject({ format: 'int8', em: 0 });
    expect(c.config).not.toHaveProperty('vddDelta');
  });

  it('compare sets add the other error models or formats, once each, with distinct colour slots', () => {
    const store = createExplorerStore({ em: 1, weakFraction: 0.05 });
    store.getState().compare('em');
    store.getState().compare('em');
    store.getState().compare('format');
    const curves = store.getState().curves;
    expect(curves.map((c) => `${c.config.format}/${c.config.em}`)).toEqual([
      'int8/0',
      'int8/2',
      'int8/3',
      'fp32/1',
      'int16/1',
      'int4/1',
    ]);
    expect(new Set(curves.map((c) => c.slot)).size).toBe(curves.length);
    // The wordline/bitline grids stop at the weak fraction.
    expect(curves[1].total).toBe(sweepBers({ em: 2, weakFraction: 0.05 }).length);
    store.getState().removeCurve(curves[1].id);
    store.getState().compare('em');
    expect(store.getState().curves.at(-1)).toMatchObject({ slot: 1 }); // the freed colour
    store.getState().clearCurves();
    expect(store.getState().curves).toEqual([]);
  });

  it('labels curves by the settings that differ among those shown', () => {
    const base = curveConfigOf(DEFAULT_CONFIG);
    expect(curveLabels(compareConfigs(base, 'em'))).toEqual([
      'EM0 uniform',
      'EM1 wordline · 10 % weak',
      'EM2 bitline · 10 % weak',
      'EM3 bit-value · 50 % 1→0',
    ]);
    expect(curveLabels([base, { ...base, modelId: 'mlp-mnist', samples: 200 }])).toEqual([
      `lenet5-mnist · ${DEFAULT_CONFIG.samples} images`,
      'mlp-mnist · 200 images',
    ]);
    expect(curveLabels([base, { ...base }])).toEqual(['same settings', 'same settings']);
  });

  it('withCurve does not duplicate settings already shown', () => {
    const base = curveConfigOf(DEFAULT_CONFIG);
    const one = withCurve([], 'pinned', base, 15);
    expect(withCurve(one, 'boosted', { ...base }, 15)).toHaveLength(1);
    expect(withCurve(one, 'boosted', { ...base, modelId: 'x-boosted-1' }, 15)).toHaveLength(2);
  });
});

describe('missingBers', () => {
  it('counts a point measured only on the first phase as missing (an interrupted refinement)', () => {
    const p = (ber: number, final?: boolean) => ({ ber, mean: 0.9, lo: 0.8, hi: 1, final });
    const points = [p(0, true), p(1e-5, false), p(1e-4)];
    expect(missingBers({ points }, [0, 1e-5, 1e-4, 1e-3])).toEqual([1e-5, 1e-3]);
  });
});
