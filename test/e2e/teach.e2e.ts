/**
 * What the page says on the way (issue #15 item 9): chart labels clear of every line and of each
 * other, an off-scale operating point labelled as such, the tour in page order setting the state
 * it explains, the bit view following the knobs, jargon defined where it first shows, and the
 * energy table's note. Screenshots go to test-results/. Run: E2E_ONLY=teach (E2E_TEST=<name>).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { runNamed } from './harness';

const OUT = 'test-results';
const T = { timeout: 180_000 };
/** A curve with a tolerable BER in a few seconds: 300 images × 2 trials, a 5-point target. */
const SMALL = 'samples=300&trials=2&drop=0.05&backend=wasm';

async function shot(page: Page, name: string) {
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: `${OUT}/teach-${name}.png` });
}

async function curveComplete(page: Page) {
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="ber-chart"]');
      return (
        el?.getAttribute('data-running') === 'false' && Number(el.getAttribute('data-points')) >= 15
      );
    },
    null,
    T,
  );
}

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The chart's label boxes and everything they must stay clear of, in page pixels, read from the
 * DOM: points every 2 px along each plotted curve, the reference lines (target, tolerable,
 * operating point) and the operating dot.
 */
async function chartGeometry(page: Page): Promise<{
  labels: (Rect & { id: string; text: string })[];
  curvePoints: { x: number; y: number }[];
  lines: (Rect & { kind: string })[];
  dot: Rect | null;
}> {
  // A string, not a function: tsx would wrap named arrows in a helper the page lacks.
  return page.evaluate(`(() => {
    const svg = document.querySelector('[data-testid="ber-chart"] .recharts-wrapper > svg');
    function rect(e) {
      const r = e.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    }
    const labels = [...svg.querySelectorAll('[data-testid="chart-labels"] text')].map((t) => ({
      id: t.getAttribute('data-label'), text: t.textContent, ...rect(t),
    }));
    const curvePoints = [];
    for (const path of svg.querySelectorAll('path.recharts-line-curve')) {
      if (!path.getAttribute('d')) continue;
      const m = path.getScreenCTM();
      const n = path.getTotalLength();
      for (let l = 0; l <= n; l += 2) {
        const p = path.getPointAtLength(l).matrixTransform(m);
        curvePoints.push({ x: p.x, y: p.y });
      }
    }
    const lines = [...svg.querySelectorAll('.recharts-reference-line .recharts-reference-line-line')]
      .map((l) => ({ kind: l.parentElement.getAttribute('class'), ...rect(l) }));
    const dot = svg.querySelector('[data-testid="operating-point"] circle');
    return { labels, curvePoints, lines, dot: dot ? rect(dot) : null };
  })()`);
}

