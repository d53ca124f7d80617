/**
 * Loading a zoo SNN through caller-given readers (fetch in the worker, fs in Node): snn.json
 * (the spiking description) and the source ANN's model.json + weights (the kernels that live
 * in DRAM), both beside `entry.path`.
 */
import type { ZooEntry } from '../../core/models/zoo';
import { parseSnnSpec } from '../../core/snn/spec';
import { kernelsFromWeightData, type LayersModelJson } from '../../core/snn/weights-file';
import { snnSpecPath } from '../../core/snn/zoo-entry';
import type { SnnModel } from './sweep';

export interface PublicReader {
  /** Parsed JSON of a file under public/ (path relative to public/). */
  json(path: string): Promise<unknown>;
  /** Bytes of a file under public/. */
  bytes(path: string): Promise<ArrayBuffer>;
}

export async function loadSnn(
  entry: Pick<ZooEntry, 'id' | 'path' | 'family'>,
  read: PublicReader,
): Promise<SnnModel> {
  if (entry.family !== 'snn')
    throw new Error(`model ${entry.id} is not an SNN (family ${entry.family})`);
  const spec = parseSnnSpec(await read.json(snnSpecPath(entry)));
  const model = (await read.json(entry.path)) as LayersModelJson;
  const dir = entry.path.slice(0, entry.path.lastIndexOf('/') + 1);
  const parts = await Promise.all(
    model.weightsManifest
      .flatMap((g) => g.paths)
      .map((p) => read.bytes(dir + p.replace(/^\.\//, ''))),
  );
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return { id: entry.id, spec, kernels: kernelsFromWeightData(model, data.buffer, spec.layers) };
}
