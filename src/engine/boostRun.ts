/**
 * One boosting run end to end, shared by the CLI and the worker: split the training set
 * (the last images validate the stages), retrain (boost.ts), then describe the boosted model
 * as a zoo-style entry (calibration ranges, clean accuracy per format).
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { sampleSize, type Dataset } from '../core/data';
import type { ZooEntry } from '../core/models/zoo';
import { boostModel, type BoostOptions, type BoostResult } from './boost';
import { describeModel } from './modelEntry';

export interface BoostRunOptions extends Omit<BoostOptions, 'epochSamples' | 'validationSamples'> {
  /** Training images per epoch (default 10,000). */
  trainSamples?: number;
  /** Validation images, the last of the training set (default 1,000). */
  validationSamples?: number;
  /** Id and path the boosted entry gets. */
  id: string;
  path: string;
  /** Called before the (slow-ish) description of the boosted model. */
  onDescribe?: () => void;
}

export interface BoostRun {
  result: BoostResult;
  entry: ZooEntry;
}

/** Validation split: the last `n` training images (never in a boosting window that does not wrap). */
export function splitTraining(train: Dataset, n: number): { train: Dataset; validation: Dataset } {
  const size = sampleSize(train);
  const cut = train.count - n;
  return {
    train: {
      ...train,
      count: cut,
      labels: train.labels.subarray(0, cut),
      pixels: train.pixels.subarray(0, cut * size),
    },
    validation: {
      ...train,
      count: n,
      labels: train.labels.subarray(cut),
      pixels: train.pixels.subarray(cut * size),
    },
  };
}

export async function runBoost(
  model: LayersModel,
  entry: ZooEntry,
  train: Dataset,
  test: Dataset,
  o: BoostRunOptions,
): Promise<BoostRun> {
  const validationSamples = o.validationSamples ?? 1000;
  const epochSamples = o.trainSamples ?? 10000;
  if (!(
    validationSamples >= 100 &&
    epochSamples >= 1 &&
    epochSamples + validationSamples <= train.count
  )) {
    throw new Error(
      `training samples (${epochSamples}) + validation samples (${validationSamples}, ≥ 100) must fit the ${train.count} training images`,
    );
  }
  const split = splitTraining(train, validationSamples);
  const result = await boostModel(model, entry, split.train, split.validation, {
    ...o,
    epochSamples,
    validationSamples,
  });
  o.onDescribe?.();
  const { schedule } = o;
  const boosted = await describeModel(
    model,
    entry,
    {
      id: o.id,
      name: `${entry.name} (boosted, ${schedule.recipe}, BER ${schedule.targetBer})`,
      path: o.path,
      training: {
        ...entry.training,
        epochs: schedule.totalEpochs,
        trainSamples: epochSamples,
        seconds: result.seconds,
        seed: o.seed,
      },
    },
    train,
    test,
    undefined,
    result.activationRanges,
  );
  return { result, entry: boosted };
}
