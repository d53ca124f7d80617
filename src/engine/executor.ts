/**
 * Layer-by-layer execution of a tfjs LayersModel (Sequential or functional with skip
 * connections) with hooks around every compute layer, so the engine can store/read IFM and
 * OFM through their DRAM partitions (EDEN §5: weights, IFM and OFM of each layer are data
 * types). Compute layers are the layers with weights (Conv2D, DepthwiseConv2D, Dense; see the
 * header of src/core/models/zoo.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { dataTypesFor, type ComputeLayerShapes } from '../core/models/dataTypes';
import type { DataTypeInfo } from '../core/types';

type Layer = LayersModel['layers'][number];
type SymbolicTensor = LayersModel['inputs'][number];
type LayerNode = Layer['inboundNodes'][number];

export interface ActivationHooks {
  /** Transform what compute layer `layer` reads (its IFM). Must not dispose its input. */
  ifm?: (layer: string, x: tf.Tensor) => tf.Tensor;
  /** Transform what compute layer `layer` writes (its OFM). Must not dispose its input. */
  ofm?: (layer: string, y: tf.Tensor) => tf.Tensor;
}

/**
 * The layer classes whose weights, IFM and OFM are data types. SeparableConv2D is one layer
 * whose weights data type holds its depthwise kernel, pointwise kernel and bias (each its own
 * part and scale); its intermediate depthwise output is computed fused, not stored.
 */
export const COMPUTE_LAYER_CLASSES: readonly string[] = [
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'Dense',
];

export function isComputeLayer(layer: Layer): boolean {
  return COMPUTE_LAYER_CLASSES.includes(layer.getClassName());
}

interface Step {
  layer: Layer;
  inputs: SymbolicTensor[];
  outputs: SymbolicTensor[];
}

const plans = new WeakMap<LayersModel, { steps: Step[]; lastUse: Map<number, number> }>();

/** The layers of `model` in execution order, each with the symbolic tensors it reads/writes. */
function planFor(model: LayersModel) {
  const cached = plans.get(model);
  if (cached) return cached;
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new Error('runLayered: only models with one input and one output are supported');
  }
  const known = new Set<number>([model.inputs[0].id]);
  const pending: Layer[] = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const steps: Step[] = [];
  // model.layers is sorted by depth already; the loop also copes with any other order.
  while (pending.length > 0) {
    const i = pending.findIndex((l) => readyNode(l, known) !== undefined);
    if (i < 0)
      throw new Error(`runLayered: cannot order layer "${pending[0].name}" (unsupported topology)`);
    const layer = pending.splice(i, 1)[0];
    if ('layers' in layer)
      throw new Error(`runLayered: nested model "${layer.name}" is not supported`);
    const node = readyNode(layer, known)!;
    steps.push({ layer, inputs: node.inputTensors, outputs: node.outputTensors });
    for (const t of node.outputTensors) known.add(t.id);
  }
  if (!known.has(model.outputs[0].id))
    throw new Error('runLayered: the model output is never computed');
  const lastUse = new Map<number, number>();
  steps.forEach((s, i) => s.inputs.forEach((t) => lastUse.set(t.id, i)));
  const plan = { steps, lastUse };
  plans.set(model, plan);
  return plan;
}

function readyNode(layer: Layer, known: Set<number>): LayerNode | undefined {
  return layer.inboundNodes.find(
    (n: LayerNode) =>
      n.inputTensors.length > 0 &&
      n.inputTensors.every((t) => known.has(t.id)) &&
      !n.outputTensors.some((t) => known.has(t.id)),
  );
}

/**
 * The batch `x` ([n, ...sample]) in the model's own per-sample input shape: reshaped when the
 * element counts agree (a dataset sample [28, 28, 1] fed to a model that takes [28, 28] or
 * [784]: same values, same order; which shapes qualify is src/core/models/inputShape.ts),
 * `x` itself when the shapes already match. Throws when the counts differ.
 */
