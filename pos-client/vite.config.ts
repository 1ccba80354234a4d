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
  build: {
    outDir: 'dist',
    sourcemap: true,
    manifest: true,
    // No preload helper in the counter's first load (~0.6 KB gzipped): a chunk loaded on demand fetches its
    // own imports once it arrives (all hashed, cached `immutable`); the counter starts the one chunk its
    // first answers need (validation.ts) as soon as it runs (early-requests.ts).
    modulePreload: false,
    // Everything the entry loads up front in one chunk (the entry's own): one gzip stream instead of five
    // small ones (−2.3 KB), and nothing the three apps share is fetched apart anyway.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'counter', tags: ['$initial'] },
            // What parses the counter's answers (validation.ts: zod's core and mini, the response schemas) in
            // one chunk, so that it arrives in one request, not in three one after the other.
            {
              name: 'validation',
              test: (id) =>
                /[\\/](zod[\\/]v4[\\/](core|mini)[\\/]|api[\\/]counter-responses\.ts$|lib[\\/]validation\.ts$)/.test(
                  id,
                ) && !/json-schema/.test(id),
            },
          ],
        },
      },
    },
  },
  test: {
    name: 'pos-client',
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Components read the UI language through react-i18next, as main.tsx sets it up.
    setupFiles: ['src/testing/setup-i18n.ts'],
  },
});
