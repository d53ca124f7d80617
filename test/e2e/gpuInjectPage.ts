/**
 * The GPU injection test page (gpuInject.html, driven by gpuInject.e2e.ts): on tfjs's webgpu
 * backend (SwiftShader in headless Chromium), small tensors read through the fused kernel
 * (src/engine/gpuReads.ts) and checked against
 * - the host reference of its sampler (counterFlips.ts) applied by the CPU path's flip code
 *   (activationFlips.ts applyHostMasks): the same values, bit for bit, for every format, error
 *   model, persistence and correction;
 * - the statistics of the error models (maskChecks.ts) and the CPU sampler's law;
 * - seeds (same seeds, same read; another trial seed, another read; batch size irrelevant);
 * - host→device traffic: no tensor upload per read (the weak-line mask once per module).
 * Results land in `window.__gpuResult` = { fails, log }.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { counterMask, counterRead } from '../../src/core/errors/counterFlips';
import {
  checkContainment,
  checkIndependentFlips,
  checkSameLaw,
  checkValueSplit,
} from '../../src/core/errors/maskChecks';
import { UniformMaskSampler } from '../../src/core/errors/uniformMasks';
import { weakLinesOf } from '../../src/core/errors/weakLines';
import { rngFor } from '../../src/core/rng';
import { FORMAT_BITS, type ErrorModelSpec, type Format } from '../../src/core/types';
import type { CorrectionMode } from '../../src/core/eden/correct';
import {
  activationQuant,
  applyHostMasks,
  type ActivationQuant,
} from '../../src/engine/activationFlips';
import { gpuReadActivation } from '../../src/engine/gpuReads';
import { CORE_ERRORS, readActivation } from '../../src/engine/injectedRun';
import { ofmDataType } from '../unit/engine/ofmDataType';

const w = window as unknown as { __gpuResult?: { fails: string[]; log: string[] } };
const fails: string[] = [];
const log: string[] = [];
const say = (m: string) => {
  log.push(m);
  document.querySelector('[data-testid="log"]')!.textContent += m + '\n';
};

const RANGE = { min: -1.5, max: 2 };
const MODULE = 3;
const ROW_BYTES = 256;

const dataType = (per: number, baseAddress = 1000) => ofmDataType(per, RANGE, baseAddress);

function settings(errorModel: ErrorModelSpec, correction: CorrectionMode, applyOn?: 'device') {
  return {
    errorModel,
    correction,
    moduleSeed: MODULE,
    rowBytes: ROW_BYTES,
    errors: CORE_ERRORS,
    applyOn,
  };
}

/** Values exact in the format (codes times the scale), fp32: any floats in the range. */
function inputValues(n: number, q: ActivationQuant, seed: number): Float32Array {
  const rng = rngFor(seed, 'gpu-page-input');
  const bits = FORMAT_BITS[q.format];
  return Float32Array.from({ length: n }, () => {
    const u = rng.next();
    if (q.format === 'fp32') return RANGE.min + u * (RANGE.max - RANGE.min);
    const qmax = 2 ** (bits - 1) - 1;
    const lo = Math.ceil(RANGE.min / q.scale);
    const code = Math.min(qmax, lo + Math.floor(u * (Math.floor(RANGE.max / q.scale) - lo + 1)));
    // As tfjs fake-quantizes on a device: the code times the float32 scale, in float32.
    return Math.fround(code * Math.fround(q.scale));
  });
}

/** Stored code of each value (two's complement in `bits`, or the fp32 pattern). */
function codesOf(values: Float32Array, q: ActivationQuant): Uint32Array {
  if (q.format === 'fp32') return new Uint32Array(new Float32Array(values).buffer);
  const mask = 2 ** FORMAT_BITS[q.format] - 1;
  return Uint32Array.from(values, (v) => Math.round(v / q.scale) & mask);
}

interface Read {
  spec: ErrorModelSpec;
  format: Format;
  ber: number;
  correction: CorrectionMode;
  samples: number;
  per: number;
  trialSeed?: number;
  firstSample?: number;
}

