/**
 * The demo path on a projector (issue #15): chart / map / energy exports at slide resolution,
 * scenario keys, the 1024×768 and 1280×720 layouts (normal and presentation mode).
 * Screenshots and exported files go to test-results/ (gitignored). Run: E2E_ONLY=stage
 * (E2E_TEST=<name> for one test).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { workloadFor } from '../../src/core/models/workload';
import { runNamed } from './harness';

const OUT = 'test-results';
const T = { timeout: 180_000 };
/** Small and fast: the exports and layouts do not depend on the sample size. */
const FAST = 'samples=100&trials=1&backend=wasm';

async function shot(page: Page, name: string, fullPage = false) {
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: `${OUT}/stage-${name}.png`, fullPage });
}

async function curveComplete(page: Page, min = 15) {
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-testid="ber-chart"]');
      return Number(el?.getAttribute('data-points')) >= n;
    },
    min,
    T,
  );
}

/** Click a button that downloads a file; the file's name and bytes. */
async function downloaded(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([
    page.waitForEvent('download', T),
    page.getByTestId(testId).click(),
  ]);
  const bytes = readFileSync((await d.path())!);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}/stage-export-${d.suggestedFilename()}`, bytes);
  return { name: d.suggestedFilename(), bytes };
}

/**
 * A PNG's size and, per column, whether a pixel of `rgb` (±40 per channel) is in it: decoded by
 * the browser (createImageBitmap), so no PNG library is needed here.
 */
async function pngColumns(page: Page, png: Buffer, rgb: [number, number, number]) {
  return page.evaluate(
    async ({ b64, rgb }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const { data } = ctx.getImageData(0, 0, bmp.width, bmp.height);
      let hit = 0;
      for (let x = 0; x < bmp.width; x++)
        for (let y = 0; y < bmp.height; y++) {
          const i = 4 * (y * bmp.width + x);
          if (
            Math.abs(data[i] - rgb[0]) < 40 &&
            Math.abs(data[i + 1] - rgb[1]) < 40 &&
            Math.abs(data[i + 2] - rgb[2]) < 40
          ) {
            hit++;
            break;
          }
        }
      return { width: bmp.width, height: bmp.height, columns: hit };
    },
    { b64: png.toString('base64'), rgb },
  );
}

const hex = (c: string): [number, number, number] => [
  parseInt(c.slice(1, 3), 16),
  parseInt(c.slice(3, 5), 16),
  parseInt(c.slice(5, 7), 16),
];

/** Chart PNG/SVG hold the whole chart (not the 28×28 legend icon); map and energy export too. */
export async function exports(page: Page, baseUrl: string) {
  for (const present of [false, true]) {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${baseUrl}?${FAST}&vdd=-0.3${present ? '&present=1' : ''}`);
    await curveComplete(page);
    const clean = await page.evaluate(() =>
      getComputedStyle(document.querySelector('.app')!).getPropertyValue('--clean').trim(),
    );
    const png = await downloaded(page, 'export-chart-png');
    assert.match(png.name, /\.png$/);
    const img = await pngColumns(page, png.bytes, hex(clean));
    assert.ok(img.width >= 1200, `chart PNG ${img.width} px wide (≥ 1200)`);
    assert.ok(img.height >= 500, `chart PNG ${img.height} px high`);
    // The current curve (a 3 px line in --clean) runs across the plot area.
    assert.ok(
      img.columns >= 0.6 * img.width,
      `curve colour in ${img.columns}/${img.width} columns of the PNG`,
    );
    const svg = (await downloaded(page, 'export-chart-svg')).bytes.toString('utf8');
    assert.match(svg, /^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const width = Number(/^<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
    assert.ok(width > 400, `SVG ${width} px wide (the whole chart)`);
    const curves = [...svg.matchAll(/<path[^>]*d="M[^"]*"[^>]*>/g)].filter((m) =>
      m[0].includes(`stroke:${cssRgb(clean)}`),
    );
    assert.ok(curves.length >= 1, 'the SVG holds the plotted curve path in its colour');
    assert.match(svg, /current settings/, 'the legend is in the SVG');
    assert.match(svg, /bit error rate \(log scale\)/, 'the axis title is in the SVG');
    assert.match(svg, /target \d/, 'the target line label is in the SVG');
    assert.match(svg, /font-family:/, 'fonts inline');
    assert.doesNotMatch(svg, /class="recharts/, 'standalone: no stylesheet classes needed');
    console.log(
      `  ${present ? 'presentation' : 'normal'}: chart PNG ${img.width}×${img.height}, curve in ${img.columns} columns; SVG ${svg.length} chars`,
    );
    await shot(page, `exports-${present ? 'present' : 'normal'}-1024`);
    if (present) continue;
    const map = (await downloaded(page, 'export-map-svg')).bytes.toString('utf8');
    assert.match(map, /Where the data lives in DRAM/);
    assert.ok((map.match(/<rect/g) ?? []).length > 8, 'the map SVG holds the data-type blocks');
    const mapPng = await pngColumns(
      page,
      (await downloaded(page, 'export-map-png')).bytes,
      [0, 0, 0],
    );
    assert.ok(mapPng.width >= 1200, `map PNG ${mapPng.width} px wide`);
    const energy = (await downloaded(page, 'export-energy-svg')).bytes.toString('utf8');
    assert.match(energy, /DRAM energy and speed/);
    assert.match(energy, /total/);
    // A closed <details> (EDEN's reported savings) is not drawn: its body has no box on screen.
    assert.doesNotMatch(energy, /why they differ/, 'closed details left out of the energy SVG');
    for (const svgText of [map, energy]) {
      const h = Number(/^<svg[^>]* height="(\d+)"/.exec(svgText)?.[1]);
      const ys = [...svgText.matchAll(/<text[^>]* y="([-\d.]+)"/g)].map((m) => Number(m[1]));
      assert.ok(
        ys.every((y) => y >= 0 && y <= h),
        `every text line inside the exported view (0…${h}): ${Math.min(...ys)}…${Math.max(...ys)}`,
      );
    }
    const energyPng = await pngColumns(
      page,
      (await downloaded(page, 'export-energy-png')).bytes,
      [0, 0, 0],
    );
    assert.ok(energyPng.width >= 1200, `energy PNG ${energyPng.width} px wide`);
  }
}

/** The numbers on screen once the accuracy at the operating point is final. */
async function settledNumbers(page: Page) {
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="accuracy"]');
      const chart = document.querySelector('[data-testid="ber-chart"]');
      return (
        el?.getAttribute('data-final') === 'true' &&
        el.getAttribute('data-ber') === chart?.getAttribute('data-operating-ber')
      );
    },
    null,
    T,
  );
  const get = (id: string) => page.getByTestId(id).innerText();
  await page.waitForTimeout(400); // the address bar is written 200 ms after the last change
  return {
    url: await page.evaluate(() => location.search),
    ber: await get('ber'),
    accuracy: await get('accuracy'),
    energy: await get('energy-saving'),
    speedup: await get('speedup'),
  };
}

