/**
 * A zoo model "stored in format F" (src/core/models/zoo.ts header) and prepared for error
 * injection: per compute layer, the clean encoded weight bytes (what DRAM holds), their
 * clean decoded tensors on the device (to restore after a trial without re-uploading), the
 * activation quantization of its IFM/OFM, and every data type's address in the partition.
 *
 * Placement (coarse, one partition): data types laid out back to back in zoo.json order,
 * each at `baseAddress` = sum of the bytes before it (core/eden/modules.ts storedRanges, which
 * the page's module-variation view reads too). An activation is stored at the same
 * address for every sample (a new inference overwrites the last one), so the weak rows /
 * bitlines of error models 1 and 2 are the same for every sample.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  decode,
  encodeLayer,
  nonFinite,
  NonFiniteError,
  type EncodedTensor,
} from '../core/formats';
import { DEFAULT_ROW_BYTES } from '../core/dram/geometry';
import { storedRanges } from '../core/eden/modules';
import type { ZooEntry } from '../core/models/zoo';
import type { DataKind, Format } from '../core/types';
import { activationQuant, type ActivationQuant } from './activationFlips';
import { EngineError } from './engineError';
import { COMPUTE_LAYER_CLASSES, isComputeLayer } from './executor';

export type DataTypeEntry = ZooEntry['dataTypes'][number];

export interface StoredDataType {
  info: DataTypeEntry;
  baseAddress: number;
}

export interface ComputeLayer {
  name: string;
  /** Index in model.layers. */
  layerIndex: number;
  layer: tfl.layers.Layer;
  weights: StoredDataType;
  ifm: StoredDataType;
  ofm: StoredDataType;
  /** Encoded clean weight tensors (kernel, bias, …) and their bytes concatenated as stored. */
  encoded: EncodedTensor[];
  storedBytes: Uint8Array;
  /** Clean decoded weights on the device, in getWeights() order. */
  cleanTensors: tf.Tensor[];
  ifmQuant: ActivationQuant;
  ofmQuant: ActivationQuant;
}

export interface StoredModel {
  entry: ZooEntry;
  model: tfl.LayersModel;
  format: Format;
  compute: ComputeLayer[];
  /** Input shape of one sample. */
  inputShape: number[];
  dispose(): void;
}

function dataType(
  entry: ZooEntry,
  layer: string,
  kind: DataKind,
  placed: Map<string, StoredDataType>,
): StoredDataType {
  const dt = placed.get(`${layer}/${kind}`);
  if (!dt)
    throw new EngineError(
      'unsupported-model',
      `model ${entry.id}: zoo.json lists no ${kind} data type for layer ${layer}`,
    );
  return dt;
}

/**
 * Every weight tensor of `model` (all layers, not only compute layers) that holds NaN or
 * ±Inf, as "name: N non-finite values (NaN, +Inf)" lines, in layer order. Empty when all
 * weights are finite.
 */
export function nonFiniteWeights(model: tfl.LayersModel): string[] {
  const found: string[] = [];
  for (const layer of model.layers)
    layer.getWeights().forEach((w, i) => {
      const bad = nonFinite(w.dataSync());
      if (bad.count > 0)
        found.push(
          `${layer.weights[i].originalName}: ${new NonFiniteError(bad.count, bad.kinds).message}`,
        );
    });
  return found;
}

/** The one refusal of a model with non-finite weights (names the tensors and counts). */
export function refuseNonFinite(found: readonly string[]): EngineError {
  return new EngineError(
    'unsupported-model',
    `non-finite weights (${found.join('; ')}): refused, not sanitised (an integer format cannot store them, and in fp32 they make the outputs NaN)`,
  );
}

/**
 * Encode the model's weights in `format`, load the clean decoded values into the layers and
 * describe every data type. The LayersModel is owned by the caller; `dispose()` frees only
 * what this function created. Throws EngineError('unsupported-model') naming every tensor
 * with NaN/±Inf weights (nonFiniteWeights) before it changes anything.
 */
export function storeModel(model: tfl.LayersModel, entry: ZooEntry, format: Format): StoredModel {
  const bad = nonFiniteWeights(model);
  if (bad.length) throw refuseNonFinite(bad);
  const placed = new Map<string, StoredDataType>();
  const ranges = storedRanges(entry.dataTypes, format, DEFAULT_ROW_BYTES);
  entry.dataTypes.forEach((info, i) => placed.set(info.id, { info, baseAddress: ranges[i].start }));
  const compute: ComputeLayer[] = [];
  const restore: [tfl.layers.Layer, tf.Tensor[]][] = [];
  model.layers.forEach((layer, layerIndex) => {
    if (!isComputeLayer(layer)) return;
    const originals = layer.getWeights().map((w) => w.clone());
    restore.push([layer, originals]);
    const encoded = encodeLayer(
      originals.map((w) => w.dataSync() as Float32Array),
      format,
    );
    const storedBytes = new Uint8Array(encoded.reduce((s, e) => s + e.bytes.length, 0));
    let at = 0;
    for (const e of encoded) {
      storedBytes.set(e.bytes, at);
      at += e.bytes.length;
    }
    const cleanTensors = encoded.map((e, i) => tf.tensor(decode(e), originals[i].shape));
    layer.setWeights(cleanTensors);
    const ifm = dataType(entry, layer.name, 'ifm', placed);
    const ofm = dataType(entry, layer.name, 'ofm', placed);
    compute.push({
      name: layer.name,
      layerIndex,
      layer,
      weights: dataType(entry, layer.name, 'weights', placed),
      ifm,
      ofm,
      encoded,
      storedBytes,
      cleanTensors,
      ifmQuant: activationQuant(format, ifm.info.range),
      ofmQuant: activationQuant(format, ofm.info.range),
    });
  });
  if (!compute.length)
    throw new EngineError(
      'unsupported-model',
      `model ${entry.id} has no ${COMPUTE_LAYER_CLASSES.join('/')} layer`,
    );
  return {
    entry,
    model,
    format,
    compute,
    inputShape: entry.inputShape,
    /** Frees the stored weights and puts the original (unquantized) weights back. */
    dispose: () => {
      for (const [layer, originals] of restore) {
        layer.setWeights(originals);
        tf.dispose(originals);
      }
      compute.forEach((c) => tf.dispose(c.cleanTensors));
    },
  };
}
