import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { CounterPage } from '../support/counter-page.ts';
import { EMULATOR_URL } from '../support/emulator.ts';
import { expect, test } from '../support/fixtures.ts';

/** Opens one of the account page's tabs (each has its own URL). */
async function openAccountTab(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name }).click();
  await expect(page.getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
}

/** Fills the labelled field inside the form or section named `within`. */
async function fill(page: Page, within: string, label: string, value: string) {
  await page.getByRole('form', { name: within }).getByLabel(label, { exact: false }).fill(value);
}

test('a platform admin onboards a new merchant end to end; its counter enforces the risk limit and its first sale pays the right fee', async ({
  page,
  browser,
}) => {
  // The whole onboarding journey, with an accessibility check on each page it opens.
  test.slow();
  const business = `Harbor Bagels ${Date.now()}`;
  await page.goto('/platform');
  await expectAccessible(page, 'platform sign-in');
  await page.getByLabel('Email').fill('admin@countertop.test');
  await page.getByLabel('Password').fill('countertop-admin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Connected accounts' })).toBeVisible();
  await expectAccessible(page, 'platform accounts');

  // Create the account in a supported country.
  await page.getByRole('button', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/platform\/accounts\/new$/);
  await expectAccessible(page, 'platform new account');
  await page.getByLabel('Business name').fill(business);
  await page.getByLabel('Country').selectOption('US');
  await page.getByLabel(/^Direct charges/).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: business })).toBeVisible();
  await expect(page.getByTestId('account-status')).toHaveText('Onboarding not finished');
  await expect(page.getByText('A bank account for payouts')).toBeVisible();
  await expectAccessible(page, 'platform account overview');

  // Hosted onboarding on the emulator, back through our return URL.
  await page.getByRole('button', { name: 'Start onboarding on Stripe' }).click();
  await page.getByRole('button', { name: 'Complete onboarding' }).click();
  await expect(page).toHaveURL(/\/platform\/accounts\/acc_[^?]+\?onboarding=returned/);
  await expect(page.getByTestId('account-status')).toHaveText('Ready: can take payments and receive payouts');
  const stripeAccountId = (await page.getByText(/^acct_/).textContent()) ?? '';

  // A location with on-reader tipping.
  await openAccountTab(page, 'Locations & readers');
  await expect(page).toHaveURL(/\/platform\/accounts\/acc_[^/]+\/locations$/);
  const addLocation = page.getByRole('form', { name: 'Add a location' });
  await addLocation.getByLabel('Location name').fill('Pier 39');
  await addLocation.getByLabel(/^Street address/).fill('39 Pier');
  await addLocation.getByLabel(/^City/).fill('San Francisco');
  await addLocation.getByLabel(/^State/).fill('CA');
  await addLocation.getByLabel(/^Postal code/).fill('94133');
  // The time zone starts at the country's first (America/New_York) and offers the others.
  await expect(addLocation.getByLabel('Time zone')).toHaveValue('America/New_York');
  await addLocation.getByLabel('Time zone').selectOption('America/Los_Angeles');
  await addLocation.getByLabel(/^Tip percentages/).fill('15, 20');
  await addLocation.getByRole('button', { name: 'Add location' }).click();
  await expect(page.getByText('Location added.')).toBeVisible();
  await expect(page.getByText(/Pier 39 — 39 Pier, San Francisco/)).toBeVisible();

  // A simulated server-driven reader, a register and a staff member.
  const addReader = page.getByRole('form', { name: 'Register a reader' });
  await addReader.getByLabel(/^Registration code/).fill('simulated-wpe');
  await addReader.getByLabel('Reader label').fill('Pier counter reader');
  await addReader.getByLabel('Reader location').selectOption({ label: 'Pier 39' });
  await addReader.getByLabel('How the counter drives it').selectOption('server_driven');
  await addReader.getByRole('button', { name: 'Register reader' }).click();
  await expect(page.getByText('Reader registered.')).toBeVisible();
  await expect(
    page
      .getByRole('table', { name: 'Readers' })
      .getByRole('row', { name: /^Pier counter reader .* online/i }),
  ).toBeVisible();

  const code = `PIER-${String(Date.now()).slice(-6)}`;
  await fill(page, 'Add a register', 'Register name', 'Front');
  await fill(page, 'Add a register', 'Register code', code);
  await page
    .getByRole('form', { name: 'Add a register' })
    .getByLabel('Location')
    .selectOption({ label: 'Pier 39' });
  await page.getByRole('button', { name: 'Add register' }).click();
  await expect(page.getByText(code, { exact: true })).toBeVisible();
  // A one-time pairing code for the counter's device, shown once in the console with its pairing address.
  await page.getByRole('button', { name: `Pair a device with ${code}` }).click();
  const pairingCode = (await page.getByTestId('pairing-code').textContent()) ?? '';
  expect(pairingCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await expect(page.getByRole('status', { name: 'Pairing code' })).toContainText(
    new RegExp(`open http://[^ ]+/pair#${pairingCode}`),
  );
  await expectAccessible(page, 'platform account locations & readers');

  await openAccountTab(page, 'Team');
  const addStaff = page.getByRole('form', { name: 'Add a staff member' });
  await addStaff.getByLabel('Name').fill('Pat');
  await addStaff.getByLabel('Role').selectOption('manager');
  await addStaff.getByLabel(/^PIN/).fill('2468');
  await addStaff.getByLabel('Pier 39').check();
  await addStaff.getByRole('button', { name: 'Add staff member' }).click();
  await expect(page.getByText('Staff member added.')).toBeVisible();
  await expectAccessible(page, 'platform account team');

  await openAccountTab(page, 'Fees');
  // A fee plan, previewed live: 2 % + $0.25 on $10.00 is $0.45.
  const feePlan = page.getByRole('region', { name: 'Fee plan' });
  await feePlan.getByLabel('Percentage (basis points)').fill('200');
  await feePlan.getByLabel('Fixed fee per sale (USD)').fill('0.25');
  await feePlan.getByLabel('Minimum fee (USD)').fill('0');
  await expect(feePlan.getByRole('row', { name: '$10.00 $0.45' })).toBeVisible();
  await feePlan.getByRole('button', { name: 'Save fee plan' }).click();
  await expect(feePlan.getByText('Saved. New sales use this plan.')).toBeVisible();
  await expect(page.getByTestId('account-status')).toHaveText('Ready: can take payments and receive payouts');

  // A risk limit per sale, which the counter enforces with a clear message.
  const risk = page.getByRole('region', { name: 'Risk limits' });
  await risk.getByLabel(/^Maximum per sale/).fill('50');
  await risk.getByRole('button', { name: 'Save limits' }).click();
  await expect(risk.getByText('Risk limits saved.')).toBeVisible();
  await expectAccessible(page, 'platform account fees');

  // The first sale at the new counter charges the new fee.
  const counterContext = await browser.newContext();
  const counterPage = await counterContext.newPage();
  const counter = new CounterPage(counterPage);
  await counter.signIn({ register: code, staff: 'Pat', pin: '2468', pairingCode });
  await counter.useReader('Pier counter reader');
  const reader = (await counter.readers()).find((candidate) => candidate.label === 'Pier counter reader');
  await counter.keyAmount('60.00');
  await counter.charge();
  await expect(counter.dialog).toContainText(/over .*'s limit of \$50\.00 per sale/);
  await counter.dialog.getByRole('button', { name: 'Back to cart' }).click();
  await expect(counter.dialog).toBeHidden();
  await counterPage.getByRole('textbox', { name: 'Amount', exact: true }).fill('20.00');
  await counter.charge();
  await counter.expectPayment('Present card on the reader');
  // Stripe's test helper, as the connected account (direct charges: the reader lives on it).
  const presented = await counterPage.request.post(
    `${EMULATOR_URL}/v1/test_helpers/terminal/readers/${reader?.stripeReaderId}/present_payment_method`,
    {
      form: { type: 'card_present', 'card_present[number]': '4242424242424242' },
      headers: { authorization: 'Bearer sk_test_countertop', 'stripe-account': stripeAccountId },
    },
  );
  expect(presented.ok(), await presented.text()).toBe(true);
  await counter.expectPayment(/^Approved ✓/);
  const [sale] = await counter.shiftSales();
  expect(sale).toMatchObject({ status: 'succeeded', applicationFeeMinor: 65 });
  await counterContext.close();

  // The fee shows up as earned.
  const fees = page.getByRole('region', { name: 'Fees earned' }).last();
  await fees.getByRole('button', { name: 'Refresh' }).click();
  await expect(fees.getByRole('table', { name: 'Fees earned' })).toContainText('$0.65');

  // The other tabs, each at its own address.
  for (const [tab, heading] of [
    ['Payouts', 'Payout schedule'],
    ['Support', 'Support: latest sales'],
    ['Audit', 'Audit log'],
  ] as const) {
    await openAccountTab(page, tab);
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
    await expectAccessible(page, `platform account ${tab.toLowerCase()}`);
  }
  // The audit log speaks in sentences with names.
  await expect(page.getByText(/added reader ‘Pier counter reader’ at Pier 39/)).toBeVisible();

  // The console's own tabs.
  for (const [tab, heading] of [
    ['Fees earned', 'Fees earned'],
    ['Default fee plan', 'Default fee plan'],
    ['Audit log', 'Audit log'],
  ] as const) {
    await page.getByRole('navigation', { name: 'Platform' }).getByRole('link', { name: tab }).click();
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await expectAccessible(page, `platform ${tab.toLowerCase()}`);
  }
});

test('the accounts list finds an account by name and by status', async ({ page }) => {
  await page.goto('/platform');
  await page.getByLabel('Email').fill('admin@countertop.test');
  await page.getByLabel('Password').fill('countertop-admin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const table = page.getByRole('table', { name: 'Connected accounts' });
  await expect(table.getByRole('link', { name: 'Kissa Tanpopo' })).toBeVisible();
  await page.getByLabel('Search by name').fill('bean');
  await expect(table.getByRole('link', { name: 'Bean Counter Coffee' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Kissa Tanpopo' })).toBeHidden();
  await page.getByLabel('Search by name').fill('');
  await page.getByLabel('Status').selectOption('restricted');
  await expect(table.getByRole('link', { name: 'Bean Counter Coffee' })).toBeHidden();
});
