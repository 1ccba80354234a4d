// Issue 15's journey: a cardholder's bank disputes a demo sale (the emulator's dispute control), the owner
// finds it in the merchant review with its reason, deadline and the money Stripe took back, saves and then
// submits evidence (text and a PDF receipt) after confirming, the platform sees it under review with whose
// balance carries it and its exposure, the bank decides (the emulator's outcome control: won) and the
// owner's daily summary shows the dispute opened, the money taken back and returned, and the win.
import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { CounterPage } from '../support/counter-page.ts';
import { chargesFor, decideDispute, openDispute } from '../support/emulator.ts';
import { expect, test } from '../support/fixtures.ts';

const OWNER = { email: 'owner@beancounter.test', password: 'countertop-owner' };
const ADMIN = { email: 'admin@countertop.test', password: 'countertop-admin' };
const RECEIPT_PDF = Buffer.from('%PDF-1.4\n% Countertop receipt of the disputed sale\n%%EOF\n');

function disputeFigure(page: Page, key: string) {
  return page.locator(`tr[data-dispute-figure="${key}"] td`).first();
}

async function signInOwner(page: Page, path: string) {
  await page.goto(path);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a dispute on a sale: the owner submits evidence, the platform sees it, the win reaches the daily summary', async ({
  page,
  context,
}) => {
  // A card sale of $37.19 at the counter today (Mission St, Los Angeles).
  const counter = new CounterPage(page);
  await counter.signIn({ register: 'MISSION-1', staff: 'Ana', pin: '1234' });
  await counter.useReader('handheld');
  const reader = (await counter.readers()).find((candidate) => candidate.label.includes('handheld'));
  await counter.keyAmount('37.19', 'Dispute journey');
  await counter.charge();
  await counter.expectPayment('Present card on the reader');
  const session = (await (await page.request.get('/api/counter/session')).json()) as { csrfToken: string };
  const presented = await page.request.post(`/api/counter/readers/${reader?.id}/present-card`, {
    data: { cardNumber: '4242424242424242' },
    headers: { 'x-csrf-token': session.csrfToken },
  });
  expect(presented.ok(), await presented.text()).toBe(true);
  await counter.expectPayment('Approved ✓ $37.19');
  const sale = (await counter.shiftSales()).find((candidate) => candidate.totalMinor === 3719);
  const [charge] = await chargesFor(page.request, sale?.paymentIntentId ?? '');
  expect(charge?.id).toBeTruthy();

  // The cardholder's bank disputes it: a chargeback ("product not received").
  const dispute = await openDispute(page.request, String(charge?.id), { reason: 'product_not_received' });
  expect(dispute.status).toBe('needs_response');
  await context.clearCookies();

  // The owner finds it among the disputes: amount, reason in words, status, deadline, whose balance.
  await signInOwner(page, '/merchant');
  await expect(page.getByRole('heading', { name: 'Daily summary' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Merchant' }).getByRole('link', { name: 'Disputes' }).click();
  await expect(page).toHaveURL(/\/merchant\/disputes$/);
  const row = page.locator(`tr[data-dispute="${dispute.id}"]`);
  await expect(row).toContainText('$37.19');
  await expect(row).toContainText('The customer says they did not receive what they paid for.');
  await expect(row).toContainText('Chargeback: needs your evidence');
  await expect(row).toContainText(/\d+ days left/);
  await expect(row).toContainText('Your Stripe balance');
  await expect(page.getByText('1 dispute needs your evidence.')).toBeVisible();
  await expectAccessible(page, 'merchant disputes');

  // Its page: the sale, the money Stripe took back, and the evidence form.
  await row.getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/merchant/disputes/${dispute.id}$`));
  await expect(page.getByRole('heading', { name: /^Dispute of \$37\.19/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Sale of \$37\.19/ })).toBeVisible();
  await expect(page.getByTestId('dispute-money')).toContainText('$37.19');
  await expectAccessible(page, 'merchant dispute');

  // Save first: text and a PDF receipt.
  await page
    .getByLabel('What was sold')
    .fill('One bag of coffee beans, paid in person with the card on the reader.');
  await page.getByLabel('Date of the sale or service').fill(new Date().toISOString().slice(0, 10));
  await page.getByLabel('Receipt', { exact: true }).setInputFiles({
    name: 'receipt.pdf',
    mimeType: 'application/pdf',
    buffer: RECEIPT_PDF,
  });
  await expect(page.getByTestId('evidence-file-receipt')).toHaveText('Uploaded: receipt.pdf');
  // A file that is not a PDF, PNG or JPEG is refused before it is sent.
  await page.getByLabel('Other document').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('not evidence'),
  });
  await expect(page.getByTestId('evidence-file-uncategorized_file')).toHaveText(
    'Choose a PDF, PNG or JPEG file.',
  );
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved. Submit before the deadline.')).toBeVisible();
  await expect(page.getByLabel('What was sold')).toHaveValue(
    'One bag of coffee beans, paid in person with the card on the reader.',
  );

  // Submitting asks first (it can be done once); declining changes nothing.
  await page.getByRole('button', { name: 'Submit to the bank' }).click();
  let question = page.getByRole('dialog', {
    name: 'Submit the evidence for the $37.19 dispute to the bank?',
  });
  await expect(question).toContainText('You can submit only once');
  await expectAccessible(page, 'merchant evidence confirmation');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toBeHidden();
  await page.getByRole('button', { name: 'Submit to the bank' }).click();
  question = page.getByRole('dialog', { name: 'Submit the evidence for the $37.19 dispute to the bank?' });
  await question.getByRole('button', { name: 'Submit to the bank' }).click();
  await expect(page.getByTestId('evidence-closed')).toHaveText(
    'Your evidence was sent to the bank. Nothing can change until the bank decides.',
  );
  await expect(page.getByTestId('dispute-status')).toHaveText('Chargeback: evidence with the bank');
  await expect(page.getByTestId('evidence-sent')).toContainText('receipt.pdf');
  await expect(page.getByRole('button', { name: 'Submit to the bank' })).toHaveCount(0);

  // The platform sees it under review, whose balance carries it, and its exposure.
  await context.clearCookies();
  await page.goto('/platform/disputes');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Disputes', level: 1 })).toBeVisible();
  const platformRow = page.locator(`tr[data-dispute="${dispute.id}"]`);
  await expect(platformRow).toContainText('Bean Counter Coffee');
  await expect(platformRow).toContainText('$37.19');
  await expect(platformRow).toContainText('Submitted');
  await expect(platformRow).toContainText(/balance/);
  await expect(page.getByRole('table', { name: 'Exposure' })).toContainText('$37.19');
  await expectAccessible(page, 'platform disputes');

  // The bank decides: won. The money and the fee come back.
  await decideDispute(page.request, dispute.id, 'won');
  await page.getByLabel('Status').selectOption({ label: 'Decided' });
  await expect(platformRow).toContainText('Won');

  // The owner's daily summary for today at Mission St has the dispute: opened, taken back, returned, won.
  await context.clearCookies();
  await signInOwner(page, '/merchant');
  await expect(page.getByRole('heading', { name: 'Daily summary' })).toBeVisible();
  await page.getByLabel('Location').selectOption({ label: 'Mission St' });
  await expect(disputeFigure(page, 'wonCount')).toHaveText('1');
  await expect(disputeFigure(page, 'openedCount')).toHaveText('1');
  await expect(disputeFigure(page, 'openedMinor')).toHaveText('$37.19');
  await expect(disputeFigure(page, 'withdrawnMinor')).toHaveText('$37.19');
  await expect(disputeFigure(page, 'reinstatedMinor')).toHaveText('$37.19');
  await expect(disputeFigure(page, 'lostCount')).toHaveText('0');
  await expectAccessible(page, 'merchant summary with disputes');

  // And the dispute's own page says it was won.
  await page.goto(`/merchant/disputes/${dispute.id}`);
  await expect(page.getByTestId('dispute-outcome')).toHaveText(
    'Won: the money and the dispute fee came back',
  );
});
