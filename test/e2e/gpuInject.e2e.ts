/**
 * Issue 17: the fused WebGPU injection kernel in headless Chromium on SwiftShader WebGPU
 * (docs/design.md §5 flags). Builds its own page (gpuInject.html, checks in gpuInjectPage.ts) into
 * dist/e2e-gpu/ and fails with the page's list of failed checks. Small tensors only (SwiftShader).
 */
import { join } from 'node:path';
import { build } from 'vite';
import { dist, repoRoot, type E2EContext } from './harness';

export default async function gpuInjectE2E(ctx: E2EContext): Promise<void> {
  await build({
    configFile: false,
    root: repoRoot,
    base: './',
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: join(dist, 'e2e-gpu'),
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 8192,
      rollupOptions: { input: join(repoRoot, 'test/e2e/gpuInject.html') },
    },
  });
  const browser = await ctx.launch({ webgpu: true });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => ctx.log(`[gpu page] ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') ctx.log(`[gpu console] ${m.text()}`);
    });
    await page.goto(`${ctx.baseUrl}e2e-gpu/test/e2e/gpuInject.html`);
    await page.waitForFunction(
      () => (window as { __gpuResult?: unknown }).__gpuResult !== undefined,
      undefined,
      {
        timeout: 120_000,
        polling: 250,
      },
    );
    const res = (await page.evaluate(() => (window as { __gpuResult?: unknown }).__gpuResult)) as {
      fails: string[];
      log: string[];
    };
    for (const line of res.log) ctx.log(line);
    if (res.fails.length) throw new Error(`${res.fails.length} failed: ${res.fails.join('; ')}`);
  } finally {
    await browser.close();
  }
}
