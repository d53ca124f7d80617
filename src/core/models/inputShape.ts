/**
 * Which model input shapes a dataset's samples can be fed to (issue #13 item 5). A sample is
 * stored row-major as [rows, cols, channels] (src/core/data); reshaping it keeps its values
 * in the same order, so a model whose input is the same shape up to axes of size 1 —
 * [28, 28] (Keras's Flatten(input_shape=(28, 28))), [28, 28, 1], [1, 28, 28] for one
 * channel — or the flat [784] reads exactly the values it was trained on. Other shapes with
 * the same element count (e.g. [14, 56]) would reorder what the model's layers see as rows
 * and columns, so they are refused.
 */

/** The rule in one sentence, for refusals. */
export const INPUT_SHAPE_RULE =
  'the input must be the sample shape up to axes of size 1, or the flat vector';

const withoutOnes = (shape: readonly number[]) => shape.filter((d) => d !== 1).join('x');

/**
 * Whether a model with per-sample input shape `input` can read samples of shape `sample`
 * ([rows, cols, channels]) reshaped, values in the same order.
 */
export function holdsSampleInOrder(input: readonly number[], sample: readonly number[]): boolean {
  if (input.some((d) => !Number.isInteger(d) || d < 1)) return false;
  const flat = sample.reduce((a, b) => a * b, 1);
  const own = withoutOnes(input);
  return own === withoutOnes(sample) || own === String(flat);
}
