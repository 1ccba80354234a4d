import { defineConfig } from 'vitest/config';

// One vitest run over every package, so CI gets one JSON report with every count.
export default defineConfig({
  test: {
    projects: ['shared', 'server', 'pos-client'],
  },
});
