/** The EDEN pipeline in Node (CLI `characterize`, `map`): profiles and test sets from public/. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { loadProfile, type DramProfile } from '../core/dram';
import type { ZooEntry } from '../core/models/zoo';
import { testSetFor } from './nodeEngine';
import { publicDir } from './nodePaths';
import { createPipelineRun, type PipelineRun, type PipelineRunOptions } from './pipelineRun';

export function readProfile(id: string): Promise<DramProfile> {
  return loadProfile(id, async (path) => JSON.parse(readFileSync(join(publicDir(), path), 'utf8')));
}

export function nodePipeline(
  model: LayersModel,
  entry: ZooEntry,
  o: PipelineRunOptions,
): Promise<PipelineRun> {
  return createPipelineRun(model, entry, testSetFor(entry), o);
}
