/**
 * `eden characterize --mode coarse|fine`: the highest BER a model tolerates within the target
 * (clean − drop; the lower bound of the trial-noise 95 % CI must meet it), and the VDD / tRCD
 * steps that give it (DRAM model). Fine: per data type alone, then EDEN's joint procedure.
 */
import { runCoarse, runFine, type PipelineProgress } from '../core/eden/pipeline';
import { DATA_KINDS } from '../core/types';
import { oneOf, parseOptions, printJson, refuseInapplicable } from './args';
import {
  EVAL_OPTIONS,
  EVAL_USAGE,
  PIPELINE_OPTIONS,
  PIPELINE_USAGE,
  pct,
  pipelineArgs,
  resultHeader,
  sci,
  withPipeline,
} from './pipelineArgs';

const USAGE = `usage: eden characterize (--model ID | --model-dir DIR) [--mode coarse|fine (coarse)] [--isolated-only (fine)]
  [--target all|weights|ifm|ofm (coarse: which data kinds get errors; all)]
${PIPELINE_USAGE}
${EVAL_USAGE}`;

/** One stderr line per measured point (human mode only). */
export function progressLogger(json: boolean): (p: PipelineProgress) => void {
  return (p) => {
    if (json) return;
    if (p.phase === 'coarse' || p.phase === 'isolated') {
      const who = p.phase === 'coarse' ? 'all data' : `${p.id} (${p.done + 1}/${p.total})`;
      const e = p.point.estimate;
      process.stderr.write(
        `  ${who} BER ${sci(p.point.ber)}: ${pct(e.mean)} [${pct(e.lo)}, ${pct(e.hi)}] ${p.point.pass ? 'pass' : 'fail'}\n`,
      );
    } else if (p.phase === 'joint' || p.phase === 'map-joint') {
      const s = p.step;
      process.stderr.write(
        `  joint: ${p.phase === 'map-joint' ? 'partition ' : ''}${s.group} → BER ${sci(s.ber)}: ${pct(s.estimate.mean)} (lo ${pct(s.estimate.lo)}) ${s.accepted ? 'kept' : 'rolled back'}\n`,
      );
    } else {
      process.stderr.write(`  validation run (${p.which} map)…\n`);
    }
  };
}

export async function run(argv: string[]): Promise<number> {
  // Spiking networks (issue #8): their weights are the only data in DRAM, src/cli/snn.ts.
  const snn = await import('./snn');
  if (snn.routesToSnn(argv)) return snn.runSnnCharacterize(argv);
  const o = parseOptions(argv, {
    ...PIPELINE_OPTIONS,
    ...EVAL_OPTIONS,
    mode: { type: 'string' },
    'isolated-only': { type: 'boolean' },
    target: { type: 'string' },
  });
  if (o.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const a = pipelineArgs(o);
  const mode = oneOf('mode', o.mode, ['coarse', 'fine'] as const, 'coarse');
  // --target chooses the coarse run's data kinds; the fine run measures each data type alone.
  refuseInapplicable(
    o,
    mode,
    { target: ['coarse'], 'isolated-only': ['fine'] },
    (m) => `to --mode ${m}`,
  );
  const target = oneOf('target', o.target, ['all', ...DATA_KINDS] as const, 'all');
  const t0 = performance.now();
  return withPipeline(a, o, async (ctx) => {
    const { opened, pipeline, samples, trials, profile } = ctx;
    const log = progressLogger(a.json);
    const { input } = pipeline;
    const coarse = await runCoarse({ ...input, target }, log);
    const fine =
      mode === 'fine' ? await runFine(input, { coarse, joint: !o['isolated-only'] }, log) : null;
    const result = {
      ...resultHeader(a, ctx),
      target,
      targetAccuracy: coarse.targetAccuracy,
      coarse: {
        tolerableBer: coarse.tolerableBer,
        failingBer: coarse.failingBer,
        estimate: coarse.estimate,
        knobs: coarse.knobs,
        points: coarse.points.map((p) => ({ ber: p.ber, pass: p.pass, ...p.estimate })),
      },
      fine: fine && {
        tolerances: fine.fine.tolerances,
        isolated: Object.fromEntries(fine.fine.isolated.map((t) => [t.id, t.tolerableBer])),
        spread: fine.spread,
        isolatedSpread: fine.isolatedSpread,
        joint: fine.fine.joint && {
          estimate: fine.fine.joint.estimate,
          steps: fine.fine.joint.steps.length,
        },
      },
      evaluations: pipeline.evaluations(),
      seconds: (performance.now() - t0) / 1000,
      backend: opened.backend,
    };
    if (a.json) printJson(result);
    else {
      const out: string[] = [
        `${opened.entry.id} ${a.format}, error model ${a.errorModel.id}, correction ${a.correction}: clean ${pct(pipeline.modelClean)}${pipeline.referenceClean === null ? '' : ` (original ${pct(pipeline.referenceClean)})`} on ${samples} images, target ≥ ${pct(coarse.targetAccuracy)} (${trials} trials, lower CI bound)`,
        `coarse tolerable BER ${sci(coarse.tolerableBer)} (first failing ${coarse.failingBer === null ? 'none' : sci(coarse.failingBer)})` +
          ` → ΔVDD ${coarse.knobs.vddDelta} V (VDD ${coarse.knobs.vdd} V), ΔtRCD ${coarse.knobs.trcdDelta} ns (tRCD ${coarse.knobs.trcd} ns) on ${profile.id}`,
      ];
      if (fine) {
        out.push('fine (isolated → joint):');
        for (const t of fine.fine.isolated) {
          out.push(
            `  ${t.id.padEnd(28)} ${sci(t.tolerableBer).padStart(9)} → ${sci(fine.fine.tolerances[t.id])}`,
          );
        }
        if (fine.fine.joint?.estimate)
          out.push(
            `joint setting measured at ${pct(fine.fine.joint.estimate.mean)} (lo ${pct(fine.fine.joint.estimate.lo)})`,
          );
      }
      out.push(
        `${pipeline.evaluations()} evaluations in ${result.seconds.toFixed(0)} s (${opened.backend})`,
      );
      process.stdout.write(out.join('\n') + '\n');
    }
    return 0;
  });
}
