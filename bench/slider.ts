/**
 * bench:slider (issue #7 item 11): time from a VDD slider step to (a) the updated accuracy
 * estimate on the page (the first, progressive one) and (b) the redrawn chart (the operating
 * point marker at the new BER, after the next animation frame), p50/p95 over 50 steps, in
 * headless Debian Chromium on the built app (run `npx vite build` first).
 *
 *   npm run bench:slider -- [--backend auto|wasm|webgl|cpu] [--samples 1000] [--trials 3] [--steps 50] [--why]
 *
 * Each step is an `input` event on the range input (what a drag or an arrow key produces); the
 * next step waits for the previous estimate, so the figures are latencies, not throughput. The
 * page's main thread is also probed: the longest gap between animation frames during the run.
 * Before the steps it prints the time from opening the page to the complete curve. With
 * `--why` each step also waits for the Why panel's first result at the new BER (its
 * default tab, Which bits) and reports that time too.
 */
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';
import { CHROMIUM, serve } from '../test/e2e/harness';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'auto' },
    samples: { type: 'string', default: '1000' },
    trials: { type: 'string', default: '3' },
    steps: { type: 'string', default: '50' },
    model: { type: 'string', default: 'lenet5-mnist' },
    format: { type: 'string', default: 'int8' },
    why: { type: 'boolean', default: false },
  },
});
const steps = Number(values.steps);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

const { server, baseUrl } = await serve();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu-sandbox', '--no-first-run', '--enable-unsafe-swiftshader'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  // tsx compiles named inner functions with an `__name` helper that the page does not have.
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const q = `?model=${values.model}&format=${values.format}&samples=${values.samples}&trials=${values.trials}&backend=${values.backend}`;
  const tLoad = Date.now();
  await page.goto(baseUrl + q);
  // Wait for the backend, the first estimate and the full curve (the marker then has a y).
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="accuracy"]')?.getAttribute('data-ber') === '0' &&
      /^\d+ points/.test(document.querySelector('[data-testid="curve-status"]')?.textContent ?? ''),
    null,
    { timeout: 600_000 },
  );
  const loadToCurve = (Date.now() - tLoad) / 1000;
  const backend = await page.getByTestId('backend').getAttribute('data-active');
  const result = await page.evaluate(
    async ({ n, waitWhy }: { n: number; waitWhy: boolean }) => {
      const slider = document.querySelector<HTMLInputElement>('[data-testid="vdd-slider"]')!;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const min = Number(slider.min);
      const chart = document.querySelector('[data-testid="ber-chart"]')!;
      let worstFrameGap = 0;
      let last = performance.now();
      let probing = true;
      const probe = (t: number) => {
        worstFrameGap = Math.max(worstFrameGap, t - last);
        last = t;
        if (probing) requestAnimationFrame(probe);
      };
      requestAnimationFrame(probe);
      const toEstimate: number[] = [];
      const toChart: number[] = [];
      const toFinal: number[] = [];
      const toWhy: number[] = [];
      let v = 0;
      let dir = -1;
      for (let i = 0; i < n; i++) {
        if (v + dir * 0.05 < min - 1e-9 || v + dir * 0.05 > 1e-9) dir = -dir;
        v = Number((v + dir * 0.05).toFixed(2));
        const t0 = performance.now();
        let tChart = 0;
        let tEst = 0;
        let tWhy = 0;
        let tFinal = 0;
        const done = new Promise<void>((resolve) => {
          const check = () => {
            const ber = chart.getAttribute('data-operating-ber');
            const marker = chart.querySelector('[data-testid="operating-point"]');
            const acc = document.querySelector('[data-testid="accuracy"]');
            if (!tChart && marker?.getAttribute('data-ber') === ber)
              requestAnimationFrame(() => (tChart = tChart || performance.now() - t0));
            if (!tEst && acc?.getAttribute('data-ber') === ber) tEst = performance.now() - t0;
            const why = document.querySelector('[data-testid="why-result"]');
            if (!tWhy && why?.getAttribute('data-ber') === ber) tWhy = performance.now() - t0;
            if (!tFinal && tEst && acc?.getAttribute('data-final') === 'true')
              tFinal = performance.now() - t0;
            if (tFinal && (tWhy || !waitWhy)) {
              obs.disconnect();
              toFinal.push(tFinal);
              if (waitWhy) toWhy.push(tWhy);
              resolve();
            }
          };
          const obs = new MutationObserver(check);
          obs.observe(document.body, {
            subtree: true,
            attributes: true,
            childList: true,
            characterData: true,
          });
        });
        setValue.call(slider, String(v));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await done;
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        toEstimate.push(tEst);
        toChart.push(tChart);
      }
      probing = false;
      return { toEstimate, toChart, toFinal, toWhy, worstFrameGap };
    },
    { n: steps, waitWhy: values.why },
  );
  const row = (name: string, xs: number[]) =>
    `| ${name} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`;
  console.log(
    `backend: ${backend}; model ${values.model}/${values.format}; ${values.samples} images × ${values.trials} trials; ${steps} steps`,
  );
  console.log(`page load → complete curve: ${loadToCurve.toFixed(1)} s`);
  console.log('| slider step → | p50 ms | p95 ms | max ms |');
  console.log('|---|---|---|---|');
  console.log(row('redrawn chart (marker at the new BER)', result.toChart));
  console.log(row('first accuracy estimate', result.toEstimate));
  console.log(row('final estimate', result.toFinal));
  if (values.why) console.log(row("Why panel's first result (Which bits)", result.toWhy));
  console.log(
    `longest gap between animation frames during the run: ${result.worstFrameGap.toFixed(0)} ms`,
  );
} finally {
  await browser.close();
  server.close();
}
