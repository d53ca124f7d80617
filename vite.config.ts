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
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
