/** Number formatting shared by the panels (one place, so the page reads consistently). */

/** Bit error rate: 0 → "0", else 2 significant digits in scientific notation, e.g. "1.2e-3". */
export function fmtBer(ber: number | null | undefined): string {
  if (ber === null || ber === undefined || !Number.isFinite(ber)) return '—';
  if (ber === 0) return '0';
  const [m, e] = ber.toExponential(1).split('e');
  return `${m}e${Number(e)}`;
}

/** Accuracy or share in [0, 1] as a percentage with `digits` decimals. */
export function fmtPct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(digits)} %`;
}

/** Signed delta with unit, e.g. "−0.25 V" (true minus sign). */
export function fmtDelta(x: number, unit: string, digits = 2): string {
  const s = Math.abs(x).toFixed(digits);
  return `${x < 0 ? '−' : x > 0 ? '+' : '±'}${s} ${unit}`;
}

/** Energy in joules with an SI prefix (pJ … J). */
export function fmtEnergy(j: number | null | undefined): string {
  if (j === null || j === undefined || !Number.isFinite(j)) return '—';
  const units: [number, string][] = [
    [1, 'J'],
    [1e-3, 'mJ'],
    [1e-6, 'µJ'],
    [1e-9, 'nJ'],
    [1e-12, 'pJ'],
  ];
  for (const [scale, u] of units)
    if (Math.abs(j) >= scale) return `${(j / scale).toPrecision(3)} ${u}`;
  return `${(j / 1e-12).toPrecision(3)} pJ`;
}

/** Bytes with binary prefixes. */
export function fmtBytes(b: number): string {
  if (b >= 1 << 20) return `${(b / (1 << 20)).toFixed(1)} MiB`;
  if (b >= 1 << 10) return `${(b / (1 << 10)).toFixed(1)} KiB`;
  return `${b} B`;
}

/** "1,000 images × 3 trials" (singular for one). */
export function imagesTrials(samples: number, trials: number): string {
  return `${samples.toLocaleString('en-US')} image${samples === 1 ? '' : 's'} × ${trials} trial${trials === 1 ? '' : 's'}`;
}
