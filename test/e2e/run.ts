/**
 * Browser end-to-end tests (`npm run test:e2e` = `vite build && tsx test/e2e/run.ts`).
 *
 * 1. Builds the engine test page (test/e2e/engine.html, not part of the app) into dist/e2e/.
 * 2. Serves dist/ on localhost with the cross-origin isolation headers the wasm backend's
 *    threads need (COOP/COEP); files missing from dist/ fall back to public/ (models, data).
 * 3. Runs every test/e2e/*.e2e.ts file: each default-exports `(ctx: E2EContext) => Promise<void>`
 *    and drives Debian's Chromium (/usr/bin/chromium, never a downloaded browser) through
 *    playwright-core with the flags of DESIGN.md §5.
 * Exit code 0 when every file passed. `E2E_ONLY=<substring>` runs matching files only.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { publicDir } from '../../src/engine/nodePaths';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** DESIGN.md §5: WebGPU (on SwiftShader here) and the common headless flags. */
const COMMON_FLAGS = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WEBGPU_FLAGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan,WebGPU',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
];

export interface E2EContext {
  /** http://127.0.0.1:<port>/ serving dist/ (COOP/COEP set). */
  baseUrl: string;
  /** A fresh headless Chromium; `webgpu: false` leaves WebGPU off (WebGL2 on SwiftShader only). */
  launch(options?: { webgpu?: boolean }): Promise<BrowserContext>;
  log(message: string): void;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function serve(): Promise<{ server: Server; baseUrl: string }> {
  const roots = [dist, publicDir()];
  const server = createServer((req, res) => {
    const path = normalize(
      decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname),
    ).replace(/^([/\\])+/, '');
    if (path.split(/[/\\]/).includes('..')) {
      res.writeHead(400).end();
      return;
    }
    for (const r of roots) {
      let file = join(r, path);
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!existsSync(file)) continue;
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cross-Origin-Resource-Policy': 'same-origin',
        'Cache-Control': 'no-store',
      });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404).end('not found');
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({ server, baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/` }),
    ),
  );
}

async function buildEnginePage(): Promise<void> {
  await build({
    configFile: false,
    root,
    base: './',
    publicDir: false,
    logLevel: 'warn',
    // As in vite.config.ts: an unminified worker (tfjs-wasm threads need the factory's source).
    worker: { format: 'es', rollupOptions: { output: { minify: false } } },
    build: {
      outDir: join(dist, 'e2e'),
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 8192,
      rollupOptions: { input: join(root, 'test/e2e/engine.html') },
    },
  });
}

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(
      `e2e: no browser at ${CHROMIUM} (Debian package "chromium"; CI installs it in .ci/run)\n`,
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
  const profiles: string[] = [];
  const ctx: E2EContext = {
    baseUrl,
    log: (m) => process.stdout.write(`  ${m}\n`),
    launch: async ({ webgpu = true } = {}) => {
      const profile = mkdtempSync(join(tmpdir(), 'eden-e2e-'));
      profiles.push(profile);
      // A fresh profile per launch (DESIGN.md §5: --user-data-dir=<fresh temp dir>).
      return chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [...COMMON_FLAGS, ...(webgpu ? WEBGPU_FLAGS : [])],
      });
    },
  };
  let failed = 0;
  for (const f of files) {
    const t0 = performance.now();
    process.stdout.write(`e2e ${f}\n`);
    try {
      const mod = (await import(pathToFileURL(join(root, 'test/e2e', f)).href)) as {
        default: (c: E2EContext) => Promise<void>;
      };
      await mod.default(ctx);
      process.stdout.write(`ok   ${f} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    } catch (e) {
      failed++;
      process.stdout.write(`FAIL ${f}: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  server.close();
  for (const p of profiles) rmSync(p, { recursive: true, force: true });
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