/** The kernel's read of seeded inputs: inputs, outputs and the masks the outputs imply. */
async function gpuRead(r: Read, x?: tf.Tensor) {
  const q = activationQuant(r.format, RANGE);
  const values = inputValues(r.samples * r.per, q, 17);
  const input = x ?? tf.tensor2d(values, [r.samples, r.per]);
  const y = gpuReadActivation(
    settings(r.spec, r.correction),
    dataType(r.per),
    q,
    r.ber,
    input,
    r.trialSeed ?? 5,
    r.firstSample ?? 0,
  );
  const out = new Float32Array((await y.data()) as Float32Array);
  y.dispose();
  if (!x) input.dispose();
  const codes = codesOf(values, q);
  const outCodes = codesOf(out, q);
  const masks = Uint32Array.from(codes, (c, i) => (c ^ outCodes[i]) >>> 0);
  return { q, values, out, codes, masks };
}

/** The host reference: counterFlips masks applied by the CPU path's flip code. */
function reference(r: Read, values: Float32Array, q: ActivationQuant) {
  const read = counterRead(
    r.spec,
    r.ber,
    FORMAT_BITS[r.format],
    MODULE,
    r.trialSeed ?? 5,
    'conv1/ofm',
    {
      baseAddress: 1000,
      rowBytes: ROW_BYTES,
    },
  );
  const codes = codesOf(values, q);
  const masks = Uint32Array.from(codes, (c, i) =>
    counterMask(read, (r.firstSample ?? 0) + Math.floor(i / r.per), i % r.per, c),
  );
  const x = tf.tensor2d(values, [r.samples, r.per]);
  const y = applyHostMasks(x, q, masks, r.correction);
  const out = new Float32Array(y.dataSync() as Float32Array);
  tf.dispose([x, y]);
  return { masks, out };
}

/** Values that differ: other bits, beyond float32 rounding of the decode (the host decodes with a double scale). */
function differing(a: Float32Array, b: Float32Array): number {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let bad = 0;
  for (let i = 0; i < a.length; i++) {
    if (ua[i] === ub[i] || (Number.isNaN(a[i]) && Number.isNaN(b[i]))) continue;
    if (!(Math.abs(a[i] - b[i]) <= 1e-6 * Math.abs(a[i]))) bad++;
  }
  return bad;
}

function differingMasks(a: Uint32Array, b: Uint32Array): number {
  let bad = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) bad++;
  return bad;
}

async function exactness() {
  const specs: ErrorModelSpec[] = [
    { id: 0 },
    { id: 1, weakFraction: 0.25 },
    { id: 2, weakFraction: 0.25 },
    { id: 3, oneToZeroShare: 0.8 },
    { id: 0, persistent: true },
    { id: 3, persistent: true },
  ];
  let cases = 0;
  for (const format of ['int4', 'int8', 'int16', 'fp32'] as Format[]) {
    for (const spec of specs) {
      for (const correction of ['none', 'zero', 'clamp'] as CorrectionMode[]) {
        if (correction !== 'none' && (spec.persistent || spec.id === 1 || spec.id === 2)) continue;
        const r: Read = {
          spec,
          format,
          ber: 0.05,
          correction,
          samples: 3,
          per: 200,
          firstSample: 7,
        };
        const g = await gpuRead(r);
        const ref = reference(r, g.values, g.q);
        const bad =
          differing(g.out, ref.out) +
          (correction === 'none' ? differingMasks(g.masks, ref.masks) : 0);
        const flips = ref.masks.reduce((s, m) => s + (m ? 1 : 0), 0);
        cases++;
        if (bad || flips === 0)
          fails.push(
            `exact ${format} model ${JSON.stringify(spec)} ${correction}: ${bad} of ${g.out.length} values differ from the host reference (${flips} changed there)`,
          );
      }
    }
  }
  say(
    `exactness: ${cases} cases (formats × models × persistence × correction) against the host reference`,
  );
}

