/**
 * The checks a model from outside the zoo passes before any work, in the page ("Your own
 * model", userModels.ts) and in the CLI (`--model-dir`, src/cli/pipelineArgs.ts) alike: the
 * break-it pass found the CLI's path ran a 5-output model on 10 classes, a single sigmoid
 * output and a [14, 56] input that reorders the pixels, and printed their accuracies as if
 * they meant something. Each failure is one EngineError line; callers prefix the file.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Dataset } from '../core/data';
import { holdsSampleInOrder, INPUT_SHAPE_RULE } from '../core/models/inputShape';
import { EngineError } from './engineError';
import { COMPUTE_LAYER_CLASSES, computeLayers } from './executor';
import { nonFiniteWeights, refuseNonFinite } from './storedModel';

/**
 * Why a parsed model.json is not a LayersModel this app can run, or null: a SavedModel that
 * tensorflowjs_converter turned into a graph model (`format: 'graph-model'`, a GraphDef with
 * `node`s) has no layers to store in DRAM. Without this check it failed later with tfjs's
 * own message (the page: "the weight files hold … bytes, model.json describes 0").
 */
export function graphModelProblem(json: {
  format?: unknown;
  modelTopology?: unknown;
}): string | null {
  const topology = json.modelTopology;
  const graph =
    json.format === 'graph-model' ||
    (typeof topology === 'object' && topology !== null && 'node' in topology);
  return graph
    ? 'a tfjs graph model (a converted SavedModel): only LayersModels run — convert the Keras model (tensorflowjs_converter --input_format keras)'
    : null;
}

/** Outputs of the model's one output (its last axis). */
export function outputCount(model: tfl.LayersModel): number {
  return Number(model.outputs[0].shape.at(-1));
}

/**
 * What the model must be whatever data it runs on: one input and one output, at least two
 * outputs (accuracy is the argmax of one output per class), finite weights, and a layer whose
 * data is stored in DRAM. Throws EngineError('unsupported-model').
 */
export function checkModelAlone(model: tfl.LayersModel): void {
  if (model.inputs.length !== 1 || model.outputs.length !== 1)
    throw new EngineError(
      'unsupported-model',
      `the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs: only models with one input and one output run`,
    );
  const outputs = outputCount(model);
  if (!(outputs >= 2))
    throw new EngineError(
      'unsupported-model',
      `the model has ${outputs} output: accuracy needs one output per class (a binary classifier with one sigmoid output must be saved with 2 softmax outputs)`,
    );
  const nonFinite = nonFiniteWeights(model);
  if (nonFinite.length) throw refuseNonFinite(nonFinite);
  if (computeLayers(model).length === 0)
    throw new EngineError(
      'unsupported-model',
      `the model has no ${COMPUTE_LAYER_CLASSES.join(', ')} layer: nothing to store in DRAM`,
    );
}

/**
 * What the model must be to run on `data` (named `label` in the message): an input shape that
 * holds the samples' values in order (src/core/models/inputShape.ts) and at least as many
 * outputs as the data has classes. Throws EngineError('bad-input').
 */
export function checkModelOnData(
  model: tfl.LayersModel,
  data: Pick<Dataset, 'rows' | 'cols' | 'channels' | 'classes'>,
  label: string,
): void {
  const input = model.inputs[0].shape.slice(1).map(Number);
  const sample = [data.rows, data.cols, data.channels];
  if (!holdsSampleInOrder(input, sample))
    throw new EngineError(
      'bad-input',
      `the model expects inputs of shape [${input.join(', ')}], ${label} has [${sample.join(', ')}]: ${INPUT_SHAPE_RULE}`,
    );
  const outputs = outputCount(model);
  if (!(outputs >= data.classes))
    throw new EngineError(
      'bad-input',
      `the model has ${outputs} outputs, ${label} has ${data.classes} classes`,
    );
}
