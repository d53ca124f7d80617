/**
 * Backend selection in the browser worker (issue #4 item 1; docs/design.md §5). The policy (what
 * wins and why) is in backendPolicy.ts; this file inspects the WebGPU adapter, initializes
 * backends, times a short probe and watches for WebGPU device loss.
 *
 * The wasm binaries are bundled by Vite (`?url` imports: emitted as assets under dist/ and
 * served from the app's own origin, no network), and the threaded SIMD build needs the page
 * to be cross-origin isolated (COOP/COEP, set in vite.config.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendAttempt, BackendInfo, BackendName, BackendRequest } from '../contract/api';
import {
  type AdapterDescription,
  BACKEND_ORDER,
  autoReason,
  fastestProbed,
  isSoftwareAdapter,
  isSoftwareRenderer,
} from './backendPolicy';

setWasmPaths({
  'tfjs-backend-wasm.wasm': new URL(wasmPlain, self.location.href).href,
  'tfjs-backend-wasm-simd.wasm': new URL(wasmSimd, self.location.href).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreadedSimd, self.location.href).href,
});

/** Minimal view of the WebGPU types we touch (lib.dom in TS 6 may or may not carry them). */
interface GpuAdapterLike {
  info?: {
    vendor?: string;
    architecture?: string;
    description?: string;
    isFallbackAdapter?: boolean;
  };
  isFallbackAdapter?: boolean;
}

async function inspectWebGpuAdapter(): Promise<AdapterDescription | null> {
  const gpu = (
    navigator as unknown as { gpu?: { requestAdapter(o?: object): Promise<GpuAdapterLike | null> } }
  ).gpu;
  if (!gpu) return null;
  // The same request tfjs-backend-webgpu makes, so we judge the adapter it will use.
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const info = adapter.info ?? {};
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    isFallback: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
  };
}

function webglRenderer(): string {
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = canvas.getContext('webgl2');
    if (!gl) return '';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return '';
  }
}

/**
 * A short, fixed workload shaped like the zoo's small CNNs (a 5×5 convolution over 28×28
 * images and a dense layer): one warm-up run (shader compilation) then the timed one.
 */
async function probe(batch: number): Promise<number> {
  const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1);
  const k = tf.randomUniform([5, 5, 1, 8], -0.5, 0.5, 'float32', 2);
  const w = tf.randomUniform([24 * 24 * 8, 10], -0.1, 0.1, 'float32', 3);
  const run = () =>
    tf.tidy(() =>
      tf.matMul(
        tf.reshape(tf.relu(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, 'valid')), [batch, -1]),
        w,
      ),
    );
  try {
    const warm = run();
    await warm.data();
    warm.dispose();
    const t0 = performance.now();
    const y = run();
    await y.data();
    y.dispose();
    return performance.now() - t0;
  } finally {
    tf.dispose([x, k, w]);
  }
}

async function activate(name: BackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`${name} did not initialize`);
  await tf.ready();
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Probe batch: small on backends that may be software-rendered (WebGPU on SwiftShader takes ~44 ms per image). */
const PROBE_BATCH = 64;

let lossWatcher: ((reason: string) => void) | null = null;

/** Called (once per device) when the active WebGPU device is lost. */
export function onDeviceLost(callback: (reason: string) => void): void {
  lossWatcher = callback;
}

function watchWebGpuDevice(): void {
  const device = (
    tf.backend() as unknown as {
      device?: { lost?: Promise<{ message?: string; reason?: string }> };
    }
  ).device;
  device?.lost?.then((info) => {
    if (tf.getBackend() === 'webgpu')
      lossWatcher?.(
        `WebGPU device lost (${info?.reason ?? 'unknown'}${info?.message ? `: ${info.message}` : ''})`,
      );
  });
}

/**
 * Initialize `request` (or choose, for 'auto'); `exclude` lists backends that already broke
 * in this session (device loss, kernel failure) and must not be chosen again.
 */
