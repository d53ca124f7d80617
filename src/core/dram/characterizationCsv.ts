/**
 * A module's own measured characterization, imported as a DRAM profile (docs/dram-model.md §1):
 * a CSV of BER vs ΔVDD and vs ΔtRCD, optionally the error model the module shows. Timing,
 * currents and organization come from a base profile (the datasheet part the module is); the
 * BER curves and error model are replaced, and the knob grid is KNOB_GRID.
 *
 *   knob,delta,ber              header (required, in this order)
 *   vdd,0,0                     BER vs ΔVDD (V, ≤ 0), first point at 0
 *   vdd,-0.05,1e-5
 *   trcd,0,0                    BER vs ΔtRCD (ns, ≤ 0), first point at 0
 *   trcd,-0.5,1e-4
 *   errorModel,1,               optional: error model id 0–3 in the delta column
 *   weakFraction,0.2,           optional parameters (models 1/2 and 3), in the delta column
 *   oneToZeroShare,0.9,
 *
 * Points of a curve may come in any order (sorted by delta, 0 first). Every error is one line
 * naming the file, the line and the field; the assembled profile then passes parseProfile's
 * checks (monotone curves, weak fraction ≥ the highest BER, …), reported in CSV terms.
 */
import { KNOB_GRID, parseProfile, type BerPoint, type DramProfile } from './profile';

const PARAMS = ['errorModel', 'weakFraction', 'oneToZeroShare'] as const;
type Param = (typeof PARAMS)[number];

/** A profile id from a file name: lowercase letters, digits and dashes, prefixed "csv-". */
export function importedProfileId(fileName: string): string {
  const stem = fileName
    .replace(/\.[^.]*$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `csv-${stem || 'module'}`;
}

/**
 * Parse `text` (the CSV above) into a profile built on `base`. Throws an Error with a one-line
 * message starting with `fileName` for the first problem found.
 */
export function parseCharacterizationCsv(
  text: string,
  fileName: string,
  base: DramProfile,
): DramProfile {
  const fail = (where: string, msg: string): never => {
    throw new Error(`${fileName}${where}: ${msg}`);
  };
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l, i) => ({ n: i + 1, cells: l.split(',').map((c) => c.trim()) }))
    .filter((l) => l.cells.some((c) => c !== '') && !l.cells[0].startsWith('#'));
  if (!lines.length) fail('', 'the file is empty');
  const header = lines[0].cells.map((c) => c.toLowerCase());
  if (header.join(',') !== 'knob,delta,ber') {
    fail(
      ` line ${lines[0].n}`,
      `the header must be "knob,delta,ber", got "${lines[0].cells.join(',')}"`,
    );
  }
  const curves: Record<'vdd' | 'trcd', BerPoint[]> = { vdd: [], trcd: [] };
  const params: Partial<Record<Param, number>> = {};
  for (const { n, cells } of lines.slice(1)) {
    const [knob, deltaText = '', berText = ''] = cells;
    const num = (t: string, field: string) => {
      const v = Number(t);
      if (t === '' || !Number.isFinite(v)) fail(` line ${n}`, `${field} "${t}" is not a number`);
      return v;
    };
    if (knob === 'vdd' || knob === 'trcd') {
      const delta = num(deltaText, 'delta');
      const ber = num(berText, 'ber');
      if (delta > 0)
        fail(` line ${n}`, `delta ${delta} must be ≤ 0 (the knobs only lower ${knob})`);
      if (ber < 0 || ber > 0.5) fail(` line ${n}`, `ber ${ber} must be in [0, 0.5]`);
      if (curves[knob].some((p) => p.delta === delta))
        fail(` line ${n}`, `${knob} delta ${delta} is listed twice`);
      curves[knob].push({ delta, ber });
    } else if ((PARAMS as readonly string[]).includes(knob)) {
      params[knob as Param] = num(deltaText, knob);
    } else {
      fail(` line ${n}`, `knob "${knob}" is not one of vdd, trcd, ${PARAMS.join(', ')}`);
    }
  }
  for (const knob of ['vdd', 'trcd'] as const) {
    const pts = curves[knob].sort((a, b) => b.delta - a.delta);
    if (pts.length < 2) fail('', `the ${knob} curve needs at least 2 points (0 and one below)`);
    if (pts[0].delta !== 0) fail('', `the ${knob} curve must start at delta 0 (nominal)`);
  }
  const id = params.errorModel ?? base.errorModel.id;
  if (![0, 1, 2, 3].includes(id)) fail('', `errorModel ${id} must be 0, 1, 2 or 3`);
  const errorModel: DramProfile['errorModel'] = {
    id: id as 0 | 1 | 2 | 3,
    note: `from ${fileName}`,
  };
  const wf =
    params.weakFraction ?? (id === 1 || id === 2 ? base.errorModel.weakFraction : undefined);
  if (wf !== undefined) errorModel.weakFraction = wf;
  const share = params.oneToZeroShare ?? (id === 3 ? base.errorModel.oneToZeroShare : undefined);
  if (share !== undefined) errorModel.oneToZeroShare = share;
  const profile = {
    ...base,
    id: importedProfileId(fileName),
    name: `${fileName} (measured characterization on ${base.name.split(/[,(]/)[0].trim()})`,
    source: { ...base.source, ber: `Imported from ${fileName} (the user's measurement).` },
    ber: { stepV: KNOB_GRID.vdd, stepNs: KNOB_GRID.trcd, ...curves },
    errorModel,
  };
  try {
    return parseProfile(profile);
  } catch (e) {
    // "DRAM profile "x" is invalid at ber.vdd[2].ber: …" → the CSV's terms.
    const m = /invalid at ([^:]+): (.*)$/.exec((e as Error).message);
    if (!m) throw e;
    const point = /^ber\.(vdd|trcd)\[(\d+)\]\.(delta|ber)$/.exec(m[1]);
    const where = point
      ? `${point[1]} point at delta ${curves[point[1] as 'vdd' | 'trcd'][Number(point[2])].delta}`
      : m[1];
    return fail('', `${where}: ${m[2]}`);
  }
}
