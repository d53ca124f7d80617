/**
 * Images × trials per zoo model and format (issue #15 item 8): measures WORKLOAD_LADDER
 * (src/core/models/workload.ts) on each model's page-grid curve (error model 0, all data,
 * correction zero, seeds 1, wasm in Node) and prints, per model and format, what each rung
 * gives — clean accuracy, point-estimate and conservative tolerable BER, the half-width over
 * trials at the point estimate, the sweep's seconds — and the ZOO_WORKLOADS table that
 * `chooseWorkload` makes of them.
 *
 * Cost: the first rung sweeps the whole page grid (its CPU seconds are the page sweep's cost);
 * later rungs sweep BERs up to 10× the first rung's point estimate (the reading does not look
 * further), and their seconds are the first rung's scaled by images × trials. A rung is
 * measured only while the previous ones were not adequate and it is within the cost cap.
 *
 *   npm run bench:workloads -- [--only id,id] [--formats fp32,int8] [--json]
 */
import { parseArgs } from 'node:util';
import { curveTolerance, type CurvePoint } from '../src/core/eden/curveTolerance';
import { trialNoiseOnly } from '../src/core/eden/evaluator';
import {
  adequate,
  chooseWorkload,
  MAX_SWEEP_SECONDS,
  WORKLOAD_LADDER,
  type Workload,
  type WorkloadMeasurement,
} from '../src/core/models/workload';
import { FORMATS, type Format } from '../src/core/types';
import { SWEEP_BERS } from '../src/state/curves';
import { loadZooSnn } from '../src/cli/snn';
import { readZoo } from '../src/engine/nodeZoo';
import { sweepInNode } from '../src/engine/nodeEngine';
import { floatDataset } from '../src/engine/snn/data-node';
import { snnPoint } from '../src/engine/snn/sweep';
import { initNodeBackend } from '../src/engine/tfNode';

const DROP = 0.01;
const { values: o } = parseArgs({
  options: { only: { type: 'string' }, formats: { type: 'string' }, json: { type: 'boolean' } },
});
const zoo = readZoo().models.filter((m) => !o.only || o.only.split(',').includes(m.id));
const formats = (o.formats?.split(',') ?? FORMATS) as Format[];

async function curve(id: string, snn: boolean, format: Format, wl: Workload, bers: number[]) {
  const run = { ...wl, moduleSeed: 1, trialSeed: 1, rowBytes: 8192, correction: 'zero' as const };
  if (snn) {
    await initNodeBackend('wasm');
    const { model } = await loadZooSnn(id);
    const test = floatDataset('mnist', 'test');
    const points: CurvePoint[] = [];
    const opts = { ...run, format, errorModel: { id: 0 as const, persistent: false }, bers: [] };
    for (const ber of bers) points.push(await snnPoint(model, test, ber, opts));
    return points;
  }
  const config = { ...run, modelId: id, format, errorModel: { id: 0 as const, persistent: false } };
  return (await sweepInNode({ config, bers, target: 'all' })).result.points;
}

interface Row extends WorkloadMeasurement {
  id: string;
  format: Format;
  clean: number;
  point: number | null;
  bound: number | null;
  measuredSeconds: number;
}

const rows: Row[] = [];
const table: Record<string, Partial<Record<Format, Workload>>> = {};
for (const entry of zoo) {
  for (const format of formats) {
    const measured: Row[] = [];
    let firstSeconds = 0;
    let firstPoint: number | null = null;
    for (const [i, wl] of WORKLOAD_LADDER.entries()) {
      const cost =
        (wl.samples * wl.trials) / (WORKLOAD_LADDER[0].samples * WORKLOAD_LADDER[0].trials);
      if (i > 0 && firstSeconds * cost > MAX_SWEEP_SECONDS) break;
      const bers =
        i === 0 || firstPoint === null
          ? [...SWEEP_BERS]
          : SWEEP_BERS.filter((b) => b <= 10 * firstPoint! || b === 0);
      // CPU seconds of this process (user + system), less sensitive to a shared machine's
      // load than wall-clock time.
      const c0 = process.cpuUsage();
      const points = await curve(entry.id, entry.family === 'snn', format, wl, bers);
      const c1 = process.cpuUsage(c0);
      const seconds = (c1.user + c1.system) / 1e6;
      if (i === 0) firstSeconds = seconds;
      const clean = points.find((p) => p.ber === 0)!.mean;
      const tol = curveTolerance(points, clean - DROP, clean);
      if (i === 0) firstPoint = tol.point;
      const at = points.find((p) => p.ber === tol.point);
      const halfWidth = at ? at.mean - trialNoiseOnly(at).lo : null;
      const row: Row = {
        id: entry.id,
        format,
        ...wl,
        clean,
        point: tol.point,
        bound: tol.bound,
        halfWidth,
        seconds: i === 0 ? seconds : firstSeconds * cost,
        measuredSeconds: seconds,
      };
      measured.push(row);
      rows.push(row);
      if (!o.json)
        console.log(
          `${entry.id} ${format} ${wl.samples}×${wl.trials}: clean ${(100 * clean).toFixed(2)} %, tolerable ${tol.point ?? 'none'} point / ${tol.bound ?? 'none'} bound, ±${halfWidth === null ? '—' : (100 * halfWidth).toFixed(2)} pt at the point, sweep ${row.seconds.toFixed(1)} s CPU${i ? ` (est.; measured ${seconds.toFixed(1)} s on ${bers.length} BERs)` : ''}`,
        );
      if (halfWidth !== null && adequate(halfWidth, DROP)) break;
    }
    (table[entry.id] ??= {})[format] = chooseWorkload(measured, DROP);
  }
}
if (o.json) console.log(JSON.stringify({ rows, table }, null, 1));
else {
  console.log('\nexport const ZOO_WORKLOADS = {');
  for (const [id, f] of Object.entries(table))
    console.log(
      `  '${id}': { ${Object.entries(f)
        .map(([k, v]) => `${k}: w(${v.samples}, ${v.trials})`)
        .join(', ')} },`,
    );
  console.log('};');
}
