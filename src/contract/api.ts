/**
 * The data that crosses the worker boundary: what the UI asks for (RunConfig, BER assignments,
 * pipeline requests) and what the engine answers (estimates, sweeps, backend info, outcomes).
 * Plain, structured-clonable types only. This file sits below the engine: src/engine, workers/
 * and the UI (src/ui, src/state) all import it; it imports only src/core. The request methods
 * are the interfaces at the end (ExplorerApi, EdenPipelineApi); error codes are in ./errors.ts.
 *
 * Contract rule: members may be added; existing ones change only together with every caller.
 */
import type { DataKind, DatasetId, ErrorModelSpec, Format } from '../core/types';
import type { CorrectionMode } from '../core/eden/correct';
import type { ZooEntry } from '../core/models/zoo';
import type { AccuracySummary } from '../core/stats';
import type { PlatformId } from '../core/dram';
import type { PlatformMapEnergy } from '../core/eden/energy';
import type { CoarseReport, FineReport, MapReport, PipelineProgress } from '../core/eden/pipeline';
import type { BoostProgress, BoostResult, BoostScheduleOptions } from '../core/eden/schedule';
import type { WhyResult, WhyView } from '../core/why/types';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendRequest = 'auto' | BackendName;

export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  /** Probe time (ms per probe batch) when it ran. */
  probeMs?: number;
  /** Why it failed or was passed over (e.g. "software adapter (swiftshader)"). */
  note?: string;
}

export interface BackendInfo {
  requested: BackendRequest;
  active: BackendName;
  /** One sentence the UI shows: why this backend runs. */
  reason: string;
  attempts: BackendAttempt[];
  /** WebGPU adapter description when one was found. */
  adapter?: { vendor: string; architecture: string; isFallback: boolean };
}

/** Where errors are injected: coarse (one BER for the chosen data kinds) or fine (per data type id). */
export type BerAssignment =
  | { mode: 'coarse'; ber: number; target: DataKind | 'all' }
  | { mode: 'fine'; perDataType: Record<string, number> };

export interface RunConfig {
  /** Zoo id, or the id a user-loaded model was registered under. */
  modelId: string;
  format: Format;
  errorModel: ErrorModelSpec;
  /** Out-of-range correction after each read (EDEN): on ('zero') by default for fp32. */
  correction: CorrectionMode;
  /** Test samples to use (default: the whole 10k test set). */
  samples: number;
  /** Trials, each with its own trial seed derived from `trialSeed`. */
  trials: number;
  moduleSeed: number;
  trialSeed: number;
  /** DRAM row size for the wordline/bitline geometry. */
  rowBytes: number;
}

/** Mean accuracy over trials in [0, 1], its 95 % interval, range, trials and samples (core/stats.ts). */
export interface AccuracyEstimate extends AccuracySummary {
  /** false while progressive refinement is still going. */
  final: boolean;
  /** Values corrected by out-of-range correction, summed over trials. */
  corrected?: number;
  /**
   * Predictions whose outputs held NaN or ±Inf, summed over trials (of trials × samples);
   * they count as wrong (src/engine/predictions.ts). Absent when there were none.
   */
  nonFinite?: number;
}

export interface SweepPoint extends AccuracyEstimate {
  ber: number;
}

export interface SweepResult {
  model: string;
  format: Format;
  errorModel: ErrorModelSpec;
  baseline: number;
  points: SweepPoint[];
}

export interface ModelSummary {
  entry: ZooEntry;
  /** Clean accuracy in the requested format on the loaded test set. */
  layers: { name: string; className: string }[];
}

/** A model and dataset the user loads from disk ; Files clone into the worker. */
export interface UserModelFiles {
  /** Display name (e.g. the folder or model.json's name). */
  name: string;
  modelJson: File;
  weights: File[];
  dataset:
    | { kind: 'builtin'; id: DatasetId }
    | { kind: 'idx'; images: File; labels: File }
    | { kind: 'app'; file: File };
}

export interface UserModelInfo {
  /** Zoo-style entry; its id works with loadModel/evaluate/sweep like a zoo model's. */
  entry: ZooEntry;
  datasetLabel: string;
  samples: number;
  /** Images used for the value ranges and the clean accuracies in `entry.accuracy`. */
  calibrationSamples: number;
  /**
   * Layers that hold weights outside the error model (never flipped), one line each:
   * "name (Class, N parameters)". Empty when every weight is stored in DRAM.
   */
  notModelled: string[];
  /** Picked files the model.json's weightsManifest does not list (not used), by name. */
  ignoredFiles: string[];
}

// The EDEN pipeline: boost, characterize, map (src/engine/pipelineApi.ts). All results are plain
// data from src/core/eden (the UI draws schedules, searches and maps).

/** Retraining with bit errors (EDEN §4) or RandBET (Stutz et al., MLSys 2021). */
export interface BoostRequest extends BoostScheduleOptions {
  /** Model, format, error model, correction, moduleSeed, trialSeed (seeds the run), rowBytes. */
  config: RunConfig;
  /** Training images per epoch (default 10,000). */
  trainSamples?: number;
  batchSize?: number;
  learningRate?: number;
  validationSamples?: number;
  /** Data read with errors while training (default 'all': weights, IFMs, OFMs). */
  inject?: 'weights' | 'all';
}

export interface BoostOutcome extends BoostResult {
  /** Id the boosted model is registered under in this session (loadModel/evaluate/sweep take it). */
  modelId: string;
  entry: ZooEntry;
}

/** A model as tfjs LayersModel files, for download (model.json refers to ./weights.bin). */
export interface ModelFiles {
  modelJson: string;
  weights: ArrayBuffer;
  /** The zoo-style entry (data types, ranges, clean accuracy per format). */
  entryJson: string;
}

