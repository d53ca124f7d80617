/**
 * Scenarios for talks (keys 1–6): each sets every setting its numbers depend on, so a key gives
 * the same link and the same numbers from a fresh page and after any other scenario (issue #15
 * item 2). What a scenario leaves alone is the audience-independent part of the page: images ×
 * trials, seeds, backend and presentation mode. Pure logic, no DOM.
 */
import { DEFAULT_CONFIG, type ExplorerConfig } from './config';

/** The settings every scenario sets (from DEFAULT_CONFIG unless the scenario says otherwise). */
export const SCENARIO_FIELDS = [
  'modelId',
  'format',
  'em',
  'weakFraction',
  'oneToZeroShare',
  'profileId',
  'platform',
  'vddDelta',
  'trcdDelta',
  'target',
  'correction',
  'targetDrop',
  'mapping',
] as const satisfies readonly (keyof ExplorerConfig)[];

type ScenarioField = (typeof SCENARIO_FIELDS)[number];

export interface Scenario {
  key: string;
  title: string;
  /** One or two sentences for the caption: what to look at. */
  caption: string;
  /** The settings that differ from DEFAULT_CONFIG. */
  patch: Partial<Pick<ExplorerConfig, ScenarioField>>;
}

// LeNet-5/MNIST int8 on the ddr3-eden profile (public/profiles/ddr3-eden.json) unless stated.
// The curve's tolerable BER at the page defaults is 1e-4 to 3e-4 (README "Choosing images ×
// trials", EDEN panel), so:
export const SCENARIOS: readonly Scenario[] = [
  {
    key: '1',
    title: 'Nominal DRAM: no errors',
    caption: 'Nominal VDD and tRCD: no bit errors, the clean accuracy, no saving.',
    patch: {},
  },
  {
    key: '2',
    title: 'EDEN: the tolerable setting (−0.05 V, tRCD −0.5 ns)',
    caption:
      'EDEN lowers VDD and tRCD only as far as the network tolerates: BER ≈ 1e-4, accuracy within 1 point of clean, DRAM energy saved and memory access faster.',
    patch: { vddDelta: -0.05, trcdDelta: -0.5 },
  },
  {
    key: '3',
    title: 'Too far: −0.40 V',
    caption:
      'Past the tolerable BER the curve falls off a cliff: at BER 8e-2 the network is close to guessing, whatever the energy saved.',
    patch: { vddDelta: -0.4 },
  },
  {
    key: '4',
    title: 'Latency only: tRCD −5.5 ns',
    caption:
      'A much shorter activation latency at nominal VDD: the speedup grows, but so does the BER (no energy saving).',
    patch: { trcdDelta: -5.5 },
  },
  {
    key: '5',
    title: 'Wordline-correlated errors at −0.30 V',
    caption:
      'The same BER concentrated in 10 % weak rows (error model 1): the errors cluster in the array view.',
    patch: { vddDelta: -0.3, em: 1, weakFraction: 0.1 },
  },
  {
    key: '6',
    title: 'fp32 without out-of-range correction at −0.30 V',
    caption:
      'A flipped fp32 exponent bit turns a weight into a huge value: without correction one flip can wreck the output.',
    patch: { vddDelta: -0.3, format: 'fp32', correction: 'none' },
  },
];

/** The configuration a scenario gives from `current` (only SCENARIO_FIELDS change). */
export function scenarioConfig(current: ExplorerConfig, s: Scenario): ExplorerConfig {
  const next = { ...current };
  for (const f of SCENARIO_FIELDS) (next as Record<ScenarioField, unknown>)[f] = DEFAULT_CONFIG[f];
  return { ...next, ...s.patch };
}

/** true while `config` still holds every setting of the scenario (its caption stays). */
export function showsScenario(config: ExplorerConfig, s: Scenario): boolean {
  const want = scenarioConfig(config, s);
  return SCENARIO_FIELDS.every((f) => config[f] === want[f]);
}
