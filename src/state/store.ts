/**
 * The one source of truth of the page (docs/design.md §4): the configuration (serialized to the URL)
 * and what the worker and the DRAM model reported for it. Pure logic, no DOM; `bindUrl` in
 * urlSync.ts connects it to `window.location`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccuracyEstimate, BackendInfo, SweepPoint } from '../contract/api';
import type { ZooEntry } from '../core/models/zoo';
import type { WhyResult } from '../core/why/types';
import { DEFAULT_CONFIG, type ExplorerConfig, patchedConfig } from './config';
import {
  compareConfigs,
  curveKey,
  sweepBers,
  withCurve,
  type CompareDimension,
  type CurveConfig,
  type ExtraCurve,
} from './curves';
import type { ProfileView } from './dramPort';
import type { MapPartition } from './mapTypes';
import type {
  CharacterizationResult,
  MapRunReport,
  MapSummary,
  PipelineKind,
  PipelineRunState,
} from './pipelineRun';
import { fitToModel } from './modelFit';
import { SCENARIOS, scenarioConfig } from './scenarios';
import { KNOB_GRID, KNOB_LABELS, KNOB_UNITS, knobMisfit, snap } from '../core/dram/profile';

/** Lowest reachable knob values of the active profile (deltas, ≤ 0) and its grid (V, ns). */
export interface KnobRange {
  vddMin: number;
  trcdMin: number;
  vddStep: number;
  trcdStep: number;
}

export type Notice = { id: number; level: 'info' | 'warn' | 'error'; text: string };

export interface CurveState {
  /** Key of the configuration the points belong to (see curveKey). */
  key: string;
  points: SweepPoint[];
  done: number;
  total: number;
  running: boolean;
  error?: string;
}

/** The Why panel's measurement (src/ui/engine/whyScheduler.ts). */
export interface WhyState {
  /** Settings the result (or error) belongs to (whyKey); another key means it is stale. */
  key: string;
  result: WhyResult | null;
  /**
   * The result is the first progressive phase only, asked for while the current curve is
   * still being measured; the full request follows once the curve is complete.
   */
  preview: boolean;
  /** A request runs (or waits for the model) for the current settings. */
  running: boolean;
  error?: string;
}

export interface ExplorerState {
  config: ExplorerConfig;
  knobRange: KnobRange;
  notices: Notice[];
  /** 'missing': this build has no worker engine; 'failed': it did not start. */
  engine: 'starting' | 'ready' | 'missing' | 'failed';
  backend: BackendInfo | null;
  backendError?: string;
  /** The active DRAM profile (null until loaded or when the DRAM model is unavailable). */
  profile: ProfileView | null;
  models: ZooEntry[];
  /** Accuracy at the operating point (progressive: `final` false while refining). */
  estimate: (AccuracyEstimate & { ber: number }) | null;
  estimateRunning: boolean;
  estimateError?: string;
  clean: CurveState;
  /**
   * Curves beside the current one (boosted model, pinned, compare sets): snapshots of their
   * settings, swept by the controller; they survive knob and setting changes.
   */
  curves: ExtraCurve<SweepPoint>[];
  /** The fine-grained partition map from the EDEN pipeline's Map run (null until run). */
  fineMap: MapPartition[] | null;
  /** The latest EDEN pipeline run of the Runs panel (null until one starts). */
  pipelineRun: PipelineRunState | null;
  /** The last successful result of each kind of run (a later run of another kind keeps it). */
  pipelineResults: Partial<Record<PipelineKind, string>>;
  /** Id of the model boosted in this session (the worker registers it), or null. */
  boostedModelId: string | null;
  /**
   * The last fine characterization (Characterize or Map run), with the key of its settings:
   * the page's only while the key matches (src/ui/savings/compute.ts pageCharacterization).
   */
  characterization: CharacterizationResult | null;
  mapSummary: MapSummary | null;
  /** The last Map run's coarse and fine maps and validations (null until one ran). */
  mapReport: MapRunReport | null;
  /** Key of the talk scenario last chosen (its caption shows while its settings hold). */
  scenario: string | null;
  why: WhyState;

  /**
   * Change settings. A change of the curve's settings (model, format, error model, …) drops the
   * accuracy estimate: it belonged to the old settings (the card says "computing…" instead).
   */
  update(patch: Partial<ExplorerConfig>): void;
  /** Apply talk scenario `key` (1–6): every setting it depends on (src/state/scenarios.ts). */
  applyScenario(key: string): void;
  /** Move the VDD knob (on the profile's grid, in range); leaves an applied fine map. */
  setVdd(delta: number): void;
  setTrcd(delta: number): void;
  setKnobRange(range: KnobRange): void;
  notify(level: Notice['level'], text: string): void;
  dismiss(id: number): void;
  /** Keep the current curve on the chart (its points so far; the rest get measured). */
  pinCurrent(): void;
  /** Add the current settings with every error model or every storage format. */
  compare(dim: CompareDimension): void;
  /** Add curves for these settings (e.g. from a shared link); existing ones are kept. */
  addCurves(configs: readonly CurveConfig[], kind?: ExtraCurve['kind']): void;
  removeCurve(id: string): void;
  clearCurves(): void;
}

/**
 * The page's one clean-accuracy measurement (issue #15 item 7): the current curve's final BER-0
 * point, or first the final estimate at BER 0 (the same images × trials); null until measured.
 * Returns an object of the state, so a selector of it re-renders only when it changes.
 */
