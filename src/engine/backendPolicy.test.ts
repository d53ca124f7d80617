import { describe, expect, it } from 'vitest';
import {
  autoReason,
  fallbacksAfter,
  fastestProbed,
  isSoftwareAdapter,
  isSoftwareRenderer,
} from './backendPolicy';

describe('backend policy', () => {
  it('recognizes software WebGPU adapters', () => {
    expect(
      isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader', isFallback: false }),
    ).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'x', architecture: 'y', isFallback: true })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'hopper', isFallback: false })).toBe(
      false,
    );
    expect(
      isSoftwareRenderer(
        'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)',
      ),
    ).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA H100)')).toBe(false);
  });

  it('picks the fastest probe, never a failed backend', () => {
    const attempts = [
      { backend: 'webgpu' as const, ok: false, note: 'software adapter' },
      { backend: 'webgl' as const, ok: true, probeMs: 150 },
      { backend: 'wasm' as const, ok: true, probeMs: 14 },
      { backend: 'cpu' as const, ok: false, note: 'boom' },
    ];
    const w = fastestProbed(attempts)!;
    expect(w.backend).toBe('wasm');
    const reason = autoReason(w, attempts, false);
    expect(reason).toMatch(/wasm was the fastest/);
    expect(reason).toMatch(/webgl: 150 ms/);
    expect(reason).toMatch(/webgpu: software adapter/);
    expect(fastestProbed([{ backend: 'cpu', ok: false }])).toBeUndefined();
  });

  it('falls back in order after a failure', () => {
    expect(fallbacksAfter('webgpu')).toEqual(['webgl', 'wasm', 'cpu']);
    expect(fallbacksAfter('cpu')).toEqual([]);
  });
});
