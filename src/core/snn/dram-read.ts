/**
 * The SNN's weights as read from approximate DRAM (SparkXD §III-A: only the weights live in
 * DRAM; spikes and membrane potentials stay on chip). Each layer's kernel is stored in the
 * chosen format at its DRAM address, read once per trial through the error engine, decoded,
 * and (optionally) corrected: EDEN's out-of-range correction zeroes (or clamps) decoded values
 * outside the clean tensor's range, which matters for fp32 where an exponent-bit flip makes a
 * weight astronomically large.
 */
import { rangeOf, type CorrectionMode } from '../eden/correct';
import { DEFAULT_ROW_BYTES, layoutPartition } from '../dram/geometry';
import { readApproximate } from '../errors/read';
import { decode, encode } from '../formats';
import { storedBytes, type ErrorModelSpec, type Format } from '../types';
import type { SnnLayer } from './spec';

export interface WeightReadOptions {
  format: Format;
  errorModel: ErrorModelSpec;
  ber: number;
  moduleSeed: number;
  trialSeed: number;
  /** DRAM row size in bytes (wordline / bitline geometry). */
  rowBytes: number;
  /** Out-of-range correction after decode; default 'zero' for fp32 and 'none' otherwise. */
  correction?: CorrectionMode;
  /** Byte address of each layer's kernel; default: one after the other from address 0. */
  baseAddresses?: number[];
}

export interface WeightRead {
  kernels: Float32Array[];
  flips: number;
  corrected: number;
}

/**
 * Addresses of the kernels stored back to back (layer order, 64-byte aligned) in one partition,
 * laid out as the EDEN pipeline lays out a model (src/core/dram/geometry.ts).
 */
export function contiguousAddresses(
  layers: readonly SnnLayer[],
  format: Format,
  rowBytes = DEFAULT_ROW_BYTES,
): number[] {
  const items = layers.map((l) => ({
    id: `${l.name}/weights`,
    bytes: storedBytes(l.inputs * l.outputs, format),
  }));
  return layoutPartition(items, rowBytes).ranges.map((r) => r.start);
}

/** Read every kernel through approximate DRAM once (one trial). Clean kernels are not modified. */
export function readKernels(
  layers: readonly SnnLayer[],
  clean: readonly Float32Array[],
  o: WeightReadOptions,
): WeightRead {
  const correction = o.correction ?? (o.format === 'fp32' ? 'zero' : 'none');
  const bases = o.baseAddresses ?? contiguousAddresses(layers, o.format, o.rowBytes);
  let flips = 0;
  let corrected = 0;
  const kernels = layers.map((layer, l) => {
    const stored = encode(clean[l], o.format);
    if (o.ber === 0) return decode(stored);
    const read = readApproximate(stored, {
      errorModel: o.errorModel,
      ber: o.ber,
      moduleSeed: o.moduleSeed,
      trialSeed: o.trialSeed,
      stream: `${layer.name}/weights`,
      placement: { baseAddress: bases[l], rowBytes: o.rowBytes },
      correction,
      range: correction === 'none' ? undefined : rangeOf(clean[l]),
    });
    flips += read.stats.flips;
    corrected += read.corrected;
    return read.values;
  });
  return { kernels, flips, corrected };
}
