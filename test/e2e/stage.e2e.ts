/**
 * The demo path on a projector (issue #15): chart / map / energy exports at slide resolution,
 * scenario keys, the 1024×768 and 1280×720 layouts (normal and presentation mode).
 * Screenshots and exported files go to test-results/ (gitignored). Run: E2E_ONLY=stage.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

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
    const energyPng = await pngColumns(
      page,
      (await downloaded(page, 'export-energy-png')).bytes,
      [0, 0, 0],
    );
    assert.ok(energyPng.width >= 1200, `energy PNG ${energyPng.width} px wide`);
  }
}

/** `#1f6feb` → `rgb(31, 111, 235)` (how computed styles write colours). */
function cssRgb(c: string): string {
  const [r, g, b] = hex(c);
  return `rgb(${r}, ${g}, ${b})`;
}

export default async function run(page: Page, baseUrl: string) {
  for (const [name, test] of Object.entries({ exports })) {
    const t0 = Date.now();
    await test(page, baseUrl);
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
  }
}
