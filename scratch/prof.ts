import { sweepInNode } from '../src/engine/nodeEngine';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (const [target, bers, bs] of [['all', [0], 1000], ['all', [0], 2500], ['all', [1e-3], 1000], ['weights', [1e-3], 1000], ['weights', [1e-5], 1000], ['all', [1e-1], 1000]] as const) {
  const c0 = cpu(); const t0 = performance.now();
  const { result } = await sweepInNode({ config: { modelId: 'lenet5-mnist', format: 'int8', errorModel: { id: 0 }, correction: 'none', samples: 10000, trials: 1, moduleSeed: 1, trialSeed: 1, rowBytes: 8192 }, bers: [...bers], target, options: { batchSize: bs } });
  console.log(target, bers, bs, 'cpu ms', (cpu() - c0).toFixed(0), 'wall', (performance.now() - t0).toFixed(0), result.points.map((p) => p.mean));
}