/**
 * Keys 1–6: every key gives the same link and numbers from a fresh page and after every other
 * scenario (a sequence that holds every ordered pair); one caption at a time.
 */
export async function scenarioKeys(page: Page, baseUrl: string) {
  await page.setViewportSize({ width: 1280, height: 720 });
  const keys = ['1', '2', '3', '4', '5', '6'];
  const fresh = new Map<string, Awaited<ReturnType<typeof settledNumbers>>>();
  for (const k of keys) {
    await page.goto(`${baseUrl}?${FAST}`);
    await page.getByTestId('vdd-slider').waitFor(T);
    await page.getByTestId('ber').filter({ hasNotText: '—' }).waitFor(T);
    await page.keyboard.press(k);
    fresh.set(k, await settledNumbers(page));
    if (k === '2') {
      // The verdict needs the clean accuracy (the curve's BER-0 point), measured right after
      // the estimate (the Why panel waits for it: src/ui/engine/whyScheduler.ts).
      await page.getByTestId('clean-accuracy').filter({ hasNotText: 'measuring' }).waitFor(T);
      assert.equal(
        await page.locator('.card.ok [data-testid="accuracy"]').count(),
        1,
        'the EDEN scenario meets the target',
      );
    }
    if (k === '2' || k === '3') await shot(page, `scenario-${k}`);
  }
  for (const [k, n] of fresh)
    console.log(`  key ${k}: BER ${n.ber}, ${n.accuracy}, ${n.energy}, ${n.speedup}`);
  // "EDEN" shows EDEN working: within target with a saving; "too far" shows the cliff.
  const two = fresh.get('2')!;
  assert.ok(parseFloat(two.energy) > 0, `EDEN scenario saves energy (${two.energy})`);
  assert.ok(parseFloat(two.speedup) > 1, `EDEN scenario is faster (${two.speedup})`);
  assert.ok(
    parseFloat(fresh.get('3')!.accuracy) < 50,
    `too far shows the cliff (${fresh.get('3')!.accuracy})`,
  );
  // Every ordered pair (a, b) of different keys appears in this sequence.
  const seq: string[] = [];
  for (let a = 0; a < keys.length; a++)
    for (let b = a + 1; b < keys.length; b++) seq.push(keys[a], keys[b]);
  seq.push(keys[0]);
  for (const k of seq) {
    await page.keyboard.press(k);
    const n = await settledNumbers(page);
    assert.deepEqual(n, fresh.get(k), `key ${k} after other scenarios = from a fresh page`);
    assert.equal(await page.getByTestId('scenario-caption').count(), 1, 'one caption at a time');
    assert.equal(await page.getByTestId('scenario-caption').getAttribute('data-key'), k);
  }
  assert.equal(await page.getByTestId('notices').count(), 0, 'no stacked banners');

  // The shortcut list closes on Escape and on a click outside it; the favicon exists.
  await page.keyboard.press('?');
  await page.getByTestId('shortcut-help').waitFor(T);
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('shortcut-help').count(), 0, 'Escape closes the list');
  await page.keyboard.press('?');
  await page.mouse.click(5, 700);
  assert.equal(await page.getByTestId('shortcut-help').count(), 0, 'a click outside closes it');
  assert.ok(await page.evaluate(async () => (await fetch('favicon.svg')).ok), 'favicon served');
}

