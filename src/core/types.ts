/**
 * Vocabulary shared by every part of the explorer (core, engine, worker, UI, CLI).
 * Pure types and small constant tables only.
 */

/** Storage formats of a tensor in DRAM (docs/design.md §2). Compute always stays float32. */
export type Format = 'fp32' | 'int16' | 'int8' | 'int4';
export const FORMATS: readonly Format[] = ['fp32', 'int16', 'int8', 'int4'];

/** Bits per stored element. */
export const FORMAT_BITS: Record<Format, number> = { fp32: 32, int16: 16, int8: 8, int4: 4 };

/** Bytes needed to store `elements` values in `format` (int4 packs two per byte). */
export function storedBytes(elements: number, format: Format): number {
  return Math.ceil((elements * FORMAT_BITS[format]) / 8);
}

/** The three kinds of DNN data that EDEN places in DRAM (EDEN §5). */
export type DataKind = 'weights' | 'ifm' | 'ofm';
export const DATA_KINDS: readonly DataKind[] = ['weights', 'ifm', 'ofm'];

/** One piece of DNN data that lives in DRAM: the weights, IFM or OFM of one layer. */
export interface DataTypeInfo {
  /** Stable id, `${layer}/${kind}`, e.g. `conv2d_1/weights`. */
  id: string;
  layer: string;
  layerIndex: number;
  kind: DataKind;
  /** Shape of one sample's tensor (batch dimension left out for IFM/OFM). */
  shape: number[];
  elements: number;
  /** Bytes stored per format. */
  bytes: Record<Format, number>;
}

/** The four error models of docs/design.md §1. */
export type ErrorModelId = 0 | 1 | 2 | 3;
export const ERROR_MODEL_NAMES: Record<ErrorModelId, string> = {
  0: 'uniform random',
  1: 'wordline-correlated',
  2: 'bitline-correlated',
  3: 'bit-value-dependent',
};

export interface ErrorModelSpec {
  id: ErrorModelId;
  /** Models 1 and 2: fraction of rows / bitlines that are weak (0, 1]. */
  weakFraction?: number;
  /** Model 3: share of flips that are 1→0 (the rest are 0→1), in [0, 1]. */
  oneToZeroShare?: number;
  /** true: the same weak cells fail on every read of a module; false: redrawn per read. */
  persistent?: boolean;
}

export type DatasetId = 'mnist' | 'fashion-mnist';
