/**
 * The EDEN pipeline in the worker (src/contract/api.ts `EdenPipelineApi`): boost, characterize
 * and map on the backend the explorer session chose, with the same engine code the CLI runs.
 * Boosted models stay in the session (in memory, as tfjs artifacts): listed and loadable by
 * the explorer session under their own id (`BoostedModels.wrap`), downloadable as files.
 * One pipeline request at a time, in its own lane (src/engine/requests.ts): a newer one (or
 * cancel) aborts the running one; every request first awaits the backend
 * (src/engine/backendLifecycle.ts), so none starts while it initializes or switches.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { decodeDataset, type Dataset } from '../core/data';
import { datasetPath } from '../core/data/catalog';
import { DEFAULT_PROFILE_ID, loadProfile, type DramProfile } from '../core/dram';
import { maxBerFor } from '../core/errors/params';
import { mapEnergies, mapSavingsEverywhere } from '../core/eden/energy';
import { runCoarse, runFine, runMap } from '../core/eden/pipeline';
import { boostSchedule } from '../core/eden/schedule';
import type { ZooEntry } from '../core/models/zoo';
import type { DatasetId } from '../core/types';
import { runBoost } from './boostRun';
import { EngineError, throwIfAborted } from './engineError';
import { registerWasmGradientKernels } from './kernels';
import { createPipelineRun, type PipelineRun } from './pipelineRun';
import type { BackendLifecycle } from './backendLifecycle';
import type { Platform } from './session';
import { TrainingCancelled } from './train';
import type {
  BackendName,
  CharacterizeRequest,
  EdenPipelineApi,
  MapOutcome,
  ModelFiles,
  RunConfig,
} from '../contract/api';

interface Boosted {
  entry: ZooEntry;
  /** The model it was boosted from (the reference of its target). */
  baseId: string;
  artifacts: tf.io.ModelArtifacts;
}

/** The session's boosted models. */
export class BoostedModels {
  private readonly models = new Map<string, Boosted>();

  add(b: Boosted): void {
    this.models.set(b.entry.id, b);
  }

  get(id: string): Boosted | undefined {
    return this.models.get(id);
  }

  /** A fresh LayersModel (callers dispose it). */
  load(id: string): Promise<tfl.LayersModel> {
    const b = this.models.get(id);
    if (!b) throw new EngineError('bad-input', `no boosted model "${id}" in this session`);
    return tfl.loadLayersModel(tf.io.fromMemory(b.artifacts));
  }

  files(id: string): ModelFiles {
    const b = this.models.get(id);
    if (!b) throw new EngineError('bad-input', `no boosted model "${id}" in this session`);
    const { artifacts: a } = b;
    const modelJson = JSON.stringify({
      format: a.format ?? 'layers-model',
      generatedBy: a.generatedBy,
      convertedBy: a.convertedBy ?? null,
      modelTopology: a.modelTopology,
      weightsManifest: [{ paths: ['./weights.bin'], weights: a.weightSpecs ?? [] }],
    });
    const data = a.weightData ?? new ArrayBuffer(0);
    const weights = tf.io.concatenateArrayBuffers(Array.isArray(data) ? data : [data]);
    return { modelJson, weights, entryJson: JSON.stringify(b.entry, null, 1) };
  }

  /** The explorer session's platform, listing and loading the boosted models too. */
  wrap(platform: Platform): Platform {
    return {
      ...platform,
      listModels: async () => [
        ...(await platform.listModels()),
        ...[...this.models.values()].map((b) => b.entry),
      ],
      loadModel: (entry) =>
        this.models.has(entry.id) ? this.load(entry.id) : platform.loadModel(entry),
    };
  }
}

export interface PipelineDeps {
  platform: Platform;
  boosted: BoostedModels;
  /** Bytes of a file under the app's public root (data/…, profiles/…). */
  fetchBytes: (path: string) => Promise<Uint8Array>;
  /** The owner of the backend (shared with the explorer session); the pipeline gets a lane of it. */
  backend: BackendLifecycle;
}

