/**
 * Local runner for the UI's e2e tests (until test/e2e/run.ts from the engine issue is used):
 * serves dist/ with the cross-origin isolation headers, opens Debian's Chromium (DESIGN.md §5
 * flags, without WebGPU: WebGL2 on SwiftShader) and runs test/e2e/ui.e2e.ts.
 * Usage: npx tsx test/e2e/ui-local.ts [--webgpu]
 */
import { chromium } from 'playwright-core';
import { serveDist } from './uiServe';
import run from './ui.e2e';

const webgpu = process.argv.includes('--webgpu');
const flags = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // playwright gives every launch a fresh temporary profile (the fresh --user-data-dir of §5)
  ...(webgpu
    ? [
        '--enable-unsafe-webgpu',
        '--enable-features=Vulkan,WebGPU',
        '--use-vulkan=swiftshader',
        '--use-webgpu-adapter=swiftshader',
        '--enable-unsafe-swiftshader',
      ]
    : ['--enable-unsafe-swiftshader']),
];

const server = await serveDist('dist');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: flags,
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[page] ${m.text()}`);
  });
  page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
  await run(page, server.url);
  console.log('ui e2e: passed');
} catch (e) {
  failed = true;
  console.error('ui e2e: FAILED:', (e as Error).message);
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
