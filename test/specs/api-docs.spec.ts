import { expect, test } from '../support/fixtures.ts';

test('the interactive API reference lists the areas and opens their operations under the strict CSP', async ({
  page,
}) => {
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) blocked.push(message.text());
  });
  await page.goto('/api/docs');
  await expect(page.getByRole('heading', { name: /Countertop/ })).toBeVisible();
  // The areas are listed closed; opening one lists its operations with their method and path.
  for (const [area, path] of [
    ['checkout', '/api/counter/sales'],
    ['merchant', '/api/merchant/summary/daily'],
    ['platform', '/api/platform/accounts'],
  ] as const) {
    await page.locator(`#operations-tag-${area}`).click();
    await expect(page.locator(`[data-path="${path}"]`).first()).toBeVisible();
  }
  expect(blocked).toEqual([]);
});