/** What a projector shows: overflow, clipped numbers, slider widths, what is above the fold. */
async function layoutFacts(page: Page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    // A headline number is clipped when its text is wider than its box, wrapped when its text
    // runs over more than one line.
    const numbers = [...document.querySelectorAll<HTMLElement>('.card .big, .bercell .big')].map(
      (el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        return {
          text: el.innerText,
          clipped: el.scrollWidth > el.clientWidth + 1,
          lines,
          right: el.getBoundingClientRect().right,
          cardRight: (el.closest('.card, .panel') ?? el).getBoundingClientRect().right,
        };
      },
    );
    return {
      viewport: { width: innerWidth, height: innerHeight },
      scrollWidth: doc.scrollWidth,
      clientWidth: doc.clientWidth,
      numbers,
      sliders: [...document.querySelectorAll<HTMLElement>('input[type="range"]')].map(
        (el) => el.getBoundingClientRect().width,
      ),
      ...(Object.fromEntries(
        Object.entries({
          knobs: '[data-tour="knobs"]',
          ber: '[data-testid="ber"]',
          accuracy: '[data-testid="accuracy"]',
          chart: '[data-testid="ber-chart"] .recharts-wrapper > svg',
          point: '[data-testid="operating-point"]',
        }).map(([k, sel]) => {
          const r = document.querySelector(sel)?.getBoundingClientRect();
          return [k, r ? { top: r.top, bottom: r.bottom, width: r.width } : null];
        }),
      ) as Record<
        'knobs' | 'ber' | 'accuracy' | 'chart' | 'point',
        { top: number; bottom: number; width: number } | null
      >),
    };
  });
}

/**
 * 1024×768 and 1280×720, normal and presentation mode: no sideways scroll, no clipped or wrapped
 * headline number, sliders wide enough to drag; in presentation mode the knobs, BER, accuracy
 * and the curve with its operating point above the fold.
 */