export function cleanMeasurement(
  s: Pick<ExplorerState, 'clean' | 'estimate'>,
): SweepPoint | AccuracyEstimate | null {
  const point = s.clean.points.find((p) => p.ber === 0 && p.final);
  if (point) return point;
  return s.estimate?.ber === 0 && s.estimate.final ? s.estimate : null;
}

export const DEFAULT_KNOB_RANGE: KnobRange = {
  vddMin: -0.5,
  trcdMin: -8,
  vddStep: KNOB_GRID.vdd,
  trcdStep: KNOB_GRID.trcd,
};

const emptyCurve = (): CurveState => ({ key: '', points: [], done: 0, total: 0, running: false });

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

export { curveKey };

let nextNotice = 1;
const MAX_NOTICES = 5;

export function createExplorerStore(
  initial: Partial<ExplorerConfig> = {},
): StoreApi<ExplorerState> {
  return createStore<ExplorerState>()((set, get) => ({
    config: { ...DEFAULT_CONFIG, ...initial },
    knobRange: DEFAULT_KNOB_RANGE,
    notices: [],
    engine: 'starting',
    backend: null,
    profile: null,
    models: [],
    estimate: null,
    estimateRunning: false,
    clean: emptyCurve(),
    curves: [],
    fineMap: null,
    pipelineRun: null,
    pipelineResults: {},
    boostedModelId: null,
    characterization: null,
    mapSummary: null,
    mapReport: null,
    scenario: null,
    why: { key: '', result: null, preview: false, running: false },

    update(patch) {
      // Settings the model cannot run with are adjusted here, so no request ever carries them.
      const messages: string[] = [];
      set((s) => {
        let config = patchedConfig(s.config, patch);
        const entry = s.models.find((m) => m.id === config.modelId);
        if (entry) {
          const fit = fitToModel(config, entry);
          config = { ...config, ...fit.patch };
          messages.push(...fit.messages);
        }
        return curveKey(config) === curveKey(s.config) ? { config } : { config, estimate: null };
      });
      for (const m of messages) get().notify('warn', m);
    },
    applyScenario(key) {
      const scenario = SCENARIOS.find((x) => x.key === key);
      if (!scenario) return;
      const config = scenarioConfig(get().config, scenario);
      const { vddMin, trcdMin } = get().knobRange;
      get().update({
        ...config,
        vddDelta: clamp(config.vddDelta, vddMin, 0),
        trcdDelta: clamp(config.trcdDelta, trcdMin, 0),
      });
      set({ scenario: key });
    },
    // A knob drives the whole module again: an applied fine map no longer describes the page.
    setVdd(delta) {
      const { vddMin, vddStep } = get().knobRange;
      const vddDelta = clamp(snap(delta, vddStep), vddMin, 0);
      if (vddDelta !== get().config.vddDelta) get().update({ vddDelta, mapping: 'coarse' });
    },
    setTrcd(delta) {
      const { trcdMin, trcdStep } = get().knobRange;
      const trcdDelta = clamp(snap(delta, trcdStep), trcdMin, 0);
      if (trcdDelta !== get().config.trcdDelta) get().update({ trcdDelta, mapping: 'coarse' });
    },
    setKnobRange(range) {
      const { config, notify } = get();
      set({ knobRange: range });
      // A link's (or the previous profile's) knob values this profile does not offer: snapped
      // onto its grid or clamped to its range, with a message naming the link key (core
      // knobMisfit, the rule `eden dram` refuses by).
      const patch: Partial<ExplorerConfig> = {};
      for (const [key, knob, field, min, step] of [
        ['vdd', 'vdd', 'vddDelta', range.vddMin, range.vddStep],
        ['trcd', 'trcd', 'trcdDelta', range.trcdMin, range.trcdStep],
      ] as const) {
        const misfit = knobMisfit(config[field], { min, step, unit: KNOB_UNITS[knob] });
        if (!misfit) continue;
        notify(
          'warn',
          `${key} (${KNOB_LABELS[knob]}): ${misfit.text} on profile ${config.profileId}; using ${misfit.use} ${KNOB_UNITS[knob]}.`,
        );
        patch[field] = misfit.use;
      }
      if (Object.keys(patch).length) get().update(patch);
    },
    notify(level, text) {
      // Keep the latest few: a demo pressing presets must not bury the page in messages.
      set((s) => ({
        notices: [...s.notices, { id: nextNotice++, level, text }].slice(-MAX_NOTICES),
      }));
    },
    dismiss(id) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
    pinCurrent() {
      const { config, clean, curves } = get();
      const points = clean.key === curveKey(config) ? clean.points : [];
      const next = withCurve(curves, 'pinned', config, sweepBers(config).length, points);
      if (next.length === curves.length) get().notify('info', 'These settings are pinned already.');
      set({ curves: next });
    },
    compare(dim) {
      const { config } = get();
      // The current settings are the current curve already: add the other values.
      get().addCurves(compareConfigs(config, dim).filter((c) => curveKey(c) !== curveKey(config)));
    },
    addCurves(configs, kind = 'pinned') {
      let curves = get().curves;
      for (const c of configs) curves = withCurve(curves, kind, c, sweepBers(c).length);
      set({ curves });
    },
    removeCurve(id) {
      set((s) => ({ curves: s.curves.filter((c) => c.id !== id) }));
    },
    clearCurves() {
      set({ curves: [] });
    },
  }));
}
