/**
 * The explorer's configuration: every control on the page, with its default and its valid
 * range. The zustand store holds one `ExplorerConfig`; the URL is its serialization (url.ts).
 */
import type { CorrectionMode } from '../core/eden/correct';
import { DEFAULT_ONE_TO_ZERO_SHARE, DEFAULT_WEAK_FRACTION } from '../core/errors/params';
import type { BackendRequest } from '../contract/api';
import type { DataKind, ErrorModelId, Format } from '../core/types';
import type { WhyView } from '../core/why/types';

import { PLATFORM_IDS, type PlatformId } from '../core/dram/platforms';
import { workloadFor } from '../core/models/workload';

/** Platforms of EDEN's evaluation (src/core/dram/platforms.ts holds their parameters). */
export type Platform = PlatformId;
export const PLATFORMS: readonly Platform[] = PLATFORM_IDS;

export const BACKEND_REQUESTS: readonly BackendRequest[] = [
  'auto',
  'webgpu',
  'webgl',
  'wasm',
  'cpu',
];
export const CORRECTIONS: readonly CorrectionMode[] = ['none', 'zero', 'clamp'];
export const TARGETS: readonly (DataKind | 'all')[] = ['all', 'weights', 'ifm', 'ofm'];
export type MappingMode = 'coarse' | 'fine';

export interface ExplorerConfig {
  modelId: string;
  format: Format;
  /** Error model 0–3 (docs/design.md §1) and its parameters. */
  em: ErrorModelId;
  /** Models 1/2: fraction of weak rows/bitlines, (0, 1]. */
  weakFraction: number;
  /** Model 3: share of flips that are 1→0. */
  oneToZeroShare: number;
  /** DRAM module profile id (public/profiles/<id>.json). */
  profileId: string;
  platform: Platform;
  /** Supply voltage change from nominal in volts (≤ 0), on the profile's knob grid (0.01 V). */
  vddDelta: number;
  /** Activation latency change from nominal in ns (≤ 0), on the profile's knob grid (0.25 ns). */
  trcdDelta: number;
  /** Which data the coarse BER applies to. */
  target: DataKind | 'all';
  correction: CorrectionMode;
  /** Allowed accuracy drop from the clean model, as a fraction (0.01 = 1 point). */
  targetDrop: number;
  /** Images × trials: by default the model's and format's (core/models/workload.ts). */
  trials: number;
  samples: number;
  moduleSeed: number;
  trialSeed: number;
  backend: BackendRequest;
  mapping: MappingMode;
  /** DRAM partitions of the fine map (Map run), 1–8. */
  partitions: number;
  /** Large type, high contrast, preset shortcuts. */
  present: boolean;
  /** The Why panel's tab (issue #16). */
  whyView: WhyView;
  /** The data type the Why panel's Values tab shows; '' = the model's largest weight tensor. */
  whyDataType: string;
}

export const DEFAULT_CONFIG: ExplorerConfig = {
  modelId: 'lenet5-mnist',
  format: 'int8',
  em: 0,
  weakFraction: DEFAULT_WEAK_FRACTION,
  oneToZeroShare: DEFAULT_ONE_TO_ZERO_SHARE,
  profileId: 'ddr3-eden',
  platform: 'cpu',
  vddDelta: 0,
  trcdDelta: 0,
  target: 'all',
  correction: 'zero',
  targetDrop: 0.01,
  ...workloadFor('lenet5-mnist', 'int8'),
  moduleSeed: 1,
  trialSeed: 1,
  backend: 'auto',
  mapping: 'coarse',
  partitions: 4,
  present: false,
  whyView: 'bits',
  whyDataType: '',
};

/**
 * `config` after `patch`, with images × trials following a model or format change (issue #15
 * item 8): when the patch changes the model or format, sets neither samples nor trials, and the
 * current ones are the current model's default (workloadFor), the new model's default replaces
 * them. Images × trials set by hand or by the link stay.
 */
export function patchedConfig(
  config: ExplorerConfig,
  patch: Partial<ExplorerConfig>,
): ExplorerConfig {
  const next = { ...config, ...patch };
  const switched = next.modelId !== config.modelId || next.format !== config.format;
  if (!switched || 'samples' in patch || 'trials' in patch) return next;
  const usual = workloadFor(config.modelId, config.format);
  if (usual.samples !== config.samples || usual.trials !== config.trials) return next;
  return { ...next, ...workloadFor(next.modelId, next.format) };
}

/** The 10k-image test sets bound `samples`. */
export const MAX_SAMPLES = 10_000;
export const MAX_TRIALS = 50;
/** Partitions a Map run may use (EDEN's figures use 4; the module has 8 banks). */
export const MAX_PARTITIONS = 8;
