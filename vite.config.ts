import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The wasm backend's threads need SharedArrayBuffer, which needs a cross-origin isolated
// page (DESIGN.md §5). The same headers must be set by whatever hosts dist/.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  plugins: [react()],
  server: { headers: isolation },
  preview: { headers: isolation },
  // The worker bundle is not minified: tfjs-backend-wasm starts its pthreads from the source
  // text of a factory function (Function.toString), which breaks once a minifier renames the
  // outer variables it refers to ("e is not defined" in every wasm thread).
  worker: { format: 'es', rollupOptions: { output: { minify: false } } },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
