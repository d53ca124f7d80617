/**
 * tfjs in Node for the SNN scripts and CLI: the wasm backend (fastest here, DESIGN.md §5),
 * cpu as the fallback. TODO(lead): replace with src/engine/tfNode.ts once it lands in main.
 */
import * as tf from '@tensorflow/tfjs-core';
// The union package's Node bundle registers the gradients (training) and the cpu backend; the
// ESM deep import of tfjs-core's register_all_gradients does not load under Node.
import '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export async function initNodeBackend(prefer: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
  if (prefer === 'wasm') {
    const req = createRequire(import.meta.url);
    setWasmPaths(
      join(dirname(req.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/',
    );
    try {
      if (await tf.setBackend('wasm')) return tf.getBackend();
    } catch {
      // fall through to cpu
    }
  }
  await tf.setBackend('cpu');
  return tf.getBackend();
}
