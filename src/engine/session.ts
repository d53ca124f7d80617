/**
 * The explorer's engine behind the worker API (src/contract/api.ts ExplorerApi): one loaded
 * model, one running request at a time. Model loads, evaluates and sweeps share one lane
 * (src/engine/requests.ts): a newer one supersedes the running one (latest wins: the old one
 * is aborted with code 'superseded' and the new one starts once it has let go of the model);
 * `cancel()` aborts with 'cancelled'. Every request first awaits the backend
 * (src/engine/backendLifecycle.ts), which owns initialization, switches and fallback: when a
 * request fails because the backend broke, the session switches to the next backend, reloads
 * the model and reruns the request with the same configuration.
 *
 * Platform specifics (how to load models and data, which backend to start) are injected, so
 * the same session runs in the browser worker and in Node tests.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ZooEntry } from '../core/models/zoo';
import type { DataKind, DatasetId, Format } from '../core/types';
import type {
  AccuracyEstimate,
  BackendInfo,
  BackendName,
  BackendRequest,
  BerAssignment,
  ModelSummary,
  RunConfig,
  SweepPoint,
  SweepResult,
} from '../contract/api';
import { BackendLifecycle } from './backendLifecycle';
import { EngineError, throwIfAborted } from './engineError';
import type { LatestWins } from './requests';
import { Evaluator, type EvalOptions, type EvalSet, type PointTally } from './evaluate';
import type { PublicReader } from './snn/load';
import { snnFor, snnSessionEvaluate, snnSessionSweep } from './snn/session';
import type { SnnModel } from './snn/sweep';
import { storeModel, type StoredModel } from './storedModel';

export interface Platform {
  initBackend(request: BackendRequest, exclude: readonly BackendName[]): Promise<BackendInfo>;
  listModels(): Promise<ZooEntry[]>;
  loadModel(entry: ZooEntry): Promise<tfl.LayersModel>;
  loadTestSet(dataset: DatasetId): Promise<EvalSet>;
  /** Evaluation options for the active backend (batch size, first-estimate size, …). */
  evalOptions(backend: BackendName): Partial<EvalOptions>;
  /** Runs a tiny computation on the active backend; throws if it is broken (a fallback follows). */
  checkBackend?(): Promise<void>;
  /** Files under public/ (SNN models, issue #8); absent where SNNs are not served. */
  reader?: PublicReader;
}

/** What an SNN request runs instead of the generic evaluator (src/engine/snn/session.ts). */
type SnnWork<T> = (model: SnnModel, data: EvalSet, signal: AbortSignal) => Promise<T>;

