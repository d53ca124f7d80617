/**
 * The page's colours: light and dark (following the system) and the high-contrast presentation
 * palette. Defined once here and applied as CSS variables on `.app`, so canvas/SVG drawings and
 * exports get the same real colours as the styles.
 */
import { useSyncExternalStore, type CSSProperties } from 'react';
import { useExplorer } from '../state/appStore';

export interface ThemeColors {
  bg: string;
  panel: string;
  ink: string;
  muted: string;
  line: string;
  accent: string;
  clean: string;
  boosted: string;
  good: string;
  bad: string;
  warnBg: string;
  errBg: string;
  /** Curves beside the current one (pinned, compare sets), by palette slot (src/state/curves.ts). */
  series: readonly string[];
}

export const PALETTES: Record<'light' | 'dark' | 'present', ThemeColors> = {
  light: {
    bg: '#f6f7f9',
    panel: '#ffffff',
    ink: '#14171c',
    muted: '#5a6270',
    line: '#d7dbe2',
    accent: '#1f6feb',
    clean: '#1f6feb',
    boosted: '#c2410c',
    good: '#15803d',
    bad: '#b91c1c',
    warnBg: '#fff4d6',
    errBg: '#fde2e2',
    series: [
      '#15803d',
      '#7c3aed',
      '#db2777',
      '#0e7490',
      '#854d0e',
      '#4d7c0f',
      '#525252',
      '#be123c',
    ],
  },
  dark: {
    bg: '#0f1217',
    panel: '#171b22',
    ink: '#e8ebf0',
    muted: '#9aa3b2',
    line: '#2c323d',
    accent: '#58a6ff',
    clean: '#58a6ff',
    boosted: '#fb923c',
    good: '#4ade80',
    bad: '#f87171',
    warnBg: '#3a3015',
    errBg: '#3f1d1d',
    series: [
      '#4ade80',
      '#a78bfa',
      '#f472b6',
      '#22d3ee',
      '#d6a35c',
      '#a3e635',
      '#a3a3a3',
      '#fb7185',
    ],
  },
  present: {
    bg: '#000000',
    panel: '#000000',
    ink: '#ffffff',
    muted: '#d0d0d0',
    line: '#777777',
    accent: '#4cc2ff',
    clean: '#4cc2ff',
    boosted: '#ffb000',
    good: '#5dff8a',
    bad: '#ff6b6b',
    warnBg: '#3a3015',
    errBg: '#4a1010',
    series: [
      '#5dff8a',
      '#c4a5ff',
      '#ff7ad9',
      '#3ff0ff',
      '#ffd27a',
      '#d4ff5a',
      '#e0e0e0',
      '#ff8fa3',
    ],
  },
};

const query = '(prefers-color-scheme: dark)';
const subscribe = (cb: () => void) => {
  const mq = window.matchMedia(query);
  mq.addEventListener('change', cb);
  return () => mq.removeEventListener('change', cb);
};
const prefersDark = () => window.matchMedia(query).matches;

export function useThemeColors(): ThemeColors {
  const present = useExplorer((s) => s.config.present);
  const dark = useSyncExternalStore(subscribe, prefersDark, () => false);
  return PALETTES[present ? 'present' : dark ? 'dark' : 'light'];
}

/** The palette as CSS custom properties for the page root. */
export function cssVariables(c: ThemeColors): CSSProperties {
  const vars: Record<string, string> = {
    '--bg': c.bg,
    '--panel': c.panel,
    '--ink': c.ink,
    '--muted': c.muted,
    '--line': c.line,
    '--accent': c.accent,
    '--clean': c.clean,
    '--boosted': c.boosted,
    '--good': c.good,
    '--bad': c.bad,
    '--warn-bg': c.warnBg,
    '--err-bg': c.errBg,
  };
  return vars as CSSProperties;
}
