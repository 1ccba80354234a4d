// A register that reloads the counter comes back ready to charge: it reconnects its reader on its own (the
// page's previous Terminal SDK session still holds the reader; this tab may take it back) and can charge.
import { CounterPage } from '../support/counter-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('a counter reloaded while connected reconnects its JS SDK reader without the cashier', async ({
  page,
}) => {
  const counter = new CounterPage(page);
  await counter.signIn({ register: 'MISSION-1', staff: 'Ben', pin: '2345' });
  await counter.useReader('counter reader');

  await page.reload();
  await expect(page.getByText('Connected to Mission St counter reader')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Take over reader' })).toHaveCount(0);
  await expect(page.locator('.counter-screen')).toHaveAttribute('data-ready', 'true');

  await counter.addProduct('Croissant');
  await counter.chooseTestCard('Visa — approved');
  await counter.charge();
  await counter.expectPayment(/^Approved ✓ \$4\.\d\d$/);
  await counter.newSale();
});
