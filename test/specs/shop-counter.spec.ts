// The shop at the counter (issue 13), one journey at Sweet Bean's Mission St register: a cashier sells a
// flat white (12 oz, oat milk) and a croissant with the "Happy hour 10%" discount, takes half in cash (the
// change due shown) and half by card on the server-driven simulated reader, and sees the receipt with the
// discount, the tax and both tenders; a manager approves refunding the croissant to cash; the drawer is
// closed with a count and its Z report shows the shortfall.
//
// Flat white 12 oz $5.25 + oat milk $0.50 = $5.75, croissant $4.25: $10.00 − 10 % = $9.00; San Francisco's
// 8.63 % added once on $9.00 = $0.7767 → $0.78; $9.78 due, $4.89 in cash and $4.89 by card. The croissant's
// share: $4.25 − $0.42 of the discount + $0.33 of the tax = $4.16.
import { expectAccessible } from '../support/axe.ts';
import { CounterPage } from '../support/counter-page.ts';
import { presentCard } from '../support/emulator.ts';
import { expect, test } from '../support/fixtures.ts';

test('a cashier sells with a variant, a modifier and a discount, splits cash and card; a manager refunds an item; the drawer closes with a Z report', async ({
  page,
}) => {
  // One long journey over four screens, with an axe check on each: more than the default minute on a loaded machine.
  test.setTimeout(180_000);
  const counter = new CounterPage(page);
  await counter.signIn({ register: 'MISSION-1', staff: 'Ben', pin: '2345' });
  await counter.useReader('handheld');
  const reader = (await counter.readers()).find((candidate) => candidate.label.includes('handheld'));
  expect(reader?.integration).toBe('server_driven');

  // The shift starts with the drawer: closed, so the cashier opens it with a $100.00 float.
  await page.getByRole('button', { name: 'Cash drawer' }).click();
  await expect(page.getByRole('heading', { name: 'The drawer is closed' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Opening float' }).fill('100.00');
  await page.getByRole('button', { name: 'Open drawer' }).click();
  await expect(page.getByTestId('drawer-expected')).toHaveText('$100.00');
  await page.getByRole('button', { name: 'Back to counter' }).click();

  // The catalog: categories as tabs, a search, tiles with "from" prices for items with sizes.
  await expect(page.getByRole('button', { name: 'Coffee', exact: true })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search items' }).fill('flat');
  await counter.product('Flat white').click();
  const picker = page.getByRole('dialog', { name: 'Flat white' });
  await expect(picker.getByRole('button', { name: /^Add to cart/ })).toBeDisabled();
  await picker.getByRole('radio', { name: /12 oz/ }).check();
  await expect(picker.getByText('Choose in Milk.')).toBeVisible();
  await picker.getByRole('checkbox', { name: /Oat milk/ }).check();
  await expectAccessible(page, 'counter: variant and modifier picker');
  await picker.getByRole('button', { name: 'Add to cart · $5.75' }).click();
  await page.getByRole('searchbox', { name: 'Search items' }).fill('');
  await page.getByRole('button', { name: 'Bakery', exact: true }).click();
  await counter.addProduct('Croissant');
  await expect(page.getByText('12 oz, Oat milk')).toBeVisible();

  await page.getByRole('button', { name: 'Discount the sale' }).click();
  await page
    .getByRole('dialog', { name: 'Discount on the sale' })
    .getByRole('button', { name: /^Happy hour 10%/ })
    .click();
  await expect(page.getByTestId('discount')).toHaveText('−$1.00');
  await expect(page.getByTestId('tax')).toHaveText('$0.78');
  await expect(counter.chargeButton()).toHaveText('Charge $9.78');
  await expectAccessible(page, 'counter: shop cart with a discount');

  // Cash or split: part of it in cash, with the quick cash buttons and the change as it is typed.
  await page.getByRole('button', { name: 'Cash or split' }).click();
  const pay = page.getByRole('dialog', { name: '$9.78 to pay' });
  await expect(pay.getByRole('button', { name: '$10.00 cash' })).toBeVisible();
  await pay.getByRole('textbox', { name: 'Amount of this payment' }).fill('4.89');
  await pay.getByRole('textbox', { name: 'Cash handed over' }).fill('10.00');
  await expect(pay.getByText('Change: $5.11')).toBeVisible();
  await expectAccessible(page, 'counter: cash or split');
  await pay.getByRole('button', { name: 'Take cash $4.89' }).click();

  const rest = page.getByRole('dialog', { name: '$4.89 to pay' });
  await expect(rest.getByTestId('change-due')).toHaveText('$5.11');
  await rest.getByRole('button', { name: 'Card $4.89' }).click();
  await expect(rest.getByText('Present card on the reader for $4.89')).toBeVisible();
  await presentCard(page.request, reader?.stripeReaderId ?? '');

  const paid = page.getByRole('dialog', { name: 'Paid ✓ $9.78' });
  await expect(paid).toBeVisible();
  const receipt = paid.getByRole('region', { name: 'Receipt' });
  await expect(receipt.getByText('Discounts (Happy hour 10%)')).toBeVisible();
  await expect(receipt.getByText('−$1.00')).toBeVisible();
  await expect(receipt.getByText(/^Sales tax/)).toBeVisible();
  await expect(receipt.getByText('$0.78')).toBeVisible();
  await expect(receipt.getByText('(given $10.00)')).toBeVisible();
  await expect(receipt.getByText('Change', { exact: true })).toBeVisible();
  await expect(receipt.getByText(/^VISA •••• 4242/)).toBeVisible();
  await expectAccessible(page, 'counter: paid by tenders, receipt');
  await paid.getByRole('button', { name: 'New sale' }).click();
  await expect(paid).toBeHidden();

  // Refunds: today's sales at this register; the croissant back to cash, approved with Ana's PIN.
  await page.getByRole('button', { name: 'Refunds' }).click();
  await page
    .getByRole('button', { name: /^MISSION-1-\d+ · \$9\.78 · / })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: /^Sale MISSION-1-\d+/ })).toBeVisible();
  await page.getByLabel('Refund to').selectOption({ label: 'cash (up to $4.89)' });
  await page.getByRole('spinbutton', { name: /^Refund how many Croissant/ }).fill('1');
  await page.getByRole('textbox', { name: 'Reason' }).fill('Dropped on the floor');
  await expectAccessible(page, 'counter: refunds');
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  const question = page.getByRole('dialog', { name: 'Refund $4.16 to cash?' });
  await question.getByRole('button', { name: 'Refund $4.16' }).click();
  const approval = page.getByRole('dialog', { name: 'A manager’s approval' });
  await approval.getByLabel('Approved by').selectOption({ label: 'Ana' });
  await approval.getByLabel('Their PIN').fill('1234');
  await approval.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Refunded $4.16 to cash.')).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Sale MISSION-1-\d+/ })).toContainText('Partly refunded');

  // The drawer: $100.00 float + $4.89 cash − $4.16 refunded = $100.73 expected; $100.00 counted is $0.73 short.
  await page.getByRole('button', { name: 'Back to counter' }).click();
  await page.getByRole('button', { name: 'Cash drawer' }).click();
  await expect(page.getByTestId('drawer-expected')).toHaveText('$100.73');
  await expectAccessible(page, 'counter: cash drawer');
  await page.getByRole('textbox', { name: 'Cash counted' }).fill('100.00');
  await page.getByRole('button', { name: 'Close drawer' }).click();
  const closing = page.getByRole('dialog', { name: 'Close the drawer with $100.00 counted?' });
  await expect(closing.getByText('$100.73 was expected: the drawer is $0.73 short.')).toBeVisible();
  await closing.getByRole('button', { name: 'Close drawer' }).click();
  const report = page.getByRole('region', { name: 'Z report' });
  await expect(report.getByTestId('over-short')).toHaveText('$0.73');
  await expect(report.getByText('Short', { exact: true })).toBeVisible();
  await expect(report.getByText('Cash (1 payment)')).toBeVisible();
  await expect(report.getByText('$4.89 ($4.16 refunded)')).toBeVisible();
  await expect(report.getByText('Card (1 payment)')).toBeVisible();
  await expectAccessible(page, 'counter: Z report');
  const printable = await report.getByRole('link', { name: 'Print Z report' }).getAttribute('href');
  const printed = await page.request.get(printable ?? '');
  expect(printed.ok()).toBe(true);
  expect(await printed.text()).toContain('100.73');
});
