import { flipPositions } from '../src/core/errors';
for (const ber of [1e-3, 1e-2, 1e-1]) {
  const t0 = performance.now();
  let n = 0;
  for (let i = 0; i < 10; i++) n += flipPositions(null, 100 * 9200 * 8, { errorModel: { id: 0 }, ber, moduleSeed: 1, trialSeed: i, stream: 'x' + i, placement: { baseAddress: 0, rowBytes: 8192 } }).length;
  const c = process.cpuUsage();
  console.log(ber, n, 'ms', (performance.now() - t0).toFixed(0), 'per M flips', ((performance.now() - t0) / (n / 1e6)).toFixed(0));
}