export async function projectorLayouts(page: Page, baseUrl: string) {
  for (const [width, height] of [
    [1024, 768],
    [1280, 720],
  ])
    for (const present of [false, true]) {
      const name = `${width}x${height}${present ? '-present' : ''}`;
      await page.setViewportSize({ width, height });
      await page.goto(`${baseUrl}?${FAST}${present ? '&present=1' : ''}`);
      await page.getByTestId('vdd-slider').waitFor(T);
      await page.getByTestId('ber').filter({ hasNotText: '—' }).waitFor(T);
      // The longest scenario caption on screen too (the worst case for the fold), then measure.
      await page.keyboard.press('2');
      await settledNumbers(page);
      await curveComplete(page, 3);
      await page.getByTestId('operating-point').waitFor(T);
      const f = await layoutFacts(page);
      await shot(page, `layout-${name}`);
      assert.ok(
        f.scrollWidth <= f.clientWidth,
        `${name}: no horizontal scroll (${f.scrollWidth} > ${f.clientWidth})`,
      );
      for (const n of f.numbers) {
        assert.ok(!n.clipped && n.right <= n.cardRight + 1, `${name}: "${n.text}" clipped`);
        assert.equal(n.lines, 1, `${name}: "${n.text}" wraps`);
      }
      for (const w of f.sliders) assert.ok(w >= 150, `${name}: slider only ${w} px wide`);
      const caption = await page
        .getByTestId('scenario-caption')
        .locator('span')
        .evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth, text: e.textContent }));
      assert.ok(
        caption.scroll <= caption.client + 1,
        `${name}: scenario caption cut (${caption.scroll} > ${caption.client}): ${caption.text}`,
      );
      if (present)
        for (const [what, b] of Object.entries({
          knobs: f.knobs,
          ber: f.ber,
          accuracy: f.accuracy,
          chart: f.chart,
          'operating point': f.point,
        }))
          assert.ok(
            b && b.bottom <= height,
            `${name}: ${what} above the fold (bottom ${b?.bottom} > ${height})`,
          );
      console.log(
        `  ${name}: page ${f.scrollWidth} px wide, sliders ${f.sliders.map(Math.round).join('/')} px, chart bottom ${Math.round(f.chart?.bottom ?? -1)}`,
      );
    }
}

/** Collects every text a test id shows from now on (a MutationObserver in the page). */
async function watchTexts(page: Page, testId: string) {
  // A string, not a function: tsx would wrap a named arrow in a helper the page lacks.
  await page.evaluate(`(() => {
    const id = ${JSON.stringify(testId)};
    const seen = (window['seen-' + id] = []);
    const note = () => {
      const t = document.querySelector('[data-testid="' + id + '"]')?.textContent ?? '';
      if (seen[seen.length - 1] !== t) seen.push(t);
    };
    note();
    new MutationObserver(note).observe(document.body, {
      subtree: true, childList: true, characterData: true,
    });
  })()`);
  return () =>
    page.evaluate((id) => (window as unknown as Record<string, string[]>)[`seen-${id}`], testId);
}

/**
 * Every number belongs to the current settings or says it is pending: after a model switch the
 * previous model's accuracy never shows; one clean-accuracy figure that does not move; the
 * refining phase named with its image count; the tolerable BER as point estimate and bound.
 */
export async function honestNumbers(page: Page, baseUrl: string) {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${baseUrl}?samples=1000&trials=1&backend=wasm`);
  await page.getByTestId('vdd-slider').waitFor(T);
  const clean = await watchTexts(page, 'clean-accuracy');
  const status = await watchTexts(page, 'curve-status');
  await settledNumbers(page);
  await curveComplete(page);
  await page.waitForFunction(
    () => !/…/.test(document.querySelector('[data-testid="curve-status"]')?.textContent ?? ''),
    null,
    T,
  );
  const cleanSeen = (await clean()).filter((t) => t !== '');
  const figures = new Set(
    cleanSeen.filter((t) => !/measuring/.test(t)).map((t) => /[\d.]+ %/.exec(t)?.[0]),
  );
  assert.equal(figures.size, 1, `one clean-accuracy figure, not moving: ${cleanSeen.join(' | ')}`);
  const statusSeen = await status();
  console.log(`  curve status: ${statusSeen.join(' | ')}`);
  for (const t of statusSeen.filter((x) => /…/.test(x) && !/ 0\//.test(x)))
    assert.match(t, /images/, `a running sweep names its images: "${t}"`);
  assert.match(await page.getByTestId('tolerable-point').innerText(), /^(\d\.\de-\d|none)$/);
  assert.match(
    await page.getByTestId('tolerable-ber').innerText(),
    /point estimate.*conservative/s,
  );

  const before = await page.getByTestId('accuracy').innerText();
  const accuracy = await watchTexts(page, 'accuracy');
  await page.getByTestId('model-select').selectOption('mlp-fashion');
  await settledNumbers(page);
  const after = await page.getByTestId('accuracy').innerText();
  const seen = await accuracy();
  console.log(`  model switch: ${before} → ${seen.join(' → ')}`);
  assert.notEqual(after, before);
  assert.ok(
    !seen.slice(1).includes(before),
    `the previous model's ${before} never shows after the switch: ${seen.join(' → ')}`,
  );
}

