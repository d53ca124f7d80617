/**
 * Module variation (issue #14 item 4): the same tolerances on several module instances (module
 * seeds 1 … N from the page's own), each with its weak rows / bitlines where its seed puts them.
 * Per module, the VDD step the whole module (coarse) and each partition of the last Map run may
 * run at: computed from the geometry alone (core/eden/modules.ts moduleSpread via the DramPort),
 * no network run. Tolerances: the curve's coarse tolerable BER, or the last Map run's coarse BER
 * or joint tolerances (whichever allows more on that module) and each partition's validated BER.
 */
import type { ZooEntry } from '../../core/models/zoo';
import { ERROR_MODEL_NAMES } from '../../core/types';
import type { ExplorerConfig } from '../../state/config';
import type { MapRunReport } from '../../state/pipelineRun';
import { tolerableNote, type CurveTolerableBer } from '../chart/curve';
import { dramPort } from '../dram/adapter';
import { fmtBer, fmtDelta, fmtPct } from '../format';

/** Module instances compared: the page's module seed and the next ones. */
export const MODULES = 8;

interface Group {
  name: string;
  tolerances: Record<string, number>[];
}

/**
 * The groups compared: the whole module (every data type at the coarse BER, and the joint
 * tolerances of the fine characterization when there are some: each was measured as meeting
 * the target), then each used partition of the map at the BER it was validated at.
 */
export function spreadGroups(
  entry: ZooEntry,
  coarseBer: number,
  joint: Record<string, number> | null,
  report: MapRunReport | null,
): Group[] {
  const all = (ber: number, ids: readonly string[]) =>
    Object.fromEntries(ids.map((id) => [id, ber]));
  const ids = entry.dataTypes.map((d) => d.id);
  const whole = [all(coarseBer, ids)];
  if (joint && ids.every((id) => joint[id] !== undefined)) whole.push(joint);
  const groups = [{ name: 'coarse', tolerances: whole }];
  for (const p of report?.fineMap.partitions ?? []) {
    if (!p.placed.length) continue;
    groups.push({
      name: `P${p.index + 1}`,
      tolerances: [
        all(
          p.targetBer,
          p.placed.map((d) => d.id),
        ),
      ],
    });
  }
  return groups;
}

const range = (xs: number[], f: (x: number) => string) => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? f(lo) : `${f(lo)} … ${f(hi)}`;
};

export function ModuleSpread(props: {
  entry: ZooEntry;
  config: ExplorerConfig;
  rowBytes: number;
  /** The curve's coarse tolerable BER (src/ui/hooks.ts useCurveTolerableBer). */
  curve: CurveTolerableBer;
  /** The last Map run when it was measured with the page's settings (mapMatchesPage), else null. */
  report: MapRunReport | null;
}) {
  const { entry, config, rowBytes, curve, report } = props;
  const coarseBer = report ? report.coarseTolerableBer : curve.ber;
  if (coarseBer === null || !(coarseBer > 0)) {
    return (
      <p className="note" data-testid="module-spread-waiting">
        Module variation: tolerable BER {tolerableNote(curve)} (or run Map).
      </p>
    );
  }
  const weakModel = config.em === 1 || config.em === 2;
  const kind = config.em === 2 ? 'bitline' : 'row';
  const seeds = Array.from({ length: MODULES }, (_, i) => config.moduleSeed + i);
  const groups = spreadGroups(entry, coarseBer, report ? report.tolerances : null, report);
  let rows;
  try {
    rows = dramPort.moduleSpread(config.profileId, {
      dataTypes: entry.dataTypes,
      format: config.format,
      rowBytes,
      errorModel: config.em,
      weakFraction: config.weakFraction,
      kind,
      measuredSeed: config.moduleSeed,
      seeds,
      groups,
    });
  } catch (e) {
    return <p className="note">Module variation: {(e as Error).message}</p>;
  }
  const lines = kind === 'row' ? 'weak rows' : 'weak bitlines';
  const coarseVdd = rows.map((r) => r.settings[0].vddDelta);
  const coarseBers = rows.map((r) => r.settings[0].ber);
  const source = report
    ? `the last Map run's coarse BER ${fmtBer(coarseBer)} or its joint tolerances per data type, whichever allows more, and each partition's validated BER`
    : `the curve's coarse tolerable BER ${fmtBer(coarseBer)}${tolerableNote(curve)}`;
  return (
    <div
      className="module-spread"
      data-testid="module-spread"
      data-modules={rows.length}
      data-vdd-min={Math.min(...coarseVdd)}
      data-vdd-max={Math.max(...coarseVdd)}
    >
      <h3>Module variation: {MODULES} modules of the same part</h3>
      <p className="note" data-testid="module-spread-caption">
        {weakModel
          ? `With ${ERROR_MODEL_NAMES[config.em]} errors a bit flips only on the module's ${lines} (${fmtPct(config.weakFraction, 0)} of them, placed by the module seed), with probability BER / ${config.weakFraction}. The tolerances (${source}) were measured on module ${config.moduleSeed}; on another module each data type sees the BER times its share of bits on that module's ${lines} / ${config.weakFraction}, so a module whose ${lines} fall on tolerant data may run lower.`
          : `With ${ERROR_MODEL_NAMES[config.em]} errors every module sees the requested BER at every address, so all ${MODULES} get the same setting. Real modules' errors gather in weak rows (EDEN fits error models 1 and 2 to its chips): below, the same tolerances (${source}, the BER the data may see) on ${MODULES} modules with ${fmtPct(config.weakFraction, 0)} weak rows (error model 1), each placed by its module seed.`}{' '}
        A module with no data on its {lines} is held back only by the error model&apos;s largest BER
        ({config.weakFraction}). Computed from where the data is stored, without running the
        network; ★ = this page&apos;s module seed.
      </p>
      <p data-testid="module-spread-summary">
        Coarse setting across the {MODULES} modules:{' '}
        <strong>{range(coarseVdd, (v) => fmtDelta(v, 'V'))}</strong> (tolerable BER{' '}
        {range(coarseBers, fmtBer)}
        {weakModel
          ? ''
          : `; ${fmtDelta(dramPort.largestStep(config.profileId, 'vdd', coarseBer), 'V')} with uniform errors`}
        ).
        {groups.length > 1
          ? ` Per partition: ${groups
              .slice(1)
              .map(
                (g, i) =>
                  `${g.name} ${range(
                    rows.map((r) => r.settings[i + 1].vddDelta),
                    (v) => fmtDelta(v, 'V'),
                  )}`,
              )
              .join(', ')}.`
          : ''}
      </p>
      <table className="split module-table">
        <caption className="sr-only">Setting each module allows</caption>
        <thead>
          <tr>
            <th>module seed</th>
            <th>data types on {lines}</th>
            {groups.map((g) => (
              <th key={g.name}>{g.name === 'coarse' ? 'coarse ΔVDD (BER)' : `${g.name} ΔVDD`}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.seed} data-testid="module-row" data-vdd={r.settings[0].vddDelta}>
              <td>
                {r.seed}
                {r.seed === config.moduleSeed ? ' ★' : ''}
              </td>
              <td className="module-exposed" title={r.exposed.join(', ')}>
                {r.exposed.length} of {entry.dataTypes.length}
                {r.exposed.length && r.exposed.length <= 3 ? `: ${r.exposed.join(', ')}` : ''}
              </td>
              {r.settings.map((s, i) => (
                <td key={groups[i].name}>
                  {fmtDelta(s.vddDelta, 'V')}
                  {i === 0 ? ` (${fmtBer(s.ber)})` : ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
