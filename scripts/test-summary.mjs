// Sums the vitest and Playwright JSON reports into one plain line: "N passed, N failed".
// A check that failed without a report (format, lint, typecheck) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

export function summarizeReports(reportsDir, failedSteps = []) {
  const lines = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const vitest = readJson(join(reportsDir, 'vitest.json'));
  if (vitest) {
    passed += vitest.numPassedTests;
    failed += vitest.numFailedTests;
    skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
    lines.push(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed`);
  }
  const playwright = readJson(join(reportsDir, 'playwright.json'));
  if (playwright) {
    passed += playwright.stats.expected + playwright.stats.flaky;
    failed += playwright.stats.unexpected;
    skipped += playwright.stats.skipped;
    lines.push(
      `playwright: ${playwright.stats.expected + playwright.stats.flaky} passed, ${playwright.stats.unexpected} failed`,
    );
  }
  // A runner that failed before writing its report still counts as one failure.
  const stepsWithoutReport = failedSteps.filter(
    (name) => !(/vitest/.test(name) && vitest) && !(/Playwright/.test(name) && playwright),
  );
  failed += stepsWithoutReport.length;
  if (failedSteps.length > 0) lines.push(`failed steps: ${failedSteps.join(', ')}`);
  lines.push(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return { passed, failed, skipped, lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { lines } = summarizeReports(process.argv[2] ?? 'reports');
  for (const line of lines) console.log(line);
}
