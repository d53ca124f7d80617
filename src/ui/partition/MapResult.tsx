/**
 * The last Map run beside the partition map: coarse (one setting for the whole module) vs fine
 * (N partitions), each partition with its VDD / tRCD, BER, data types and their tolerance, and
 * its share of the DRAM energy; the validation accuracy of both maps against the target; and
 * where the fine map's extra saving comes from (core/eden/energy.ts savingSources, priced by
 * the page's DRAM profile and platform through the DramPort: mapRunSavings, the same figures
 * as the Runs summary and the energy card with the map applied). The fine map never saves less
 * than the coarse one (core/eden/pipeline.ts runMap): EDEN's map when it saves at least as
 * much, else one with no partition below the coarse BER; the panel says which and why.
 */
import type { PlatformMapEnergy } from '../../core/eden/energy';
import type { Partition } from '../../core/eden/map';
import type { Validation } from '../../core/eden/pipeline';
import type { ZooEntry } from '../../core/models/zoo';
import type { ExplorerConfig } from '../../state/config';
import { mapRunSavings } from '../savings/compute';
import type { MapRunReport } from '../../state/pipelineRun';
import { dramPort } from '../dram/adapter';
import { fmtBer, fmtDelta, fmtPct } from '../format';

/** "meets it" / "misses it", with the rule's numbers where rounding would hide them. */
export function verdictText(v: Pick<Validation, 'estimate' | 'meetsTarget' | 'targetAccuracy'>) {
  if (v.meetsTarget) return 'meets it';
  const lo = v.estimate.lo;
  // The pass rule is the lower 95 % bound (core/eden/evaluator.ts meetsTarget): say so when the
  // mean is above the target or the rounded bound reads as the target itself.
  return v.estimate.mean >= v.targetAccuracy || fmtPct(lo) === fmtPct(v.targetAccuracy)
    ? `misses it: its lower 95 % bound ${fmtPct(lo, 2)} is below ${fmtPct(v.targetAccuracy, 2)}`
    : 'misses it';
}

function ValidationText({ v }: { v: Validation }) {
  const e = v.estimate;
  return (
    <span className={v.meetsTarget ? 'map-ok' : 'map-miss'}>
      {fmtPct(e.mean)} [{fmtPct(e.lo)}, {fmtPct(e.hi)}] vs target {fmtPct(v.targetAccuracy)}:{' '}
      {verdictText(v)}
    </span>
  );
}

type Source = PlatformMapEnergy['sources'][number];

/**
 * One sentence on where the fine map's extra saving (fine − coarse) comes from. It is below 0
 * only when the coarse map missed the target on validation (`coarseMeets` false): then the
 * coarse saving is not one the target allows, and the sentence says so.
 */
export function extraText(extra: number | null, top?: Source, coarseMeets = true): string {
  const at = (s: Source) =>
    `P${s.index + 1} at ${fmtDelta(s.vddDelta, 'V')} instead of ${fmtDelta(s.coarseVddDelta, 'V')}`;
  if (extra === null || !top) return '';
  if (extra > 5e-5)
    return `Where it comes from: data that tolerates more than the most sensitive data runs at a lower VDD than the coarse map allows, most of all ${at(top)} (+${(100 * top.gain).toFixed(2)} points: ${top.dataTypes.join(', ')}); the last column splits the rest.`;
  if (extra < -5e-5)
    return coarseMeets
      ? 'The fine map saves less than the coarse one here.'
      : "The fine map saves less than the coarse one because the coarse map missed the target on the validation run: the coarse saving is not one the target allows, and the fine map's partitions were backed off until it was met.";
  return 'The fine map saves about what the coarse one does: no partition could go a VDD step below the coarse setting (its data tolerate about the coarse BER, or a lower step missed the target).';
}

/**
 * How the fine map relates to the coarse one (core/eden/pipeline.ts runMap): EDEN's map kept,
 * or, when it saved less than the coarse map (`rejectedSaving`, priced like the table) or
 * missed the target, a map that refines the coarse one, with the data types lifted to the
 * coarse BER and the back-offs that made it safer.
 */
