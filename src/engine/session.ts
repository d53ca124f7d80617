/**
 * The engine behind the worker API (workers/api.ts): one loaded model, one backend, one
 * running request at a time. A newer evaluate/sweep supersedes the running one (latest wins:
 * the old one is aborted with code 'superseded' and the new one starts once it has let go
 * of the model); `cancel()` aborts with 'cancelled'. When the backend breaks (WebGPU device
 * lost, a kernel failure) the session marks it failed, falls back to the next backend,
 * reloads the model and reruns the request with the same configuration.
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
} from '../../workers/api';
import { EngineError, throwIfAborted } from './engineError';
import { Evaluator, type EvalOptions, type EvalSet } from './evaluate';
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
  private info: BackendInfo | null = null;
  private readonly failed: BackendName[] = [];
  private loaded: Loaded | null = null;
  private controller: AbortController | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly platform: Platform) {}

  async init(request: BackendRequest): Promise<BackendInfo> {
    await this.stopRunning(new EngineError('cancelled', 'the backend is being switched'));
    this.failed.length = 0;
    return this.switchBackend(request);
  }

  private async switchBackend(request: BackendRequest): Promise<BackendInfo> {
    const previous = this.loaded;
    this.releaseModel();
    try {
      this.info = await this.platform.initBackend(request, this.failed);
    } catch (e) {
      throw new EngineError('backend-failed', e instanceof Error ? e.message : String(e));
    }
    if (previous) await this.loadEntry(previous.entry);
    return this.info;
  }

  async backendInfo(): Promise<BackendInfo | null> {
    return this.info;
  }

  listModels(): Promise<ZooEntry[]> {
    return this.platform.listModels();
  }

  async loadModel(modelId: string): Promise<ModelSummary> {
    await this.stopRunning(new EngineError('superseded', 'another model is being loaded'));
    await this.ensureModel(modelId);
    return this.summary();
  }

  private async ensureModel(modelId: string): Promise<void> {
    if (!this.info) await this.switchBackend('auto');
    if (this.loaded?.entry.id === modelId) return;
    const entry = (await this.platform.listModels()).find((m) => m.id === modelId);
    if (!entry) throw new EngineError('bad-input', `no model "${modelId}" in the zoo`);
    await this.loadEntry(entry);
  }

  private async loadEntry(entry: ZooEntry): Promise<void> {
    this.releaseModel();
    try {
      this.loaded = { entry, model: await this.platform.loadModel(entry), stored: null };
    } catch (e) {
      throw new EngineError(
        'unsupported-model',
        `model ${entry.id} could not be loaded: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  private summary(): ModelSummary {
    const { entry, model } = this.loaded!;
    return {
      entry,
      layers: model.layers.map((l) => ({ name: l.name, className: l.getClassName() })),
    };
  }

  private releaseModel(): void {
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

  private async stopRunning(reason: EngineError): Promise<void> {
    this.controller?.abort(reason);
    await this.running.catch(() => undefined);
  }

  /** Latest wins: abort what runs, wait until it let go, then run `work` unless a newer call came. */
  private async exclusive<T>(
    config: RunConfig,
    work: (stored: StoredModel, data: EvalSet, options: Partial<EvalOptions>) => Promise<T>,
    snnWork: SnnWork<T>,
  ): Promise<T> {
    // Synchronously: this request becomes the current one, the previous one is told to stop.
    const superseded = new EngineError('superseded', 'a newer request replaced this one');
    const previous = this.running;
    this.controller?.abort(superseded);
    const controller = new AbortController();
    this.controller = controller;
    const attempt = async (): Promise<T> => {
      await this.ensureModel(config.modelId);
      const { entry } = this.loaded!;
      const data = await this.platform.loadTestSet(entry.dataset).catch((e: unknown) => {
        throw new EngineError('bad-input', `test set ${entry.dataset}: ${messageOf(e)}`);
      });
      if (entry.family === 'snn') {
        // The generic executor would run the SNN's source ANN: SNNs take their own path.
        if (!this.platform.reader)
          throw new EngineError('unsupported-model', `SNN ${entry.id}: no reader for its files`);
        return snnWork(await snnFor(entry, this.platform.reader), data, controller.signal);
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
        ...this.platform.evalOptions(this.info!.active),
        signal: controller.signal,
      });
    };
    const run = (async () => {
      // Wait until the previous request has let go of the model (it stops at its next batch).
      await previous.catch(() => undefined);
      throwIfAborted(controller.signal);
      try {
        return await attempt();
      } catch (e) {
        // Only a failure while computing blames the backend (not a cancelled request).
        if (e instanceof EngineError || !this.info || controller.signal.aborted) throw e;
        // The backend broke under us: fall back to the next one, keep the request.
        const broken = this.info.active;
        this.failed.push(broken);
        await this.switchBackend('auto');
        this.info = {
          ...this.info!,
          reason: `${broken} failed (${e instanceof Error ? e.message : String(e)}); ${this.info!.reason}`,
        };
        return await attempt();
      }
    })();
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  evaluate(
    config: RunConfig,
    ber: BerAssignment,
    onProgress?: (e: AccuracyEstimate) => void,
  ): Promise<AccuracyEstimate> {
    return this.exclusive(
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
    return this.exclusive(
      config,
      (stored, data, options) =>
        new Evaluator(stored, data, config, options).sweep(bers, target, onPoint),
      (model, data, signal) => snnSessionSweep(model, data, config, bers, target, onPoint, signal),
    );
  }

  /**
   * Runs `work` on the model of `config` stored in its format, with its test set and the
   * backend's evaluation options (with the request's abort signal), as one request: latest
   * wins, like evaluate and sweep (workers/why.ts). ANN models only: an SNN is a bad-input error.
   */
  runStored<T>(
    config: RunConfig,
    work: (stored: StoredModel, data: EvalSet, options: Partial<EvalOptions>) => Promise<T>,
  ): Promise<T> {
    return this.exclusive(config, work, async () => {
      throw new EngineError(
        'bad-input',
        `${config.modelId} is a spiking network: this view takes ANN models`,
      );
    });
  }

  async cancel(): Promise<void> {
    await this.stopRunning(new EngineError('cancelled', 'cancelled by the user'));
  }

  /** Called by the platform when the active backend dies outside a request (e.g. WebGPU device loss). */
  async backendLost(reason: string): Promise<void> {
    if (!this.info) return;
    const broken = this.info.active;
    await this.stopRunning(new EngineError('backend-failed', reason));
    this.failed.push(broken);
    await this.switchBackend('auto');
    this.info = { ...this.info!, reason: `${reason}; ${this.info!.reason}` };
  }
}
