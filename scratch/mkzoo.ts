import * as tf from '@tensorflow/tfjs-core';
import { initNodeBackend, loadModelFromDir } from '../src/engine/tfNode';
import { modelDataTypes, runLayered } from '../src/engine/executor';
import { loadDatasetFile } from '../src/engine/nodeData';
import { evalSetOf } from '../src/engine/evalData';
import { writeFileSync } from 'node:fs';
await initNodeBackend('wasm');
const model = await loadModelFromDir('/tmp/edenpub/models/lenet5-mnist');
console.log(model.layers.map((l) => `${l.name}:${l.getClassName()}:${JSON.stringify(l.outputShape)}`).join('\n'));
const train = evalSetOf(loadDatasetFile('mnist', 'train'));
const x = tf.tensor(train.images.subarray(0, 1000 * 784), [1000, 28, 28, 1]);
const ranges = new Map<string, { min: number; max: number }>();
const r = (t: tf.Tensor) => ({ min: tf.min(t).dataSync()[0], max: tf.max(t).dataSync()[0] });
runLayered(model, x, { ifm: (l, t) => (ranges.set(`${l}/ifm`, r(t)), t.clone()), ofm: (l, t) => (ranges.set(`${l}/ofm`, r(t)), t.clone()) });
for (const l of model.layers) { const w = l.getWeights(); if (w.length) ranges.set(`${l.name}/weights`, r(tf.concat(w.map((t) => tf.reshape(t, [-1]))))); }
const dataTypes = modelDataTypes(model).map((d) => ({ ...d, range: ranges.get(d.id)! }));
const entry = { id: 'lenet5-mnist', name: 'LeNet-5', family: 'lenet', paperCounterpart: 'LeNet', dataset: 'mnist', path: 'models/lenet5-mnist/model.json', params: model.countParams(), inputShape: [28, 28, 1], accuracy: { fp32: 0, int16: 0, int8: 0, int4: 0 }, dataTypes, training: { epochs: 3, batchSize: 64, seed: 1, trainSamples: 60000, seconds: 534, backend: 'wasm' } };
writeFileSync('/tmp/edenpub/models/zoo.json', JSON.stringify({ version: 1, models: [entry] }, null, 1));
console.log(dataTypes.map((d) => `${d.id} ${d.elements}`).join('\n'));