export function refinesText(
  r: Pick<MapRunReport, 'lifted' | 'startBackoffs' | 'coarseTolerableBer'> & {
    /** Validation back-offs (the Runs summary's count); absent in reports before it was kept. */
    backoffs?: number;
    rejected: { validation: { meetsTarget: boolean } } | null;
  },
  coarseMeets: boolean,
  rejectedSaving: number | null,
  coarseSaving: number | null,
): string {
  const floor = fmtBer(r.coarseTolerableBer);
  const validated = r.backoffs
    ? ` Validation on fresh trials then missed the target, so a partition was made one step safer ${r.backoffs} time${r.backoffs === 1 ? '' : 's'} (the count the Runs panel gives).`
    : '';
  if (!r.rejected)
    return (
      "EDEN's fine map: each data type at its joint tolerance (the joint search), greedy onto the partitions, each partition then lowered step by step while the target held. It saves at least what the coarse map does on every platform; had it not, the page would have kept no partition below the coarse BER instead." +
      validated
    );
  const why =
    rejectedSaving !== null && coarseSaving !== null && rejectedSaving < coarseSaving
      ? `would save ${fmtPct(rejectedSaving)}, less than the coarse map's ${fmtPct(coarseSaving)}`
      : r.rejected.validation.meetsTarget
        ? 'would save less than the coarse map on some platform'
        : 'missed the target on the validation run';
  const parts = [
    `EDEN's fine map from the joint tolerances ${why}: the joint search stops each data type at its first miss and does not weigh bytes, so it can leave large data below the coarse BER.`,
    coarseMeets
      ? `So this fine map refines the coarse one: no partition is set below the coarse tolerable BER ${floor} (where the coarse search met the target with all data at once), so it saves at least as much.`
      : `So this fine map starts from the coarse BER ${floor}; the coarse map missed the target on the validation run, so that BER was no floor when partitions were made one step safer after a missed validation.`,
  ];
  if (r.lifted.length)
    parts.push(
      `${r.lifted.length} data type${r.lifted.length === 1 ? '' : 's'} ${r.lifted.length === 1 ? 'was' : 'were'} lifted to it (↑ in the table).`,
    );
  if (r.startBackoffs)
    parts.push(
      `That map missed the target in the search, so its most aggressive partition was made safer ${r.startBackoffs} time${r.startBackoffs === 1 ? '' : 's'} before each partition was lowered step by step.`,
    );
  return parts.join(' ') + validated;
}

const used = (ps: readonly Partition[]) => ps.filter((p) => p.placed.length > 0);

