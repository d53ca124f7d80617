/**
 * What the browser e2e tests and benchmarks share: the engine test page build, a static
 * server for dist/ with the COOP/COEP headers (files missing from dist/ fall back to public/),
 * and Chromium launches with the flags of docs/design.md §5 (Debian's /usr/bin/chromium through
 * playwright-core; never a downloaded browser).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { publicDir } from '../../src/engine/nodePaths';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = join(root, 'dist');
export const repoRoot = root;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** docs/design.md §5: WebGPU (on SwiftShader here) and the common headless flags. */
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

/**
 * Serves dist/ (then public/) on a free port. `delayMs(path)`: how long to hold a file back
 * before answering (e.g. slow .wasm binaries, as on a slow disk or network).
 */
export function serve(
  options: { delayMs?: (path: string) => number } = {},
): Promise<{ server: Server; baseUrl: string }> {
  const roots = [dist, publicDir()];
  const server = createServer((req, res) => {
    const delay = options.delayMs?.(req.url ?? '') ?? 0;
    if (delay > 0) setTimeout(() => answer(req, res), delay);
    else answer(req, res);
  });
  const answer = (req: IncomingMessage, res: ServerResponse) => {
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
  };
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({ server, baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/` }),
    ),
  );
}

export async function buildEnginePage(): Promise<void> {
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

/**
 * A launcher for E2EContext.launch; `cleanup()` removes the temporary profiles. Every uncaught
 * error in a launched page is kept: `takeErrors()` returns (and clears) them, and the runner
 * fails the file that caused one — an exception in the page is a bug even when the test's own
 * checks pass.
 */
export function launcher() {
  const profiles: string[] = [];
  let errors: string[] = [];
  return {
    launch: async ({ webgpu = true }: { webgpu?: boolean } = {}): Promise<BrowserContext> => {
      const profile = mkdtempSync(join(tmpdir(), 'eden-e2e-'));
      profiles.push(profile);
      // A fresh profile per launch (docs/design.md §5: --user-data-dir=<fresh temp dir>).
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [...COMMON_FLAGS, ...(webgpu ? WEBGPU_FLAGS : [])],
      });
      context.on('weberror', (e) => {
        const message = e.error().message;
        errors.push(message);
        process.stdout.write(`  [pageerror] ${message}\n`);
      });
      return context;
    },
    takeErrors: (): string[] => {
      const taken = errors;
      errors = [];
      return taken;
    },
    cleanup: () => profiles.forEach((p) => rmSync(p, { recursive: true, force: true })),
  };
}

/**
 * Runs a page-level e2e file's named tests in order; `E2E_TEST=<name>` runs only the tests whose
 * name contains it (case-insensitive). Logs each test's time.
 */
export async function runNamed(
  tests: Record<string, (page: Page, baseUrl: string) => Promise<void>>,
  page: Page,
  baseUrl: string,
): Promise<void> {
  const only = process.env.E2E_TEST;
  for (const [name, test] of Object.entries(tests)) {
    if (only && !name.toLowerCase().includes(only.toLowerCase())) continue;
    const t0 = Date.now();
    await test(page, baseUrl);
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
  }
}
