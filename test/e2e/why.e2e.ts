/**
 * The "Why" panel (issue #16) in a real browser: at an operating point with errors, every tab
 * renders a picture and a caption with measured numbers, on a tiny workload (100 images,
 * 2 trials, wasm); it follows the slider (first phase, then refined) and its tab and data type
 * live in the link. Screenshots at 1024×768 and 1440×900 go to test-results/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';

const OUT = 'test-results';
const T = { timeout: 240_000 };

/** Each view: its chart's test id and the attribute that counts what it drew. */
const VIEWS = [
  ['bits', 'why-bits-chart', 'data-bars'],
  ['trials', 'why-trials-chart', 'data-trials'],
  ['changed', 'why-changed-grid', 'data-images'],
  ['layers', 'why-layers-chart', 'data-rows'],
  ['histogram', 'why-histogram-chart', 'data-changed'],
] as const;

async function finalResult(page: Page, view: string) {
  await page.waitForFunction(
    (v) => {
      const el = document.querySelector('[data-testid="why-result"]');
      return el?.getAttribute('data-view') === v && el.getAttribute('data-final') === 'true';
    },
    view,
    T,
  );
}

/** Every tab renders a picture and a caption with measured numbers. */
async function everyView(page: Page, baseUrl: string) {
  await page.setViewportSize({ width: 1440, height: 900 });
  // fp32 without correction at ΔVDD −0.07 V (BER 1.1e-4): exponent flips, a clear picture in every view.
  await page.goto(
    `${baseUrl}?model=lenet5-mnist&format=fp32&corr=none&vdd=-0.07&samples=100&trials=2&backend=wasm`,
  );
  await page.getByTestId('why-panel').waitFor(T);
  for (const [view, chart, count] of VIEWS) {
    const t0 = Date.now();
    await page.getByTestId(`why-tab-${view}`).click();
    await finalResult(page, view);
    const caption = await page.getByTestId('why-caption').innerText();
    assert.match(caption, /BER \d/, `${view}: caption names the BER (${caption})`);
    assert.match(
      caption,
      /\d+(\.\d)? (%|points)|\d+ of \d+/,
      `${view}: caption has a measured figure (${caption})`,
    );
    const n = Number(await page.getByTestId(chart).getAttribute(count));
    assert.ok(n > 0, `${view}: ${chart} drew something (${count}=${n})`);
    if (view === 'changed') {
      await page.getByTestId('why-changed-image').first().click();
      await page.getByTestId('why-logits').waitFor(T);
      await page.locator('[data-testid="why-confusion"] summary').click();
      const shifted = await page.locator('[data-testid="why-confusion"] td').allInnerTexts();
      assert.ok(
        shifted.some((t) => t.trim() !== ''),
        'the confusion shift shows where changed predictions went',
      );
    }
    mkdirSync(OUT, { recursive: true });
    await page.getByTestId('why-panel').screenshot({ path: `${OUT}/why-${view}.png` });
    console.log(`  ✓ ${view} (${Date.now() - t0} ms): ${caption}`);
  }
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.getByTestId('why-tab-bits').click();
  await finalResult(page, 'bits');
  await page.screenshot({ path: `${OUT}/why-1024.png`, fullPage: true });
}

/** The result's view, images, finality and BER, as the page shows them. */
const resultState = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('[data-testid="why-result"]');
    return {
      view: el?.getAttribute('data-view'),
      samples: el?.getAttribute('data-samples'),
      final: el?.getAttribute('data-final'),
      ber: el?.getAttribute('data-ber'),
      operatingBer: document
        .querySelector('[data-testid="ber-chart"]')
        ?.getAttribute('data-operating-ber'),
    };
  });

/**
 * Every state the why result has shown ("view|ber|samples|final"), recorded by a
 * MutationObserver in the page: a first phase can be replaced within one frame, too fast for
 * polling to see it.
 */
async function recordWhyStates(page: Page) {
  // A string, not a function: tsx compiles named inner functions with an `__name` helper that
  // does not exist in the page, so a function here would throw before observing anything.
  await page.addInitScript(`
    const seen = [];
    window.whySeen = seen;
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="why-result"]');
      if (!el) return;
      const s = ['data-view', 'data-ber', 'data-samples', 'data-final']
        .map((a) => el.getAttribute(a))
        .join('|');
      if (seen[seen.length - 1] !== s) seen.push(s);
    }).observe(document, { subtree: true, childList: true, attributes: true });
  `);
}

