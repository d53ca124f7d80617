/**
 * Which tfjs backend runs, and why (issue #4 item 1; docs/design.md §5). Pure decisions, no tfjs,
 * so they are unit-tested in Node; `backends.ts` does the probing in the browser.
 *
 * - `auto`: a *hardware* WebGPU adapter wins outright. A software adapter (SwiftShader, or
 *   one the browser flags as fallback) is passed over: measured here it is ~200× slower
 *   than wasm. Otherwise the backend with the shortest probe time among those that
 *   initialized wins (here: wasm ~220 ms / 1,000 LeNet-5 images vs webgl on SwiftShader
 *   ~2,300 ms); `cpu` is the last resort.
 * - forced: that backend if it initializes; if it fails, the next one in ORDER that works,
 *   with the failure reported.
 */
import type { BackendAttempt, BackendName } from '../contract/api';

export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface AdapterDescription {
  vendor: string;
  architecture: string;
  description?: string;
  isFallback: boolean;
}

/** A software rasterizer pretending to be a GPU (Chromium's SwiftShader, or a fallback adapter). */
export function isSoftwareAdapter(a: AdapterDescription): boolean {
  const text = `${a.vendor} ${a.architecture} ${a.description ?? ''}`.toLowerCase();
  return (
    a.isFallback ||
    text.includes('swiftshader') ||
    text.includes('llvmpipe') ||
    text.includes('software')
  );
}

/** A WebGL renderer string that names a software implementation. */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|software|softpipe/i.test(renderer);
}

/** The fastest successful probe among `attempts` (ties: earlier in BACKEND_ORDER). */
export function fastestProbed(attempts: readonly BackendAttempt[]): BackendAttempt | undefined {
  const ok = attempts.filter((a) => a.ok && a.probeMs !== undefined);
  ok.sort(
    (a, b) =>
      a.probeMs! - b.probeMs! ||
      BACKEND_ORDER.indexOf(a.backend) - BACKEND_ORDER.indexOf(b.backend),
  );
  return ok[0];
}

/** Backends to try after `failed` broke (device lost, kernel failure), in order. */
export function fallbacksAfter(failed: BackendName): BackendName[] {
  return BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(failed) + 1);
}

/** One-sentence reason for the UI. */
export function autoReason(
  winner: BackendAttempt,
  attempts: readonly BackendAttempt[],
  hardwareGpu: boolean,
): string {
  if (hardwareGpu && winner.backend === 'webgpu')
    return 'auto: a hardware WebGPU adapter is available, so WebGPU runs.';
  const others = attempts
    .filter((a) => a !== winner)
    .map(
      (a) =>
        `${a.backend}: ${a.ok && a.probeMs !== undefined ? `${a.probeMs.toFixed(0)} ms` : (a.note ?? 'not used')}`,
    )
    .join('; ');
  const speed = winner.probeMs !== undefined ? ` (${winner.probeMs.toFixed(0)} ms per probe)` : '';
  return `auto: ${winner.backend} was the fastest backend that works here${speed}${others ? ` — ${others}` : ''}.`;
}
