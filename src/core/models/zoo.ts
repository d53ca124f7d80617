/**
 * The model zoo registry (`public/models/zoo.json`): what each trained model is, how good it
 * is per storage format, and which data types (weights / IFM / OFM per layer) it puts in DRAM.
 * Validated with zod wherever it is read (browser, worker, CLI).
 *
 * Data types (EDEN §5): for every *compute layer* (a layer with weights: Conv2D,
 * DepthwiseConv2D, Dense) three tensors live in DRAM: `L/weights` (kernel and bias, all the
 * layer's parameters), `L/ifm` (the tensor L reads, injected before L) and `L/ofm` (what L
 * writes, after its fused activation, injected after L). Other layers (pooling, add, concat,
 * flatten) run error-free in float32 between them.
 *
 * "Model stored in format F": weights encoded in F with one scale per tensor; IFM/OFM
 * fake-quantized in F with the scale max(|range.min|, |range.max|) / qmax. fp32 = identity.
 */
import { z } from 'zod';
import { issueAt } from '../schemaIssue';

const formatRecord = z.object({
  fp32: z.number(),
  int16: z.number(),
  int8: z.number(),
  int4: z.number(),
});

export const dataTypeSchema = z.object({
  id: z.string(),
  layer: z.string(),
  layerIndex: z.number().int().nonnegative(),
  kind: z.enum(['weights', 'ifm', 'ofm']),
  shape: z.array(z.number().int().positive()),
  elements: z.number().int().positive(),
  bytes: formatRecord,
  /**
   * Clean value range of the tensor: for weights over the trained values, for IFM/OFM over
   * the calibration images (1,000 training images). It gives the per-tensor quantization scale
   * of activations (max |x|) and EDEN's valid range for out-of-range correction.
   */
  range: z.object({ min: z.number(), max: z.number() }),
  /** Weights only: the layer's weight tensors in storage order (kernel, then bias), each with its own scale. */
  parts: z
    .array(z.object({ name: z.string(), shape: z.array(z.number().int().positive()) }))
    .optional(),
});

export const zooEntrySchema = z.object({
  /** e.g. `lenet5-mnist` */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Display name, e.g. `LeNet-5`. */
  name: z.string(),
  family: z.enum(['mlp', 'lenet', 'alexnet', 'vgg', 'mobilenetv2', 'resnet', 'squeezenet', 'snn']),
  /** The workload of the EDEN paper this model stands in for. */
  paperCounterpart: z.string(),
  dataset: z.enum(['mnist', 'fashion-mnist']),
  /** tfjs LayersModel JSON, relative to `public/` (e.g. `models/lenet5-mnist/model.json`). */
  path: z.string(),
  params: z.number().int().positive(),
  /** Input shape of one sample, e.g. [28, 28, 1]. */
  inputShape: z.array(z.number().int().positive()),
  /** Clean (error-free) test accuracy on the full 10k test set, per storage format, in [0, 1]. */
  accuracy: formatRecord,
  dataTypes: z.array(dataTypeSchema),
  /**
   * EDEN steps this model cannot run, each with the reason the UI shows in place of the
   * action (issue #13 items 1 and 6: a user model without gradients cannot be boosted; one
   * evaluated on the user's own data file has no training split for boost/characterize/map).
   */
  unavailable: z
    .object({ boost: z.string(), characterize: z.string(), map: z.string() })
    .partial()
    .optional(),
  /** Where the test images come from when they are not `dataset`'s (a user's own file). */
  datasetLabel: z.string().optional(),
  /** Test images of a user's own file; absent: the built-in `dataset`'s test set (catalog.ts). */
  testSamples: z.number().int().positive().optional(),
  training: z.object({
    epochs: z.number(),
    batchSize: z.number(),
    seed: z.number(),
    trainSamples: z.number(),
    seconds: z.number(),
    backend: z.string(),
  }),
});

export const zooSchema = z.object({ version: z.literal(1), models: z.array(zooEntrySchema) });

export type ZooEntry = z.infer<typeof zooEntrySchema>;
export type Zoo = z.infer<typeof zooSchema>;

/** Parse zoo.json text/JSON; throws an Error naming the first field that is wrong. */
export function parseZoo(json: unknown): Zoo {
  const r = zooSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`zoo.json is invalid at ${issueAt(issue)}`);
  }
  return r.data;
}
