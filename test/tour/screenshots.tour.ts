/**
 * Regenerates docs/tour/*.png from the running product (demo data, emulator): the counter (tablet, phone,
 * Japanese), the merchant review and the platform console. Each picture is a real page in Chromium; run
 * `pnpm build && pnpm --filter @countertop/e2e tour`, then look at docs/tour/README.md. (The Japanese
 * pictures need a Japanese font on the machine, e.g. Debian's fonts-ipafont-gothic.)
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { CounterPage } from '../support/counter-page.ts';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'tour');
const shot = (page: Page, name: string) => page.screenshot({ path: join(out, `${name}.png`) });

test.use({ viewport: { width: 1180, height: 760 } });

test('the counter', async ({ page }) => {
  const counter = new CounterPage(page);
  await counter.pairRegister('MISSION-1');
  await expect(page.getByRole('heading', { name: 'Who is signing in?' })).toBeVisible();
  await page.getByRole('button', { name: 'Ben', exact: true }).click();
  await shot(page, 'counter-sign-in');
  await counter.enterPin('2345');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await counter.useReader('counter reader');
  await counter.addProduct('Latte', 2);
  await counter.addProduct('Croissant');
  await shot(page, 'counter');
  await counter.chooseTestCard('Visa — approved');
  await counter.charge();
  await counter.expectPayment(/^Approved ✓/);
  await shot(page, 'counter-approved');
  await counter.newSale();

  await page.setViewportSize({ width: 390, height: 844 });
  await counter.addProduct('Mocha');
  await shot(page, 'counter-phone');
});

test('the counter in Japanese', async ({ page }) => {
  const counter = new CounterPage(page);
  await counter.pairRegister('SHIBUYA-1');
  await page.getByRole('button', { name: 'Haruka', exact: true }).click();
  for (const digit of '1111') {
    await page
      .getByRole('group', { name: 'PINキーパッド' })
      .getByRole('button', { name: digit, exact: true })
      .click();
  }
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();
  await expect(page.getByRole('button', { name: 'シフトの売上' })).toBeVisible();
  await page
    .getByRole('button', { name: /^ブレンド|^[^,]+, ￥/ })
    .first()
    .click();
  await shot(page, 'counter-japanese');
});

test('the merchant review', async ({ page }) => {
  await page.goto('/merchant');
  await page.getByLabel('Email').fill('owner@beancounter.test');
  await page.getByLabel('Password').fill('countertop-owner');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Daily summary' })).toBeVisible();
  await page.getByLabel('Location').selectOption({ label: 'Mission St' });
  await expect(page.getByRole('img', { name: /Sales by hour/ })).toBeVisible();
  await shot(page, 'merchant-summary');
  await page.getByRole('button', { name: 'See the sales of this day' }).click();
  await expect(page.getByRole('table', { name: 'Sales' })).toBeVisible();
  await shot(page, 'merchant-sales');
  await page.getByRole('table', { name: 'Sales' }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: /^Sale of / })).toBeVisible();
  await shot(page, 'merchant-sale');
  await page.getByRole('navigation', { name: 'Merchant' }).getByRole('link', { name: 'Payouts' }).click();
  await expect(page.getByRole('heading', { name: 'Balance and payouts' })).toBeVisible();
  await shot(page, 'merchant-payouts');
});

test('the platform console', async ({ page }) => {
  await page.goto('/platform');
  await page.getByLabel('Email').fill('admin@countertop.test');
  await page.getByLabel('Password').fill('countertop-admin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('table', { name: 'Connected accounts' })).toBeVisible();
  await shot(page, 'platform-accounts');
  await page.getByRole('link', { name: 'Bean Counter Coffee' }).click();
  await expect(page.getByRole('heading', { name: 'Stripe account' })).toBeVisible();
  await shot(page, 'platform-account');
  await page
    .getByRole('navigation', { name: 'Account' })
    .getByRole('link', { name: 'Locations & readers' })
    .click();
  await expect(page.getByRole('table', { name: 'Readers' })).toBeVisible();
  await shot(page, 'platform-locations');
  await page.getByRole('navigation', { name: 'Platform' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('table', { name: 'Audit log' })).toBeVisible();
  await shot(page, 'platform-audit');
});
