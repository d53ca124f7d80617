/**
 * Builds a model's zoo.json entry from its saved weights (data types with calibration ranges,
 * accuracy per format on the full 10k test set) and merges it into public/models/zoo.json.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parseZoo, type Zoo, type ZooEntry } from '../../src/core/models/zoo';
import { FORMATS } from '../../src/core/types';
import { computeLayers, modelDataTypes } from '../../src/engine/executor';
import { loadDatasetFile } from '../../src/engine/nodeData';
import { readZoo, zooPath } from '../../src/engine/nodeZoo';
import { loadZooModel } from '../../src/engine/nodeZooModel';
import { dataTypeRanges, evaluateClean } from '../../src/engine/quantizedModel';
import { ZOO_SPECS, type ZooSpec } from './specs';

/** Calibration images for activation ranges: the first 1,000 training images. */
export const CALIBRATION_SAMPLES = 1000;

export async function registerModel(
  spec: ZooSpec,
  training: ZooEntry['training'],
): Promise<ZooEntry> {
  const path = `models/${spec.id}/model.json`;
  const model = await loadZooModel({ id: spec.id, path });
  try {
    const ranges = await dataTypeRanges(
      model,
      loadDatasetFile(spec.dataset, 'train'),
      CALIBRATION_SAMPLES,
    );
    const parts = new Map(computeLayers(model).map((l) => [l.name, l.weights]));
    const dataTypes = modelDataTypes(model).map((d) => {
      const range = ranges.get(d.id);
      if (!range) throw new Error(`${spec.id}: no range for ${d.id}`);
      return d.kind === 'weights' ? { ...d, range, parts: parts.get(d.layer) } : { ...d, range };
    });
    const entryBase = { dataTypes };
    const test = loadDatasetFile(spec.dataset, 'test');
    const accuracy = { fp32: 0, int16: 0, int8: 0, int4: 0 };
    for (const f of FORMATS)
      accuracy[f] = (await evaluateClean(model, entryBase, f, test)).accuracy;
    const entry: ZooEntry = {
      id: spec.id,
      name: spec.name,
      family: spec.family,
      paperCounterpart: spec.paperCounterpart,
      dataset: spec.dataset,
      path,
      params: model.countParams(),
      inputShape: (model.inputs[0].shape.slice(1) as number[]).map(Number),
      accuracy,
      dataTypes,
      training,
    };
    mergeIntoZoo(entry);
    return entry;
  } finally {
    model.dispose();
  }
}

function mergeIntoZoo(entry: ZooEntry): void {
  const zoo: Zoo = existsSync(zooPath()) ? readZoo() : { version: 1, models: [] };
  const models = [...zoo.models.filter((m) => m.id !== entry.id), entry];
  const order = (id: string) => {
    const i = ZOO_SPECS.findIndex((s) => s.id === id);
    return i < 0 ? ZOO_SPECS.length : i;
  };
  models.sort((a, b) => order(a.id) - order(b.id));
  const next = parseZoo({ version: 1, models });
  writeFileSync(zooPath(), JSON.stringify(next, null, 1) + '\n');
}