export function toModelInput(model: LayersModel, x: tf.Tensor): tf.Tensor {
  const want = model.inputs[0].shape.slice(1);
  const have = x.shape.slice(1);
  if (want.length === have.length && want.every((d, i) => d === null || d === have[i])) return x;
  const size = (s: readonly (number | null)[]) => s.reduce<number>((a, b) => a * (b ?? NaN), 1);
  if (size(want) !== size(have))
    throw new Error(
      `the model takes inputs of shape [${want.join(', ')}], the batch has [${have.join(', ')}]`,
    );
  return tf.reshape(x, [x.shape[0], ...(want as number[])]);
}

/** Logits for the batch `x`, with hooks applied; intermediate tensors are disposed. */
export function runLayered(
  model: LayersModel,
  x: tf.Tensor,
  hooks: ActivationHooks = {},
): tf.Tensor {
  const { steps, lastUse } = planFor(model);
  const outId = model.outputs[0].id;
  return tf.tidy(() => {
    const input = toModelInput(model, x);
    const values = new Map<number, tf.Tensor>([[model.inputs[0].id, input]]);
    const release = (t: tf.Tensor | undefined) => {
      if (t && t !== x && t !== input && !t.isDisposed) t.dispose();
    };
    steps.forEach((step, i) => {
      const { layer } = step;
      const compute = isComputeLayer(layer);
      const inputs = step.inputs.map((s) => values.get(s.id)!);
      let read = inputs;
      if (compute && hooks.ifm) read = inputs.map((t) => hooks.ifm!(layer.name, t));
      const out = layer.apply(read.length === 1 ? read[0] : read, { training: false }) as
        tf.Tensor | tf.Tensor[];
      let outs = Array.isArray(out) ? out : [out];
      if (compute && hooks.ofm) {
        const raw = outs;
        outs = raw.map((t) => hooks.ofm!(layer.name, t));
        raw.forEach((t, k) => t !== outs[k] && release(t));
      }
      read.forEach((t, k) => t !== inputs[k] && release(t));
      step.outputs.forEach((s, k) => values.set(s.id, outs[k]));
      // Free what no later layer reads.
      for (const s of step.inputs) {
        if (lastUse.get(s.id) === i && s.id !== outId) {
          release(values.get(s.id));
          values.delete(s.id);
        }
      }
    });
    return values.get(outId)!;
  });
}

/** A compute layer as the data-type enumeration sees it. */
export interface ComputeLayerInfo extends ComputeLayerShapes {
  className: string;
}

/** The compute layers of `model` in execution order with their per-sample shapes. */
export function computeLayers(model: LayersModel): ComputeLayerInfo[] {
  return planFor(model)
    .steps.filter((s) => isComputeLayer(s.layer))
    .map(({ layer, inputs, outputs }) => {
      if (inputs.length !== 1 || outputs.length !== 1) {
        throw new Error(`compute layer "${layer.name}" must have one input and one output`);
      }
      return {
        name: layer.name,
        className: layer.getClassName(),
        ifmShape: perSample(inputs[0].shape),
        ofmShape: perSample(outputs[0].shape),
        weights: layer.weights.map((w) => ({
          name: w.originalName.split('/').pop() ?? w.originalName,
          shape: w.shape.map((d) => d ?? 0),
        })),
      };
    });
}

function perSample(shape: (number | null)[]): number[] {
  const rest = shape.slice(1);
  if (rest.some((d) => d === null)) throw new Error(`shape ${JSON.stringify(shape)} is not static`);
  return rest as number[];
}

/**
 * Layers that hold weights but are not compute layers (BatchNormalization, recurrent layers,
 * embeddings, …): their weights stay exact in every run. One line per layer, "name
 * (Class, N parameters)", in model order; empty when every weight is in the error model.
 */
export function unmodelledLayers(model: LayersModel): string[] {
  return model.layers
    .filter((l) => !isComputeLayer(l) && l.countParams() > 0)
    .map(
      (l) => `${l.name} (${l.getClassName()}, ${l.countParams().toLocaleString('en')} parameters)`,
    );
}

/** Data types (weights, IFM, OFM per compute layer) of a model, without value ranges. */
export function modelDataTypes(model: LayersModel): DataTypeInfo[] {
  return dataTypesFor(computeLayers(model));
}
