import { describe, expect, it } from 'vitest';
import { positivePercentile, thresholdsFromLambdas } from './balance';
import { contiguousAddresses, readKernels } from './dram-read';
import { PoissonEncoder } from './encoding';
import { argmaxRows, lifStep, simulateReference } from './lif';
import { parseSnnSpec, type SnnSpec } from './spec';
import { kernelsFromWeightData, type LayersModelJson } from './weights-file';
import { fakeQuantize } from '../formats';
import { testSnnSpec } from '../../../test/helpers/snn';

function tinySpec(over: Partial<SnnSpec> = {}): SnnSpec {
  const layers = over.layers ?? [
    { name: 'a', inputs: 4, outputs: 4, threshold: 1, lambda: 1 },
    { name: 'b', inputs: 4, outputs: 2, threshold: 1, lambda: 1 },
  ];
  const spec = testSnnSpec(
    layers.map((l) => [l.name, l.inputs, l.outputs, l.threshold]),
    { timesteps: 400, encoding: { kind: 'poisson', maxRate: 1, seed: 3 } },
  );
  return parseSnnSpec({ ...spec, ...over, layers: spec.layers });
}

const identity4 = Float32Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1 : 0));

describe('snn spec', () => {
  it('rejects a layer chain that does not fit and bad fields, naming the field', () => {
    const s = tinySpec();
    expect(() =>
      parseSnnSpec({ ...s, layers: [s.layers[0], { ...s.layers[1], inputs: 5 }] }),
    ).toThrow(/layers\.1\.inputs/);
    expect(() => parseSnnSpec({ ...s, leak: 1.5 })).toThrow(/at leak/);
    expect(() => parseSnnSpec({ ...s, timesteps: 0 })).toThrow(/at timesteps/);
  });
});

describe('LIF dynamics', () => {
  it('leaks, integrates, fires at threshold and resets by subtraction', () => {
    const v = Float32Array.from([0, 0.5, 0.9, 0.8]);
    const s = new Float32Array(4);
    // u = 0.5·v + I = [0.4, 0.85, 2.95, 1.0]
    expect(lifStep(v, Float32Array.from([0.4, 0.6, 2.5, 0.6]), 1, 0.5, s)).toBe(2);
    expect(Array.from(s)).toEqual([0, 0, 1, 1]);
    expect(v[0]).toBeCloseTo(0.4, 6);
    expect(v[1]).toBeCloseTo(0.85, 6);
    expect(v[2]).toBeCloseTo(1.95, 6); // one spike per step, the rest carries over
    expect(v[3]).toBeCloseTo(0, 6);
  });

  it('argmaxRows picks the first maximum', () => {
    expect(Array.from(argmaxRows(Float32Array.from([1, 3, 3, 5, 0, 0]), 3))).toEqual([1, 0]);
  });
});

describe('Poisson encoding', () => {
  const images = Float32Array.from([0, 0.25, 0.5, 1, /* sample 1 */ 1, 0, 0, 0.75]);
  it('spikes at rate x per timestep, never for a black pixel', () => {
    const enc = new PoissonEncoder(images, 4, [0], { kind: 'poisson', maxRate: 1, seed: 1 });
    const counts = [0, 0, 0, 0];
    const out = new Float32Array(4);
    const steps = 4000;
    for (let t = 0; t < steps; t++) enc.next(out).forEach((x, i) => (counts[i] += x));
    expect(counts[0]).toBe(0);
    expect(counts[3]).toBe(steps);
    expect(counts[1] / steps).toBeGreaterThan(0.22);
    expect(counts[1] / steps).toBeLessThan(0.28);
    expect(counts[2] / steps).toBeGreaterThan(0.47);
    expect(counts[2] / steps).toBeLessThan(0.53);
  });

  it("a sample's spike train does not depend on the batch it runs in", () => {
    const e = { kind: 'poisson' as const, maxRate: 1, seed: 9 };
    const alone = new PoissonEncoder(images, 4, [1], e);
    const batch = new PoissonEncoder(images, 4, [0, 1], e);
    const a = new Float32Array(4);
    const b = new Float32Array(8);
    for (let t = 0; t < 50; t++)
      expect(Array.from(batch.next(b).subarray(4))).toEqual(Array.from(alone.next(a)));
  });
});

describe('threshold balancing', () => {
  it('takes the percentile of the positive activations and divides consecutive lambdas', () => {
    const acts = Float32Array.from([0, 0, -1, ...Array.from({ length: 100 }, (_, i) => i + 1)]);
    expect(positivePercentile(acts, 100)).toBe(100);
    expect(positivePercentile(acts, 99)).toBe(99);
    expect(positivePercentile(acts, 50)).toBe(50);
    expect(thresholdsFromLambdas([4, 2, 8])).toEqual([4, 0.5, 4]);
  });
});

