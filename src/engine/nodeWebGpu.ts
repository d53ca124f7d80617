/**
 * tfjs's WebGPU backend in Node, without a browser (issue 17 item 4): the `webgpu` npm package
 * (Dawn's Node bindings, prebuilt) provides `navigator.gpu`, then tfjs-backend-webgpu runs as
 * in a page. Dawn needs a Vulkan loader and driver: a GPU machine has its own; on a machine
 * without one, Chromium's SwiftShader Vulkan (`/usr/lib/chromium/libvulkan.so.1` and
 * `vk_swiftshader_icd.json`, Debian package `chromium`) works — the loader is found through
 * LD_LIBRARY_PATH, which must be set before the process starts (`swiftShaderEnv` gives the
 * variables for a child process).
 */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';

const CHROMIUM_LIB = '/usr/lib/chromium';

/** Whether the system has a Vulkan loader of its own (else Chromium's SwiftShader is the way). */
export function systemVulkan(): boolean {
  return [
    '/usr/lib/x86_64-linux-gnu/libvulkan.so.1',
    '/usr/lib/aarch64-linux-gnu/libvulkan.so.1',
    '/usr/lib64/libvulkan.so.1',
  ].some(existsSync);
}

/** Environment for a child process that runs Dawn on Chromium's SwiftShader (null: not installed). */
export function swiftShaderEnv(): Record<string, string> | null {
  const icd = `${CHROMIUM_LIB}/vk_swiftshader_icd.json`;
  if (!existsSync(icd) || !existsSync(`${CHROMIUM_LIB}/libvulkan.so.1`)) return null;
  const path = process.env.LD_LIBRARY_PATH;
  return {
    LD_LIBRARY_PATH: path ? `${CHROMIUM_LIB}:${path}` : CHROMIUM_LIB,
    VK_ICD_FILENAMES: icd,
  };
}

export interface NodeWebGpuInfo {
  vendor: string;
  architecture: string;
  description: string;
}

/**
 * Make tfjs's 'webgpu' backend the active one in this Node process. Throws with a one-line
 * reason when the `webgpu` package or a WebGPU adapter is missing.
 */
export async function initNodeWebGpu(): Promise<NodeWebGpuInfo> {
  tf.env().set('PROD', true);
  let dawn: { create(o: string[]): unknown; globals: Record<string, unknown> };
  try {
    // A variable specifier: type-checking and bundling do not need the package installed.
    const specifier = 'webgpu';
    dawn = (await import(/* @vite-ignore */ specifier)) as typeof dawn;
  } catch (e) {
    throw new Error(
      `the "webgpu" package (Dawn for Node) did not load: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]) as {
    requestAdapter(o?: object): Promise<{
      info?: { vendor?: string; architecture?: string; description?: string };
    } | null>;
  };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter)
    throw new Error(
      'no WebGPU adapter in Node (no Vulkan driver: see swiftShaderEnv in src/engine/nodeWebGpu.ts)',
    );
  // Node 20 has no `navigator`; later versions define a read-only one.
  Object.defineProperty(globalThis, 'navigator', {
    value: { ...(globalThis as { navigator?: object }).navigator, gpu },
    configurable: true,
  });
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs webgpu backend did not initialize');
  await tf.ready();
  const info = adapter.info ?? {};
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
  };
}
