import { describe, expect, it } from 'vitest';
import { bitPositionMask } from '../../../src/core/errors';
import type {
  BitsResult,
  ChangedResult,
  HistogramResult,
  TrialsResult,
  WhyResult,
} from '../../../src/core/why/types';
import { caption } from '../../../src/core/why/summaries';
import { Evaluator } from '../../../src/engine/evaluate';
import { withStoredInNode } from '../../../src/engine/nodeEngine';
import { runWhy } from '../../../src/engine/why';
import type { RunConfig } from '../../../src/contract/api';

// Real LeNet-5/MNIST on wasm, a few images: seconds per test.
const config = (over: Partial<RunConfig> = {}): RunConfig => ({
  modelId: 'lenet5-mnist',
  format: 'fp32',
  errorModel: { id: 0 },
  correction: 'none',
  samples: 100,
  trials: 2,
  moduleSeed: 1,
  trialSeed: 1,
  rowBytes: 8192,
  ...over,
});
const opts = { batchSize: 100, firstEstimateSamples: 0 };

describe('why: bit positions (issue #16)', () => {
  it('LeNet-5 fp32 without correction: the exponent bits account for most of the drop', async () => {
    const { result } = await withStoredInNode(config(), 'wasm', (sm, data) =>
      runWhy(sm, data, { config: config(), view: 'bits', ber: 1e-4 }, opts),
    );
    const r = result as BitsResult;
    const row = (data: string, correction: string, group: string) =>
      r.rows.find((x) => x.data === data && x.correction === correction && x.group === group)!;
    for (const data of ['weights', 'activations']) {
      const all = row(data, 'none', 'all');
      const exp = row(data, 'none', 'exponent');
      expect(all.drop).toBeGreaterThan(0.2);
      expect(exp.drop).toBeGreaterThan(0.8 * all.drop);
      expect(row(data, 'none', 'sign').drop).toBeLessThan(0.1 * all.drop);
      expect(row(data, 'none', 'mantissa').drop).toBeLessThan(0.1 * all.drop);
      // Out-of-range correction catches the exponent flips.
      expect(row(data, 'zero', 'all').drop).toBeLessThan(0.05);
    }
    expect(caption(r)).toMatch(/exponent bits alone cost/);
  });

  it('a mask keeping every bit measures exactly what no mask measures', async () => {
    const cfg = config({ format: 'int8', trials: 3 });
    await withStoredInNode(cfg, 'wasm', async (sm, data) => {
      const ev = new Evaluator(sm, data, cfg, opts);
      const assignment = { mode: 'coarse', ber: 5e-3, target: 'all' } as const;
      const [plain, masked] = await ev.evaluateVariants([
        { assignment },
        { assignment, bitMask: bitPositionMask('int8', [0, 1, 2, 3, 4, 5, 6, 7]) },
      ]);
      const reference = await new Evaluator(sm, data, cfg, opts).evaluate(assignment);
      expect(masked.perTrial).toEqual(plain.perTrial);
      expect(plain.mean).toBe(reference.mean);
    });
  });
});

