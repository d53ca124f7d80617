/**
 * The engine test page: `engine.html?backend=auto&model=lenet5-mnist&format=int8&samples=100&bers=0,1e-2&trials=2&target=all`.
 * Starts the worker through the UI's client, shows the backend and runs one sweep; the
 * result lands in data-testid="result" (JSON) and in `window.__engineResult`.
 */
import { createExplorerClient } from '../../src/ui/engine/client';
import type { BackendRequest, RunConfig } from '../../src/contract/api';
import type { DataKind, Format } from '../../src/core/types';

const q = new URLSearchParams(location.search);
const $ = (id: string) => document.querySelector(`[data-testid="${id}"]`)!;
const w = window as unknown as { __engineResult?: unknown; __engineError?: string };

async function main() {
  // The site root (models/, data/) is two folders up from dist/e2e/test/e2e/.
  const client = createExplorerClient(new URL(q.get('root') ?? '/', location.href).href);
  const info = await client.init((q.get('backend') ?? 'auto') as BackendRequest);
  $('backend').textContent = info.active;
  $('reason').textContent = info.reason;
  const config: RunConfig = {
    modelId: q.get('model') ?? 'lenet5-mnist',
    format: (q.get('format') ?? 'int8') as Format,
    errorModel: { id: 0 },
    correction: 'none',
    samples: Number(q.get('samples') ?? 100),
    trials: Number(q.get('trials') ?? 2),
    moduleSeed: 1,
    trialSeed: 1,
    rowBytes: 8192,
  };
  const bers = (q.get('bers') ?? '0,1e-2').split(',').map(Number);
  const target = (q.get('target') ?? 'all') as DataKind | 'all';
  const t0 = performance.now();
  let firstMs = NaN;
  let curveMs = NaN;
  const result = await client.sweep(config, bers, target, (p, done, total) => {
    if (done === 1) firstMs = performance.now() - t0;
    // The first whole curve: every point estimated once (first-estimate subset, or final).
    if (done === bers.length) curveMs = performance.now() - t0;
    $('progress').textContent +=
      `${done}/${total} ber=${p.ber} mean=${p.mean.toFixed(4)} final=${p.final}\n`;
  });
  const ms = performance.now() - t0;
  w.__engineResult = { info, result, ms, firstMs, curveMs };
  $('result').textContent = JSON.stringify(w.__engineResult);
}

main().catch((e: unknown) => {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  w.__engineError = msg;
  $('error').textContent = msg;
});
