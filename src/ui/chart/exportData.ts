/** Results as CSV (papaparse) and JSON, with the configuration that produced them. */
import Papa from 'papaparse';
import type { SweepPoint } from '../../contract/api';
import type { ExplorerConfig } from '../../state/config';
import type { CurveConfig } from '../../state/curves';

export interface ExportedResults {
  config: ExplorerConfig;
  link: string;
  /** `config`: the curve's own settings when they differ from the page's (pinned, compared). */
  curves: { name: string; points: SweepPoint[]; config?: CurveConfig }[];
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
      model: (c.config ?? r.config).modelId,
      format: (c.config ?? r.config).format,
      errorModel: (c.config ?? r.config).em,
      target: (c.config ?? r.config).target,
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
