/**
 * bench:slider (issue #7 item 11): time from a VDD slider step to (a) the updated accuracy
 * estimate on the page (the first, progressive one) and (b) the redrawn chart (the operating
 * point marker at the new BER, after the next animation frame), p50/p95 over 50 steps, in
 * headless Debian Chromium on the built app (run `npx vite build` first).
 *
 *   npm run bench:slider -- [--backend auto|wasm|webgl|cpu] [--samples 1000] [--trials 3] [--steps 50]
 *     [--why] [--view bits|trials|changed|layers|histogram] [--data-type ID] [--vdd=-0.1 (page opens there)]
 *     [--switch int16 (after the steps: switch to this format, a setting that restarts the curve)]
 *
 * Each step is an `input` event on the range input (what a drag or an arrow key produces); the
 * next step waits for the previous estimate, so the figures are latencies, not throughput. The
 * page's main thread is also probed: the longest gap between animation frames during the run.
 * Before the steps it prints the times from opening the page to the curve's first phase (every
 * point on the first images), to the Why panel's first result and to the complete curve. With
 * `--why` each step also waits for the Why panel's first result at the new BER (on the tab
 * `--view`, default Which bits; `--data-type` for the Values tab) and reports that time too,
 * and the Why panel's own first phase (its first result less the final estimate: it starts then).
 * `--switch F` then changes the storage format to F and reports the times from the change to the
 * new curve's first phase, to the Why panel's first result and to the complete curve.
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
    view: { type: 'string', default: 'bits' },
    'data-type': { type: 'string', default: '' },
    vdd: { type: 'string', default: '0' },
    switch: { type: 'string', default: '' },
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
  // Times since the page opened (performance.now() counts from the navigation), recorded by a
  // MutationObserver: the curve's first phase (status "refining…": every point is in), the
  // complete curve and the Why panel's first result.
  await page.addInitScript(`
    const t = (window.benchLoad = {});
    new MutationObserver(() => {
      const status = document.querySelector('[data-testid="curve-status"]')?.textContent ?? '';
      const now = performance.now();
      if (!t.curveFirst && (/^refining/.test(status) || /^\\d+ points/.test(status))) t.curveFirst = now;
      if (!t.curveDone && /^\\d+ points/.test(status)) t.curveDone = now;
      const why = document.querySelector('[data-testid="why-result"]');
      if (why && !t.whyFirst) t.whyFirst = now;
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  `);
  const wdt = values['data-type'] ? `&wdt=${encodeURIComponent(values['data-type'])}` : '';
  const q = `?model=${values.model}&format=${values.format}&samples=${values.samples}&trials=${values.trials}&backend=${values.backend}&why=${values.view}${wdt}&vdd=${values.vdd}`;
  const tLoad = Date.now();
  await page.goto(baseUrl + q);
  // Wait for the backend, the first estimate and the full curve (the marker then has a y).
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="accuracy"]')?.getAttribute('data-ber') ===
        document.querySelector('[data-testid="ber-chart"]')?.getAttribute('data-operating-ber') &&
      /^\d+ points/.test(document.querySelector('[data-testid="curve-status"]')?.textContent ?? ''),
    null,
    { timeout: 600_000 },
  );
  const loadToCurve = (Date.now() - tLoad) / 1000;
  if (values.why)
    await page.waitForFunction(
      () => (window as unknown as { benchLoad: { whyFirst?: number } }).benchLoad.whyFirst,
      null,
      { timeout: 600_000 },
    );
  const load = await page.evaluate(
    () => (window as unknown as { benchLoad: Record<string, number> }).benchLoad,
  );
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
  const sec = (ms: number | undefined) => (ms === undefined ? '–' : (ms / 1000).toFixed(1));
  console.log(
    `page open → curve's first phase ${sec(load.curveFirst)} s, Why first result (${values.view}) ${sec(load.whyFirst)} s, complete curve ${sec(load.curveDone)} s (waited ${loadToCurve.toFixed(1)} s)`,
  );
  console.log('| slider step → | p50 ms | p95 ms | max ms |');
  console.log('|---|---|---|---|');
  console.log(row('redrawn chart (marker at the new BER)', result.toChart));
  console.log(row('first accuracy estimate', result.toEstimate));
  console.log(row('final estimate', result.toFinal));
  if (values.why) {
    console.log(row(`Why panel's first result (${values.view})`, result.toWhy));
    console.log(
      row(
        "Why panel's first phase itself (first result − final estimate)",
        result.toWhy.map((t, i) => t - result.toFinal[i]),
      ),
    );
  }
  console.log(
    `longest gap between animation frames during the run: ${result.worstFrameGap.toFixed(0)} ms`,
  );
  if (values.switch) {
    const t = await page.evaluate(async (format: string) => {
      const select = document.querySelector<HTMLSelectElement>('[data-testid="format-select"]')!;
      const set = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!;
      const times: Record<string, number> = {};
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        const obs = new MutationObserver(() => {
          const status = document.querySelector('[data-testid="curve-status"]')?.textContent ?? '';
          const now = performance.now() - t0;
          if (!times.measuring && /^measuring/.test(status)) times.measuring = now;
          if (!times.measuring) return;
          if (!times.curveFirst && /^refining|^\d+ points/.test(status)) times.curveFirst = now;
          if (!times.curveDone && /^\d+ points/.test(status)) times.curveDone = now;
          // The Why result of the new format (its caption names it), not dimmed as stale.
          const why = document.querySelector<HTMLElement>('[data-testid="why-result"]');
          const caption = document.querySelector('[data-testid="why-caption"]')?.textContent ?? '';
          if (!times.whyFirst && why?.style.opacity === '1' && caption.includes(` ${format} at`))
            times.whyFirst = now;
          if (times.curveDone && times.whyFirst) {
            obs.disconnect();
            resolve();
          }
        });
        obs.observe(document.body, {
          subtree: true,
          attributes: true,
          childList: true,
          characterData: true,
        });
        set.call(select, format);
        select.dispatchEvent(new Event('change', { bubbles: true }));
      });
      return times;
    }, values.switch);
    const sec = (ms: number | undefined) => (ms === undefined ? '–' : (ms / 1000).toFixed(1));
    console.log(
      `format → ${values.switch}: curve's first phase ${sec(t.curveFirst)} s, Why first result ${sec(t.whyFirst)} s, complete curve ${sec(t.curveDone)} s`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
