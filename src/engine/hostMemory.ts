/**
 * Writable access to a tensor's values where the backend keeps them in main memory (wasm's
 * heap, the cpu backend's typed arrays). Activation flips on those backends then happen in
 * place: `dataSync()` + a new tensor would copy every activation out of and back into the
 * backend, ~3 copies of ~360 MB per 10k-image LeNet-5 pass at high BER.
 *
 * Only for a float32 tensor that is the sole owner of its data (refCount 1: no clone or
 * reshape shares it), so nothing else can see the change; null otherwise (callers copy).
 * Uses the backends' own accessors (`refCount`, wasm `getMemoryOffset`, cpu `data`), which
 * tfjs 4.x exposes on the backend objects.
 */
import * as tf from '@tensorflow/tfjs-core';

interface HostBackend {
  refCount?(dataId: object): number;
  getMemoryOffset?(dataId: object): number;
  wasm?: { HEAPU8: Uint8Array };
  data?: { get(dataId: object): { values?: unknown } | undefined };
}

export function writableHostValues(x: tf.Tensor): Float32Array | null {
  if (x.dtype !== 'float32' || x.isDisposed) return null;
  const name = tf.getBackend();
  const b = tf.backend() as unknown as HostBackend;
  if (b.refCount?.(x.dataId) !== 1) return null;
  if (name === 'wasm' && b.getMemoryOffset && b.wasm) {
    const offset = b.getMemoryOffset(x.dataId);
    return offset ? new Float32Array(b.wasm.HEAPU8.buffer, offset, x.size) : null;
  }
  if (name === 'cpu' && b.data) {
    const values = b.data.get(x.dataId)?.values;
    return values instanceof Float32Array && values.length === x.size ? values : null;
  }
  return null;
}
