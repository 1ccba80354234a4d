// The demo merchant's closing-time journey: a sale is made at the counter, then the owner opens today's
// summary, drills into the sale, refunds part of it, sees the summary change, exports CSV, and sees the
// reconciliation with Stripe at zero differences.
import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { CounterPage } from '../support/counter-page.ts';
import { expect, test } from '../support/fixtures.ts';

const OWNER = { email: 'owner@beancounter.test', password: 'countertop-owner' };

function figure(page: Page, key: string) {
  return page.locator(`tr[data-figure="${key}"] td`).first();
}

test('the owner reviews today, refunds part of a sale, exports CSV and reconciles to zero', async ({
  page,
  context,
}) => {
  // A sale at the counter today (Mission St, Los Angeles).
  const counter = new CounterPage(page);
  await counter.signIn({ register: 'MISSION-1', staff: 'Ana', pin: '1234' });
  await counter.useReader('handheld');
  const reader = (await counter.readers()).find((candidate) => candidate.label.includes('handheld'));
  await counter.keyAmount('12.34', 'Merchant review test');
  await counter.charge();
  await counter.expectPayment('Present card on the reader');
  // The customer taps a card (the counter's emulator-mode simulator, as the counter screen does).
  const session = (await (await page.request.get('/api/counter/session')).json()) as { csrfToken: string };
  const presented = await page.request.post(`/api/counter/readers/${reader?.id}/present-card`, {
    data: { cardNumber: '4242424242424242' },
    headers: { 'x-csrf-token': session.csrfToken },
  });
  expect(presented.ok(), await presented.text()).toBe(true);
  await counter.expectPayment('Approved ✓ $12.34');
  await context.clearCookies();

  // The owner signs in to the sales review.
  await page.goto('/merchant');
  await expectAccessible(page, 'merchant sign-in');
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Daily summary' })).toBeVisible();
  await page.getByLabel('Location').selectOption({ label: 'Mission St' });
  await expect(figure(page, 'salesCount')).not.toHaveText('0');
  await expect(figure(page, 'refundsMinor')).toHaveText('$0.00');
  await expect(page.getByRole('img', { name: /Sales by hour/ })).toBeVisible();
  await expectAccessible(page, 'merchant summary');

  // Drill into the sale and refund part of it.
  await page.getByRole('button', { name: 'See the sales of this day' }).click();
  const row = page.getByRole('row').filter({ hasText: '$12.34' }).first();
  await expectAccessible(page, 'merchant sales');
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { name: /Sale of \$12\.34/ })).toBeVisible();
  await page.getByLabel(/^Amount/).fill('2.00');
  await page.getByLabel('Reason').fill('Wrong size');
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  // The refund asks first, with the amount and the card.
  const question = page.getByRole('dialog', { name: /^Refund \$2\.00 to Visa •••• \d{4}\?$/ });
  await expectAccessible(page, 'merchant refund confirmation');
  await question.getByRole('button', { name: 'Refund $2.00' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Refunded $2.00.' })).toBeVisible();
  await expectAccessible(page, 'merchant sale detail');
  await expect(page.getByTestId('sale-status')).toHaveText('Partially refunded');
  await expect(page.getByTestId('sale-refunded')).toHaveText('$2.00');

  // The day's figures include the refund.
  await page.getByRole('navigation', { name: 'Merchant' }).getByRole('link', { name: 'Summary' }).click();
  await expect(figure(page, 'refundsMinor')).toHaveText('$2.00');
  await expect(figure(page, 'refundsCount')).toHaveText('1');

  // CSV export of the day's sales.
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download sales (CSV)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^sales-\d{4}-\d{2}-\d{2}\.csv$/);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  const csv = Buffer.concat(chunks).toString('utf8');
  expect(csv).toContain('sale_id,local_date,created_at');
  expect(csv).toContain('12.34');

  // Reconciliation with Stripe.
  await page
    .getByRole('navigation', { name: 'Merchant' })
    .getByRole('link', { name: 'Reconciliation' })
    .click();
  await expect(page.getByTestId('reconciliation-status')).toHaveText(/0 differences/);
  await expectAccessible(page, 'merchant reconciliation');

  // Payouts by date and amount, with the balance.
  await page.getByRole('navigation', { name: 'Merchant' }).getByRole('link', { name: 'Payouts' }).click();
  await expect(page.getByRole('heading', { name: 'Balance and payouts' })).toBeVisible();
  await expect(page).toHaveURL(/\/merchant\/payouts$/);
  await expectAccessible(page, 'merchant payouts');
});

test('a refund with an empty amount asks to refund the full amount, and nothing happens when declined', async ({
  page,
}) => {
  await page.goto('/merchant/sales');
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('From').fill('2020-01-01');
  await page.getByLabel('Status').selectOption({ label: 'Paid' });
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('table', { name: 'Sales' }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: /^Sale of / })).toBeVisible();
  const refunded = await page.getByTestId('sale-refunded').textContent();
  await page.getByLabel('Reason').fill('Changed their mind');
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  const question = page.getByRole('dialog', { name: /^Refund the full \$\d+\.\d\d/ });
  await expect(question).toBeVisible();
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toBeHidden();
  await expect(page.getByTestId('sale-refunded')).toHaveText(refunded ?? '');
});

test("switching location follows that location's today: late evening in Los Angeles is already tomorrow in New York", async ({
  page,
}) => {
  // The server's answer as it is between 05:00 and 08:00 UTC: Brooklyn (New York) is on the 5th, Mission St
  // (Los Angeles) still on the 4th. The console starts on the first location's today (the account's order).
  let firstLocation = '';
  await page.route('**/api/merchant/context', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as {
      locations: { id: string; name: string }[];
      todayByLocation: Record<string, string>;
    };
    const idOf = (name: string) => body.locations.find((location) => location.name === name)?.id ?? '';
    body.todayByLocation = { [idOf('Brooklyn')]: '2026-12-05', [idOf('Mission St')]: '2026-12-04' };
    firstLocation = body.locations[0]?.name ?? '';
    await route.fulfill({ response, json: body });
  });
  await page.goto('/merchant');
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const day = page.getByLabel('Day', { exact: true });
  await expect(day).toHaveValue(/^2026-12-0[45]$/);
  expect(await day.inputValue()).toBe(firstLocation === 'Brooklyn' ? '2026-12-05' : '2026-12-04');
  await page.getByLabel('Location').selectOption({ label: 'Mission St' });
  await expect(day).toHaveValue('2026-12-04');
  await page.getByLabel('Location').selectOption({ label: 'Brooklyn' });
  await expect(day).toHaveValue('2026-12-05');
  await page.getByLabel('Location').selectOption({ label: 'Mission St' });
  await expect(day).toHaveValue('2026-12-04');
  // A day the owner picked stays when the location changes.
  await day.fill('2026-11-20');
  await page.getByLabel('Location').selectOption({ label: 'Brooklyn' });
  await expect(day).toHaveValue('2026-11-20');
});
