/**
 * One line under the energy table saying why its rows save the same share, or why they differ
 * (issue #15 item 9). The reasons are the DRAM model's (src/core/dram/energy.ts,
 * docs/dram-model.md §4): the VDD knob scales every current on its rail alike (I ∝ VDD^α), so
 * each command's energy on that rail scales by (V′/V)^(1+α); fixed rails stay nominal; tRCD
 * changes no command energy, only the inference time that background and refresh are charged
 * over. Pure.
 */
import type { EnergyPart, PartitionSetting, ProfileView } from '../../state/dramPort';
import { fmtPct } from '../format';

/** Rows whose savings differ by less than this (a fraction, 0.05 points) count as equal. */
const SAME = 5e-4;

const saving = (p: EnergyPart) => (p.nominal > 0 ? 1 - p.approx / p.nominal : 0);

/**
 * `parts`: the table's rows (J per inference, nominal and approximate); `settings`: the
 * partitions the approximate column uses (one for the knobs' coarse setting); `profile`: its
 * nominal VDD (V), α and fixed rails.
 */
export function savingNote(
  parts: readonly EnergyPart[],
  settings: readonly Pick<PartitionSetting, 'vddDelta' | 'trcdDelta'>[],
  profile: Pick<ProfileView, 'vddNominal' | 'alpha' | 'fixedRails'>,
): string {
  const rows = parts.filter((p) => p.nominal > 0);
  if (!rows.length) return '';
  const savings = rows.map(saving);
  const same = Math.max(...savings) - Math.min(...savings) < SAME;
  const cite = '(docs/dram-model.md §4)';
  const { vddNominal: v, alpha } = profile;
  const power = alpha === 1 ? '²' : `^${1 + alpha}`;
  const rule = `the VDD knob scales every current on its rail alike (I ∝ VDD^α, α = ${alpha}), so every command's energy there scales by (V′/V)^(1+α)`;
  if (same && Math.abs(savings[0]) < SAME)
    return `Every row saves 0 % at nominal VDD: ${rule}, and tRCD changes only the inference time ${cite}.`;
  if (same) {
    const vdd = settings.length === 1 ? v + settings[0].vddDelta : null;
    const factor = vdd === null ? '' : ` = (${vdd.toFixed(2)} / ${v.toFixed(2)})${power}`;
    return `Every row saves the same ${fmtPct(savings[0])}: ${rule}${factor} ${cite}.`;
  }
  const why: string[] = [];
  if (settings.some((s) => s.trcdDelta < 0))
    why.push(
      'a lower tRCD changes no command energy but shortens the inference, so background and refresh save more',
    );
  for (const r of profile.fixedRails)
    why.push(`${r.name} (${r.volts} V) stays nominal, so the commands that draw on it save less`);
  if (new Set(settings.map((s) => s.vddDelta)).size > 1)
    why.push(
      'each partition runs at its own VDD, and commands weigh the partitions by their traffic, background and refresh by their stored bytes',
    );
  return `Rows differ: ${rule}, but ${why.length ? why.join('; ') : 'other terms do not scale with it'} ${cite}.`;
}
