/**
 * What scripts/train-models.ts trains: one entry per zoo model (architecture × dataset) with its
 * training budget. Budgets are sized for a shared 2-core machine (tfjs wasm backend in Node):
 * LeNet-5/MNIST gets three full epochs (it must reach ≥ 98.5 %), the rest one or two epochs.
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
  /** Training samples used per epoch (the first N of a fixed seeded permutation; default all). */
  trainSamples?: number;
}

const lr = (first: number, epochs: number) =>
  Array.from({ length: epochs }, (_, e) => first / 2 ** e);

export const ZOO_SPECS: ZooSpec[] = [
  {
    id: 'lenet5-mnist',
    name: 'LeNet-5',
    family: 'lenet',
    paperCounterpart: 'LeNet',
    dataset: 'mnist',
    build: arch.lenet5,
    seed: 1,
    epochs: 3,
    batchSize: 64,
    learningRates: lr(2e-3, 3),
  },
  {
    id: 'mlp-mnist',
    name: 'MLP 784-256-128-10',
    family: 'mlp',
    paperCounterpart: 'fully-connected layers (AlexNet/VGG classifiers)',
    dataset: 'mnist',
    build: arch.mlp,
    seed: 2,
    epochs: 2,
    batchSize: 64,
    learningRates: lr(1e-3, 2),
  },
  {
    id: 'mlp-fashion',
    name: 'MLP 784-256-128-10',
    family: 'mlp',
    paperCounterpart: 'fully-connected layers (AlexNet/VGG classifiers)',
    dataset: 'fashion-mnist',
    build: arch.mlp,
    seed: 3,
    epochs: 2,
    batchSize: 64,
    learningRates: lr(1e-3, 2),
  },
  {
    id: 'resnet-mnist',
    name: 'ResNet-mini',
    family: 'resnet',
    paperCounterpart: 'ResNet-101',
    dataset: 'mnist',
    build: arch.resnet,
    seed: 4,
    epochs: 2,
    batchSize: 64,
    learningRates: lr(2e-3, 2),
  },
  {
    id: 'resnet-fashion',
    name: 'ResNet-mini',
    family: 'resnet',
    paperCounterpart: 'ResNet-101',
    dataset: 'fashion-mnist',
    build: arch.resnet,
    seed: 5,
    epochs: 2,
    batchSize: 64,
    learningRates: lr(2e-3, 2),
  },
  {
    id: 'lenet5-fashion',
    name: 'LeNet-5',
    family: 'lenet',
    paperCounterpart: 'LeNet',
    dataset: 'fashion-mnist',
    build: arch.lenet5,
    seed: 6,
    epochs: 2,
    batchSize: 64,
    learningRates: lr(2e-3, 2),
  },
  {
    id: 'alexnet-fashion',
    name: 'AlexNet-mini',
    family: 'alexnet',
    paperCounterpart: 'AlexNet',
    dataset: 'fashion-mnist',
    build: arch.alexnet,
    seed: 7,
    epochs: 1,
    batchSize: 64,
    learningRates: [2e-3],
  },
  {
    id: 'squeezenet-mnist',
    name: 'SqueezeNet-mini',
    family: 'squeezenet',
    paperCounterpart: 'SqueezeNet-1.1',
    dataset: 'mnist',
    build: arch.squeezenet,
    seed: 8,
    epochs: 1,
    batchSize: 64,
    learningRates: [3e-3],
  },
  {
    id: 'mobilenetv2-fashion',
    name: 'MobileNetV2-mini',
    family: 'mobilenetv2',
    paperCounterpart: 'MobileNetV2',
    dataset: 'fashion-mnist',
    build: arch.mobilenetv2,
    seed: 9,
    epochs: 1,
    batchSize: 64,
    learningRates: [3e-3],
  },
  {
    id: 'vgg-mnist',
    name: 'VGG-mini',
    family: 'vgg',
    paperCounterpart: 'VGG-16',
    dataset: 'mnist',
    build: arch.vgg,
    seed: 10,
    epochs: 1,
    batchSize: 64,
    learningRates: [2e-3],
  },
];
