import { sweepInNode } from '../src/engine/nodeEngine';
await sweepInNode({ config: { modelId: 'lenet5-mnist', format: 'int8', errorModel: { id: 0 }, correction: 'none', samples: 5000, trials: 1, moduleSeed: 1, trialSeed: 1, rowBytes: 8192 }, bers: [1e-2], target: 'all', options: { batchSize: 2500 } });
