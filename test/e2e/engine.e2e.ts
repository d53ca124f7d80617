/**
 * Issue #4 item 7: the engine in a real browser, per backend. For `auto` (WebGPU flags on, so
 * a SwiftShader adapter exists and must be passed over), forced `webgpu` (SwiftShader: tens
 * of images), forced `webgl` (browser without WebGPU) and forced `wasm`, the test page runs a
 * small sweep in the worker; its clean point must equal the CLI engine's clean accuracy for
 * the same model, format and samples (±0.5 points), and the noisy point must be a valid estimate.
 */
import type { SweepResult, BackendInfo } from '../../src/contract/api';
import { sweepInNode } from '../../src/engine/nodeEngine';
import type { E2EContext } from './harness';

const MODEL = 'lenet5-mnist';
const FORMAT = 'int8';

interface Case {
  request: 'auto' | 'webgpu' | 'webgl' | 'wasm';
  webgpu: boolean;
  samples: number;
  expect: (info: BackendInfo) => string | null;
}

const CASES: Case[] = [
  {
    request: 'auto',
    webgpu: true,
    samples: 1000,
    expect: (i) =>
      i.active === 'webgpu'
        ? `auto picked the software WebGPU adapter (${JSON.stringify(i.adapter)})`
        : i.attempts.some((a) => a.backend === 'webgpu' && /software/.test(a.note ?? ''))
          ? null
          : `auto did not report passing over the software adapter: ${JSON.stringify(i.attempts)}`,
  },
  {
    request: 'webgpu',
    webgpu: true,
    samples: 40,
    expect: (i) => (i.active === 'webgpu' ? null : `forced webgpu ran ${i.active}: ${i.reason}`),
  },
  {
    request: 'webgl',
    webgpu: false,
    samples: 500,
    expect: (i) => (i.active === 'webgl' ? null : `forced webgl ran ${i.active}: ${i.reason}`),
  },
  {
    request: 'wasm',
    webgpu: true,
    samples: 1000,
    expect: (i) => (i.active === 'wasm' ? null : `forced wasm ran ${i.active}: ${i.reason}`),
  },
];

async function cliClean(samples: number): Promise<number> {
  const { result } = await sweepInNode({
    config: {
      modelId: MODEL,
      format: FORMAT,
      errorModel: { id: 0 },
      correction: 'none',
      samples,
      trials: 1,
      moduleSeed: 1,
      trialSeed: 1,
      rowBytes: 8192,
    },
    bers: [0],
    target: 'all',
  });
  return result.points[0].mean;
}

export default async function engineE2E(ctx: E2EContext): Promise<void> {
  const only = process.env.E2E_BACKENDS?.split(',');
  const failures: string[] = [];
  for (const c of CASES.filter((c) => !only || only.includes(c.request))) {
    const reference = await cliClean(c.samples);
    const browser = await ctx.launch({ webgpu: c.webgpu });
    try {
      const page = await browser.newPage();
      page.on('pageerror', (e) => ctx.log(`[${c.request}] page error: ${e.message}`));
      const q = new URLSearchParams({
        backend: c.request,
        model: MODEL,
        format: FORMAT,
        samples: String(c.samples),
        trials: '2',
        bers: '0,1e-2',
        target: 'all',
        root: '/',
      });
      await page.goto(`${ctx.baseUrl}e2e/test/e2e/engine.html?${q}`);
      await page.waitForFunction(
        () => {
          const w = window as unknown as { __engineResult?: unknown; __engineError?: string };
          return w.__engineResult !== undefined || w.__engineError !== undefined;
        },
        undefined,
        { timeout: 240_000, polling: 500 },
      );
      const out = await page.evaluate(() => {
        const w = window as unknown as { __engineResult?: unknown; __engineError?: string };
        return { res: w.__engineResult, err: w.__engineError };
      });
      const res = out.res as { info: BackendInfo; result: SweepResult; ms: number } | undefined;
      const err = out.err;
      if (!res) {
        failures.push(`${c.request}: ${err}`);
        continue;
      }
      const shown = await page.textContent('[data-testid="backend"]');
      const clean = res.result.points[0].mean;
      const noisy = res.result.points[1];
      ctx.log(
        `${c.request}: active=${res.info.active} (shown "${shown}"), clean ${(100 * clean).toFixed(2)} % vs CLI ${(100 * reference).toFixed(2)} % on ${c.samples} samples, ` +
          `BER 1e-2: ${(100 * noisy.mean).toFixed(2)} % [${(100 * noisy.lo).toFixed(2)}, ${(100 * noisy.hi).toFixed(2)}], ${(res.ms / 1000).toFixed(1)} s — ${res.info.reason}`,
      );
      const bad = c.expect(res.info);
      if (bad) failures.push(`${c.request}: ${bad}`);
      if (shown !== res.info.active)
        failures.push(`${c.request}: page shows "${shown}", engine runs ${res.info.active}`);
      if (Math.abs(clean - reference) > 0.005)
        failures.push(
          `${c.request}: clean ${clean} differs from the CLI's ${reference} by more than 0.5 points`,
        );
      if (!(noisy.trials === 2 && noisy.lo <= noisy.mean && noisy.mean <= noisy.hi && noisy.final))
        failures.push(`${c.request}: bad noisy point ${JSON.stringify(noisy)}`);
    } finally {
      await browser.close();
    }
  }
  if (failures.length) throw new Error(failures.join('; '));
}