export interface CharacterizeRequest {
  /** samples/trials: the searches; trialSeed/moduleSeed as in evaluate. */
  config: RunConfig;
  mode: 'coarse' | 'fine';
  /** Allowed accuracy drop (default 0.01). */
  targetDrop?: number;
  /** DRAM module profile id for the knob settings (default ddr3-eden). */
  profileId?: string;
  /** Fine: run the joint procedure after the isolated step (default true). */
  joint?: boolean;
  /** The original model whose clean accuracy sets the target (default: the model it was boosted from). */
  referenceModelId?: string;
}

export interface CharacterizeOutcome {
  cleanAccuracy: number;
  referenceAccuracy: number | null;
  coarse: CoarseReport;
  fine: FineReport | null;
}

export interface MapRequest extends Omit<CharacterizeRequest, 'mode'> {
  /**
   * The fine characterization of this very request (same config, target drop, profile, joint),
   * e.g. from a `characterize` run just before: reused instead of measured again.
   */
  fine?: FineReport;
  partitions?: number;
  capacity?: number;
  /** Joint procedure over partitions after the greedy map (default true). */
  refine?: boolean;
  /** Trials of the validation runs (fresh trial seeds; default 2 × config.trials). */
  validationTrials?: number;
  /** Platforms to price the maps on (default cpu and gpu). */
  platforms?: PlatformId[];
}

export interface MapOutcome {
  cleanAccuracy: number;
  referenceAccuracy: number | null;
  report: MapReport;
  energy: Record<string, PlatformMapEnergy>;
}

/** tfjs memory in the worker (`tf.memory()`): live tensors and their bytes. */
export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
}

/** One "why" view at an operating point (src/engine/why.ts; the CLI's `eden why`). */
export interface WhyRequest {
  config: RunConfig;
  view: WhyView;
  /** The operating point's BER, in [0, 1]. */
  ber: number;
  /** Data kinds that get errors (trials, changed); bits and layers look at each alone. Default 'all'. */
  target?: DataKind | 'all';
  /** Histogram: the data type id (default: the largest weight tensor). */
  dataType?: string;
  /** Trials: how many of the worst trial's weight flips to list (default 200). */
  listFlips?: number;
  /** Changed: how many images to return with pixels and logits (default 48). */
  listImages?: number;
  /**
   * Stop after the first progressive phase (the engine's first-estimate size: 100 images in the
   * browser); the result is then not `final`. The page asks for this while its curve is still
   * being measured (src/ui/engine/whyScheduler.ts). Ignored by the histogram (one pass).
   */
  firstPhaseOnly?: boolean;
}

// ---------------------------------------------------------------------------------------------
// The request methods: the client (src/ui/engine/client.ts) calls them over Comlink, the worker
// (workers/explorer.worker.ts) serves them with ExplorerSession and the pipeline API.
// ---------------------------------------------------------------------------------------------

export interface ExplorerApi {
  /**
   * Choose/initialize a backend (probing when 'auto'). Safe to call again to switch: running
   * requests are cancelled first, and every request that arrives meanwhile waits for it.
   */
  init(request: BackendRequest): Promise<BackendInfo>;
  backendInfo(): Promise<BackendInfo | null>;
  listModels(): Promise<ZooEntry[]>;
  /** Loads a model (after the backend is ready); a newer load or request supersedes it. */
  loadModel(modelId: string): Promise<ModelSummary>;
  /** One operating point. A newer evaluate supersedes an older one (latest wins). */
  evaluate(
    config: RunConfig,
    ber: BerAssignment,
    onProgress?: (estimate: AccuracyEstimate) => void,
  ): Promise<AccuracyEstimate>;
  /** Accuracy vs BER, streamed point by point. A newer sweep supersedes an older one. */
  sweep(
    config: RunConfig,
    bers: number[],
    target: DataKind | 'all',
    onPoint?: (point: SweepPoint, done: number, total: number) => void,
  ): Promise<SweepResult>;
  /** Cancel whatever runs (sweep, evaluate, boost, characterize, map). */
  cancel(): Promise<void>;
  /** Register a model + dataset from disk (src/engine/userModels.ts); nothing leaves the browser. */
  loadUserModel(files: UserModelFiles): Promise<UserModelInfo>;
  /** The worker's tfjs memory (tensors, bytes): a debugging aid, used by the e2e leak test. */
  memory(): Promise<MemoryInfo>;
}

export interface EdenPipelineApi {
  /** Boosts the model; progress per batch and per stage; cancel() stops it (nothing kept). */
  boost(request: BoostRequest, onProgress?: (p: BoostProgress) => void): Promise<BoostOutcome>;
  /** Files of a model boosted in this session. */
  modelFiles(modelId: string): Promise<ModelFiles>;
  characterize(
    request: CharacterizeRequest,
    onProgress?: (p: PipelineProgress) => void,
  ): Promise<CharacterizeOutcome>;
  map(request: MapRequest, onProgress?: (p: PipelineProgress) => void): Promise<MapOutcome>;
}

export interface WhyApi {
  /** One view at the request's operating point; `onPhase` gets each progressive result. */
  why(request: WhyRequest, onPhase?: (result: WhyResult) => void): Promise<WhyResult>;
}

/** What the worker exposes: the three APIs, plus where the app's files are served. */
export interface ExplorerWorkerApi extends ExplorerApi, EdenPipelineApi, WhyApi {
  /** Where models/ and data/ are served from (the page's base URL). */
  setBaseUrl(url: string): Promise<void>;
}
