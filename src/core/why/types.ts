/**
 * The "why" views (issue #16): what the flipped bits did to the network at one operating point.
 * Plain data, produced by src/engine/why.ts (worker and CLI alike) and drawn by src/ui/why.
 * Accuracies are fractions in [0, 1]; a drop is clean − faulty (positive = worse).
 */
import type { CorrectionMode } from '../eden/correct';
import type { BitGroup } from '../errors/bitMask';
import type { DataKind, ErrorModelSpec, Format } from '../types';

export type WhyView = 'bits' | 'layers' | 'changed' | 'histogram' | 'trials';
export const WHY_VIEWS: readonly WhyView[] = ['bits', 'trials', 'changed', 'layers', 'histogram'];

/** Mean accuracy with its 95 % CI (src/core/stats.ts). */
export interface WhyEstimate {
  mean: number;
  lo: number;
  hi: number;
}

/** What every view reports about its operating point. */
export interface WhyHeader {
  model: string;
  format: Format;
  errorModel: ErrorModelSpec;
  ber: number;
  /** Data kinds that get errors (bits: both weights and activations, each alone). */
  target: DataKind | 'all';
  correction: CorrectionMode;
  samples: number;
  trials: number;
  /** Clean accuracy on the same samples. */
  clean: number;
  /** false while the progressive refinement goes on (first estimate on 100 images). */
  final: boolean;
}

/** Bit-position sensitivity: one row per (data, correction, bit group). */
export interface BitsRow extends WhyEstimate {
  data: 'weights' | 'activations';
  correction: CorrectionMode;
  /** A bit group's label, or 'all' for every bit (the reference). */
  group: string;
  bits: number[];
  drop: number;
}
export interface BitsResult extends WhyHeader {
  view: 'bits';
  groups: BitGroup[];
  rows: BitsRow[];
}

/** One flipped weight bit of a trial. */
export interface WeightFlip {
  dataType: string;
  /** Tensor of the layer (0 kernel, 1 bias, in getWeights() order). */
  tensor: number;
  element: number;
  /** Code bit (0 = LSB). */
  bit: number;
  clean: number;
  /** Value as read, before out-of-range correction. */
  read: number;
  /** Whether the run's correction zeroes or clamps it. */
  corrected: boolean;
}
export interface TrialsResult extends WhyHeader {
  view: 'trials';
  estimate: WhyEstimate;
  /** Accuracy of each trial, in trial order. */
  perTrial: number[];
  worst: {
    trial: number;
    accuracy: number;
    /** Weight flips of the worst trial, largest |read − clean| first (at most `listed`). */
    weightFlips: WeightFlip[];
    weightFlipCount: number;
    /** Weight flips by code bit (index = bit). */
    weightFlipsByBit: number[];
    /** Activation flips over the samples, per data type and code bit (null: model 3, value-dependent). */
    activationFlips: { dataType: string; flips: number; byBit: number[] }[] | null;
  };
}

/** One test image whose prediction changed in at least one trial. */
export interface ChangedImage {
  index: number;
  label: number;
  cleanPred: number;
  /** Most frequent faulty prediction among the trials that changed it. */
  faultyPred: number;
  trialsChanged: number;
  cleanLogits: number[];
  /** Logits of the first trial that changed it. */
  faultyLogits: number[];
  /** The image as the model sees it (sample-major, `imageShape`). */
  pixels: number[];
}
export interface ChangedResult extends WhyHeader {
  view: 'changed';
  classes: number;
  imageShape: number[];
  /** Images changed in ≥ 1 trial (all of them), and the listed ones (most changed first). */
  changedCount: number;
  images: ChangedImage[];
  /** Mean per trial. */
  correctToWrong: number;
  wrongToCorrect: number;
  /** [true][predicted]: mean faulty count − clean count per trial. */
  confusionShift: number[][];
  /** [true]: the same for outputs that predict no class (NaN / ±Inf logits, NO_CLASS). */
  noClassShift: number[];
  perClass: { cls: number; clean: number; faulty: number }[];
}

export interface LayerRow extends WhyEstimate {
  id: string;
  layer: string;
  kind: DataKind;
  drop: number;
}
export interface LayersResult extends WhyHeader {
  view: 'layers';
  rows: LayerRow[];
}

export interface HistogramResult extends WhyHeader {
  view: 'histogram';
  dataType: string;
  kind: DataKind;
  /** The tensor's clean range (outside it the correction acts). */
  range: { min: number; max: number };
  /** Bin edges (bins + 1) over the clean range widened by a quarter each side. */
  edges: number[];
  cleanCounts: number[];
  readCounts: number[];
  /** Values as read after the correction (none: equal to `readCounts`). */
  correctedCounts: number[];
  /** Read values below / above the edges and NaN (not in any bin). */
  below: number;
  above: number;
  nan: number;
  elements: number;
  changed: number;
  /** Changed values outside the clean range (NaN included): what the correction zeroes or clamps. */
  outOfRange: number;
}

export type WhyResult = BitsResult | TrialsResult | ChangedResult | LayersResult | HistogramResult;
