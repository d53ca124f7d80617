/**
 * The ANN an SNN is converted from, as tfjs LayersModel artifacts (model.json + weights.bin):
 * Flatten → Dense(ReLU, no bias) → … → Dense(linear, no bias). The zoo's `path` points at it,
 * so any tfjs tool can load it; the SNN simulator reads only the kernels (weights-file.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export interface SavedArtifacts {
  modelJson: unknown;
  weights: Uint8Array;
}

export async function annArtifacts(
  inputShape: number[],
  sizes: number[],
  kernels: Float32Array[],
  names: string[],
  weightsFile = 'weights.bin',
): Promise<SavedArtifacts> {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape, name: 'flatten' }));
  kernels.forEach((_, l) => {
    const last = l === kernels.length - 1;
    model.add(
      tfl.layers.dense({
        units: sizes[l + 1],
        useBias: false,
        activation: last ? 'linear' : 'relu',
        name: names[l],
      }),
    );
  });
  const w = kernels.map((k, l) => tf.tensor2d(k, [sizes[l], sizes[l + 1]]));
  model.setWeights(w);
  tf.dispose(w);
  let out: SavedArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      out = {
        modelJson: {
          modelTopology: a.modelTopology,
          format: 'layers-model',
          generatedBy: 'EDEN Explorer scripts/train-snn.ts',
          convertedBy: null,
          weightsManifest: [{ paths: [weightsFile], weights: a.weightSpecs }],
        },
        weights: new Uint8Array(a.weightData as ArrayBuffer),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  if (!out) throw new Error('annArtifacts: the save handler was not called');
  return out;
}
