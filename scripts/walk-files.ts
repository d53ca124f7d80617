/**
 * Which source files one slider step runs through (docs/architecture.md, "slider → accuracy"):
 * measured with V8's precise coverage, not read off the imports. Two legs, each on a warm
 * engine (profile and model already loaded, as after the page's first estimate):
 *
 * 1. slider → BER: `berForKnobs` for ΔVDD −0.25 V on the default profile (what src/ui/dram/adapter.ts calls);
 * 2. BER → flips → accuracy: `ExplorerSession.evaluate` for LeNet-5 int8 at that BER, all data,
 *    200 images × 1 trial, on the Node cpu backend (the worker runs the same session).
 *
 * Prints the files under src/ and workers/ with at least one function called during each leg.
 * The UI-side hops (slider component, store, controller, Comlink client, worker) are browser
 * code and are listed in docs/architecture.md by reading. Run: npx tsx scripts/walk-files.ts
 */
import { Session } from 'node:inspector/promises';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { berForKnobs, DEFAULT_PROFILE_ID, loadProfile } from '../src/core/dram';
import type { RunConfig } from '../src/contract/api';
import { evalSetOf } from '../src/engine/evalData';
import { loadDatasetFile } from '../src/engine/nodeData';
import { publicDir } from '../src/engine/nodePaths';
import { readZoo } from '../src/engine/nodeZoo';
import { loadZooModel } from '../src/engine/nodeZooModel';
import { ExplorerSession } from '../src/engine/session';
import { initNodeBackend } from '../src/engine/tfNode';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const inspector = new Session();
inspector.connect();
await inspector.post('Profiler.enable');
await inspector.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });

/** Files of this repository (src/, workers/) with a function called since the last call. */
async function filesRun(): Promise<string[]> {
  const { result } = await inspector.post('Profiler.takePreciseCoverage');
  const files = new Set<string>();
  for (const script of result) {
    if (!script.url.startsWith('file://')) continue;
    const file = relative(root, fileURLToPath(script.url));
    if (!/^(src|workers)\//.test(file)) continue;
    if (script.functions.some((f) => f.ranges.some((r) => r.count > 0))) files.add(file);
  }
  return [...files].sort();
}

const readJson = async (path: string) =>
  JSON.parse(readFileSync(join(publicDir(), path), 'utf8')) as unknown;
const profile = await loadProfile(DEFAULT_PROFILE_ID, readJson);
const zoo = readZoo().models;
const testSet = evalSetOf(loadDatasetFile('mnist', 'test'));
const session = new ExplorerSession({
  initBackend: async (request) => {
    await initNodeBackend('cpu');
    return { requested: request, active: 'cpu', reason: 'walk-files', attempts: [] };
  },
  listModels: async () => zoo,
  loadModel: loadZooModel,
  loadTestSet: async () => testSet,
  evalOptions: () => ({ batchSize: 200, firstEstimateSamples: 0 }),
});
const config: RunConfig = {
  modelId: 'lenet5-mnist',
  format: 'int8',
  errorModel: { id: 0 },
  correction: 'none',
  samples: 200,
  trials: 1,
  moduleSeed: 1,
  trialSeed: 1,
  rowBytes: profile.organization.rowBytes,
};
// Warm: backend, model, stored weights and one estimate, as after the page's first estimate.
const knobs = { vddDelta: -0.25, trcdDelta: 0 };
const ber = berForKnobs(profile, knobs);
await session.init('cpu');
await session.evaluate(config, { mode: 'coarse', ber, target: 'all' });

await filesRun();
berForKnobs(profile, knobs);
const berLeg = await filesRun();
const estimate = await session.evaluate(config, { mode: 'coarse', ber, target: 'all' });
const accuracyLeg = await filesRun();

console.log(`slider → BER (${berLeg.length} files): BER ${ber.toExponential(2)}`);
for (const f of berLeg) console.log(`  ${f}`);
console.log(
  `BER → flips → accuracy (${accuracyLeg.length} files): ${(estimate.mean * 100).toFixed(2)} %`,
);
for (const f of accuracyLeg) console.log(`  ${f}`);
inspector.disconnect();
