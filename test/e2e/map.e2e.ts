/**
 * EDEN's third step in the page (issue #14): a Map run on the fine knob grid gives partitions
 * at different settings, the result table (coarse vs fine, validation vs target, where the
 * extra saving comes from) and the tolerance chart, whose bars highlight data types on the map.
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

/** A Map run with 3 partitions: ≥ 2 distinct settings, validation shown, fine view on the map. */
export async function mapRun(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}?${SMALL}&parts=3`);
  assert.equal(await page.getByTestId('map-partitions').inputValue(), '3');
  await page.locator('[data-testid="map-run"]:not([disabled])').waitFor(T);
  await page.getByTestId('map-run').click();
  await page.getByTestId('map-result').waitFor(T);
  const result = page.getByTestId('map-result');
  const settings = Number(await result.getAttribute('data-settings'));
  const partitions = Number(await result.getAttribute('data-partitions'));
  console.log(
    `  map: ${partitions} partitions at ${settings} settings; ${await page.getByTestId('map-saving').innerText()}`,
  );
  assert.ok(settings >= 2, `expected ≥ 2 distinct partition settings, got ${settings}`);
  assert.ok(partitions <= 3);
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
  assert.match(page.url(), /parts=3/);

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
  await shot(page, '1440');
  await page.setViewportSize({ width: 1024, height: 768 });
  await shot(page, '1024');
  await page.setViewportSize({ width: 1440, height: 1000 });
}

export default async function run(page: Page, baseUrl: string) {
  for (const [name, test] of Object.entries({ mapRun })) {
    const t0 = Date.now();
    await test(page, baseUrl);
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
  }
}
