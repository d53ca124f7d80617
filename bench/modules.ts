/**
 * Module variation (bench/RESULTS.md, "Module variation"): real modules differ, and the module
 * seed fixes which rows / bitlines of an emulated module are weak. This runs the coarse
 * characterization once per module seed and reports the spread of the tolerable BER and of
 * the VDD step it allows on the profile's knob grid.
 *
 *   npx tsx bench/modules.ts [--model lenet5-mnist] [--error-model 1] [--seeds 1,2,3,4]
 *     [--samples 500] [--trials 3]                                     (run it with nice)
 *
 * `--seed` of the CLI sets the module seed and the trial seeds together, so the spread holds
 * both the module's weak lines and the trial noise (error model 0 has no weak lines: there it
 * is the trial noise alone, the baseline to compare with).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? dflt : args[i + 1];
};
const model = opt('model', 'lenet5-mnist');
const errorModel = opt('error-model', '1');
const seeds = opt('seeds', '1,2,3,4').split(',');
const results: { seed: string; ber: number; vdd: number }[] = [];
for (const seed of seeds) {
  const { stdout } = await run(
    'npx',
    ['tsx', 'src/cli.ts', 'characterize', '--model', model, '--format', 'int8'].concat(
      ['--error-model', errorModel, '--seed', seed, '--samples', opt('samples', '500')],
      ['--trials', opt('trials', '3'), '--json'],
    ),
    { maxBuffer: 16 << 20 },
  );
  const r = JSON.parse(stdout) as { coarse: { tolerableBer: number; knobs: { vddDelta: number } } };
  results.push({ seed, ber: r.coarse.tolerableBer, vdd: r.coarse.knobs.vddDelta });
  process.stderr.write(`seed ${seed}: ${r.coarse.tolerableBer} → ${r.coarse.knobs.vddDelta} V\n`);
}
const bers = results.map((r) => r.ber);
const vdds = results.map((r) => r.vdd);
process.stdout.write(
  [
    `| ${model} int8, error model ${errorModel} | ${results.map((r) => `seed ${r.seed}`).join(' | ')} | spread |`,
    `| --- | ${results.map(() => '---').join(' | ')} | --- |`,
    `| tolerable BER | ${bers.map((b) => b.toExponential(1)).join(' | ')} | ${(Math.max(...bers) / Math.min(...bers)).toFixed(1)}× |`,
    `| ΔVDD (V) | ${vdds.map((v) => v.toFixed(2)).join(' | ')} | ${Math.min(...vdds).toFixed(2)} … ${Math.max(...vdds).toFixed(2)} |`,
  ].join('\n') + '\n',
);
