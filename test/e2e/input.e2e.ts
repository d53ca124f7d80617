/**
 * What users bring (issue #13): links with odd keys and long values, and their own model
 * files, are run right or refused with a one-line reason — never a blank page or a stuck
 * panel. Screenshots go to test-results/. Run: `E2E_ONLY=input npx tsx test/e2e/run.ts`.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';

const OUT = 'test-results';
const T = { timeout: 180_000 };

async function shot(page: Page, name: string) {
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: `${OUT}/input-${name}.png`, fullPage: true });
}

/** Item 8: built-in-named keys, a repeated key and a 10,000-character value. */
export async function oddLinks(page: Page, baseUrl: string) {
  // The notice list keeps the latest few notices: two links.
  await page.goto(`${baseUrl}?constructor=1&__proto__=1&toString=x&hasOwnProperty=1&backend=cpu`);
  await page.getByTestId('notices').waitFor(T);
  await page.getByTestId('vdd-slider').waitFor(T);
  let notices = await page.getByTestId('notices').innerText();
  for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
    assert.match(notices, new RegExp(`Unknown link parameter "${key}" ignored`));

  const long = 'x'.repeat(10_000);
  await page.goto(`${baseUrl}?samples=100&samples=abc&vdd=${long}&backend=cpu`);
  await page.getByTestId('notices').waitFor(T);
  await page.getByTestId('vdd-slider').waitFor(T);
  notices = await page.getByTestId('notices').innerText();
  assert.match(notices, /samples appears 2 times; the last one counts/);
  assert.match(notices, /samples="abc"/);
  assert.match(notices, /10000 characters/);
  const width = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  assert.ok(width[0] <= width[1], `page width ${width[0]} px fits the ${width[1]} px window`);
  await shot(page, 'odd-link');
}

export default async function run(page: Page, baseUrl: string) {
  for (const [name, test] of Object.entries({ oddLinks })) {
    const t0 = Date.now();
    await test(page, baseUrl);
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
  }
}