/**
 * Images × trials follow the model (issue #15 item 8): int4 LeNet-5, whose conservative reading
 * was "none" at 1,000 images × 3 trials, opened without samples=/trials= uses its own default
 * workload, says so, and reads a tolerable BER that is a number both ways; switching the
 * format moves the default workload along.
 */
export async function defaultWorkload(page: Page, baseUrl: string) {
  const usual = workloadFor('lenet5-mnist', 'int4');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${baseUrl}?model=lenet5-mnist&format=int4&backend=wasm`);
  await page.getByTestId('vdd-slider').waitFor(T);
  await curveComplete(page);
  await page.waitForFunction(
    () => !/…/.test(document.querySelector('[data-testid="curve-status"]')?.textContent ?? ''),
    null,
    T,
  );
  const query = new URL(page.url()).searchParams;
  assert.equal(query.get('samples'), String(usual.samples));
  assert.equal(query.get('trials'), String(usual.trials));
  const workload = await page.getByTestId('tolerable-workload').innerText();
  assert.equal(
    workload,
    `${usual.samples.toLocaleString('en-US')} images × ${usual.trials} trials, this model's default`,
  );
  const point = await page.getByTestId('tolerable-point').innerText();
  const bound = await page.getByTestId('tolerable-bound').innerText();
  console.log(
    `  lenet5-mnist int4 at ${workload}: tolerable ${point} point, ${bound} conservative`,
  );
  assert.match(point, /^\d\.\de-\d$/);
  assert.match(bound, /^\d\.\de-\d$/);
  mkdirSync(OUT, { recursive: true });
  await page.locator('section[aria-label="EDEN runs"]').screenshot({
    path: `${OUT}/stage-default-workload.png`,
  });
  await page.getByTestId('format-select').selectOption('int8');
  const int8 = workloadFor('lenet5-mnist', 'int8');
  await page.waitForFunction(
    (n) => new URL(location.href).searchParams.get('samples') === n,
    String(int8.samples),
    T,
  );
  assert.equal(new URL(page.url()).searchParams.get('trials'), String(int8.trials));
}

/**
 * Characterize (fine), then Map: the map reuses that characterization; its result is labelled
 * as a result and applied (the energy and accuracy cards follow it) until a knob moves; "Apply
 * this map" brings it back.
 */
export async function mapApply(page: Page, baseUrl: string) {
  const long = { timeout: 400_000 };
  await page.setViewportSize({ width: 1280, height: 900 });
  // tRCD −2 ns: the knob's speedup differs from the map's, so a card reading the wrong one shows.
  await page.goto(`${baseUrl}?${FAST}&trcd=-2`);
  await page.locator('[data-testid="run-characterize"]:not([disabled])').waitFor(T);
  await settledNumbers(page);
  const knobSpeedup = await page.getByTestId('speedup').innerText();
  const t0 = Date.now();
  await page.getByTestId('run-characterize').click();
  await page
    .locator('[data-testid="run-status"][data-kind="characterize"][data-running="false"]')
    .waitFor(long);
  const t1 = Date.now();
  await page.getByTestId('run-map').click();
  await page
    .locator('[data-testid="run-status"][data-kind="map"][data-running="false"]')
    .waitFor(long);
  const t2 = Date.now();
  const status = await page.getByTestId('run-status').innerText();
  console.log(
    `  characterize ${((t1 - t0) / 1000).toFixed(0)} s, map ${((t2 - t1) / 1000).toFixed(0)} s: ${status}`,
  );
  assert.match(status, /reused the fine characterization/);
  const summary = page.getByTestId('map-summary');
  assert.match(await summary.innerText(), /^Map result/);
  // Applied at once: the cards follow the map.
  const saving = await page.getByTestId('map-result-saving').innerText();
  assert.equal(
    await page.getByTestId('energy-saving').innerText(),
    saving,
    'the card follows the map',
  );
  assert.equal(await page.getByTestId('accuracy').getAttribute('data-source'), 'map');
  // The speed card follows the same rule: the map's speedup (each partition at the tRCD its
  // data tolerate), not the knob's tRCD −2 ns (it showed the knob's next to the map's energy).
  assert.equal(await page.getByTestId('speedup').getAttribute('data-source'), 'map');
  assert.equal(
    await page.getByTestId('speedup').innerText(),
    await page.getByTestId('map-fine-speedup').innerText(),
    'the speed card follows the map',
  );
  const mapSpeedup = await page.getByTestId('speedup').innerText();
  console.log(`  speedup: knobs (tRCD −2 ns) ${knobSpeedup}, map applied ${mapSpeedup}`);
  assert.notEqual(mapSpeedup, knobSpeedup);
  await shot(page, 'map-applied');
  // A knob move leaves the map (the knobs drive the module again); "Apply this map" returns.
  await page.getByTestId('vdd-slider').focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.getByTestId('accuracy').getAttribute('data-source'), 'knobs');
  assert.equal(await page.getByTestId('speedup').innerText(), knobSpeedup);
  assert.equal(await summary.getAttribute('data-applied'), 'false');
  await page.getByTestId('apply-map').click();
  assert.equal(await page.getByTestId('energy-saving').innerText(), saving);
  assert.equal(await page.getByTestId('accuracy').getAttribute('data-source'), 'map');
  // Its link cannot carry the map (a run's result): a page opened from it says so, and shows
  // the knobs' numbers as the knobs' (it showed them under "fine" without a word).
  await page.waitForTimeout(400); // the address bar is written 200 ms after the last change
  assert.match(page.url(), /map=fine/);
  const fresh = await page.context().newPage();
  try {
    await fresh.goto(page.url());
    await fresh.getByTestId('notices').filter({ hasText: 'map=fine' }).waitFor(T);
    assert.equal(await fresh.getByTestId('accuracy').getAttribute('data-source'), 'knobs');
    assert.ok(await fresh.locator('input[name="mapping"][value="coarse"]').isChecked());
    assert.doesNotMatch(fresh.url(), /map=fine/);
  } finally {
    await fresh.close();
  }
  // Another model: LeNet-5's map is not drawn as its partition map, nor offered as "fine".
  await page.getByTestId('model-select').selectOption('mlp-mnist');
  await page.locator('[data-testid="partition-map"][data-partitions="1"]').waitFor(T);
  assert.ok(await page.locator('input[name="mapping"][value="fine"]').isDisabled());
  assert.match(await page.getByTestId('map-result').innerText(), /from an earlier run/);
  assert.equal(await page.getByTestId('accuracy').getAttribute('data-source'), 'knobs');
}

