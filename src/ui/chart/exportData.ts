/** Results as CSV (papaparse) and JSON, with the configuration that produced them. */
import Papa from 'papaparse';
import type { SweepPoint } from '../../../workers/api';
import type { ExplorerConfig } from '../../state/config';

export interface ExportedResults {
  config: ExplorerConfig;
  link: string;
  curves: { name: string; points: SweepPoint[] }[];
  operatingPoint: {
    ber: number | null;
    accuracy: number | null;
    lo: number | null;
    hi: number | null;
  };
  energySaving: number | null;
  speedup: number | null;
}

export function resultsCsv(r: ExportedResults): string {
  const rows = r.curves.flatMap((c) =>
    c.points.map((p) => ({
      curve: c.name,
      model: r.config.modelId,
      format: r.config.format,
      errorModel: r.config.em,
      target: r.config.target,
      ber: p.ber,
      mean: p.mean,
      lo: p.lo,
      hi: p.hi,
      min: p.min,
      max: p.max,
      trials: p.trials,
      samples: p.samples,
    })),
  );
  return Papa.unparse(rows, {
    columns: [
      'curve',
      'model',
      'format',
      'errorModel',
      'target',
      'ber',
      'mean',
      'lo',
      'hi',
      'min',
      'max',
      'trials',
      'samples',
    ],
  });
}

export function resultsJson(r: ExportedResults): string {
  return JSON.stringify(r, null, 2);
}
