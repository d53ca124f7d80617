import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../state/config';
import { resultsCsv, resultsJson, type ExportedResults } from './exportData';

const results: ExportedResults = {
  config: DEFAULT_CONFIG,
  link: 'http://x/?model=lenet5-mnist',
  curves: [
    {
      name: 'clean',
      points: [
        {
          ber: 1e-3,
          mean: 0.98,
          lo: 0.97,
          hi: 0.99,
          min: 0.97,
          max: 0.99,
          trials: 3,
          samples: 1000,
          final: true,
        },
      ],
    },
  ],
  operatingPoint: { ber: 1e-3, accuracy: 0.98, lo: 0.97, hi: 0.99 },
  energySaving: 0.2,
  speedup: 1.05,
};

describe('result export', () => {
  it('writes CSV that parses back to the same numbers', () => {
    const parsed = Papa.parse<Record<string, string>>(resultsCsv(results), { header: true });
    expect(parsed.data).toHaveLength(1);
    expect(parsed.data[0]).toMatchObject({
      curve: 'clean',
      model: 'lenet5-mnist',
      ber: '0.001',
      mean: '0.98',
    });
  });
  it('writes JSON with the configuration', () => {
    expect(JSON.parse(resultsJson(results)).config.format).toBe('int8');
  });
});
