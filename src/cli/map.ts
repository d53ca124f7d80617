/**
 * `eden map --partitions N`: characterize (coarse, then fine with the joint procedure), map
 * the data types onto DRAM partitions (coarse: one setting; fine: N partitions, greedy, then
 * the joint procedure over partitions), validate both maps by a run that injects each data
 * type at its partition's BER (fresh trial seeds), and price them on the CPU and GPU
 * platforms with the DRAM model.
 */
import { PLATFORM_IDS, type PlatformId } from '../core/dram';
import { mapEnergies, mapSavingsEverywhere } from '../core/eden/energy';
import { checkCapacity, type PartitionMap } from '../core/eden/map';
import type { ZooEntry } from '../core/models/zoo';
import { runFine, runMap } from '../core/eden/pipeline';
import { readProfile } from '../engine/nodePipeline';
import { CliError, int, LIMITS, listOption, parseOptions, printJson } from './args';
import { progressLogger } from './characterize';
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

const USAGE = `usage: eden map (--model ID | --model-dir DIR) [--partitions N (4)] [--capacity BYTES]
  [--skip-refine] [--isolated-only] [--platforms cpu,gpu (any of ${PLATFORM_IDS.join(', ')})]
${PIPELINE_USAGE}
${EVAL_USAGE}`;

function describeMap(m: PartitionMap): string[] {
  return m.partitions.map(
    (p) =>
      `  P${p.index}: BER ${sci(p.targetBer).padStart(8)}  ΔVDD ${p.vddDelta.toFixed(2)} V  ΔtRCD ${p.trcdDelta.toFixed(2)} ns  ${p.used} B  ${p.placed.map((d) => d.id).join(', ') || '(empty)'}`,
  );
}