/** Waits until the why result has shown `want` (view `view`) at the page's current operating BER. */
async function waitState(page: Page, want: { view: string; samples: string; final: string }) {
  await page.waitForFunction(
    (w) => {
      const ber = document
        .querySelector('[data-testid="ber-chart"]')
        ?.getAttribute('data-operating-ber');
      const seen = (window as unknown as { whySeen?: string[] }).whySeen ?? [];
      return seen.includes(`${w.view}|${ber}|${w.samples}|${w.final}`);
    },
    want,
    T,
  );
}

/** One VDD slider step (ArrowLeft / ArrowRight) and the link's VDD after it. */
async function step(page: Page, key: 'ArrowLeft' | 'ArrowRight', vdd: string) {
  await page.getByTestId('vdd-slider').focus();
  await page.keyboard.press(key);
  await page.waitForURL(new RegExp(`vdd=${vdd.replace('.', '\\.')}(&|$)`), T);
}

/**
 * Live under the sliders: at each operating point the view shows the first phase (100 images)
 * first, then the refined result; the tab and its data type are in the link, and a reload
 * restores them.
 */
async function liveAndInTheLink(page: Page, baseUrl: string) {
  await recordWhyStates(page);
  await page.goto(
    `${baseUrl}?model=lenet5-mnist&format=fp32&corr=none&vdd=-0.07&samples=300&trials=1&backend=wasm&why=trials`,
  );
  assert.equal(await page.getByTestId('why-tab-trials').getAttribute('aria-selected'), 'true');
  await waitState(page, { view: 'trials', samples: '100', final: 'false' });
  // Labelled as the first phase while it is one (read at once: it may refine meanwhile).
  const phase = await page.evaluate(
    () => document.querySelector('[data-testid="why-phase"]')?.textContent ?? 'refined already',
  );
  assert.match(phase, /First estimate on 100 of 300 images|refined already/);
  await waitState(page, { view: 'trials', samples: '300', final: 'true' });
  await page.locator('[data-testid="why-result"][data-final="true"]').waitFor(T);
  assert.equal(await page.getByTestId('why-phase').count(), 0, 'no phase note once final');
  await step(page, 'ArrowLeft', '-0.08');
  await waitState(page, { view: 'trials', samples: '100', final: 'false' });
  await waitState(page, { view: 'trials', samples: '300', final: 'true' });
  const at = await resultState(page);
  assert.equal(at.view, 'trials');
  console.log(`  ✓ live: first on 100 images, then 300, at BER ${at.ber}`);

  // Every other view follows a slider step the same way: first on 100 images, then 300 (the
  // Values tab on an activation data type: a weights histogram reads no images).
  let vdd = '-0.08';
  for (const view of ['bits', 'changed', 'layers', 'histogram'] as const) {
    const t0 = Date.now();
    await page.getByTestId(`why-tab-${view}`).click();
    if (view === 'histogram') await page.getByTestId('why-data-type').selectOption('conv1/ofm');
    await finalResult(page, view);
    vdd = vdd === '-0.08' ? '-0.07' : '-0.08';
    await step(page, vdd === '-0.07' ? 'ArrowRight' : 'ArrowLeft', vdd);
    await waitState(page, { view, samples: '100', final: 'false' });
    await waitState(page, { view, samples: '300', final: 'true' });
    console.log(`  ✓ live ${view}: first on 100 images, then 300 (${Date.now() - t0} ms)`);
  }
  await page.waitForURL(/why=histogram&wdt=conv1%2Fofm/, T);
  await finalResult(page, 'histogram');
  const caption = await page.getByTestId('why-caption').innerText();
  await page.reload();
  assert.equal(await page.getByTestId('why-tab-histogram').getAttribute('aria-selected'), 'true');
  assert.equal(await page.getByTestId('why-data-type').inputValue(), 'conv1/ofm');
  await finalResult(page, 'histogram');
  assert.equal(
    await page.getByTestId('why-caption').innerText(),
    caption,
    'same view, same numbers',
  );
  console.log(`  ✓ reload restores the tab and data type: ${caption}`);
}

/** A spiking network: the panel says the views take ANNs, and offers nothing else. */
async function snnRefused(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}?model=snn-mnist&samples=100&trials=2&vdd=-0.12&why=histogram`);
  await page.getByText('The why views take ANN models; this one is a spiking network.').waitFor(T);
  assert.equal(await page.locator('.why-question').count(), 0, 'no question heading for an SNN');
  for (const id of ['export-why-histogram-png', 'export-why-histogram-svg', 'why-csv', 'why-json'])
    assert.ok(await page.getByTestId(id).isDisabled(), `${id} disabled with no result`);
  console.log('  ✓ an SNN: one line, nothing to export');
}

export default async function run(page: Page, baseUrl: string) {
  await everyView(page, baseUrl);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await liveAndInTheLink(page, baseUrl);
  await snnRefused(page, baseUrl);
}
