// The tour: the e2e suite's server and emulator (../playwright.config.ts), running only tour/*.tour.ts,
// which saves screenshots of the three apps into docs/tour/. `pnpm --filter @countertop/e2e tour`
// (after `pnpm build`).
import { defineConfig } from '@playwright/test';
import base from '../playwright.config.ts';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.tour.ts',
  reporter: [['list']],
});
