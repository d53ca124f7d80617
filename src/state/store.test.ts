import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { createExplorerStore, curveKey } from './store';
import { bindUrl } from './urlSync';

describe('explorer store', () => {
  it('keeps knobs on the grid and inside the profile range', () => {
    const store = createExplorerStore();
    store.getState().setKnobRange({ vddMin: -0.4, trcdMin: -6, vddStep: 0.01, trcdStep: 0.25 });
    store.getState().setVdd(-0.123);
    expect(store.getState().config.vddDelta).toBe(-0.12);
    store.getState().setVdd(-3);
    expect(store.getState().config.vddDelta).toBe(-0.4);
    store.getState().setVdd(0.2);
    expect(store.getState().config.vddDelta).toBe(0);
    store.getState().setTrcd(-2.7);
    expect(store.getState().config.trcdDelta).toBe(-2.75);
  });

  it('snaps the knobs onto a coarser profile grid with a notice', () => {
    const store = createExplorerStore({ vddDelta: -0.07, trcdDelta: -1.75 });
    store.getState().setKnobRange({ vddMin: -0.5, trcdMin: -7, vddStep: 0.05, trcdStep: 0.5 });
    expect(store.getState().config).toMatchObject({ vddDelta: -0.05, trcdDelta: -1.5 });
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      'vdd (ΔVDD): -0.07 V is off the 0.05 V grid (nearest -0.1 or -0.05) on profile ddr3-eden; using -0.05 V.',
      'trcd (ΔtRCD): -1.75 ns is off the 0.5 ns grid (nearest -2 or -1.5) on profile ddr3-eden; using -1.5 ns.',
    ]);
    store.getState().setVdd(-0.123);
    expect(store.getState().config.vddDelta).toBe(-0.1);
  });

  it('clamps the knobs with a notice when a profile offers less range', () => {
    const store = createExplorerStore({ vddDelta: -0.45, trcdDelta: -7 });
    store.getState().setKnobRange({ vddMin: -0.3, trcdMin: -5, vddStep: 0.01, trcdStep: 0.25 });
    expect(store.getState().config).toMatchObject({ vddDelta: -0.3, trcdDelta: -5 });
    expect(store.getState().notices.map((n) => n.level)).toEqual(['warn', 'warn']);
  });

  it('a link far beyond the profile (vdd=-0.9) is clamped with a notice naming vdd', () => {
    const store = createExplorerStore({ vddDelta: -0.9 });
    store.getState().setKnobRange({ vddMin: -0.5, trcdMin: -7, vddStep: 0.01, trcdStep: 0.25 });
    expect(store.getState().config.vddDelta).toBe(-0.5);
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      'vdd (ΔVDD): -0.9 V is below the range -0.5 to 0 V on profile ddr3-eden; using -0.5 V.',
    ]);
  });

  it('drops the accuracy estimate when the curve settings change, not when a knob moves', () => {
    const store = createExplorerStore();
    const estimate = {
      mean: 0.78,
      lo: 0.7,
      hi: 0.85,
      min: 0.7,
      max: 0.85,
      trials: 3,
      samples: 1000,
      final: true,
      corrected: 0,
    };
    store.setState({ estimate: { ...estimate, ber: 0 } });
    store.getState().setVdd(-0.1);
    expect(store.getState().estimate).not.toBeNull();
    // Issue #15 item 6: after a model switch the previous model's 78 % must not stay on screen.
    store.getState().update({ modelId: 'mlp-mnist' });
    expect(store.getState().estimate).toBeNull();
  });

  it('a scenario key sets its settings and remembers its caption', () => {
    const store = createExplorerStore({ trcdDelta: -5.5, format: 'fp32' });
    store.getState().applyScenario('5');
    expect(store.getState().config).toMatchObject({ vddDelta: -0.3, trcdDelta: 0, em: 1 });
    expect(store.getState().config.format).toBe('int8');
    expect(store.getState().scenario).toBe('5');
    store.getState().applyScenario('9');
    expect(store.getState().scenario).toBe('5');
  });

  it('the curve key ignores the knobs and unused error-model parameters', () => {
    const a = curveKey(DEFAULT_CONFIG);
    expect(curveKey({ ...DEFAULT_CONFIG, vddDelta: -0.3, trcdDelta: -2, platform: 'gpu' })).toBe(a);
    expect(curveKey({ ...DEFAULT_CONFIG, weakFraction: 0.5 })).toBe(a);
    expect(curveKey({ ...DEFAULT_CONFIG, em: 1, weakFraction: 0.5 })).not.toBe(
      curveKey({ ...DEFAULT_CONFIG, em: 1 }),
    );
    expect(curveKey({ ...DEFAULT_CONFIG, format: 'fp32' })).not.toBe(a);
  });

  it('binds to the URL: reads it, reports bad values, writes changes back', () => {
    const store = createExplorerStore();
    const location = { search: '?format=fp32&em=9&vdd=-0.2', pathname: '/app/', hash: '' };
    const written: string[] = [];
    const history = {
      replaceState: (_d: unknown, _u: string, url: string) => {
        written.push(url);
        location.search = url.slice(url.indexOf('?'));
      },
    };
    const unbind = bindUrl(store, location, history);
    expect(store.getState().config).toMatchObject({ format: 'fp32', em: 0, vddDelta: -0.2 });
    expect(store.getState().notices).toHaveLength(1);
    expect(written.at(-1)).toMatch(/^\/app\/\?model=lenet5-mnist&format=fp32&em=0/);
    store.getState().setVdd(-0.3);
    expect(written.at(-1)).toContain('vdd=-0.3');
    const count = written.length;
    store.getState().notify('info', 'not a config change');
    expect(written).toHaveLength(count);
    unbind();
  });

  it('coalesces URL writes during a drag and writes the last state', () => {
    vi.useFakeTimers();
    try {
      const store = createExplorerStore();
      const location = { search: '', pathname: '/', hash: '' };
      const written: string[] = [];
      const history = {
        replaceState: (_d: unknown, _u: string, url: string) => {
          written.push(url);
          location.search = url.slice(url.indexOf('?'));
        },
      };
      bindUrl(store, location, history, 200);
      const first = written.length;
      for (let i = 1; i <= 8; i++) store.getState().setVdd(-0.05 * i);
      expect(written).toHaveLength(first);
      vi.advanceTimersByTime(250);
      expect(written).toHaveLength(first + 1);
      expect(written.at(-1)).toContain('vdd=-0.4');
    } finally {
      vi.useRealTimers();
    }
  });

  it('pinned curves come from the link and go back to it; boosted ones stay out', () => {
    const store = createExplorerStore();
    const location = { search: '?em=0&cmp=em_2*wf_0.3', pathname: '/', hash: '' };
    const history = {
      replaceState: (_d: unknown, _u: string, url: string) => {
        location.search = url.slice(url.indexOf('?'));
      },
    };
    const unbind = bindUrl(store, location, history);
    expect(store.getState().curves.map((c) => [c.config.em, c.config.weakFraction])).toEqual([
      [2, 0.3],
    ]);
    expect(location.search).toMatch(/&cmp=em_2\*wf_0\.3$/);
    store.getState().compare('format');
    expect(location.search.match(/cmp=/g)).toHaveLength(4);
    store.getState().addCurves([{ ...store.getState().config, modelId: 'x-boosted-1' }], 'boosted');
    expect(store.getState().curves).toHaveLength(5);
    expect(location.search.match(/cmp=/g)).toHaveLength(4);
    store.getState().clearCurves();
    expect(location.search).not.toMatch(/cmp=/);
    unbind();
  });
});