interface Loaded {
  entry: ZooEntry;
  model: tfl.LayersModel;
  stored: StoredModel | null;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class ExplorerSession {
  private loaded: Loaded | null = null;
  /**
   * The latest sweep's point tallies and the settings they belong to: a sweep superseded
   * between its phases (by an estimate or a why request) is gone on from, not measured again.
   * Dropped with the model (a model or backend change).
   */
  private tallies: { key: string; byBer: Map<number, PointTally> } | null = null;
  private readonly requests: LatestWins;

  constructor(
    private readonly platform: Platform,
    readonly backend: BackendLifecycle = new BackendLifecycle(platform),
  ) {
    this.requests = backend.lane();
    // A switch disposes the model (its tensors live on the old backend); the next request reloads it.
    backend.onSwitch(() => this.releaseModel());
  }

  /** Chooses a backend (cancelling running requests); requests arriving meanwhile wait for it. */
  init(request: BackendRequest): Promise<BackendInfo> {
    return this.backend.select(request);
  }

  async backendInfo(): Promise<BackendInfo | null> {
    return this.backend.current;
  }

  listModels(): Promise<ZooEntry[]> {
    return this.platform.listModels();
  }

  /** Loads `modelId` (a request like any other: a newer load or evaluate/sweep supersedes it). */
  loadModel(modelId: string): Promise<ModelSummary> {
    return this.requests.run(async (signal) => {
      await this.ensureModel(modelId, signal);
      return this.summary();
    }, 'another model is being loaded');
  }

  /** Makes `modelId` the loaded model; a load that was superseded meanwhile disposes what it loaded. */
  private async ensureModel(modelId: string, signal: AbortSignal): Promise<void> {
    await this.backend.ready(signal);
    if (this.loaded?.entry.id === modelId) return;
    const entry = (await this.platform.listModels()).find((m) => m.id === modelId);
    if (!entry)
      throw new EngineError('bad-input', `no model "${modelId}" among the built-in models`);
    throwIfAborted(signal);
    this.releaseModel();
    let model: tfl.LayersModel;
    try {
      model = await this.platform.loadModel(entry);
    } catch (e) {
      throw new EngineError(
        'unsupported-model',
        `model ${entry.id} could not be loaded: ${messageOf(e)}`,
      );
    }
    if (signal.aborted) {
      model.dispose();
      throwIfAborted(signal);
    }
    this.loaded = { entry, model, stored: null };
  }

  private summary(): ModelSummary {
    const { entry, model } = this.loaded!;
    return {
      entry,
      layers: model.layers.map((l) => ({ name: l.name, className: l.getClassName() })),
    };
  }

  private releaseModel(): void {
    this.tallies = null;
    if (!this.loaded) return;
    this.loaded.stored?.dispose();
    this.loaded.model.dispose();
    this.loaded = null;
  }

  /** The loaded model stored in `format` (re-stored from the original weights when the format changes). */
  private storedIn(format: Format): StoredModel {
    const l = this.loaded!;
    if (l.stored?.format !== format) {
      l.stored?.dispose();
      l.stored = null;
      l.stored = storeModel(l.model, l.entry, format);
    }
    return l.stored;
  }

  /**
   * One evaluate/sweep request in the session's lane: load the model if needed, then `work`
   * (or `snnWork` for a spiking network). A backend failure switches backend and reruns it once.
   */
  private run<T>(
    config: RunConfig,
    work: (stored: StoredModel, data: EvalSet, options: Partial<EvalOptions>) => Promise<T>,
    snnWork: SnnWork<T>,
  ): Promise<T> {
    return this.requests.run(async (signal) => {
      const attempt = async (): Promise<T> => {
        await this.ensureModel(config.modelId, signal);
        const { entry } = this.loaded!;
        const data = await this.platform.loadTestSet(entry.dataset).catch((e: unknown) => {
          throw new EngineError('bad-input', `test set ${entry.dataset}: ${messageOf(e)}`);
        });
        if (entry.family === 'snn') {
          // The generic executor would run the SNN's source ANN: SNNs take their own path.
          if (!this.platform.reader)
            throw new EngineError('unsupported-model', `SNN ${entry.id}: no reader for its files`);
          return snnWork(await snnFor(entry, this.platform.reader), data, signal);
        }
        let stored: StoredModel;
        try {
          stored = this.storedIn(config.format);
        } catch (e) {
          // Not the backend's fault: e.g. no calibration for this format.
          throw new EngineError(
            'unsupported-model',
            `${entry.id} in ${config.format}: ${messageOf(e)}`,
          );
        }
        return work(stored, data, {
          ...this.platform.evalOptions((await this.backend.ready(signal)).active),
          signal,
        });
      };
      try {
        return await attempt();
      } catch (e) {
        const failure = await this.backend.classify(e, signal);
        // Only a broken backend is worth a fallback; bad input, bugs and cancellations are not.
        await this.backend.recover(failure, this.requests);
        return await attempt();
      }
    });
  }

  evaluate(
    config: RunConfig,
    ber: BerAssignment,
    onProgress?: (e: AccuracyEstimate) => void,
  ): Promise<AccuracyEstimate> {
    return this.run(
      config,
      (stored, data, options) =>
        new Evaluator(stored, data, config, options).evaluate(ber, onProgress),
      async (model, data, signal) => {
        const estimate = await snnSessionEvaluate(model, data, config, ber, signal);
        onProgress?.(estimate);
        return estimate;
      },
    );
  }

  sweep(
    config: RunConfig,
    bers: number[],
    target: DataKind | 'all',
    onPoint?: (point: SweepPoint, done: number, total: number) => void,
  ): Promise<SweepResult> {
    return this.run(
      config,
      (stored, data, options) => {
        const { signal: _signal, ...evalOptions } = options;
        const key = JSON.stringify([stored.entry.id, stored.format, config, target, evalOptions]);
        if (this.tallies?.key !== key) this.tallies = { key, byBer: new Map() };
        return new Evaluator(stored, data, config, options).sweep(
          bers,
          target,
          onPoint,
          this.tallies.byBer,
        );
      },
      (model, data, signal) => snnSessionSweep(model, data, config, bers, target, onPoint, signal),
    );
  }

  /**
   * Runs `work` on the model of `config` stored in its format, with its test set and the
   * backend's evaluation options (with the request's abort signal), as one request: latest
   * wins, like evaluate and sweep (src/engine/whyApi.ts). ANN models only: an SNN is a bad-input error.
   */
  runStored<T>(
    config: RunConfig,
    work: (stored: StoredModel, data: EvalSet, options: Partial<EvalOptions>) => Promise<T>,
  ): Promise<T> {
    return this.run(config, work, async () => {
      throw new EngineError(
        'bad-input',
        `${config.modelId} is a spiking network: this view takes ANN models`,
      );
    });
  }

  /** Cancels every running request (explorer and pipeline lanes alike). */
  async cancel(): Promise<void> {
    await this.backend.stopAll(new EngineError('cancelled', 'cancelled by the user'));
  }

  /** Called by the platform when the active backend dies outside a request (e.g. WebGPU device loss). */
  backendLost(reason: string): Promise<void> {
    return this.backend.lost(reason);
  }
}