export async function initBackend(
  request: BackendRequest,
  exclude: readonly BackendName[] = [],
): Promise<BackendInfo> {
  const attempts: BackendAttempt[] = [];
  let adapter: AdapterDescription | null = null;
  try {
    adapter = await inspectWebGpuAdapter();
  } catch (e) {
    attempts.push({
      backend: 'webgpu',
      ok: false,
      note: `adapter request failed: ${errorText(e)}`,
    });
  }
  const adapterInfo = adapter
    ? { vendor: adapter.vendor, architecture: adapter.architecture, isFallback: adapter.isFallback }
    : undefined;
  const tryOne = async (name: BackendName, timed: boolean): Promise<BackendAttempt> => {
    if (exclude.includes(name))
      return { backend: name, ok: false, note: 'failed earlier in this session' };
    try {
      await activate(name);
      const attempt: BackendAttempt = { backend: name, ok: true };
      if (timed) attempt.probeMs = await probe(PROBE_BATCH);
      if (name === 'webgpu') watchWebGpuDevice();
      if (name === 'wasm') {
        const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
        const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
        attempt.note =
          `${simd ? 'SIMD' : 'no SIMD'}, ${getThreadsCount()} thread(s) of ${self.navigator?.hardwareConcurrency ?? '?'} cores` +
          (threads ? '' : ', threaded build unavailable') +
          (self.crossOriginIsolated ? '' : ' (page not cross-origin isolated)');
      }
      return attempt;
    } catch (e) {
      return { backend: name, ok: false, note: errorText(e) };
    }
  };
  const finish = async (winner: BackendAttempt, reason: string): Promise<BackendInfo> => {
    if (tf.getBackend() !== winner.backend) await activate(winner.backend);
    return { requested: request, active: winner.backend, reason, attempts, adapter: adapterInfo };
  };

  if (request !== 'auto') {
    const forced = await tryOne(request, true);
    attempts.push(forced);
    if (forced.ok) {
      const soft =
        request === 'webgpu' && adapter && isSoftwareAdapter(adapter)
          ? ' (software adapter: expect it to be slow)'
          : '';
      return finish(forced, `forced by the user: ${request}${soft}.`);
    }
    for (const name of BACKEND_ORDER.filter((b) => b !== request)) {
      const a = await tryOne(name, true);
      attempts.push(a);
      if (a.ok)
        return finish(a, `forced ${request} failed (${forced.note}); fell back to ${name}.`);
    }
    throw new Error(
      `no backend works here: ${attempts.map((a) => `${a.backend}: ${a.note}`).join('; ')}`,
    );
  }

  // auto
  if (!adapter) {
    if (!attempts.length)
      attempts.push({ backend: 'webgpu', ok: false, note: 'no WebGPU adapter' });
  } else if (isSoftwareAdapter(adapter)) {
    attempts.push({
      backend: 'webgpu',
      ok: false,
      note: `software adapter (${adapter.architecture || adapter.vendor || 'fallback'}): passed over, ~200× slower than wasm here`,
    });
  } else {
    const a = await tryOne('webgpu', true);
    attempts.push(a);
    if (a.ok) return finish(a, autoReason(a, attempts, true));
  }
  const renderer = webglRenderer();
  const gl = await tryOne('webgl', true);
  if (gl.ok && isSoftwareRenderer(renderer)) gl.note = `software renderer (${renderer})`;
  attempts.push(gl);
  attempts.push(await tryOne('wasm', true));
  let winner = fastestProbed(attempts);
  if (!winner) {
    const cpu = await tryOne('cpu', true);
    attempts.push(cpu);
    if (!cpu.ok)
      throw new Error(
        `no backend works here: ${attempts.map((a) => `${a.backend}: ${a.note}`).join('; ')}`,
      );
    winner = cpu;
  }
  return finish(winner, autoReason(winner, attempts, false));
}

/**
 * Health check of the active backend after an unexplained failure: a small computation read
 * back within 10 s. Throws (and the session falls back to another backend) if it fails.
 */
export async function checkBackend(): Promise<void> {
  const y = tf.tidy(() => tf.sum(tf.mul(tf.range(0, 64), 2)));
  try {
    const value = await Promise.race([
      y.data(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${tf.getBackend()} did not answer in 10 s`)), 10_000),
      ),
    ]);
    if (value[0] !== 4032) throw new Error(`${tf.getBackend()} computed ${value[0]} for 4032`);
  } finally {
    y.dispose();
  }
}