const overlap = (a: Rect, b: Rect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Asserts that no chart label touches a curve, a reference line, the dot or another label. */
async function labelsClear(page: Page, what: string) {
  const g = await chartGeometry(page);
  assert.ok(g.labels.length > 0, `${what}: labels drawn`);
  for (const l of g.labels) {
    const hit = g.curvePoints.find(
      (p) => p.x > l.left && p.x < l.right && p.y > l.top && p.y < l.bottom,
    );
    assert.equal(
      hit,
      undefined,
      `${what}: label "${l.text}" lies on a curve at ${JSON.stringify(hit)}`,
    );
    for (const line of g.lines)
      assert.ok(!overlap(l, line), `${what}: label "${l.text}" crosses ${line.kind}`);
    if (g.dot)
      assert.ok(!overlap(l, g.dot), `${what}: label "${l.text}" covers the operating point`);
    for (const o of g.labels)
      if (o !== l) assert.ok(!overlap(l, o), `${what}: labels "${l.text}" and "${o.text}" overlap`);
  }
  return g;
}

/**
 * Labels clear of lines at 1024×768 and 1440×900: with the tolerable line, with compared
 * curves, and with the operating point off the axis on either side (labelled as off scale).
 */
export async function chartLabels(page: Page, baseUrl: string) {
  for (const [width, height] of [
    [1024, 768],
    [1440, 900],
  ]) {
    await page.setViewportSize({ width, height });
    for (const [name, query] of [
      ['nominal', 'vdd=0'],
      ['tolerable', 'vdd=-0.05&trcd=-0.5'],
      ['beyond', 'vdd=-0.5&trcd=-7'],
      ['present', 'vdd=0&present=1'],
    ]) {
      await page.goto(`${baseUrl}?${SMALL}&${query}`);
      await curveComplete(page);
      await page.getByTestId('operating-point').waitFor(T);
      const what = `${width}×${height} ${name}`;
      const g = await labelsClear(page, what);
      const ids = g.labels.map((l) => l.id);
      assert.ok(ids.includes('target'), `${what}: the target line is labelled`);
      assert.ok(ids.includes('tolerable-0'), `${what}: the tolerable BER is labelled`);
      const off = page.getByTestId('off-scale');
      if (name === 'nominal' || name === 'present')
        assert.match((await off.textContent()) ?? '', /◂ BER 0 \(nominal\): off scale/);
      else if (name === 'beyond')
        assert.match((await off.textContent()) ?? '', /off scale: BER 3\.4e-1 ▸/);
      else assert.equal(await off.count(), 0, `${what}: no off-scale label on the axis`);
      await page.getByTestId('ber-chart').scrollIntoViewIfNeeded();
      await shot(page, `labels-${name}-${width}`);
      console.log(`  ${what}: ${g.labels.map((l) => `"${l.text}"`).join(', ')} clear`);
    }
    if (width !== 1024) continue;
    // More curves: every error model beside the current one, each with all its points.
    await page.goto(`${baseUrl}?samples=100&trials=1&drop=0.05&backend=wasm&vdd=-0.1`);
    await curveComplete(page);
    await page.getByTestId('compare-em').click();
    await page.waitForFunction(
      () => {
        const extra = [...document.querySelectorAll<HTMLElement>('[data-testid="extra-curve"]')];
        // Done: not running and "N points" (not "n/N points"; wordline/bitline models stop at
        // their weak fraction, so fewer than 15).
        return (
          extra.length === 3 &&
          extra.every(
            (e) =>
              e.getAttribute('data-running') === 'false' &&
              /\d points/.test(e.innerText) &&
              !/\//.test(e.innerText),
          )
        );
      },
      null,
      { timeout: 240_000 },
    );
    await page.waitForTimeout(500);
    await labelsClear(page, `${width}×${height} compare error models`);
    await page.getByTestId('ber-chart').scrollIntoViewIfNeeded();
    await shot(page, `labels-compare-${width}`);
  }
}

/** The bit view redraws its read when a knob moves (no "Draw a read" needed). */
export async function bitViewFollows(page: Page, baseUrl: string) {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`${baseUrl}?${SMALL}&vdd=0`);
  const view = page.getByTestId('bit-view');
  await view.waitFor(T);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="ber"]')?.textContent !== '—',
    null,
    T,
  );
  assert.equal(await view.getAttribute('data-ber'), '0');
  assert.equal(await view.getAttribute('data-flips'), '0');
  const slider = page.getByTestId('vdd-slider');
  await slider.focus();
  for (let i = 0; i < 50; i++) await page.keyboard.press('ArrowLeft');
  assert.equal(await slider.inputValue(), '-0.5');
  const ber = await page.getByTestId('ber-chart').getAttribute('data-operating-ber');
  assert.equal(await view.getAttribute('data-ber'), ber, 'the bit view reads at the knobs’ BER');
  assert.ok(Number(await view.getAttribute('data-flips')) > 0, 'at BER 0.25 this read flips bits');
  assert.match(await view.innerText(), /This read at BER 2\.5e-1 flipped the marked bits/);
  await view.scrollIntoViewIfNeeded();
  await shot(page, 'bit-view-1024');
}

/** The energy table says why its rows save the same share (every current scales with VDD). */
export async function energyNote(page: Page, baseUrl: string) {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`${baseUrl}?${SMALL}&vdd=-0.1`);
  const note = page.getByTestId('energy-row-note');
  await note.waitFor(T);
  assert.match(await note.innerText(), /^Every row saves the same 12\.9 %: .*\(1\.40 \/ 1\.50\)²/);
  await page.goto(`${baseUrl}?${SMALL}&vdd=-0.1&trcd=-1`);
  assert.match(await note.innerText(), /^Rows differ: .*background and refresh save more/);
  await note.scrollIntoViewIfNeeded();
  await shot(page, 'energy-note-1024');
}

