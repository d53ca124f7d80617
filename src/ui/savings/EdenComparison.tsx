/**
 * Energy numbers users can check: EDEN's reported average DRAM energy saving per platform
 * (public/reference/eden-coarse-table.json, headline_results) next to this model's, at the same
 * kind of target (the curve's coarse tolerable BER; once a Map run exists, that run's coarse
 * and fine maps, so the two columns price one run), each platform priced with its own module profile as in EDEN's evaluation
 * (docs/dram-model.md §6), and why the two differ.
 */
import { Term } from '../glossary';
import { useEffect, useState } from 'react';
import { PLATFORMS as PLATFORM_INFO, type PlatformId } from '../../core/dram/platforms';
import { useExplorer } from '../../state/appStore';
import { PLATFORMS } from '../../state/config';
import { dramPort } from '../dram/adapter';
import { fmtBer, fmtPct } from '../format';
import { useCurveTolerableBer, useModelEntry } from '../hooks';
import { mapMatchesPage } from './compute';
import { tolerableNote } from '../chart/curve';
import './edenComparison.css';

type Reported = Record<PlatformId, number>;

const WHY: Record<PlatformId, string> = {
  cpu: 'DDR4: the VPP rail (2.5 V) is not lowered; I/O and termination are not modelled',
  gpu: 'DDR3 stands in for GDDR5 (same 1.5 V); closest to the pure V² bound',
  eyeriss: "LPDDR4's VDD1 rail is fixed; its BER curve is DDR3's, rescaled (illustrative)",
  tpu: "LPDDR4's VDD1 rail is fixed; its BER curve is DDR3's, rescaled (illustrative)",
};

async function fetchReported(): Promise<Reported> {
  const res = await fetch(new URL('reference/eden-coarse-table.json', document.baseURI));
  if (!res.ok) throw new Error(`reference/eden-coarse-table.json: HTTP ${res.status}`);
  const json = (await res.json()) as {
    headline_results?: { dram_energy_reduction_avg?: Reported };
  };
  const r = json.headline_results?.dram_energy_reduction_avg;
  if (!r) throw new Error('reference/eden-coarse-table.json has no dram_energy_reduction_avg');
  return r;
}

export function EdenComparison() {
  const entry = useModelEntry();
  const config = useExplorer((s) => s.config);
  const curve = useCurveTolerableBer();
  const tol = curve.ber;
  const [reported, setReported] = useState<Reported | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([
      fetchReported(),
      ...PLATFORMS.map((p) => dramPort.profile(PLATFORM_INFO[p].profileId)),
    ])
      .then(([r]) => {
        if (!live) return;
        setReported(r as Reported);
        setLoaded(true);
      })
      .catch((e: unknown) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, []);
  // The last Map run only when it was measured with the page's settings (the cards' rule).
  const fine = useExplorer((s) => (mapMatchesPage(s) ? s.mapReport : null));
  const rows = PLATFORMS.map((p) => {
    const profileId = PLATFORM_INFO[p].profileId;
    let coarse: number | null = null;
    let fineSaving: number | null = null;
    if (loaded && entry && fine) {
      // After a Map run both columns price that run's maps (its coarse BER), so the fine
      // column never reads below the coarse one (core/eden/pipeline.ts runMap).
      const m = dramPort.mapEnergy(profileId, entry, fine.format, p, fine);
      coarse = m.coarse.saving;
      fineSaving = m.fine.saving;
    } else if (loaded && entry && tol !== null) {
      const vddDelta = dramPort.largestStep(profileId, 'vdd', tol);
      coarse = dramPort.energy(profileId, entry, config.format, p, [
        { vddDelta, trcdDelta: 0, dataTypes: entry.dataTypes.map((d) => d.id) },
      ]).saving;
    }
    return { p, profileId, coarse, fineSaving };
  });
  return (
    <details className="eden-comparison" data-testid="eden-comparison">
      <summary>EDEN&apos;s reported savings vs this model&apos;s</summary>
      {error ? <p className="notice error">{error}</p> : null}
      <table className="split">
        <thead>
          <tr>
            <th>platform (profile)</th>
            <th>EDEN (avg)</th>
            <th>
              coarse, BER {fmtBer(fine ? fine.coarseTolerableBer : tol)}
              {fine ? '' : tolerableNote(curve)}
            </th>
            <th>fine map</th>
            <th>why they differ</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.p} data-testid="eden-comparison-row">
              <td>
                {r.p} ({r.profileId})
              </td>
              <td>{reported ? fmtPct(reported[r.p], 0) : '—'}</td>
              <td>{fmtPct(r.coarse)}</td>
              <td>{r.fineSaving === null ? 'run Map' : fmtPct(r.fineSaving)}</td>
              <td className="eden-why">{WHY[r.p]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">
        EDEN&apos;s figures are averages over its workloads (ResNet, VGG, … on CIFAR/ImageNet),
        which tolerate BERs of 0.5–4 % (its table: −0.10 … −0.35 V). The <Term id="zoo">zoo</Term>
        &apos;s small models tolerate about 4e-6 … 1e-3 at a 1-point target, so they sit 0.01–0.09 V
        below nominal and save 1–11 %; EDEN&apos;s table rows priced by this model give 26–32 %
        (docs/dram-model.md §6, with the zoo&apos;s figures per model).
      </p>
    </details>
  );
}