/**
 * Records every state the run status shows (kind:running) from now on, in window.__runs: a
 * string script (tsx would compile a function with a helper the page lacks).
 */
async function watchRuns(page: Page) {
  await page.evaluate(`
    window.__runs = [];
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="run-status"]');
      const v = el ? el.getAttribute('data-kind') + ':' + el.getAttribute('data-running') : '';
      if (v && window.__runs[window.__runs.length - 1] !== v) window.__runs.push(v);
    }).observe(document, { subtree: true, childList: true, attributes: true });
  `);
}

/** Double-click `kind` before the curve has settled, then switch the model while it runs. */
async function runThenSwitch(page: Page, baseUrl: string, kind: 'characterize' | 'map' | 'boost') {
  await page.goto(`${baseUrl}?${FAST}`);
  await page.locator(`[data-testid="run-${kind}"]:not([disabled])`).waitFor(T);
  const points = Number(await page.getByTestId('ber-chart').getAttribute('data-points'));
  await watchRuns(page);
  await page.getByTestId(`run-${kind}`).dblclick();
  await page.getByTestId('model-select').selectOption('mlp-mnist');
  await page
    .locator(`[data-testid="run-status"][data-kind="${kind}"][data-running="false"]`)
    .waitFor({ timeout: 400_000 });
  const runs = await page.evaluate(() => (window as unknown as { __runs: string[] }).__runs);
  const status = await page.getByTestId('run-status').innerText();
  console.log(`  ${kind} (curve at ${points} points when clicked): ${runs.join(' → ')}: ${status}`);
  assert.deepEqual(runs, [`${kind}:true`, `${kind}:false`], 'one run, not stuck');
  const error = page.getByTestId('run-error');
  assert.equal(await error.count(), 0, (await error.count()) ? await error.innerText() : '');
  // The page's own numbers settle for the new model (no stuck "computing…").
  await curveComplete(page);
  await settledNumbers(page);
  return status;
}

/**
 * What users really do: double-click Characterize / Map / Boost before the curve has settled,
 * and switch the model while the run is going. One run each, none left "running", and what it
 * measured is shown only as the earlier model's (the Characterize result wrote LeNet-5's 15
 * tolerances under the MLP, and its map was priced with the MLP's data types).
 */
