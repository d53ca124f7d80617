import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../dram';
import { fakeAccuracy, fakeEvaluator, type FakeModel } from './fakeEvaluator';
import { PLATFORMS } from '../dram';
import { mapEnergy, savingSources } from './energy';
import { runCoarse, runMap, type PipelineInput, type PipelineProgress } from './pipeline';

const profile = parseProfile(JSON.parse(readFileSync('public/profiles/ddr3-eden.json', 'utf8')));

const model: FakeModel = {
  clean: 0.99,
  critical: {
    'c1/weights': 0.01,
    'c1/ifm': 0.3,
    'c1/ofm': 0.1,
    'd1/weights': 0.003,
    'd1/ifm': 0.05,
    'd1/ofm': 0.2,
  },
};
const bytes = (n: number) => ({ fp32: 4 * n, int16: 2 * n, int8: n, int4: Math.ceil(n / 2) });
const sizes: Record<string, number> = {
  'c1/weights': 200,
  'c1/ifm': 784,
  'c1/ofm': 4000,
  'd1/weights': 40000,
  'd1/ifm': 4000,
  'd1/ofm': 10,
};

function input(): PipelineInput {
  return {
    evaluate: fakeEvaluator(model),
    cleanAccuracy: 0.99,
    dataTypes: Object.keys(model.critical).map((id, i) => {
      const [layer, kind] = id.split('/') as [string, 'weights' | 'ifm' | 'ofm'];
      return {
        id,
        layer,
        layerIndex: i >> 1,
        kind,
        shape: [sizes[id]],
        elements: sizes[id],
        bytes: bytes(sizes[id]),
      };
    }),
    format: 'int8',
    profile,
  };
}

describe('pipeline', () => {
  it('coarse: tolerable BER and its VDD / tRCD steps from the DRAM model', async () => {
    const events: PipelineProgress[] = [];
    const r = await runCoarse(input(), (e) => events.push(e));
    expect(r.tolerableBer).toBeGreaterThan(0);
    expect(r.knobs.berVdd).toBeLessThanOrEqual(r.tolerableBer);
    expect(r.knobs.vddDelta).toBeLessThan(0);
    expect(events.every((e) => e.phase === 'coarse')).toBe(true);
    expect(events).toHaveLength(r.points.length);
  });

  it('map: fine beats coarse, both validation runs meet the target', async () => {
    const inp = input();
    const events = new Set<string>();
    const r = await runMap(inp, { partitions: 4, validate: fakeEvaluator(model) }, undefined, (e) =>
      events.add(e.phase),
    );
    expect([...events]).toEqual(
      expect.arrayContaining(['coarse', 'isolated', 'joint', 'validate']),
    );
    expect(r.validation.coarse.meetsTarget).toBe(true);
    expect(r.validation.fine.meetsTarget).toBe(true);
    // The validation assignment is each data type at its partition's target BER.
    const perType: Record<string, number> = {};
    for (const p of r.fineMap.partitions) for (const d of p.placed) perType[d.id] = p.targetBer;
    expect(fakeAccuracy(model, { mode: 'fine', perDataType: perType })).toBeCloseTo(
      r.validation.fine.estimate.mean,
      12,
    );
    // Byte-weighted VDD reduction: fine ≥ coarse (the most sensitive data sets the coarse level).
    const score = (m: typeof r.fineMap) =>
      m.partitions.reduce((s, p) => s - p.vddDelta * p.used, 0);
    expect(score(r.fineMap)).toBeGreaterThan(score(r.coarseMap));
    // The most sensitive data type sits in the most reliable used partition.
    const where = (id: string) =>
      r.fineMap.partitions.find((p) => p.placed.some((d) => d.id === id))!;
    const used = r.fineMap.partitions.filter((p) => p.placed.length);
    expect(where('d1/weights').ber).toBe(Math.min(...used.map((p) => p.ber)));

    // Energy on each platform: the fine map saves at least as much as the coarse one.
    for (const platform of [PLATFORMS.cpu, PLATFORMS.gpu]) {
      const c = mapEnergy(r.coarseMap, inp.dataTypes, 'int8', platform, profile);
      const fm = mapEnergy(r.fineMap, inp.dataTypes, 'int8', platform, profile);
      expect(c.saving).toBeGreaterThan(0);
      expect(fm.saving).toBeGreaterThan(c.saving);
      expect(fm.speedup).toBeGreaterThanOrEqual(1);
      expect(fm.approxJ).toBeLessThan(fm.nominalJ);
      // Partition energy shares sum to 1; the sources of the extra saving sum to fine − coarse.
      expect(fm.settings.reduce((t, x) => t + x.share, 0)).toBeCloseTo(1, 12);
      const sources = savingSources(r, inp.dataTypes, 'int8', platform, profile);
      expect(sources.map((x) => x.index)).toEqual(fm.settings.map((x) => x.index));
      expect(sources.reduce((t, x) => t + x.gain, 0)).toBeCloseTo(fm.saving - c.saving, 12);
      for (const x of sources) expect(x.vddDelta).toBeLessThanOrEqual(x.coarseVddDelta);
      // The fine grid gives the partitions different settings (the point).
      expect(new Set(fm.settings.map((x) => x.vddDelta)).size).toBeGreaterThanOrEqual(2);
    }
  });

  it('a stricter validation (wider CI) rolls the refinement back and backs off until it meets the target', async () => {
    const strict = fakeEvaluator({ ...model, halfWidth: 0.005 });
    const r = await runMap(input(), { partitions: 4, validate: strict });
    expect(r.refineRolledBack || r.backoffs > 0).toBe(true);
    expect(r.validation.fine.meetsTarget).toBe(true);
    for (const p of r.fineMap.partitions)
      for (const d of p.placed) expect(p.targetBer).toBeLessThanOrEqual(d.tolerableBer);
  });
});
