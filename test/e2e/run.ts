/**
 * Browser end-to-end tests (`npm run test:e2e` = `vite build && tsx test/e2e/run.ts`).
 *
 * 1. Builds the engine test page (test/e2e/engine.html, not part of the app) into dist/e2e/.
 * 2. Serves dist/ on localhost with COOP/COEP (the wasm backend's threads need them).
 * 3. Runs every test/e2e/*.e2e.ts file. Each default-exports either
 *    `(ctx: E2EContext) => Promise<void>` (drives Chromium through `ctx.launch`, harness.ts) or
 *    `(page, baseUrl) => Promise<void>` (gets a page of a fresh Chromium without WebGPU).
 * Exit code 0 when every file passed. `E2E_ONLY=<substring>` runs matching files only.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import {
  CHROMIUM,
  buildEnginePage,
  dist,
  launcher,
  repoRoot as root,
  serve,
  type E2EContext,
} from './harness';

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(
      `e2e: no browser at ${CHROMIUM}: run sh scripts/ensure-chromium.sh (installs Debian's chromium as root)\n`,
    );
    return 1;
  }
  if (!existsSync(dist)) {
    process.stderr.write('e2e: dist/ is missing: run `vite build` first (npm run test:e2e does)\n');
    return 1;
  }
  await buildEnginePage();
  const { server, baseUrl } = await serve();
  const only = process.env.E2E_ONLY;
  const files = readdirSync(join(root, 'test/e2e'))
    .filter((f) => f.endsWith('.e2e.ts') && (!only || f.includes(only)))
    .sort();
  const browsers = launcher();
  const ctx: E2EContext = {
    baseUrl,
    log: (m) => process.stdout.write(`  ${m}\n`),
    launch: browsers.launch,
  };
  let failed = 0;
  for (const f of files) {
    const t0 = performance.now();
    process.stdout.write(`e2e ${f}\n`);
    try {
      const mod = (await import(pathToFileURL(join(root, 'test/e2e', f)).href)) as {
        default:
          ((c: E2EContext) => Promise<void>) | ((page: Page, baseUrl: string) => Promise<void>);
      };
      if (mod.default.length >= 2) {
        // The page-level form `(page, baseUrl)`: a fresh browser without WebGPU (WebGL2 on SwiftShader).
        const browser = await browsers.launch({ webgpu: false });
        try {
          const page = await browser.newPage();
          await page.setViewportSize({ width: 1440, height: 1000 });
          await (mod.default as (page: Page, baseUrl: string) => Promise<void>)(page, baseUrl);
        } finally {
          await browser.close();
        }
      } else {
        await (mod.default as (c: E2EContext) => Promise<void>)(ctx);
      }
      const pageErrors = browsers.takeErrors();
      if (pageErrors.length) {
        throw new Error(`${pageErrors.length} uncaught page error(s), first: ${pageErrors[0]}`);
      }
      process.stdout.write(`ok   ${f} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    } catch (e) {
      failed++;
      const pageErrors = browsers.takeErrors();
      const also = pageErrors.length ? ` (page error: ${pageErrors[0]})` : '';
      process.stdout.write(`FAIL ${f}: ${e instanceof Error ? e.message : String(e)}${also}\n`);
    }
  }
  server.close();
  browsers.cleanup();
  process.stdout.write(`e2e: ${files.length - failed}/${files.length} files passed\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`e2e: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
