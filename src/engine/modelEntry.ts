/**
 * A zoo-style entry for a model that is not (or no longer) the zoo's: a boosted model, or a
 * user's model that borrows a zoo model's dataset. Same definition as the zoo's
 * (scripts/zoo/register.ts): data types with calibration ranges over 1,000 training images,
 * clean accuracy per format on the test set. A boosted model trained with clipped activation
 * ranges (src/engine/activationClip.ts) keeps them: its quantized formats clip there.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Dataset } from '../core/data';
import type { ZooEntry } from '../core/models/zoo';
import { FORMATS } from '../core/types';
import { computeLayers, modelDataTypes } from './executor';
import { dataTypeRanges, evaluateClean } from './quantizedModel';

export const CALIBRATION_SAMPLES = 1000;

export async function describeModel(
  model: LayersModel,
  base: ZooEntry,
  overrides: Pick<ZooEntry, 'id' | 'name' | 'path' | 'training'>,
  calibration: Dataset,
  test: Dataset,
  onFormat?: (format: string) => void,
  /** Ranges that replace the calibrated ones (a boosted model's clipped IFM/OFM ranges). */
  fixedRanges?: Readonly<Record<string, { min: number; max: number }>>,
): Promise<ZooEntry> {
  const ranges = await dataTypeRanges(model, calibration, CALIBRATION_SAMPLES);
  for (const [id, r] of Object.entries(fixedRanges ?? {})) ranges.set(id, r);
  const parts = new Map(computeLayers(model).map((l) => [l.name, l.weights]));
  const dataTypes = modelDataTypes(model).map((d) => {
    const range = ranges.get(d.id);
    if (!range) throw new Error(`${overrides.id}: no range for ${d.id}`);
    return d.kind === 'weights' ? { ...d, range, parts: parts.get(d.layer) } : { ...d, range };
  });
  const accuracy = { fp32: 0, int16: 0, int8: 0, int4: 0 };
  for (const f of FORMATS) {
    onFormat?.(f);
    accuracy[f] = (await evaluateClean(model, { dataTypes }, f, test)).accuracy;
  }
  return {
    ...base,
    ...overrides,
    params: model.countParams(),
    // The model's own input shape, not the base's: a user's [784] model borrowing LeNet-5's
    // dataset is fed [n, 784] batches (it was fed LeNet's [28, 28, 1] and failed).
    inputShape: model.inputs[0].shape.slice(1).map(Number),
    accuracy,
    dataTypes,
  };
}
