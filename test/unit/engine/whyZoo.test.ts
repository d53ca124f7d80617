/**
 * Issue #16, "each view works for the zoo's ANN models in every format and error model": every
 * why view on every ANN zoo model (each model in one format and error model, rotating, so the
 * four formats and the four error models all meet the odd layers: depthwise convolutions of
 * MobileNetV2, residual adds of ResNet, fire modules of SqueezeNet), and every format × error
 * model on LeNet-5. The full cross product (10 models × 4 formats × 4 error models × 5 views)
 * takes minutes on this project's 2-core machine; this covers every model once and every
 * format × error model once, on 20 images × 2 trials (a shape check, not an accuracy one).
 * Each result must be real, finite numbers in the expected shape. SNNs are refused, one line.
 */
import { describe, expect, it } from 'vitest';
import { FORMAT_BITS, type ErrorModelSpec, type Format } from '../../../src/core/types';
import { WHY_VIEWS, type WhyResult } from '../../../src/core/why/types';
import { parseZoo } from '../../../src/core/models/zoo';
import { withStoredInNode } from '../../../src/engine/nodeEngine';
import { runWhy } from '../../../src/engine/why';
import type { RunConfig } from '../../../src/contract/api';
import { run as cliWhy } from '../../../src/cli/why';
import { readFileSync } from 'node:fs';

const zoo = parseZoo(JSON.parse(readFileSync('public/models/zoo.json', 'utf8'))).models;
const ann = zoo.filter((m) => m.family !== 'snn');
const FORMATS: Format[] = ['fp32', 'int16', 'int8', 'int4'];
const ERROR_MODELS: ErrorModelSpec[] = [
  { id: 0 },
  { id: 1, weakFraction: 0.1 },
  { id: 2, weakFraction: 0.1 },
  { id: 3, oneToZeroShare: 0.8 },
];
// High enough that every view sees flips on 20 images, low enough that accuracy is not nil.
const BER = 3e-3;

const finite = (xs: readonly number[], what: string) => {
  for (const x of xs) expect(Number.isFinite(x), `${what}: ${x}`).toBe(true);
};
const fraction = (xs: readonly number[], what: string) => {
  for (const x of xs) expect(x >= 0 && x <= 1, `${what}: ${x}`).toBe(true);
};

/** Real, finite numbers in the shape each view promises for `sm`'s model and format. */
function checkShape(r: WhyResult, dataTypes: number, classes: number, pixels: number) {
  const where = `${r.model} ${r.format} em${r.errorModel.id} ${r.view}`;
  fraction([r.clean], `${where} clean`);
  expect(r.final, where).toBe(true);
  switch (r.view) {
    case 'bits': {
      const groups = r.format === 'fp32' ? 3 : FORMAT_BITS[r.format];
      expect(r.groups, where).toHaveLength(groups);
      // weights / activations × without / with correction × (all + each group)
      expect(r.rows, where).toHaveLength(2 * 2 * (groups + 1));
      for (const x of r.rows) {
        fraction([x.mean, x.lo, x.hi], `${where} ${x.data} ${x.group}`);
        finite([x.drop], `${where} ${x.data} ${x.group} drop`);
      }
      break;
    }
    case 'trials':
      expect(r.perTrial, where).toHaveLength(r.trials);
      fraction([...r.perTrial, r.estimate.mean, r.estimate.lo, r.estimate.hi], where);
      expect(r.worst.weightFlipsByBit, where).toHaveLength(FORMAT_BITS[r.format]);
      expect(r.worst.weightFlipsByBit.reduce((a, b) => a + b, 0)).toBe(r.worst.weightFlipCount);
      for (const f of r.worst.weightFlips) finite([f.clean], `${where} flip`);
      break;
    case 'changed':
      expect(r.classes, where).toBe(classes);
      expect(r.confusionShift, where).toHaveLength(classes);
      for (const row of r.confusionShift) {
        expect(row).toHaveLength(classes);
        finite(row, `${where} shift`);
      }
      finite([r.correctToWrong, r.wrongToCorrect, ...r.noClassShift], where);
      expect(r.perClass, where).toHaveLength(classes);
      for (const p of r.perClass) fraction([p.clean, p.faulty], `${where} class ${p.cls}`);
      for (const im of r.images) {
        expect(im.pixels, where).toHaveLength(pixels);
        expect(im.cleanLogits, where).toHaveLength(classes);
        finite(im.cleanLogits, `${where} clean logits`);
      }
      break;
    case 'layers':
      expect(r.rows, where).toHaveLength(dataTypes);
      for (const x of r.rows) {
        fraction([x.mean, x.lo, x.hi], `${where} ${x.id}`);
        finite([x.drop], `${where} ${x.id} drop`);
      }
      break;
    case 'histogram':
      finite([...r.edges, r.range.min, r.range.max], where);
      expect(
        r.cleanCounts.reduce((a, b) => a + b, 0),
        where,
      ).toBe(r.elements);
      expect(r.readCounts.reduce((a, b) => a + b, 0) + r.below + r.above + r.nan, where).toBe(
        r.elements,
      );
      // Weak-row / weak-bitline models may leave one tensor of one trial untouched.
      expect(r.outOfRange, where).toBeLessThanOrEqual(r.changed);
      expect(r.changed, where).toBeLessThanOrEqual(r.elements);
      if (r.errorModel.id === 0) expect(r.changed, where).toBeGreaterThan(0);
      break;
  }
}

async function everyView(modelId: string, combos: [Format, ErrorModelSpec][]) {
  const entry = ann.find((m) => m.id === modelId)!;
  for (const [format, errorModel] of combos) {
    const config: RunConfig = {
      modelId,
      format,
      errorModel,
      correction: 'zero',
      samples: 20,
      trials: 2,
      moduleSeed: 1,
      trialSeed: 1,
      rowBytes: 8192,
    };
    await withStoredInNode(config, 'wasm', async (sm, data) => {
      const out = sm.model.outputs[0].shape;
      const classes = out[out.length - 1] as number;
      const pixels = sm.inputShape.reduce((a, b) => a * b, 1);
      // The histogram of an activation data type too (the default is the largest weights).
      const ofm = entry.dataTypes.find((d) => d.kind === 'ofm')!.id;
      for (const [view, dataType] of [
        ...WHY_VIEWS.map((v) => [v, undefined] as const),
        ['histogram', ofm] as const,
      ]) {
        const r = await runWhy(
          sm,
          data,
          { config, view, ber: BER, dataType },
          { batchSize: 20, firstEstimateSamples: 0 },
        );
        expect(r.view).toBe(view);
        checkShape(r, entry.dataTypes.length, classes, pixels);
      }
    });
  }
}

describe('why views on the zoo (issue #16)', () => {
  it.each(ann.map((m, i) => [m.id, i] as const))(
    '%s: every view (rotating format and error model)',
    async (id, i) => {
      await everyView(id, [[FORMATS[i % 4], ERROR_MODELS[(i + Math.floor(i / 4)) % 4]]]);
    },
  );

  it('lenet5-mnist: every view in every format × error model', async () => {
    await everyView(
      'lenet5-mnist',
      FORMATS.flatMap((f) => ERROR_MODELS.map((em) => [f, em] as [Format, ErrorModelSpec])),
    );
  });

  it('an SNN is refused with one line (CLI exit 2) before any work', async () => {
    for (const model of zoo.filter((m) => m.family === 'snn').map((m) => m.id))
      await expect(
        cliWhy(['--model', model, '--format', 'int8', '--ber', '1e-3', '--view', 'bits']),
      ).rejects.toThrow(/spiking network: eden why takes ANN models/);
  });
});