/**
 * The tour goes down the page in order, scrolling smoothly to each step; the first step shows
 * nominal knobs (BER 0), every later one a setting with bit errors, its Why tab selected and,
 * at the DRAM array, flipped cells.
 */
export async function tour(page: Page, baseUrl: string) {
  for (const present of [false, true]) {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${baseUrl}?${SMALL}&vdd=-0.2${present ? '&present=1' : ''}`);
    await curveComplete(page);
    await page.getByRole('button', { name: 'Tour' }).click();
    const card = page.getByTestId('tour');
    await card.waitFor(T);
    const steps = Number(/\/ (\d+)/.exec(await card.innerText())![1]);
    let lastTop = -Infinity;
    let smooth = 0;
    for (let k = 0; k < steps; k++) {
      if (k > 0) {
        // Sample the scroll position every frame while the page moves to the next step.
        const samples = page.evaluate(`new Promise((done) => {
          const seen = [scrollY];
          const t0 = performance.now();
          (function tick() {
            if (seen[seen.length - 1] !== scrollY) seen.push(scrollY);
            if (performance.now() - t0 < 1500) requestAnimationFrame(tick);
            else done(seen);
          })();
        })`) as Promise<number[]>;
        await page.getByTestId('tour-next').click();
        const seen = await samples;
        if (Math.abs(seen[seen.length - 1] - seen[0]) > 200 && seen.length >= 4) smooth++;
      }
      await page.waitForFunction(
        (n) =>
          document.querySelector('[data-testid="tour"]')?.getAttribute('data-step') === String(n),
        k,
        T,
      );
      // Once the page has stopped scrolling: the card covers no part of the panel it explains
      // (at 1024×768 in presentation mode it covered the lower third of the Why panel).
      await page.waitForFunction(
        `new Promise((done) => { const y = scrollY; setTimeout(() => done(scrollY === y), 250); })`,
        null,
        T,
      );
      const s = await page.evaluate(() => {
        const el = document.querySelector('.tour-target')!;
        const card = document.querySelector('[data-testid="tour"]')!;
        const a = el.getBoundingClientRect();
        const c = card.getBoundingClientRect();
        const overlap =
          Math.max(0, Math.min(a.right, c.right) - Math.max(a.left, c.left)) *
          Math.max(0, Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top));
        return {
          overlap,
          cardOnScreen: c.top >= 0 && c.bottom <= innerHeight,
          target: card.getAttribute('data-target'),
          title: card.querySelector('strong')!.textContent,
          top: el.getBoundingClientRect().top + scrollY,
          ber: document.querySelector('[data-testid="ber"]')!.textContent,
          tab: document
            .querySelector('[role="tab"][aria-selected="true"]')
            ?.getAttribute('data-tour'),
          flips: Number(
            document.querySelector('[data-testid="array-view"]')!.getAttribute('data-flips'),
          ),
        };
      });
      assert.ok(
        s.top >= lastTop - 1,
        `step ${k + 1} "${s.title}" is above the step before it (page order)`,
      );
      if (k === 1 || s.target === 'bits' || s.target === 'why')
        await shot(page, `tour-${k + 1}-${present ? 'present' : 'normal'}-1024`);
      lastTop = s.top;
      assert.equal(s.overlap, 0, `step ${k + 1} "${s.title}": the card covers its panel`);
      assert.ok(s.cardOnScreen, `step ${k + 1} "${s.title}": the card is on screen`);
      if (k === 0) assert.equal(s.ber, '0', 'step 1 shows the nominal knobs');
      else
        assert.notEqual(s.ber, '0', `step ${k + 1} "${s.title}" shows a setting with bit errors`);
      if (s.target === 'why') assert.match(s.title ?? '', /^Why/);
      if (/^Why \d/.test(s.title ?? ''))
        assert.equal(
          s.tab,
          ['why-bits', 'why-trials', 'why-changed', 'why-layers', 'why-histogram'][
            Number(/^Why (\d)/.exec(s.title!)![1]) - 1
          ],
          `"${s.title}" selects its Why tab`,
        );
      if (s.target === 'bits')
        assert.ok(s.flips > 0, `"${s.title}": the array shows flipped cells`);
    }
    assert.ok(smooth >= 3, `the page scrolls smoothly between steps (${smooth} smooth moves)`);
    console.log(
      `  ${present ? 'presentation' : 'normal'}: ${steps} steps in page order, ${smooth} smooth scrolls`,
    );
    await page.keyboard.press('Escape');
  }
}

/**
 * Jargon (IFM/OFM, zoo, back-off, Boost) is defined where each panel first uses it: the first
 * text in a panel that names a term sits in an element carrying that term's definition
 * (`data-term`, title from src/ui/glossary.tsx).
 */
export async function jargon(page: Page, baseUrl: string) {
  await page.setViewportSize({ width: 1024, height: 768 });
  let checked = 0;
  for (const why of ['layers', 'histogram']) {
    await page.goto(`${baseUrl}?${SMALL}&vdd=-0.1&why=${why}`);
    await curveComplete(page);
    await page
      .locator(`[data-testid="why-result"][data-view="${why}"]`)
      .waitFor({ timeout: 300_000 });
    const found = await jargonFound(page);
    for (const f of found)
      assert.ok(f.defined, `${f.panel}: first "${f.id}" ("${f.text}") has no definition`);
    checked += found.length;
    console.log(`  why=${why}: ${found.map((f) => `${f.panel}/${f.id}`).join(', ')} defined`);
  }
  // After a Map run: the map's table, its texts and the Runs summary (a "back-offs" was left
  // without its definition in the map panel's text on how the fine map refines the coarse one).
  await page.goto(`${baseUrl}?samples=100&trials=1&backend=wasm`);
  await page.locator('[data-testid="run-map"]:not([disabled])').waitFor(T);
  await page.getByTestId('run-map').click();
  await page
    .locator('[data-testid="run-status"][data-kind="map"][data-running="false"]')
    .waitFor({ timeout: 400_000 });
  await page.getByTestId('map-result').waitFor(T);
  const after = await jargonFound(page);
  for (const f of after)
    assert.ok(f.defined, `after Map, ${f.panel}: first "${f.id}" ("${f.text}") has no definition`);
  console.log(`  after Map: ${after.map((f) => `${f.panel}/${f.id}`).join(', ')} defined`);
  // Banners are plain text (no definitions on hover): they name no term at all. A boosted
  // model's link read 'Link value model="…" is not in the zoo'.
  await page.goto(`${baseUrl}?samples=100&trials=1&backend=wasm&model=lenet5-mnist-boosted-1`);
  await page.getByTestId('notices').filter({ hasText: 'lenet5-mnist-boosted-1' }).waitFor(T);
  const banner = (await jargonFound(page)).filter((f) => f.panel === 'notices');
  assert.deepEqual(banner, [], 'the notice names a term without its definition');
  assert.ok(checked >= 6, `jargon found and checked in ${checked} places`);
}

/**
 * Per panel (and the notices), the first text naming each glossary term, and whether its
 * definition is on it.
 */
async function jargonFound(page: Page) {
  return (await page.evaluate(`(() => {
    const terms = { ifm: /\\bifm\\b/i, ofm: /\\bofm\\b/i, zoo: /\\bzoo\\b/i, backoff: /\\bback-offs?\\b/i, boost: /\\bboost\\b/i };
    const out = [];
    for (const panel of document.querySelectorAll('.panel, .notices')) {
      const name = panel.getAttribute('aria-label') || panel.querySelector('h2')?.textContent || 'notices';
      for (const [id, re] of Object.entries(terms)) {
        const walk = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walk.nextNode())) if (re.test(node.textContent)) break;
        if (!node) continue;
        const def = node.parentElement.closest('[data-term="' + id + '"]');
        out.push({ panel: name, id, text: node.textContent.trim().slice(0, 60),
          defined: !!def && panel.contains(def) && (def.getAttribute('title') || '').length > 20 });
      }
    }
    return out;
  })()`)) as { panel: string; id: string; text: string; defined: boolean }[];
}

/** `E2E_TEST=<name>` runs only the tests whose name contains it (e.g. E2E_TEST=tour). */
export default async function run(page: Page, baseUrl: string) {
  await runNamed({ chartLabels, tour, bitViewFollows, energyNote, jargon }, page, baseUrl);
}
