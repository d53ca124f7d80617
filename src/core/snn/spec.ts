/**
 * The description of a spiking network in the zoo (`public/models/<id>/snn.json`), beside the
 * tfjs LayersModel of the ANN it was converted from (the weights that live in DRAM).
 *
 * Neurons: leaky integrate-and-fire (LIF) with reset by subtraction (Rueckauer et al. 2017,
 * "Conversion of continuous-valued deep networks to efficient event-driven networks", §2.2):
 *   v[t] = leak · v[t-1] + W·s_in[t];  s_out[t] = v[t] ≥ θ;  v[t] -= θ · s_out[t].
 * Input: rate (Poisson/Bernoulli) coding, a pixel of intensity x spikes at each timestep with
 * probability x · maxRate (Diehl et al. 2015, "Fast-classifying, high-accuracy spiking deep
 * networks through weight and threshold balancing", §2.3).
 * Thresholds come from data-based normalization: θ_l = λ_l / λ_{l-1}, λ_l the p-th percentile
 * of the ANN's layer-l ReLU activations on training images (λ_0 = 1 for pixels in [0, 1]),
 * which is the same as scaling the weights by λ_{l-1}/λ_l with θ = 1, but keeps the stored
 * weights equal to the trained ones (they are what sits in DRAM).
 * Readout: the class whose output neuron received the most charge, count · θ + v[T]
 * (spike count, ties broken by the residual membrane potential).
 */
import { z } from 'zod';
import { issueAt } from '../schemaIssue';

export const snnLayerSchema = z.object({
  /** Name of the Dense layer in the ANN's model.json whose kernel this layer uses. */
  name: z.string(),
  inputs: z.number().int().positive(),
  outputs: z.number().int().positive(),
  /** Firing threshold θ_l (in units of the stored weights). */
  threshold: z.number().positive(),
  /** λ_l of data-based normalization (percentile of the ANN activation). */
  lambda: z.number().positive(),
});

export const snnSpecSchema = z.object({
  version: z.literal(1),
  neuron: z.literal('lif'),
  reset: z.literal('subtract'),
  /** Membrane decay per timestep in (0, 1]; 1 = non-leaky IF. */
  leak: z.number().gt(0).lte(1),
  /** Simulation length in timesteps. */
  timesteps: z.number().int().positive(),
  encoding: z.object({
    kind: z.literal('poisson'),
    /** Spike probability per timestep of a pixel of intensity 1. */
    maxRate: z.number().gt(0).lte(1),
    /** Seed of the input spike trains (sample i uses the stream (seed, 'poisson', i)). */
    seed: z.number().int(),
  }),
  readout: z.literal('charge'),
  normalization: z.object({
    method: z.literal('data-based'),
    percentile: z.number().gt(0).lte(100),
    samples: z.number().int().positive(),
  }),
  layers: z.array(snnLayerSchema).min(1),
});

export type SnnLayer = z.infer<typeof snnLayerSchema>;
export type SnnSpec = z.infer<typeof snnSpecSchema>;

/** Parse snn.json; throws an Error naming the first field that is wrong. */
export function parseSnnSpec(json: unknown): SnnSpec {
  const r = snnSpecSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`snn.json is invalid at ${issueAt(issue)}`);
  }
  for (let l = 1; l < r.data.layers.length; l++) {
    const prev = r.data.layers[l - 1];
    const cur = r.data.layers[l];
    if (cur.inputs !== prev.outputs) {
      throw new Error(
        `snn.json is invalid at layers.${l}.inputs: ${cur.inputs} ≠ outputs of ${prev.name} (${prev.outputs})`,
      );
    }
  }
  return r.data;
}

/** The weights of one SNN layer, row-major [inputs, outputs] as in a tfjs Dense kernel. */
export interface SnnWeights {
  layer: SnnLayer;
  kernel: Float32Array;
}
