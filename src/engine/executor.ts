/**
 * CONTRACT (implemented in issue #2 by the zoo work): layer-by-layer execution of a tfjs
 * LayersModel (Sequential or functional with skip connections) with hooks around every
 * compute layer, so the engine can store/read IFM and OFM through their DRAM partitions.
 */
import type * as tf from '@tensorflow/tfjs-core';

export interface ActivationHooks {
  /** Transform what compute layer `layer` reads (its IFM). Must not dispose its input. */
  ifm?: (layer: string, x: tf.Tensor) => tf.Tensor;
  /** Transform what compute layer `layer` writes (its OFM). Must not dispose its input. */
  ofm?: (layer: string, y: tf.Tensor) => tf.Tensor;
}

/** Logits for the batch `x`, with hooks applied; intermediate tensors are disposed. */
export function runLayered(
  _model: unknown,
  _x: tf.Tensor,
  _hooks: ActivationHooks = {},
): tf.Tensor {
  throw new Error('runLayered: not implemented yet (issue #2)');
}
