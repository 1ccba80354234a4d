/**
 * Accessibility checks with axe-core (`@axe-core/playwright`) on a screen as the person sees it: every
 * WCAG 2.x A/AA rule runs; a serious or critical violation fails the test, naming the rule and the first
 * elements it found. Each check prints one line (`axe: <screen> — N violations (0 serious or critical)`),
 * so a run lists every screen it checked.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const BLOCKING = new Set(['serious', 'critical']);

export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const blocking = results.violations.filter((violation) => BLOCKING.has(violation.impact ?? ''));
  console.log(
    `axe: ${screen} — ${results.violations.length} violation(s) (${blocking.length} serious or critical)` +
      (results.violations.length
        ? `: ${results.violations.map((v) => `${v.id} [${v.impact}]`).join(', ')}`
        : ''),
  );
  const described = blocking.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(' '))
        .join(' | ')}`,
  );
  expect(described, `serious or critical accessibility violations on ${screen}`).toEqual([]);
}
