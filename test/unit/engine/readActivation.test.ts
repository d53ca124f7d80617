/**
 * readActivation (src/engine/injectedRun.ts): error model 0 on activations is drawn per stored
 * unit and applied on the host (wasm/cpu) or on the device (webgpu/webgl); both must give the
 * same tensor, at low BER (sparse draw) and at high BER (dense draw), and flip the right share.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { FORMAT_BITS, type ErrorModelSpec, type Format } from '../../../src/core/types';
import { activationQuant, fakeQuantize } from '../../../src/engine/activationFlips';
import {
  CORE_ERRORS,
  readActivation,
  type InjectionSettings,
} from '../../../src/engine/injectedRun';
import { ofmDataType } from './ofmDataType';
import { writableHostValues } from '../../../src/engine/hostMemory';
import { flipOnHost } from '../../../src/engine/activationFlips';
import { initNodeBackend } from '../../../src/engine/tfNode';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const SAMPLES = 150;
const PER = 64;

const dataType = () => ofmDataType(PER, { min: -1, max: 2 }, 0);

function settings(
  applyOn: 'host' | 'device',
  correction: 'none' | 'zero',
  errorModel: ErrorModelSpec = { id: 0 },
): InjectionSettings {
  return {
    errorModel,
    correction,
    moduleSeed: 1,
    rowBytes: 8192,
    errors: CORE_ERRORS,
    applyOn,
  };
}

function input(format: Format): tf.Tensor {
  const v = Float32Array.from({ length: SAMPLES * PER }, (_, i) => ((i * 37) % 301) / 100 - 1);
  return fakeQuantize(tf.tensor2d(v, [SAMPLES, PER]), activationQuant(format, { min: -1, max: 2 }));
}

/** Asserts that the host and device reads hold the same values; returns how many differ from `clean`. */
function expectSameAndCountChanged(host: tf.Tensor, dev: tf.Tensor, clean: tf.Tensor): number {
  const a = host.dataSync();
  const b = dev.dataSync();
  const c = clean.dataSync();
  let changed = 0;
  for (let i = 0; i < a.length; i++) {
    expect(Object.is(a[i], b[i]) || Math.abs(a[i] - b[i]) <= 1e-6 * Math.abs(a[i])).toBe(true);
    if (!Object.is(a[i], c[i])) changed++;
  }
  return changed;
}

describe.each(['cpu', 'wasm'] as const)('readActivation, error model 0, on %s', (backend) => {
  it('runs on the backend', async () => {
    expect(await initNodeBackend(backend)).toBe(backend);
  });

  for (const format of ['int8', 'int4', 'int16', 'fp32'] as const) {
    for (const ber of [2e-3, 0.1]) {
      it(`host and device paths agree (${format}, BER ${ber})`, () => {
        const q = activationQuant(format, { min: -1, max: 2 });
        const x = input(format);
        for (const correction of ['none', 'zero'] as const) {
          const host = readActivation(settings('host', correction), dataType(), q, ber, x, 3, 0);
          const dev = readActivation(settings('device', correction), dataType(), q, ber, x, 3, 0);
          const changed = expectSameAndCountChanged(host, dev, x);
          if (correction === 'none' && format !== 'fp32') {
            // Changed elements: Binomial(n, 1 − (1 − p)^bits), 5 sigma.
            const n = x.size;
            const share = 1 - (1 - ber) ** FORMAT_BITS[format];
            expect(Math.abs(changed - n * share)).toBeLessThan(
              5 * Math.sqrt(n * share * (1 - share)) + 1,
            );
          }
          tf.dispose([host, dev]);
        }
        x.dispose();
      });
    }
  }

  const others: ErrorModelSpec[] = [
    { id: 0, persistent: true },
    { id: 1, weakFraction: 1 }, // the tensor sits in one row: make it weak
    { id: 2, weakFraction: 0.2 },
    { id: 3, oneToZeroShare: 0.7 },
    { id: 3, oneToZeroShare: 0.2, persistent: true },
  ];
  for (const em of others) {
    for (const format of ['int8', 'fp32'] as const) {
      it(`host and device paths agree for error model ${JSON.stringify(em)} (${format})`, () => {
        const q = activationQuant(format, { min: -1, max: 2 });
        const x = input(format);
        for (const ber of [2e-3, 0.05]) {
          const host = readActivation(settings('host', 'zero', em), dataType(), q, ber, x, 4, 0);
          const dev = readActivation(settings('device', 'zero', em), dataType(), q, ber, x, 4, 0);
          const changed = expectSameAndCountChanged(host, dev, x);
          expect(changed).toBeGreaterThan(0);
          tf.dispose([host, dev]);
        }
        x.dispose();
      });
    }
  }

  it('is reproducible from the trial seed and changes with it', () => {
    const q = activationQuant('int8', { min: -1, max: 2 });
    const x = input('int8');
    const read = (seed: number) =>
      Array.from(
        readActivation(settings('host', 'none'), dataType(), q, 0.01, x, seed, 0).dataSync(),
      );
    expect(read(5)).toEqual(read(5));
    expect(read(5)).not.toEqual(read(6));
    x.dispose();
  });
});

describe('in-place host flips', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`write into a tensor that owns its values, copy otherwise (${backend})`, async () => {
      expect(await initNodeBackend(backend)).toBe(backend);
      const q = activationQuant('int8', { min: -1, max: 2 });
      const x = fakeQuantize(tf.tensor1d([0.5, 1, 1.5, -0.5]), q);
      expect(writableHostValues(x)).not.toBeNull();
      const shared = tf.reshape(x, [2, 2]); // same data, refCount 2
      expect(writableHostValues(shared)).toBeNull();
      const before = Array.from(x.dataSync());
      // Not given up: a new tensor, x untouched.
      const copy = flipOnHost(x, q, 'none', (flip) => flip(0, 0x80), false);
      expect(copy).not.toBe(x);
      expect(Array.from(x.dataSync())).toEqual(before);
      expect(copy.dataSync()[0]).not.toBe(before[0]);
      // Shared data: copied even when given up.
      const viaClone = flipOnHost(shared, q, 'none', (flip) => flip(1, 1), true);
      expect(viaClone).not.toBe(shared);
      expect(Array.from(x.dataSync())).toEqual(before);
      shared.dispose();
      // Given up and owned alone: in place.
      const same = flipOnHost(x, q, 'none', (flip) => flip(0, 0x80), true);
      expect(same).toBe(x);
      expect(x.dataSync()[0]).toBe(copy.dataSync()[0]);
      tf.dispose([x, copy, viaClone]);
    });
  }
});