export function MapResult(props: {
  report: MapRunReport;
  /** The run was measured with the page's current settings (src/ui/savings/compute.ts mapMatchesPage). */
  current: boolean;
  /** The loaded models: the run's own is priced (mapRunSavings). */
  models: readonly ZooEntry[];
  config: ExplorerConfig;
  highlight: string | null;
  onHighlight: (id: string | null) => void;
}) {
  const { report, current, models, config, highlight, onHighlight } = props;
  const energy = mapRunSavings(dramPort, config, models, report);
  const rejected = report.rejected
    ? mapRunSavings(dramPort, config, models, { ...report, fineMap: report.rejected.fineMap })
    : null;
  const rejectedSaving = rejected && typeof rejected !== 'string' ? rejected.fine.saving : null;
  const fine = used(report.fineMap.partitions);
  const coarse = used(report.coarseMap.partitions)[0];
  const settings = new Set(fine.map((p) => `${p.vddDelta}/${p.trcdDelta}`));
  const stale = !current;
  const e = typeof energy === 'string' ? null : energy;
  const byIndex = new Map(e?.fine.settings.map((s) => [s.index, s]) ?? []);
  const gain = new Map(e?.sources.map((s) => [s.index, s]) ?? []);
  const extra = e ? e.fine.saving - e.coarse.saving : null;
  const top = e ? [...e.sources].sort((a, b) => b.gain - a.gain)[0] : undefined;
  const lifted = new Set(report.lifted);
  // The joint tolerance; a lifted data type shows it and the coarse BER it was mapped at.
  const tolText = (id: string) =>
    lifted.has(id)
      ? `${fmtBer(report.tolerances[id] ?? null)} ↑ ${fmtBer(report.coarseTolerableBer)}`
      : fmtBer(report.tolerances[id] ?? null);
  return (
    <div
      className="map-result"
      data-testid="map-result"
      data-partitions={fine.length}
      data-settings={settings.size}
    >
      <h3>
        Map result: {report.modelId} {report.format} on {report.profileId}
        {stale ? <span className="note"> (from an earlier run: settings have changed)</span> : null}
      </h3>
      <table className="split map-table">
        <caption className="sr-only">Coarse and fine DRAM partition maps</caption>
        <thead>
          <tr>
            <th>partition</th>
            <th>ΔVDD</th>
            <th>ΔtRCD</th>
            <th>BER</th>
            <th>data types (tolerable BER)</th>
            <th>energy share</th>
            <th>extra saving</th>
          </tr>
        </thead>
        <tbody>
          {coarse ? (
            <tr className="map-coarse-row">
              <td>coarse: whole module</td>
              <td>{fmtDelta(coarse.vddDelta, 'V')}</td>
              <td>{fmtDelta(coarse.trcdDelta, 'ns')}</td>
              <td>{fmtBer(coarse.ber)}</td>
              <td className="map-types">
                all {coarse.placed.length} data types at the coarse tolerable BER{' '}
                {fmtBer(report.coarseTolerableBer)}
              </td>
              <td>100 %</td>
              <td>—</td>
            </tr>
          ) : null}
          {fine.map((p) => {
            const s = byIndex.get(p.index);
            const g = gain.get(p.index);
            return (
              <tr key={p.index} data-testid="map-partition-row">
                <td>fine P{p.index + 1}</td>
                <td>{fmtDelta(p.vddDelta, 'V')}</td>
                <td>{fmtDelta(p.trcdDelta, 'ns')}</td>
                <td>{fmtBer(p.ber)}</td>
                <td className="map-types">
                  {p.placed.map((d) => (
                    <button
                      type="button"
                      key={d.id}
                      className={`map-type${highlight === d.id ? ' map-type-on' : ''}`}
                      onClick={() => onHighlight(highlight === d.id ? null : d.id)}
                      title={`Highlight ${d.id} on the map`}
                    >
                      {d.id} ({tolText(d.id)})
                    </button>
                  ))}
                </td>
                <td>{s ? fmtPct(s.share) : '—'}</td>
                <td>{g ? `${g.gain >= 0 ? '+' : ''}${(100 * g.gain).toFixed(2)} pt` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p data-testid="map-validation">
        Validation (fresh trials): coarse <ValidationText v={report.validation.coarse} />; fine{' '}
        <ValidationText v={report.validation.fine} />.
      </p>
      <p data-testid="map-refines" data-rejected={report.rejected !== null}>
        {refinesText(
          report,
          report.validation.coarse.meetsTarget,
          rejectedSaving,
          e?.coarse.saving ?? null,
        )}
      </p>
      {e ? (
        <p data-testid="map-saving" data-coarse={e.coarse.saving} data-fine={e.fine.saving}>
          DRAM energy saving on {config.platform}: coarse <strong>{fmtPct(e.coarse.saving)}</strong>{' '}
          → fine <strong data-testid="map-fine-saving">{fmtPct(e.fine.saving)}</strong> (
          {extra !== null && extra >= 0 ? '+' : ''}
          {extra !== null ? (100 * extra).toFixed(2) : '—'} points).{' '}
          {extraText(extra, top, report.validation.coarse.meetsTarget)} Speedup with each partition
          at the tRCD its data tolerate (VDD nominal): coarse {e.coarse.speedup.toFixed(3)}× → fine{' '}
          <strong data-testid="map-fine-speedup">{e.fine.speedup.toFixed(3)}×</strong>.
        </p>
      ) : (
        <p className="note">Energy not priced: {String(energy)}</p>
      )}
    </div>
  );
}
