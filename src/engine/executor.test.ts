import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeLayers, modelDataTypes, runLayered } from './executor';
import { initNodeBackend } from './tfNode';

function sequential(): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(
    tfl.layers.conv2d({
      inputShape: [8, 8, 1],
      filters: 3,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
    }),
  );
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.flatten());
  m.add(
    tfl.layers.dense({ units: 4, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
  );
  return m;
}

function residual(): tfl.LayersModel {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const input = tfl.input({ shape: [6, 6, 2] });
  const a = tfl.layers
    .conv2d({
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(1),
      name: 'c1',
    })
    .apply(input) as tfl.SymbolicTensor;
  const b = tfl.layers
    .depthwiseConv2d({
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      depthwiseInitializer: init(2),
      name: 'dw',
    })
    .apply(a) as tfl.SymbolicTensor;
  const s = tfl.layers.add().apply([a, b]) as tfl.SymbolicTensor;
  const c = tfl.layers
    .conv2d({ filters: 2, kernelSize: 1, kernelInitializer: init(3), name: 'c2' })
    .apply(s) as tfl.SymbolicTensor;
  const cat = tfl.layers.concatenate().apply([c, s]) as tfl.SymbolicTensor;
  const g = tfl.layers.globalAveragePooling2d({}).apply(cat) as tfl.SymbolicTensor;
  const out = tfl.layers
    .dense({ units: 3, kernelInitializer: init(4), name: 'fc' })
    .apply(g) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out });
}

function input(shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37)),
    shape,
  );
}

describe('runLayered', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  for (const [name, build, shape] of [
    ['sequential', sequential, [5, 8, 8, 1]],
    ['functional with skip connections', residual, [5, 6, 6, 2]],
  ] as const) {
    it(`equals model.predict without hooks (${name})`, () => {
      const model = build();
      const x = input([...shape]);
      const want = model.predict(x) as tf.Tensor;
      const before = tf.memory().numTensors;
      const got = runLayered(model, x);
      expect(tf.memory().numTensors).toBe(before + 1);
      const w = want.dataSync();
      const g = got.dataSync();
      expect(got.shape).toEqual(want.shape);
      for (let i = 0; i < w.length; i++) expect(g[i]).toBeCloseTo(w[i], 5);
      tf.dispose([x, want, got]);
    });
  }

  it('calls the hooks around every compute layer, in order, and uses what they return', () => {
    const model = residual();
    const x = input([2, 6, 6, 2]);
    const seen: string[] = [];
    const before = tf.memory().numTensors;
    const out = runLayered(model, x, {
      ifm: (l, t) => (seen.push(`${l}/ifm`), t),
      ofm: (l, t) => (seen.push(`${l}/ofm`), l === 'fc' ? tf.zerosLike(t) : tf.mul(t, 1)),
    });
    expect(seen).toEqual([
      'c1/ifm',
      'c1/ofm',
      'dw/ifm',
      'dw/ofm',
      'c2/ifm',
      'c2/ofm',
      'fc/ifm',
      'fc/ofm',
    ]);
    expect(Array.from(out.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('enumerates compute layers and data types with per-sample shapes', () => {
    const layers = computeLayers(residual());
    expect(layers.map((l) => [l.name, l.className])).toEqual([
      ['c1', 'Conv2D'],
      ['dw', 'DepthwiseConv2D'],
      ['c2', 'Conv2D'],
      ['fc', 'Dense'],
    ]);
    expect(layers[1].weights).toEqual([
      { name: 'depthwise_kernel', shape: [3, 3, 4, 1] },
      { name: 'bias', shape: [4] },
    ]);
    const types = modelDataTypes(sequential());
    expect(types.find((t) => t.id.endsWith('/ifm') && t.layerIndex === 1)?.shape).toEqual([27]);
    expect(types[0].elements).toBe(3 * 9 + 3);
  });
});
