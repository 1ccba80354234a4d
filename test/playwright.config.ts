import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumExecutable } from './support/chromium.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.E2E_PORT ?? 3210);
// The Stripe emulator runs as its own process on a known port so tests can call Stripe's test helpers
// (e.g. present_payment_method for server-driven readers) the way they would against Stripe's test mode.
const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 3211);
const dataDir = mkdtempSync(join(tmpdir(), 'countertop-e2e-'));

process.env.E2E_EMULATOR_URL = `http://127.0.0.1:${emulatorPort}`;

export default defineConfig({
  testDir: './specs',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // Payments wait on a simulated reader and webhook-free polling; leave room on a loaded 2-core machine.
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: [
    {
      // One process each, so Playwright stops them cleanly (no pnpm wrapper chain); the compiled server and
      // emulator that `pnpm start` runs (test:e2e builds them first).
      command: `node dist/emulator.mjs --port ${emulatorPort}`,
      cwd: join(root, 'server'),
      url: `http://127.0.0.1:${emulatorPort}/_emulator/clock`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: 'node dist/main.mjs',
      cwd: join(root, 'server'),
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        PORT: String(port),
        DATABASE_PATH: join(dataDir, 'countertop.db'),
        STATIC_ROOT: join(root, 'pos-client', 'dist'),
        STRIPE_API_BASE: `http://127.0.0.1:${emulatorPort}`,
        E2E_CONTROLS: '1',
        MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
      },
    },
  ],
});
