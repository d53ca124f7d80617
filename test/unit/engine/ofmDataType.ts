/**
 * A stand-alone OFM data type (conv1/ofm) of `per` values per sample, for tests that read
 * activations through a partition without a model (readActivation.test.ts, the GPU-read page).
 */
import type { StoredDataType } from '../../../src/engine/storedModel';

export function ofmDataType(
  per: number,
  range: { min: number; max: number },
  baseAddress: number,
): StoredDataType {
  return {
    info: {
      id: 'conv1/ofm',
      layer: 'conv1',
      layerIndex: 0,
      kind: 'ofm',
      shape: [per],
      elements: per,
      bytes: { fp32: per * 4, int16: per * 2, int8: per, int4: Math.ceil(per / 2) },
      range,
    },
    baseAddress,
  } as StoredDataType;
}
