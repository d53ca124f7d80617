/**
 * What users bring (issue #13): links with odd keys and long values, and their own model
 * files, are run right or refused with a one-line reason — never a blank page or a stuck
 * panel. Screenshots go to test-results/. Run: `E2E_ONLY=input npx tsx test/e2e/run.ts`.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { encodeIdx } from '../../src/core/data';
import { saveModel, type FileBytes } from '../fixtures/userModels';

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

  // Break-it pass: an unknown profile fell back without naming the key; a ΔVDD far beyond the
  // profile is clamped once the profile is loaded. Both notices name the link key and value.
  await page.goto(`${baseUrl}?profile=nosuch&vdd=-0.9&backend=cpu`);
  await page.getByTestId('vdd-slider').waitFor(T);
  await page.waitForFunction(
    () => /vdd \(ΔVDD\)/.test(document.querySelector('[data-testid="notices"]')?.textContent ?? ''),
    undefined,
    T,
  );
  notices = await page.getByTestId('notices').innerText();
  assert.match(notices, /Link value profile="nosuch" is not valid .*; using ddr3-eden\./);
  assert.match(
    notices,
    /vdd \(ΔVDD\): -0\.9 V is below the range -0\.5 to 0 V on profile ddr3-eden; using -0\.5 V\./,
  );
  assert.doesNotMatch(notices, /could not be loaded/);
  assert.equal(await page.getByTestId('profile-select').inputValue(), 'ddr3-eden');
  assert.equal(await page.getByTestId('vdd-slider').inputValue(), '-0.5');
}

const picked = (files: FileBytes[]) =>
  files.map((f) => ({
    name: f.name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(f.bytes),
  }));

async function loadFiles(page: Page, files: FileBytes[], expect: RegExp): Promise<string> {
  await page.getByTestId('user-model-files').setInputFiles(picked(files));
  await page.getByRole('button', { name: 'Load' }).click();
  await page.waitForFunction(
    (source) =>
      new RegExp(source).test(
        document.querySelector('[data-testid="user-model-status"]')?.textContent ?? '',
      ),
    expect.source,
    T,
  );
  return page.getByTestId('user-model-status').innerText();
}

/**
 * Items 7, 5, 6, 2: a broken model.json leaves the panel usable with one line naming the
 * file; the Keras tutorial's Flatten(input_shape=(28, 28)) model runs; a model with a dilated
 * convolution and a BatchNormalization runs with Boost disabled (reason shown) and BN listed.
 */
export async function ownModelInputs(page: Page, baseUrl: string) {
  await tf.setBackend('cpu');
  await page.goto(`${baseUrl}?samples=100&trials=1&backend=cpu`);
  await page.getByTestId('user-model').locator('summary').click();

  const text = (s: string) => new TextEncoder().encode(s);
  const broken = await loadFiles(
    page,
    [
      { name: 'model.json', bytes: text('<html>not found</html>') },
      { name: 'weights.bin', bytes: new Uint8Array(8) },
    ],
    /not JSON/,
  );
  assert.match(broken, /^model\.json is not JSON/);
  assert.equal(broken.split('\n').length, 1);
  assert.ok(await page.getByRole('button', { name: 'Load' }).isEnabled(), 'Load usable again');

  const tutorial = tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [28, 28] }),
      tfl.layers.dense({ units: 32, activation: 'relu' }),
      tfl.layers.dense({ units: 10 }),
    ],
  });
  const t = await saveModel(tutorial, { name: 'tutorial.json' });
  // Break-it pass: a notes.txt picked with the model was dropped without a word.
  const notes = { name: 'notes.txt', bytes: text('my notes') };
  // …and the page's own boosted-model download (model.json + weights.bin + <id>.entry.json)
  // was refused when picked again ("Pick exactly one model.json").
  const side = { name: 'tutorial.entry.json', bytes: text('{}') };
  const loaded = await loadFiles(page, [t.modelJson, ...t.weights, notes, side], /^Loaded/);
  console.log(`  ${loaded}`);
  assert.match(
    loaded,
    /Not used \(tutorial\.json does not list them\): notes\.txt, tutorial\.entry\.json\.$/,
  );
  assert.match(await page.getByTestId('model-select').inputValue(), /^user-tutorial/);

  // Break-it pass: a 3-class model could not use the user's IDX files (10 classes assumed).
  const three = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [784], units: 3, activation: 'softmax' })],
  });
  const m3 = await saveModel(three, { name: 'three.json' });
  const n = 50;
  const pixels = Uint8Array.from({ length: n * 784 }, (_, i) => (i * 37) % 256);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 3);
  await page.getByTestId('user-data-choice').selectOption('idx');
  await page.getByTestId('user-data-files').setInputFiles(
    picked([
      { name: 'imgs-idx3-ubyte', bytes: encodeIdx([n, 28, 28], pixels) },
      { name: 'labs-idx1-ubyte', bytes: encodeIdx([n], labels) },
    ]),
  );
  const idxLoaded = await loadFiles(page, [m3.modelJson, ...m3.weights], /^Loaded three/);
  assert.match(idxLoaded, /50 images from imgs-idx3-ubyte \+ labs-idx1-ubyte/);
  labels[7] = 5;
  await page.getByTestId('user-data-files').setInputFiles(
    picked([
      { name: 'imgs-idx3-ubyte', bytes: encodeIdx([n, 28, 28], pixels) },
      { name: 'labs-idx1-ubyte', bytes: encodeIdx([n], labels) },
    ]),
  );
  const refused = await loadFiles(page, [m3.modelJson, ...m3.weights], /label 5/);
  assert.match(
    refused,
    /labs-idx1-ubyte: label 5 of sample 7 is not below 3 classes \(the model has 3 outputs\)$/,
  );
  await page.getByTestId('user-data-choice').selectOption('mnist');
  three.dispose();

  const dilated = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3, dilationRate: 2 }),
      tfl.layers.batchNormalization({ name: 'bn' }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 10 }),
    ],
  });
  const d = await saveModel(dilated, { name: 'dilated.json' });
  await loadFiles(page, [d.modelJson, ...d.weights], /^Loaded/);
  assert.match(
    await page.getByTestId('user-model-not-modelled').innerText(),
    /bn \(BatchNormalization, 16 parameters\)/,
  );
  assert.match(
    await page.getByTestId('user-model-unavailable').innerText(),
    /Boost needs gradients/,
  );
  await page.getByTestId('run-boost').waitFor(T);
  assert.ok(await page.getByTestId('run-boost').isDisabled(), 'Boost disabled for this model');
  assert.match((await page.getByTestId('run-boost').getAttribute('title')) ?? '', /gradient/);
  assert.match(await page.getByTestId('run-unavailable').innerText(), /Boost needs gradients/);
  assert.ok(await page.getByTestId('run-characterize').isEnabled(), 'characterize still offered');
  await shot(page, 'own-model-limits');
  tutorial.dispose();
  dilated.dispose();
}

export default async function run(page: Page, baseUrl: string) {
  for (const [name, test] of Object.entries({ oddLinks, ownModelInputs })) {
    const t0 = Date.now();
    await test(page, baseUrl);
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
  }
}
