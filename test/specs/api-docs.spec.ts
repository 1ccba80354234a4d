import { expect, test } from '../support/fixtures.ts';

test('the interactive API reference renders every operation under the strict CSP', async ({ page }) => {
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) blocked.push(message.text());
  });
  await page.goto('/api/docs');
  await expect(page.getByRole('heading', { name: /Countertop/ })).toBeVisible();
  // One operation of each area is listed, with its method and path (rendering the whole document of ~200
  // operations takes the browser a while on a busy machine: a generous wait, not a speed check).
  for (const path of ['/api/counter/sales', '/api/merchant/summary/daily', '/api/platform/accounts']) {
    await expect(page.locator(`[data-path="${path}"]`).first()).toBeVisible({ timeout: 30_000 });
  }
  expect(blocked).toEqual([]);
});
