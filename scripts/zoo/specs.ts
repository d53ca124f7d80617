/**
 * What scripts/train-models.ts trains: one entry per zoo model (architecture × dataset) with its
 * training budget. Budgets are sized for a shared, heavily loaded 2-core machine (tfjs wasm
 * backend in Node): LeNet-5/MNIST three epochs (it must reach ≥ 98.5 %), the others one or two
 * epochs over the full train set or over its first 30,000 samples (`trainSamples`), shuffled
 * per epoch with a seeded permutation.
 */
import type { ZooEntry } from '../../src/core/models/zoo';
import type { DatasetId } from '../../src/core/types';
import * as arch from './architectures';

export interface ZooSpec {
  id: string;
  name: string;
  family: ZooEntry['family'];
  paperCounterpart: string;
  dataset: DatasetId;
  build: arch.Builder;
  seed: number;
  epochs: number;
  batchSize: number;
  /** Adam learning rate per epoch. */
  learningRates: number[];
  /** Train on the first N samples of the train set only (default all). */
  trainSamples?: number;
}

type Budget = Pick<ZooSpec, 'epochs' | 'batchSize' | 'learningRates' | 'trainSamples'>;
const budget = (learningRates: number[], trainSamples?: number): Budget => ({
  epochs: learningRates.length,
  batchSize: 64,
  learningRates,
  trainSamples,
});

const MLP = 'fully-connected layers (AlexNet/VGG classifiers)';

export const ZOO_SPECS: ZooSpec[] = [
  {
    id: 'lenet5-mnist',
    name: 'LeNet-5',
    family: 'lenet',
    paperCounterpart: 'LeNet',
    dataset: 'mnist',
    build: arch.lenet5,
    seed: 1,
    ...budget([2e-3, 1e-3, 5e-4]),
  },
  {
    id: 'mlp-mnist',
    name: 'MLP 784-256-128-10',
    family: 'mlp',
    paperCounterpart: MLP,
    dataset: 'mnist',
    build: arch.mlp,
    seed: 2,
    ...budget([1e-3, 5e-4]),
  },
  {
    id: 'mlp-fashion',
    name: 'MLP 784-256-128-10',
    family: 'mlp',
    paperCounterpart: MLP,
    dataset: 'fashion-mnist',
    build: arch.mlp,
    seed: 3,
    ...budget([1e-3]),
  },
  {
    id: 'resnet-mnist',
    name: 'ResNet-mini',
    family: 'resnet',
    paperCounterpart: 'ResNet-101',
    dataset: 'mnist',
    build: arch.resnet,
    seed: 4,
    ...budget([2e-3, 1e-3]),
  },
  {
    id: 'resnet-fashion',
    name: 'ResNet-mini',
    family: 'resnet',
    paperCounterpart: 'ResNet-101',
    dataset: 'fashion-mnist',
    build: arch.resnet,
    seed: 5,
    ...budget([2e-3, 1e-3]),
  },
  {
    id: 'lenet5-fashion',
    name: 'LeNet-5',
    family: 'lenet',
    paperCounterpart: 'LeNet',
    dataset: 'fashion-mnist',
    build: arch.lenet5,
    seed: 6,
    ...budget([2e-3]),
  },
  {
    id: 'alexnet-fashion',
    name: 'AlexNet-mini',
    family: 'alexnet',
    paperCounterpart: 'AlexNet',
    dataset: 'fashion-mnist',
    build: arch.alexnet,
    seed: 7,
    ...budget([2e-3], 30000),
  },
  {
    id: 'squeezenet-mnist',
    name: 'SqueezeNet-mini',
    family: 'squeezenet',
    paperCounterpart: 'SqueezeNet-1.1',
    dataset: 'mnist',
    build: arch.squeezenet,
    seed: 8,
    ...budget([3e-3, 1.5e-3]),
  },
  {
    id: 'mobilenetv2-fashion',
    name: 'MobileNetV2-mini',
    family: 'mobilenetv2',
    paperCounterpart: 'MobileNetV2',
    dataset: 'fashion-mnist',
    build: arch.mobilenetv2,
    seed: 9,
    ...budget([3e-3], 30000),
  },
  {
    id: 'vgg-mnist',
    name: 'VGG-mini',
    family: 'vgg',
    paperCounterpart: 'VGG-16',
    dataset: 'mnist',
    build: arch.vgg,
    seed: 10,
    ...budget([2e-3], 30000),
  },
];
