/** Preset scenarios for talks (keys 1–6 in presentation mode or anywhere outside a text field). */
import type { ExplorerConfig } from '../../state/config';

export interface Preset {
  key: string;
  title: string;
  patch: Partial<ExplorerConfig>;
}

// Operating points after the EDEN coarse-grained table (reference/eden-coarse-table.json):
// −0.25 V … −0.35 V and −5.5 ns are the table's typical ΔVDD / ΔtRCD at <1 % accuracy loss.
export const PRESETS: readonly Preset[] = [
  {
    key: '1',
    title: 'Nominal DRAM: no errors',
    patch: { vddDelta: 0, trcdDelta: 0, em: 0, correction: 'zero' },
  },
  {
    key: '2',
    title: 'EDEN-style −0.25 V',
    patch: { vddDelta: -0.25, trcdDelta: 0, em: 0, correction: 'zero' },
  },
  {
    key: '3',
    title: 'Too far: −0.40 V',
    patch: { vddDelta: -0.4, trcdDelta: 0, em: 0, correction: 'zero' },
  },
  { key: '4', title: 'Latency only: tRCD −5.5 ns', patch: { vddDelta: 0, trcdDelta: -5.5, em: 0 } },
  {
    key: '5',
    title: 'Wordline-correlated errors',
    patch: { vddDelta: -0.3, em: 1, weakFraction: 0.1 },
  },
  {
    key: '6',
    title: 'fp32 without out-of-range correction',
    patch: { vddDelta: -0.3, format: 'fp32', correction: 'none', em: 0 },
  },
];

export const SHORTCUTS: readonly [string, string][] = [
  ['1–6', 'preset scenarios'],
  ['[ / ]', 'VDD one step down / up'],
  [', / .', 'tRCD one step down / up'],
  ['P', 'presentation mode on/off'],
  ['T', 'guided tour'],
  ['?', 'this list'],
];

/** true when the key press belongs to a text field or a control that uses the key itself. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return true;
  if (tag === 'INPUT')
    return (
      (target as HTMLInputElement).type !== 'range' && (target as HTMLInputElement).type !== 'radio'
    );
  return false;
}
