/**
 * The DRAM model behind the page (issue #5, src/core/dram): the `DramPort` the panels use.
 * Profiles are fetched from public/profiles/ (same origin, cached by the service worker).
 */
import {
  accessLatencyNs,
  berForKnobs,
  burstBytes,
  energyPerInference,
  knobGrid,
  largestStepForBer,
  loadProfile,
  parseCharacterizationCsv,
  PLATFORMS,
  PROFILE_IDS,
  speedup,
  trafficPerInference,
  type DramProfile,
  type EnergyResult,
} from '../../core/dram';
import { mapEnergy, savingSources } from '../../core/eden/energy';
import { moduleSpread } from '../../core/eden/modules';
import { placement } from '../../core/sparkxd/mapping';
import { sparkxdReport, weightMatrices } from '../../core/sparkxd/report';
import type { DramPort, EnergyView, ProfileView } from '../../state/dramPort';

const profiles = new Map<string, DramProfile>();
/** Profiles imported in this session (measured characterizations), in import order. */
const imported: string[] = [];

async function fetchJson(path: string): Promise<unknown> {
  const res = await fetch(new URL(path, document.baseURI));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

function loaded(id: string): DramProfile {
  const p = profiles.get(id);
  if (!p) throw new Error(`DRAM profile "${id}" is not loaded`);
  return p;
}

const ENERGY_PARTS = [
  ['actPre', 'ACT/PRE'],
  ['rd', 'RD'],
  ['wr', 'WR'],
  ['background', 'background'],
  ['refresh', 'refresh'],
] as const;

/** The energy panel's view of a core energy result: totals and one row per command type. */
export function energyView(r: EnergyResult): EnergyView {
  return {
    nominal: r.nominal.total,
    approx: r.approx.total,
    saving: r.saving,
    parts: ENERGY_PARTS.map(([key, label]) => ({
      label,
      nominal: r.nominal[key],
      approx: r.approx[key],
    })),
  };
}

export const dramPort: DramPort = {
  profileIds: () => [...PROFILE_IDS, ...imported],
  importCsv(text, fileName, baseId) {
    const p = parseCharacterizationCsv(text, fileName, loaded(baseId));
    profiles.set(p.id, p);
    if (!imported.includes(p.id)) imported.push(p.id);
    return p.id;
  },
  async profile(id): Promise<ProfileView> {
    const p = profiles.get(id) ?? (await loadProfile(id, fetchJson));
    profiles.set(id, p);
    const grid = knobGrid(p);
    return {
      id,
      name: p.name,
      vddNominal: p.power.vdd,
      trcdNominal: p.timing.tRCD_ns,
      vddMin: grid.vdd.min,
      trcdMin: grid.trcd.min,
      vddStep: grid.vdd.step,
      trcdStep: grid.trcd.step,
      rowBytes: p.organization.rowBytes,
      banks: p.organization.banks,
      alpha: p.power.alpha,
      fixedRails: p.power.fixedRails.map((r) => ({ name: r.name, volts: r.volts })),
      source: p.source.datasheet,
    };
  },
  ber: (id, vddDelta, trcdDelta) => berForKnobs(loaded(id), { vddDelta, trcdDelta }),
  energy(id, model, format, platform, partitions): EnergyView {
    const traffic = trafficPerInference(model.dataTypes, format, PLATFORMS[platform]);
    return energyView(energyPerInference(loaded(id), traffic, partitions));
  },
  mapEnergy(id, model, format, platform, maps) {
    const p = loaded(id);
    const pl = PLATFORMS[platform];
    return {
      coarse: mapEnergy(maps.coarseMap, model.dataTypes, format, pl, p),
      fine: mapEnergy(maps.fineMap, model.dataTypes, format, pl, p),
      sources: savingSources(maps, model.dataTypes, format, pl, p),
    };
  },
  sparkxd(id, model, format, bufferBytes, tolerableBer) {
    const p = loaded(id);
    const layers = model.dataTypes
      .filter((d) => d.kind === 'weights' && d.shape.length === 2)
      .map((d) => ({ name: d.layer, inputs: d.shape[0], outputs: d.shape[1] }));
    const weights = weightMatrices(layers, format);
    const org = {
      banks: p.organization.banks,
      rowBytes: p.organization.rowBytes,
      burstBytes: burstBytes(p),
    };
    return {
      report: sparkxdReport(p, weights, bufferBytes, tolerableBer),
      placement: {
        naive: placement(weights, org, 'naive'),
        sparkxd: placement(weights, org, 'sparkxd'),
      },
    };
  },
  largestStep: (id, knob, maxBer) => largestStepForBer(loaded(id), knob, maxBer).delta,
  moduleSpread: (id, input) => moduleSpread({ ...input, profile: loaded(id) }),
  speed(id, platform, trcdDelta) {
    const p = loaded(id);
    const pl = PLATFORMS[platform];
    return {
      speedup: speedup(p, pl, trcdDelta),
      latencyNominal: accessLatencyNs(p, pl.rowHitRate, 0),
      latencyApprox: accessLatencyNs(p, pl.rowHitRate, trcdDelta),
      memoryBound: pl.memoryBoundFraction,
    };
  },
};