describe('why: trials, changed, histogram', () => {
  it('trials: per-trial accuracies, the worst trial and its weight flips', async () => {
    const cfg = config({ format: 'int8', trials: 3 });
    const { result } = await withStoredInNode(cfg, 'wasm', (sm, data) =>
      runWhy(sm, data, { config: cfg, view: 'trials', ber: 3e-3, target: 'weights' }, opts),
    );
    const r = result as TrialsResult;
    expect(r.perTrial).toHaveLength(3);
    expect(r.worst.accuracy).toBe(Math.min(...r.perTrial));
    expect(r.worst.weightFlipCount).toBeGreaterThan(0);
    expect(r.worst.weightFlipsByBit.reduce((a, b) => a + b, 0)).toBe(r.worst.weightFlipCount);
    for (const f of r.worst.weightFlips) expect(f.read).not.toBe(f.clean);
    // Weights only: no activation read.
    expect(r.worst.activationFlips).toEqual([]);
  });

  it('changed: every listed image changed, the confusion shift sums to zero per class', async () => {
    const cfg = config({ format: 'int8', trials: 2 });
    const { result } = await withStoredInNode(cfg, 'wasm', (sm, data) =>
      runWhy(sm, data, { config: cfg, view: 'changed', ber: 1e-2 }, opts),
    );
    const r = result as ChangedResult;
    expect(r.changedCount).toBeGreaterThan(0);
    for (const im of r.images) {
      expect(im.faultyPred).not.toBe(im.cleanPred);
      expect(im.pixels).toHaveLength(28 * 28);
      expect(im.cleanLogits).toHaveLength(10);
    }
    r.confusionShift.forEach((row, t) =>
      expect(Math.abs(row.reduce((a, b) => a + b, 0) + r.noClassShift[t])).toBeLessThan(1e-9),
    );
    expect(r.correctToWrong).toBeGreaterThan(r.wrongToCorrect);
  });

  it('histogram: fp32 weights without correction leave the clean range', async () => {
    const { result } = await withStoredInNode(config(), 'wasm', (sm, data) =>
      runWhy(
        sm,
        data,
        { config: config(), view: 'histogram', ber: 1e-3, dataType: 'fc1/weights' },
        opts,
      ),
    );
    const r = result as HistogramResult;
    expect(r.changed).toBeGreaterThan(0);
    expect(r.outOfRange).toBeGreaterThan(0);
    expect(r.cleanCounts.reduce((a, b) => a + b, 0)).toBe(r.elements);
    expect(r.readCounts.reduce((a, b) => a + b, 0) + r.below + r.above + r.nan).toBe(r.elements);
  });

  it('a bad data type is a one-line bad-input error', async () => {
    await expect(
      withStoredInNode(config(), 'wasm', (sm, data) =>
        runWhy(
          sm,
          data,
          { config: config(), view: 'histogram', ber: 1e-3, dataType: 'nope' },
          opts,
        ),
      ),
    ).rejects.toThrow(/unknown data type "nope"/);
  });
});

describe('why: the first phase alone (the page while its curve is measured)', () => {
  it('the histogram of weights reads no images: one final phase', async () => {
    const cfg = config({ format: 'int8', samples: 200 });
    const { result } = await withStoredInNode(cfg, 'wasm', async (sm, data) => {
      const phases: WhyResult[] = [];
      const r = await runWhy(
        sm,
        data,
        { config: cfg, view: 'histogram', ber: 5e-3, firstPhaseOnly: true },
        { batchSize: 100, firstEstimateSamples: 100 },
        (x) => phases.push(x),
      );
      expect(phases).toEqual([r]);
      return r;
    });
    expect(result).toMatchObject({ view: 'histogram', kind: 'weights', final: true });
  });

  it('gives the full request’s first-phase numbers, not final, for every phased view', async () => {
    const cfg = config({ format: 'int8', samples: 200, trials: 2 });
    const phased = { batchSize: 100, firstEstimateSamples: 100 };
    await withStoredInNode(cfg, 'wasm', async (sm, data) => {
      for (const [view, dataType] of [
        ['bits'],
        ['trials'],
        ['changed'],
        ['layers'],
        ['histogram', 'conv2/ofm'],
      ] as const) {
        const request = { config: cfg, view, ber: 5e-3, dataType };
        const phases: WhyResult[] = [];
        const full = await runWhy(sm, data, request, phased, (r) => phases.push(r));
        expect(full.final).toBe(true);
        expect(full.samples).toBe(200);
        // The views that compare many variants measure one trial first (FIRST_PHASE_TRIALS);
        // the histogram is always one trial.
        const trials = view === 'trials' || view === 'changed' ? 2 : 1;
        expect(phases[0], view).toMatchObject({ samples: 100, trials, final: false });
        expect(phases.map((r) => r.final)).toEqual([false, true]);
        const seen: WhyResult[] = [];
        const first = await runWhy(sm, data, { ...request, firstPhaseOnly: true }, phased, (r) =>
          seen.push(r),
        );
        expect(seen).toEqual([first]);
        expect(first, view).toEqual(phases[0]);
      }
    });
  });
});
