import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const apiTarget = process.env.COUNTERTOP_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': apiTarget, '/_emulator': apiTarget },
  },
  // The manifest (dist/.vite/manifest.json) lists each chunk's static imports: the counter-page benchmark
  // follows it to count exactly the JavaScript the counter route loads.
  // No modulepreload polyfill: the counter's browsers (current Chromium, Safari, Firefox) all have it.
  build: { outDir: 'dist', sourcemap: true, manifest: true, modulePreload: { polyfill: false } },
  test: {
    name: 'pos-client',
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Components read the UI language through react-i18next, as main.tsx sets it up.
    setupFiles: ['src/testing/setup-i18n.ts'],
  },
});
