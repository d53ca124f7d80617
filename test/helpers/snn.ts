/** Small SNN descriptions for tests: the given layers with IF/LIF defaults that tests override. */
import { parseSnnSpec, type SnnLayer, type SnnSpec } from '../../src/core/snn/spec';

export function testSnnSpec(
  layers: [name: string, inputs: number, outputs: number, threshold: number][],
  over: Partial<Omit<SnnSpec, 'layers'>> = {},
): SnnSpec {
  return parseSnnSpec({
    version: 1,
    neuron: 'lif',
    reset: 'subtract',
    leak: 1,
    timesteps: 16,
    encoding: { kind: 'poisson', maxRate: 1, seed: 1 },
    readout: 'charge',
    normalization: { method: 'data-based', percentile: 99.9, samples: 1 },
    ...over,
    layers: layers.map(([name, inputs, outputs, threshold]): SnnLayer => ({
      name,
      inputs,
      outputs,
      threshold,
      lambda: 1,
    })),
  });
}