export async function run(argv: string[]): Promise<number> {
  // SparkXD placement of an SNN's weights, `map --policy sparkxd|naive` (issue #8): src/cli/snn.ts.
  const snn = await import('./snn');
  if (snn.routesToSnn(argv, true)) return snn.runSparkxdMap(argv);
  const o = parseOptions(argv, {
    ...PIPELINE_OPTIONS,
    ...EVAL_OPTIONS,
    partitions: { type: 'string' },
    capacity: { type: 'string' },
    'skip-refine': { type: 'boolean' },
    'isolated-only': { type: 'boolean' },
    platforms: { type: 'string' },
  });
  if (o.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const a = pipelineArgs(o);
  const partitions = int('partitions', o.partitions, 4, 1, LIMITS.partitions);
  const capacity = o.capacity === undefined ? undefined : int('capacity', o.capacity, undefined, 1);
  const platformIds = listOption('platforms', o.platforms ?? 'cpu,gpu', (p) => {
    if (!(PLATFORM_IDS as readonly string[]).includes(p))
      throw new CliError(`--platforms must list ${PLATFORM_IDS.join(', ')}, got "${p}"`);
    return p;
  });
  const t0 = performance.now();
  // The sizes alone must fit --partitions × --capacity: refused before the characterization.
  const fits = (entry: ZooEntry) => {
    if (capacity === undefined) return;
    try {
      checkCapacity(
        entry.dataTypes.map((d) => ({ id: d.id, bytes: d.bytes[a.format] })),
        partitions,
        capacity,
      );
    } catch (e) {
      throw new CliError(`--capacity ${capacity}: ${(e as Error).message}`);
    }
  };
  return withPipeline(
    a,
    o,
    async (ctx) => {
      const { opened, pipeline, samples } = ctx;
      const log = progressLogger(a.json);
      const { input } = pipeline;
      const fine = await runFine(input, { joint: !o['isolated-only'] }, log);
      let report;
      try {
        const savings = await mapSavingsEverywhere(
          opened.entry.dataTypes,
          a.format,
          input.profile,
          readProfile,
        );
        report = await runMap(
          input,
          { partitions, capacity, refine: !o['skip-refine'], validate: pipeline.validate, savings },
          fine,
          log,
        );
      } catch (e) {
        if ((e as Error).message.startsWith('mapping:')) throw new CliError((e as Error).message);
        throw e;
      }
      const energy = await mapEnergies(
        report,
        opened.entry.dataTypes,
        a.format,
        platformIds as PlatformId[],
        readProfile,
      );
      const result = {
        ...resultHeader(a, ctx),
        targetAccuracy: fine.coarse.targetAccuracy,
        coarse: { tolerableBer: fine.coarse.tolerableBer, knobs: fine.coarse.knobs },
        fine: {
          tolerances: fine.fine.tolerances,
          spread: fine.spread,
          isolatedSpread: fine.isolatedSpread,
        },
        maps: { coarse: report.coarseMap, fine: report.fineMap },
        refineSteps: report.refineSteps.map((s) => ({
          partition: s.group,
          ber: s.ber,
          accepted: s.accepted,
          mean: s.estimate.mean,
        })),
        rejected: report.rejected && {
          maps: report.rejected.fineMap,
          validation: report.rejected.validation,
          savings: report.rejected.savings,
          coarseSavings: report.coarseSavings,
        },
        lifted: report.lifted,
        startBackoffs: report.startBackoffs,
        refineRolledBack: report.refineRolledBack,
        backoffs: report.backoffs,
        validation: report.validation,
        energy,
        evaluations: pipeline.evaluations(),
        seconds: (performance.now() - t0) / 1000,
        backend: opened.backend,
      };
      if (a.json) printJson(result);
      else {
        const v = report.validation;
        const out = [
          `${opened.entry.id} ${a.format}, error model ${a.errorModel.id}, correction ${a.correction}: target ≥ ${pct(result.targetAccuracy)} (${samples} images)`,
          `coarse map (tolerable BER ${sci(fine.coarse.tolerableBer)}):`,
          ...describeMap(report.coarseMap),
          `  validation: ${pct(v.coarse.estimate.mean)} [${pct(v.coarse.estimate.lo)}, ${pct(v.coarse.estimate.hi)}] → ${v.coarse.meetsTarget ? 'meets' : 'MISSES'} the target`,
          ...(report.rejected
            ? [
                `EDEN's fine map from the joint tolerances saved less than the coarse map on some platform or missed the target (validation ${pct(report.rejected.validation.estimate.mean)}); the fine map below refines the coarse one (no partition below its BER${report.lifted.length ? `; lifted to it: ${report.lifted.join(', ')}` : ''}${report.startBackoffs ? `; ${report.startBackoffs} search back-off(s)` : ''}):`,
              ]
            : []),
          `fine map (${partitions} partitions):`,
          ...describeMap(report.fineMap),
          `  validation: ${pct(v.fine.estimate.mean)} [${pct(v.fine.estimate.lo)}, ${pct(v.fine.estimate.hi)}] → ${v.fine.meetsTarget ? 'meets' : 'MISSES'} the target`,
          ...Object.entries(energy).flatMap(([id, e]) => [
            `${id} (${e.fine.profile}): DRAM energy saving coarse ${pct(e.coarse.saving)}, fine ${pct(e.fine.saving)}; speedup coarse ${e.coarse.speedup.toFixed(3)}×, fine ${e.fine.speedup.toFixed(3)}×`,
            ...e.sources.map(
              (x) =>
                `  P${x.index} at ΔVDD ${x.vddDelta.toFixed(2)} V instead of ${x.coarseVddDelta.toFixed(2)} V: ${x.gain >= 0 ? '+' : ''}${(100 * x.gain).toFixed(2)} points (${x.dataTypes.join(', ')})`,
            ),
          ]),
          `${pipeline.evaluations()} evaluations in ${result.seconds.toFixed(0)} s (${opened.backend})`,
        ];
        process.stdout.write(out.join('\n') + '\n');
      }
      return 0;
    },
    fits,
  );
}
