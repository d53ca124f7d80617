/**
 * The zoo.json entry of an SNN (family 'snn'). Its data types are the weights of each layer:
 * in SparkXD only the weights live in DRAM (spikes and membrane potentials stay on chip), so
 * an SNN has no IFM/OFM data types.
 */
import type { ZooEntry } from '../models/zoo';
import { FORMATS, storedBytes, type Format } from '../types';
import type { SnnSpec } from './spec';

export function snnDataTypes(
  spec: SnnSpec,
  kernels: readonly Float32Array[],
): ZooEntry['dataTypes'] {
  return spec.layers.map((layer, l) => {
    const elements = layer.inputs * layer.outputs;
    let min = Infinity;
    let max = -Infinity;
    for (const x of kernels[l]) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    return {
      id: `${layer.name}/weights`,
      layer: layer.name,
      layerIndex: l,
      kind: 'weights' as const,
      shape: [layer.inputs, layer.outputs],
      elements,
      bytes: Object.fromEntries(FORMATS.map((f) => [f, storedBytes(elements, f)])) as Record<
        Format,
        number
      >,
      range: { min, max },
    };
  });
}

export interface SnnEntryInput {
  id: string;
  name: string;
  paperCounterpart: string;
  spec: SnnSpec;
  kernels: readonly Float32Array[];
  accuracy: Record<Format, number>;
  training: ZooEntry['training'];
}

export function snnZooEntry(o: SnnEntryInput): ZooEntry {
  return {
    id: o.id,
    name: o.name,
    family: 'snn',
    paperCounterpart: o.paperCounterpart,
    dataset: 'mnist',
    path: `models/${o.id}/model.json`,
    params: o.spec.layers.reduce((s, l) => s + l.inputs * l.outputs, 0),
    inputShape: [28, 28, 1],
    accuracy: o.accuracy,
    dataTypes: snnDataTypes(o.spec, o.kernels),
    training: o.training,
  };
}

/** Path of the SNN description beside the model (`models/<id>/snn.json`). */
export function snnSpecPath(entry: Pick<ZooEntry, 'path'>): string {
  return entry.path.replace(/model\.json$/, 'snn.json');
}