async function statistics() {
  // Model 0, every format: per-bit rate, popcount law, pairs; χ² against the CPU sampler.
  const sizes: [Format, number, number][] = [
    ['int4', 0.03, 16384],
    ['int8', 0.02, 16384],
    ['int16', 0.01, 8192],
    ['fp32', 0.005, 8192],
  ];
  for (const [format, p, n] of sizes) {
    const bits = FORMAT_BITS[format];
    const g = await gpuRead({
      spec: { id: 0 },
      format,
      ber: p,
      correction: 'none',
      samples: 4,
      per: n / 4,
    });
    const cpu = new Uint32Array(n);
    new UniformMaskSampler(p, bits).visit(rngFor(1, 'gpu-page-cpu'), 0, n, (e, m) => (cpu[e] = m));
    const f = [
      ...checkIndependentFlips(g.masks, bits, p, `gpu ${format}`),
      ...checkSameLaw(g.masks, cpu, bits, `gpu ${format} vs CPU sampler`),
    ];
    fails.push(...f);
    const flips = g.masks.reduce((s, m) => s + popcount(m), 0);
    say(
      `model 0 ${format} p=${p}: ${flips} flips in ${n * bits} bits (${(flips / (n * bits)).toExponential(3)}), ${f.length ? 'FAIL' : 'ok'}`,
    );
  }
  // Models 1/2: flips only in weak lines, at ber / f there.
  for (const id of [1, 2] as const) {
    const f = 0.25;
    const ber = 0.02;
    const per = 4096;
    const g = await gpuRead({
      spec: { id, weakFraction: f },
      format: 'int8',
      ber,
      correction: 'none',
      samples: 2,
      per,
    });
    const weak = weakLinesOf(MODULE, id === 1 ? 'row' : 'bitline', f);
    const site = (e: number, k: number) => {
      const pos = (e % per) * 8 + k;
      const byte = 1000 + Math.floor(pos / 8);
      return id === 1
        ? weak.isWeak(Math.floor(byte / ROW_BYTES))
        : weak.isWeak((byte % ROW_BYTES) * 8 + (pos % 8));
    };
    const c = checkContainment(g.masks, 8, ber / f, site, `gpu model ${id}`);
    fails.push(...c);
    say(`model ${id}: weak-line containment ${c.length ? 'FAIL' : 'ok'}`);
  }
  // Model 3: the 1→0 / 0→1 split.
  {
    const ber = 0.01;
    const g = await gpuRead({
      spec: { id: 3, oneToZeroShare: 0.8 },
      format: 'int16',
      ber,
      correction: 'none',
      samples: 4,
      per: 2048,
    });
    const c = checkValueSplit(g.masks, g.codes, 16, 1.6 * ber, 0.4 * ber, 'gpu model 3');
    fails.push(...c);
    say(`model 3: 1→0 / 0→1 split ${c.length ? 'FAIL' : 'ok'}`);
  }
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

async function seeds() {
  const base: Read = {
    spec: { id: 0 },
    format: 'int8',
    ber: 0.05,
    correction: 'none',
    samples: 8,
    per: 256,
  };
  const a = await gpuRead(base);
  const b = await gpuRead(base);
  const c = await gpuRead({ ...base, trialSeed: 6 });
  if (differing(a.out, b.out)) fails.push('seeds: the same seeds gave different reads');
  if (!differing(a.out, c.out)) fails.push('seeds: another trial seed gave the same read');
  // The batch does not matter: samples 0-7 at once equal 0-2 then 3-7.
  const q = a.q;
  const x = tf.tensor2d(a.values, [8, 256]);
  const parts = [
    [0, 3],
    [3, 5],
  ].map(async ([from, count]) => {
    const part = tf.slice(x, [from, 0], [count, 256]);
    const y = gpuReadActivation(
      settings(base.spec, 'none'),
      dataType(256),
      q,
      base.ber,
      part,
      5,
      from,
    );
    const out = (await y.data()) as Float32Array;
    tf.dispose([part, y]);
    return out;
  });
  const [p0, p1] = await Promise.all(parts);
  x.dispose();
  const joined = new Float32Array(8 * 256);
  joined.set(p0);
  joined.set(p1, 3 * 256);
  if (differing(a.out, joined))
    fails.push('seeds: reading in two batches gave another result than one batch');
  say('seeds: same seeds same read, other trial other read, batch split irrelevant');
}

/** Host→device uploads of tensor data (tfjs-webgpu uploadToGPU with values on the host) and uniform writes. */
async function uploads() {
  const backend = tf.backend() as unknown as {
    uploadToGPU(id: object): void;
    tensorMap: { get(id: object): { values: unknown; resource: unknown } };
    queue: { writeBuffer(...a: unknown[]): void };
  };
  let tensorUploads = 0;
  let uniformWrites = 0;
  const upload = backend.uploadToGPU.bind(backend);
  backend.uploadToGPU = (id) => {
    const d = backend.tensorMap.get(id);
    if (d.resource == null && d.values != null) tensorUploads++;
    upload(id);
  };
  const queue = backend.queue;
  const write = queue.writeBuffer.bind(queue);
  queue.writeBuffer = (...a: unknown[]) => {
    uniformWrites++;
    write(...a);
  };
  try {
    const per = 1024;
    const q = activationQuant('int8', RANGE);
    const x = tf.tensor2d(inputValues(4 * per, q, 3), [4, per]);
    const resident = tf.mul(x, 1); // x's upload happens here, before counting
    await resident.data();
    const count = async (spec: ErrorModelSpec, applyOn?: 'device') => {
      tensorUploads = 0;
      uniformWrites = 0;
      const y = readActivation(
        settings(spec, 'none', applyOn),
        dataType(per),
        q,
        0.01,
        resident,
        9,
        0,
      );
      await y.data();
      y.dispose();
      return { tensorUploads, uniformWrites };
    };
    for (const spec of [
      { id: 0 },
      { id: 1, weakFraction: 0.1 },
      { id: 2, weakFraction: 0.1 },
      { id: 3 },
    ] as ErrorModelSpec[]) {
      const first = await count(spec);
      const second = await count(spec);
      say(
        `uploads, model ${spec.id}: first read ${first.tensorUploads} tensor uploads / ${first.uniformWrites} writes, next read ${second.tensorUploads} / ${second.uniformWrites}`,
      );
      if (second.tensorUploads !== 0)
        fails.push(`uploads: model ${spec.id} uploads ${second.tensorUploads} tensors per read`);
      if (second.uniformWrites > 1)
        fails.push(
          `uploads: model ${spec.id} writes ${second.uniformWrites} buffers per read (one uniform block expected)`,
        );
      if (first.tensorUploads > (spec.id === 1 || spec.id === 2 ? 1 : 0))
        fails.push(`uploads: model ${spec.id}'s first read uploads ${first.tensorUploads} tensors`);
    }
    // The counter itself: the host-drawn path uploads its masks.
    const old = await count({ id: 0 }, 'device');
    say(`uploads, host-drawn path (applyOn device): ${old.tensorUploads} tensor uploads per read`);
    if (old.tensorUploads === 0)
      fails.push('uploads: the counter saw no upload on the host-drawn path');
    tf.dispose([x, resident]);
  } finally {
    backend.uploadToGPU = upload;
    queue.writeBuffer = write;
  }
}

async function main() {
  const ok = await tf.setBackend('webgpu');
  if (!ok) throw new Error('webgpu backend did not initialize');
  await tf.ready();
  const t0 = performance.now();
  for (const [name, step] of [
    ['exactness', exactness],
    ['statistics', statistics],
    ['seeds', seeds],
    ['uploads', uploads],
  ] as const) {
    const t = performance.now();
    await step();
    say(`${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  say(
    `total ${((performance.now() - t0) / 1000).toFixed(1)} s, ${tf.memory().numTensors} tensors left`,
  );
  w.__gpuResult = { fails, log };
}

main().catch((e: unknown) => {
  fails.push(`page: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  w.__gpuResult = { fails, log };
});
