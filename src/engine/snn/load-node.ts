/** Loading a zoo SNN (snn.json + the ANN's model.json / weights) from a folder in Node. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSnnSpec } from '../../core/snn/spec';
import { kernelsFromWeightData, type LayersModelJson } from '../../core/snn/weights-file';
import type { SnnModel } from './sweep';

export function loadSnnDir(dir: string, id = dir.split('/').pop() ?? dir): SnnModel {
  const spec = parseSnnSpec(JSON.parse(readFileSync(join(dir, 'snn.json'), 'utf8')));
  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as LayersModelJson;
  const buf = readFileSync(join(dir, model.weightsManifest[0].paths[0]));
  const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  return { id, spec, kernels: kernelsFromWeightData(model, data, spec.layers) };
}