export async function clicksBeforeSettled(page: Page, baseUrl: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  const fine = await runThenSwitch(page, baseUrl, 'characterize');
  assert.match(fine, /Not shown: the settings changed during the run/);
  assert.equal(await page.getByTestId('tolerances').count(), 0);
  assert.equal(await page.getByTestId('tolerance-chart').count(), 0);
  assert.match(await page.getByTestId('tolerances-stale').innerText(), /lenet5-mnist int8/);
  // Back on the run's settings, its result is the page's again.
  await page.getByTestId('model-select').selectOption('lenet5-mnist');
  await page.getByTestId('tolerance-chart').waitFor(T);
  assert.equal(await page.getByTestId('tolerances-stale').count(), 0);

  const map = await runThenSwitch(page, baseUrl, 'map');
  assert.match(map, /Not applied: the settings changed during the run/);
  assert.match(await page.getByTestId('map-result').innerText(), /from an earlier run/);
  assert.equal(await page.getByTestId('accuracy').getAttribute('data-source'), 'knobs');
  assert.equal(await page.getByTestId('speedup').getAttribute('data-source'), 'knobs');
  // The earlier run's map is priced as its own model's (not "unknown data type conv1/weights").
  assert.match(await page.getByTestId('map-fine-saving').innerText(), /^\d+\.\d %$/);
  await shot(page, 'switch-after-map', true);

  await runThenSwitch(page, baseUrl, 'boost');
  // The boosted curve says whose it is beside the MLP's.
  assert.match(await page.getByTestId('ber-chart').innerText(), /lenet5-mnist-boosted/);
}

/** The headline numbers once the curve is complete and the operating point final. */
async function headline(page: Page) {
  // The tolerable BER shows once the curve is complete (13 points with weak rows at 10 %).
  await page.locator('[data-testid="ber-chart"][data-running="false"]').waitFor(T);
  await page.getByTestId('tolerable-point').waitFor(T);
  await page.getByTestId('clean-accuracy').filter({ hasNotText: 'measuring' }).waitFor(T);
  const n = await settledNumbers(page);
  const get = (id: string) => page.getByTestId(id).innerText();
  return {
    ...n,
    detail: await get('accuracy-detail'),
    clean: await get('clean-accuracy'),
    tolerable: await get('tolerable-ber'),
    points: await page.getByTestId('ber-chart').getAttribute('data-points'),
  };
}

/**
 * A copied link reloads to the same numbers: settings changed by hand (int4, error model 1,
 * ΔVDD −0.06 V, ΔtRCD −1 ns), then the link opened in a fresh page gives the same BER, accuracy
 * and its interval, clean accuracy, tolerable BER (point and bound) and savings: the same
 * seeds, the same images, whatever order the first page measured in.
 */
export async function linkReload(page: Page, baseUrl: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${baseUrl}?samples=100&trials=2&backend=wasm`);
  await page.getByTestId('ber').filter({ hasNotText: '—' }).waitFor(T);
  await page.getByTestId('format-select').selectOption('int4');
  await page.getByTestId('em-select').selectOption('1');
  await page.getByTestId('vdd-slider').focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft');
  await page.getByTestId('trcd-slider').focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  const before = await headline(page);
  const link = page.url();
  const q = new URL(link).searchParams;
  assert.deepEqual(
    [q.get('format'), q.get('em'), q.get('vdd'), q.get('trcd')],
    ['int4', '1', '-0.06', '-1'],
    link,
  );
  const fresh = await page.context().newPage();
  try {
    await fresh.setViewportSize({ width: 1280, height: 900 });
    await fresh.goto(link);
    const after = await headline(fresh);
    console.log(`  ${before.url}: ${JSON.stringify(before)}`);
    assert.deepEqual(after, before, 'the link reloads to the same numbers');
  } finally {
    await fresh.close();
  }
}

/** `#1f6feb` → `rgb(31, 111, 235)` (how computed styles write colours). */
function cssRgb(c: string): string {
  const [r, g, b] = hex(c);
  return `rgb(${r}, ${g}, ${b})`;
}

/** `E2E_TEST=<name>` runs only the tests whose name contains it (e.g. E2E_TEST=layout). */
export default async function run(page: Page, baseUrl: string) {
  await runNamed(
    {
      honestNumbers,
      defaultWorkload,
      projectorLayouts,
      scenarioKeys,
      exports,
      mapApply,
      clicksBeforeSettled,
      linkReload,
    },
    page,
    baseUrl,
  );
}
