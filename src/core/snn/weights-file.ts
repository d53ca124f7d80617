/**
 * Reading the SNN's kernels out of the tfjs LayersModel artifacts it is stored as (model.json +
 * one binary weights file), without tfjs: the kernels are float32 in the order of the
 * weights manifest. Works on a Buffer in Node and on a fetched ArrayBuffer in the worker.
 */
import type { SnnLayer } from './spec';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

export interface LayersModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

/** The kernel of each SNN layer (`<layer.name>/kernel`) out of the concatenated weight data. */
export function kernelsFromWeightData(
  model: LayersModelJson,
  data: ArrayBuffer,
  layers: readonly SnnLayer[],
): Float32Array[] {
  const offsets = new Map<string, { offset: number; spec: WeightSpec }>();
  let offset = 0;
  for (const group of model.weightsManifest) {
    for (const spec of group.weights) {
      if (spec.dtype !== 'float32')
        throw new Error(`weights ${spec.name}: dtype ${spec.dtype} is not float32`);
      offsets.set(spec.name, { offset, spec });
      offset += 4 * spec.shape.reduce((a, b) => a * b, 1);
    }
  }
  if (offset !== data.byteLength)
    throw new Error(`weight data has ${data.byteLength} bytes, the manifest needs ${offset}`);
  return layers.map((layer) => {
    const hit = offsets.get(`${layer.name}/kernel`);
    if (!hit) throw new Error(`model.json has no weights named ${layer.name}/kernel`);
    const [rows, cols] = hit.spec.shape;
    if (rows !== layer.inputs || cols !== layer.outputs) {
      throw new Error(
        `${layer.name}/kernel has shape [${hit.spec.shape}], snn.json says [${layer.inputs}, ${layer.outputs}]`,
      );
    }
    return new Float32Array(data.slice(hit.offset, hit.offset + 4 * rows * cols));
  });
}
