/**
 * EDEN's third step in the page (issue #14): a Map run on the fine knob grid gives partitions
 * at different settings, the result table (coarse vs fine, validation vs target, where the
 * extra saving comes from) and the tolerance chart, whose bars highlight data types on the map;
 * an imported characterization CSV becomes the profile (a malformed one is refused); an SNN
 * shows SparkXD's placement and energy split.
 * Small workload (300 images × 2 trials, a 5-point target so the small sample still tolerates
 * errors). Screenshots go to test-results/ (gitignored). Run: E2E_ONLY=map.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';

const OUT = 'test-results';
const T = { timeout: 300_000 };
const SMALL = 'model=lenet5-mnist&format=int8&samples=300&trials=2&drop=0.05&backend=wasm';

async function shot(page: Page, name: string) {
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: `${OUT}/map-${name}.png`, fullPage: true });
}

/**
 * A Map run with 4 partitions: ≥ 2 distinct settings, the fine map saving at least what the
 * coarse one does (it refines it), the same saving in the map panel, the Runs summary and the
 * energy card, validation shown, fine view on the map.
 */
export async function mapRun(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}?${SMALL}&parts=4`);
  assert.equal(await page.getByTestId('map-partitions').inputValue(), '4');
  await page.locator('[data-testid="map-run"]:not([disabled])').waitFor(T);
  await page.getByTestId('map-run').click();
  const done = page.locator('[data-testid="map-result"], [data-testid="run-error"]').first();
  for (let waited = 0; !(await done.isVisible()); waited += 15) {
    if (waited >= 420) throw new Error('the Map run did not finish in 420 s');
    if (waited % 60 === 0)
      console.log(`  … ${waited} s: ${await page.getByTestId('run-status').innerText()}`);
    await page.waitForTimeout(15_000);
  }
  assert.equal(
    await page.getByTestId('run-error').count(),
    0,
    `the Map run failed: ${await page.locator('[data-testid="run-error"]').allInnerTexts()}`,
  );
  const result = page.getByTestId('map-result');
  const settings = Number(await result.getAttribute('data-settings'));
  const partitions = Number(await result.getAttribute('data-partitions'));
  console.log(
    `  map: ${partitions} partitions at ${settings} settings; ${await page.getByTestId('map-saving').innerText()}`,
  );
  assert.ok(settings >= 2, `expected ≥ 2 distinct partition settings, got ${settings}`);
  assert.ok(partitions <= 4);
  const saving = page.getByTestId('map-saving');
  const coarse = Number(await saving.getAttribute('data-coarse'));
  const fine = Number(await saving.getAttribute('data-fine'));
  assert.ok(coarse > 0 && fine >= coarse - 1e-12, `fine ${fine} < coarse ${coarse}`);
  assert.match(await page.getByTestId('map-refines').innerText(), /refines the coarse one/);
  // One figure: the map panel, the Runs summary and the energy card (map applied) agree.
  const fineText = await page.getByTestId('map-fine-saving').innerText();
  assert.equal(await page.getByTestId('map-result-saving').innerText(), fineText);
  assert.equal(await page.getByTestId('energy-saving').innerText(), fineText);
  assert.match(
    await page.getByTestId('map-validation').innerText(),
    /vs target .*: (meets|misses)/,
  );
  assert.equal(await page.locator('[data-testid="map-partition-row"]').count(), partitions);
  // The map switched to the fine view: one band per used partition, labels differ.
  const map = page.getByTestId('partition-map');
  assert.equal(Number(await map.getAttribute('data-partitions')), partitions);
  const labels = await page.locator('[data-testid="partition-label"]').allInnerTexts();
  assert.equal(labels.length, partitions);
  await page.waitForURL(/parts=4/, T);

  // The tolerance chart: a bar per data type; clicking one highlights it on the map.
  const bars = page.locator('[data-testid="tolerance-bar"]');
  assert.equal(await bars.count(), Number(await map.getAttribute('data-blocks')));
  await page.getByTestId('tolerance-coarse').waitFor(T);
  const id = await bars.nth(2).getAttribute('data-id');
  await bars.nth(2).click();
  assert.equal(
    await page.locator(`[data-testid="partition-map"] rect[data-highlight="true"]`).count(),
    1,
  );
  assert.equal(
    await page
      .locator(`[data-testid="partition-map"] rect[data-highlight="true"]`)
      .getAttribute('data-id'),
    id,
  );
  // EDEN's comparison prices the same run's coarse and fine maps on every platform.
  const cmp = await page
    .locator('[data-testid="eden-comparison-row"]')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
  assert.ok(cmp.length >= 2);
  for (const cells of cmp) {
    const [c, f] = [cells[2], cells[3]].map((x) => Number.parseFloat(x));
    assert.ok(Number.isFinite(c) && f >= c, `EDEN comparison ${cells[0]}: fine ${f} < coarse ${c}`);
  }
  // Module variation: 8 modules, each with a setting per group (coarse + each partition).
  const spread = page.getByTestId('module-spread');
  await spread.waitFor(T);
  assert.equal(await spread.getAttribute('data-modules'), '8');
  const vdds = await page
    .locator('[data-testid="module-row"]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-vdd'))));
  assert.equal(vdds.length, 8);
  for (const v of vdds) assert.ok(Number.isFinite(v) && v <= 0 && v >= -1, `ΔVDD ${v}`);
  const summary = await page.getByTestId('module-spread-summary').innerText();
  console.log(`  modules: ${summary}`);
  assert.match(summary, /Coarse setting across the 8 modules: −0\.\d\d V/);
  assert.match(summary, /Per partition: P1 −0\.\d\d V/);
  await shot(page, '1440');
  await page
    .locator('section[aria-label="Partition map"]')
    .screenshot({ path: `${OUT}/map-panel.png` });
  await page.setViewportSize({ width: 1024, height: 768 });
  await shot(page, '1024');
  await page.setViewportSize({ width: 1440, height: 1000 });

  // Another model: the map is LeNet-5's, so the cards leave it (the accuracy card showed its
  // validated accuracy under the MLP) and it cannot be applied to these settings.
  await page.getByTestId('model-select').selectOption('mlp-mnist');
  await page.getByTestId('map-other-settings').waitFor(T);
  assert.equal(await page.getByTestId('accuracy').getAttribute('data-source'), 'knobs');
  assert.equal(await page.getByTestId('apply-map').count(), 0);
  assert.equal(await page.getByTestId('map-summary').getAttribute('data-applied'), 'false');
}

/** A measured characterization CSV becomes the active profile; a malformed one is refused. */
export async function importCharacterization(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}?samples=100&trials=1&backend=wasm`);
  const input = page.getByTestId('profile-import');
  await input.waitFor(T);
  const csv = (text: string, name: string) => ({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(text),
  });
  // Malformed: a BER that is not a number. Refused, the profile stays.
  await input.setInputFiles(csv('knob,delta,ber\nvdd,0,0\nvdd,-0.1,lots\n', 'bad.csv'));
  await page.getByTestId('profile-import-error').waitFor(T);
  assert.match(
    await page.getByTestId('profile-import-error').innerText(),
    /^bad\.csv line 3: ber "lots" is not a number$/,
  );
  assert.equal(await page.getByTestId('profile-select').inputValue(), 'ddr3-eden');
  // Valid: becomes the active profile; the knobs read its curve.
  const good = [
    'knob,delta,ber',
    'vdd,0,0',
    'vdd,-0.05,1e-4',
    'vdd,-0.2,2e-2',
    'trcd,0,0',
    'trcd,-2,1e-3',
    'trcd,-4,1e-2',
  ].join('\n');
  await input.setInputFiles(csv(good, 'module-7.csv'));
  await page.waitForFunction(
    () =>
      (document.querySelector('[data-testid="profile-select"]') as HTMLSelectElement | null)
        ?.value === 'csv-module-7',
    null,
    T,
  );
  assert.equal(await page.getByTestId('profile-import-error').count(), 0);
  await page.waitForURL(/profile=csv-module-7/, T); // link writes are coalesced
  const slider = page.getByTestId('vdd-slider');
  assert.equal(await slider.getAttribute('min'), '-0.2');
  await slider.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="ber"]')?.textContent === '1.0e-4',
    null,
    T,
  );
}

/**
 * An SNN shows SparkXD's placement (one bank vs all banks) and the mapping/voltage split. One
 * trial: no conservative reading, so the split uses the point estimate and says so (it used to
 * wait for a bound that never came).
 */
export async function snnSparkxd(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}?model=snn-mnist&samples=100&trials=1&backend=wasm`);
  await page.getByTestId('sparkxd-split').waitFor(T);
  const used = await page
    .locator('[data-testid="sparkxd-placement"]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-banks-used'))));
  assert.deepEqual(used, [1, 8]);
  const split = await page.getByTestId('sparkxd-split').innerText();
  console.log(`  sparkxd: ${split.split('. Same')[0]}`);
  assert.match(split, /mapping saves \d+\.\d %, the voltage \d+\.\d %, together \d+\.\d %/);
  assert.match(split, /point estimate: one trial/);
  await shot(page, 'sparkxd');
}

export default async function run(page: Page, baseUrl: string) {
  for (const [name, test] of Object.entries({ importCharacterization, snnSparkxd, mapRun })) {
    const t0 = Date.now();
    await test(page, baseUrl);
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
  }
}