export interface PipelineWorkerApi extends EdenPipelineApi {
  /** Abort the running pipeline request, if any. */
  cancelPipeline(): Promise<void>;
}

export function createPipelineApi(deps: PipelineDeps): PipelineWorkerApi {
  const { platform, boosted, backend } = deps;
  const requests = backend.lane();
  const datasets = new Map<string, Promise<Dataset>>();

  const dataset = (id: DatasetId, split: 'train' | 'test') => {
    const key = `${id}-${split}`;
    let p = datasets.get(key);
    if (!p) {
      p = deps
        .fetchBytes(datasetPath(id, split))
        .then((b) => decodeDataset(b, datasetPath(id, split)));
      p.catch(() => datasets.delete(key));
      datasets.set(key, p);
    }
    return p;
  };
  const profile = (id: string): Promise<DramProfile> =>
    loadProfile(id, async (path) =>
      JSON.parse(new TextDecoder().decode(await deps.fetchBytes(path))),
    );

  /**
   * The model for `action`; refused with the entry's own reason when the model cannot run it
   * (ZooEntry.unavailable: a user model without gradients, or on the user's own data file).
   */
  const open = async (
    modelId: string,
    action?: keyof NonNullable<ZooEntry['unavailable']>,
  ): Promise<{ entry: ZooEntry; model: tfl.LayersModel }> => {
    const b = boosted.get(modelId);
    if (b) return { entry: b.entry, model: await boosted.load(modelId) };
    const entry = (await platform.listModels()).find((m) => m.id === modelId);
    if (!entry)
      throw new EngineError('bad-input', `no model "${modelId}" among the built-in models`);
    const why = action && entry.unavailable?.[action];
    if (why) throw new EngineError('unsupported-model', why);
    return { entry, model: await platform.loadModel(entry) };
  };

  /**
   * A pipeline request in the pipeline's lane, once the backend is ready (its name goes to
   * `work` for the evaluation options). Cancellation arrives as the signal's reason; other
   * plain errors come from the request's parameters (core validation) and are 'bad-input'.
   */
  function exclusive<T>(
    work: (signal: AbortSignal, active: BackendName) => Promise<T>,
  ): Promise<T> {
    return requests.run(async (signal) => {
      const { active } = await backend.ready(signal);
      try {
        return await work(signal, active);
      } catch (e) {
        throwIfAborted(signal);
        if (e instanceof TrainingCancelled) throw new EngineError('cancelled', 'cancelled');
        if (e instanceof EngineError) throw e;
        throw new EngineError('bad-input', e instanceof Error ? e.message : String(e));
      }
    }, 'a newer pipeline request replaced this one');
  }

  /** The pipeline run for a request (and the reference model's clean accuracy). */
  async function pipelineFor(
    req: Omit<CharacterizeRequest, 'mode'>,
    signal: AbortSignal,
    active: BackendName,
    validationTrials: number,
    action: 'characterize' | 'map',
  ): Promise<{ run: PipelineRun; dispose: () => void; profile: DramProfile; entry: ZooEntry }> {
    const c: RunConfig = req.config;
    const { entry, model } = await open(c.modelId, action);
    // The model's own test set, read before a reference model is opened: a user model's set
    // is the one the platform serves for the model opened last (userModels.ts).
    const test = await platform.loadTestSet(entry.dataset);
    const referenceId = req.referenceModelId ?? boosted.get(c.modelId)?.baseId;
    const reference = referenceId ? await open(referenceId) : undefined;
    try {
      const prof = await profile(req.profileId ?? DEFAULT_PROFILE_ID);
      const weak = maxBerFor(c.errorModel);
      const run = await createPipelineRun(model, entry, test, {
        format: c.format,
        errorModel: c.errorModel,
        correction: c.correction,
        seed: c.trialSeed,
        samples: c.samples,
        trials: c.trials,
        validationTrials,
        rowBytes: c.rowBytes,
        targetDrop: req.targetDrop ?? 0.01,
        maxBer: Math.min(0.5, weak),
        profile: prof,
        signal,
        reference,
        evalOptions: platform.evalOptions(active),
      });
      return {
        run,
        profile: prof,
        entry,
        dispose: () => {
          run.dispose();
          model.dispose();
        },
      };
    } catch (e) {
      model.dispose();
      throw e;
    } finally {
      reference?.model.dispose();
    }
  }

  return {
    boost: (req, onProgress) =>
      exclusive(async (signal) => {
        registerWasmGradientKernels();
        const { entry, model } = await open(req.config.modelId, 'boost');
        try {
          const schedule = boostSchedule(req);
          const [train, test] = await Promise.all([
            dataset(entry.dataset, 'train'),
            dataset(entry.dataset, 'test'),
          ]);
          let n = 1;
          while (boosted.get(`${entry.id}-boosted-${n}`)) n++;
          const id = `${entry.id}-boosted-${n}`;
          const { result, entry: boostedEntry } = await runBoost(model, entry, train, test, {
            schedule,
            format: req.config.format,
            errorModel: req.config.errorModel,
            correction: req.config.correction,
            moduleSeed: req.config.moduleSeed,
            seed: req.config.trialSeed,
            rowBytes: req.config.rowBytes,
            batchSize: req.batchSize,
            learningRate: req.learningRate,
            trainSamples: req.trainSamples,
            validationSamples: req.validationSamples,
            inject: req.inject,
            onProgress,
            signal,
            id,
            path: `session:${id}`,
          });
          let artifacts: tf.io.ModelArtifacts | null = null;
          await model.save(
            tf.io.withSaveHandler(async (a) => {
              artifacts = a;
              return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
            }),
          );
          boosted.add({
            entry: boostedEntry,
            baseId: boosted.get(entry.id)?.baseId ?? entry.id,
            artifacts: artifacts!,
          });
          return { ...result, modelId: id, entry: boostedEntry };
        } finally {
          model.dispose();
        }
      }),

    modelFiles: async (id) => boosted.files(id),

    characterize: (req, onProgress) =>
      exclusive(async (signal, active) => {
        const p = await pipelineFor(req, signal, active, 2 * req.config.trials, 'characterize');
        try {
          const coarse = await runCoarse(p.run.input, onProgress);
          const fine =
            req.mode === 'fine'
              ? await runFine(p.run.input, { coarse, joint: req.joint }, onProgress)
              : null;
          return {
            cleanAccuracy: p.run.modelClean,
            referenceAccuracy: p.run.referenceClean,
            coarse,
            fine,
          };
        } finally {
          p.dispose();
        }
      }),

    map: (req, onProgress) =>
      exclusive(async (signal, active): Promise<MapOutcome> => {
        const p = await pipelineFor(
          req,
          signal,
          active,
          req.validationTrials ?? 2 * req.config.trials,
          'map',
        );
        try {
          const fine = req.fine ?? (await runFine(p.run.input, { joint: req.joint }, onProgress));
          const savings = await mapSavingsEverywhere(
            p.entry.dataTypes,
            req.config.format,
            p.run.input.profile,
            profile,
          );
          const report = await runMap(
            p.run.input,
            {
              partitions: req.partitions,
              capacity: req.capacity,
              refine: req.refine,
              validate: p.run.validate,
              savings,
            },
            fine,
            onProgress,
          );
          const energy = await mapEnergies(
            report,
            p.entry.dataTypes,
            req.config.format,
            req.platforms ?? ['cpu', 'gpu'],
            profile,
          );
          return {
            cleanAccuracy: p.run.modelClean,
            referenceAccuracy: p.run.referenceClean,
            report,
            energy,
          };
        } finally {
          p.dispose();
        }
      }),

    cancelPipeline: () => requests.stop(new EngineError('cancelled', 'cancelled by the user')),
  };
}
