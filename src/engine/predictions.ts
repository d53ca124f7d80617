/**
 * The one rule that turns a network's outputs into a predicted class (issue #13 item 4).
 *
 * `argMax` of a row that holds NaN is 0 on the wasm and cpu backends, so a collapsed run
 * (NaN logits everywhere) would score every class-0 image as correct. Here a row with any
 * non-finite value (NaN, +Inf, −Inf) predicts no class (−1): it is never correct, and it is
 * counted on its own so that the UI can say how much of a drop comes from such outputs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { NO_CLASS } from '../core/stats';

export { NO_CLASS };

/**
 * Predicted class per row of `outputs` ([batch, classes], any float dtype): the index of
 * the largest value, or NO_CLASS for a row with a non-finite value. Returns int32 [batch].
 */
export function predictedClass(outputs: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const finite = tf.all(tf.isFinite(outputs), -1);
    return tf.where(finite, tf.argMax(outputs, -1), tf.fill([outputs.shape[0]], NO_CLASS, 'int32'));
  }) as tf.Tensor1D;
}

/** Correct predictions and rows with non-finite outputs in one batch (int32 scalars). */
export interface BatchScore {
  correct: tf.Scalar;
  nonFinite: tf.Scalar;
}

/** Score a batch: `labels` int32 [batch]; see predictedClass for the rule. */
export function scoreBatch(outputs: tf.Tensor, labels: tf.Tensor): BatchScore {
  return tf.tidy(() => {
    const predicted = predictedClass(outputs);
    const count = (hits: tf.Tensor) => tf.sum(tf.cast(hits, 'int32')) as tf.Scalar;
    return {
      correct: count(tf.equal(predicted, labels)),
      nonFinite: count(tf.equal(predicted, NO_CLASS)),
    };
  });
}
