/**
 * Data-type enumeration (EDEN §5): every compute layer L (Conv2D, DepthwiseConv2D,
 * SeparableConv2D, Dense; src/engine/executor.ts)
 * puts three tensors in DRAM: `L/weights` (all its parameters, kernel then bias, each weight
 * tensor with its own quantization scale), `L/ifm` (what L reads) and `L/ofm` (what L writes,
 * after its fused activation). Shapes are per sample (no batch dimension); the weights' shape
 * is the flat parameter count, the individual weight tensors are listed in `parts`.
 */
import { FORMATS, storedBytes, type DataKind, type DataTypeInfo, type Format } from '../types';

export interface WeightPart {
  /** tfjs weight name without the layer prefix, e.g. `kernel`, `bias`. */
  name: string;
  shape: number[];
}

/** What the enumeration needs to know about one compute layer. */
export interface ComputeLayerShapes {
  name: string;
  ifmShape: number[];
  ofmShape: number[];
  weights: WeightPart[];
}

export function elementsOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Bytes of a tensor of `elements` values stored in each format. */
export function bytesPerFormat(elements: number): Record<Format, number> {
  return Object.fromEntries(FORMATS.map((f) => [f, storedBytes(elements, f)])) as Record<
    Format,
    number
  >;
}

/**
 * Bytes of the weights data type in each format: each weight tensor is stored on its own
 * (int4 pads an odd tensor to a whole byte), kernel then bias.
 */
export function weightBytesPerFormat(parts: readonly WeightPart[]): Record<Format, number> {
  return Object.fromEntries(
    FORMATS.map((f) => [f, parts.reduce((s, p) => s + storedBytes(elementsOf(p.shape), f), 0)]),
  ) as Record<Format, number>;
}

function dataType(layer: string, layerIndex: number, kind: DataKind, shape: number[]) {
  const elements = elementsOf(shape);
  return {
    id: `${layer}/${kind}`,
    layer,
    layerIndex,
    kind,
    shape,
    elements,
    bytes: bytesPerFormat(elements),
  };
}

/**
 * DataTypeInfo for each compute layer, in execution order: weights, ifm, ofm.
 * `layerIndex` is the index of the compute layer among the compute layers (0-based).
 */
export function dataTypesFor(layers: readonly ComputeLayerShapes[]): DataTypeInfo[] {
  const out: DataTypeInfo[] = [];
  layers.forEach((l, i) => {
    if (l.weights.length === 0) throw new Error(`compute layer "${l.name}" has no weights`);
    const params = l.weights.reduce((s, w) => s + elementsOf(w.shape), 0);
    out.push({
      ...dataType(l.name, i, 'weights', [params]),
      bytes: weightBytesPerFormat(l.weights),
    });
    out.push(dataType(l.name, i, 'ifm', l.ifmShape));
    out.push(dataType(l.name, i, 'ofm', l.ofmShape));
  });
  return out;
}