describe('reference simulation', () => {
  it('an IF neuron behind identity weights fires at its input rate (rate coding)', () => {
    const s = tinySpec({ layers: [{ name: 'a', inputs: 4, outputs: 4, threshold: 1, lambda: 1 }] });
    const images = Float32Array.from([0.1, 0.9, 0.5, 0.3]);
    const r = simulateReference(s, [identity4], images, [0]);
    // scores = spikes·θ + residual ≈ x·T
    for (let i = 0; i < 4; i++) expect(r.scores[i] / s.timesteps).toBeCloseTo(images[i], 1);
    expect(r.predictions[0]).toBe(1);
    expect(r.spikes[0]).toBeGreaterThan(r.spikes[1] - 4); // IF with θ = 1 passes every input spike on
  });

  it('classifies by the charge the output layer receives', () => {
    const s = tinySpec();
    // output 0 listens to inputs 0,1; output 1 to inputs 2,3
    const w2 = Float32Array.from([1, 0, 1, 0, 0, 1, 0, 1]);
    const images = Float32Array.from([0.9, 0.8, 0.1, 0, /**/ 0, 0.2, 0.7, 0.9]);
    const r = simulateReference(s, [identity4, w2], images, [0, 1]);
    expect(Array.from(r.predictions)).toEqual([0, 1]);
  });
});

describe('weights through approximate DRAM', () => {
  const layers = tinySpec().layers;
  const clean = [
    Float32Array.from({ length: 16 }, (_, i) => Math.sin(i)),
    Float32Array.from({ length: 8 }, (_, i) => Math.cos(i)),
  ];
  const base = { errorModel: { id: 0 as const }, moduleSeed: 1, trialSeed: 2, rowBytes: 64 };

  it('BER 0 returns the fake-quantized kernels and flips nothing', () => {
    const r = readKernels(layers, clean, { ...base, format: 'int8', ber: 0 });
    expect(r.flips).toBe(0);
    r.kernels.forEach((k, l) =>
      expect(Array.from(k)).toEqual(Array.from(fakeQuantize(clean[l], 'int8'))),
    );
  });

  it('flips about ber · bits and is reproducible from the seeds', () => {
    const big = [new Float32Array(4096).map((_, i) => Math.sin(i)), new Float32Array(8)];
    const l2 = [
      { ...layers[0], inputs: 64, outputs: 64 },
      { ...layers[1], inputs: 4, outputs: 2 },
    ];
    const a = readKernels(l2, big, { ...base, format: 'int8', ber: 0.01 });
    const b = readKernels(l2, big, { ...base, format: 'int8', ber: 0.01 });
    expect(a.flips).toBeGreaterThan(4096 * 8 * 0.01 * 0.8);
    expect(a.flips).toBeLessThan(4096 * 8 * 0.01 * 1.2);
    expect(Array.from(a.kernels[0])).toEqual(Array.from(b.kernels[0]));
    const c = readKernels(l2, big, { ...base, format: 'int8', ber: 0.01, trialSeed: 3 });
    expect(Array.from(c.kernels[0])).not.toEqual(Array.from(a.kernels[0]));
  });

  it('fp32 reads are corrected (zero) by default, so no weight leaves the clean range', () => {
    const r = readKernels(layers, clean, { ...base, format: 'fp32', ber: 0.05 });
    expect(r.corrected).toBeGreaterThan(0);
    for (const k of r.kernels) for (const x of k) expect(Math.abs(x)).toBeLessThanOrEqual(1);
  });

  it('lays kernels out back to back, 64-byte aligned', () => {
    expect(contiguousAddresses(layers, 'int4')).toEqual([0, 64]);
    expect(contiguousAddresses(layers, 'fp32')).toEqual([0, 64]);
    const big = [{ ...layers[0], inputs: 40 }, layers[1]];
    expect(contiguousAddresses(big, 'int8')).toEqual([0, 192]); // 160 B rounded up
  });
});

describe('weights file', () => {
  it('finds each kernel by name in the manifest and checks shapes and sizes', () => {
    const layers = tinySpec().layers;
    const model: LayersModelJson = {
      modelTopology: {},
      weightsManifest: [
        {
          paths: ['w.bin'],
          weights: [
            { name: 'a/kernel', shape: [4, 4], dtype: 'float32' },
            { name: 'b/kernel', shape: [4, 2], dtype: 'float32' },
          ],
        },
      ],
    };
    const data = Float32Array.from({ length: 24 }, (_, i) => i);
    const [a, b] = kernelsFromWeightData(model, data.buffer, layers);
    expect(a[15]).toBe(15);
    expect(b[0]).toBe(16);
    expect(() => kernelsFromWeightData(model, data.buffer.slice(4), layers)).toThrow(
      /manifest needs 96/,
    );
    const wrong = { ...layers[1], outputs: 3 };
    expect(() => kernelsFromWeightData(model, data.buffer, [layers[0], wrong])).toThrow(/shape/);
  });
});
