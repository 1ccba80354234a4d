import { CounterPage } from '../support/counter-page.ts';
import { enableReaderTipping } from '../support/emulator.ts';
import { expect, test } from '../support/fixtures.ts';

test('a tip chosen on the reader is added to the charged total and recorded on the sale', async ({
  page,
}) => {
  const counter = new CounterPage(page);
  await counter.signIn({ register: 'BROOKLYN-1', staff: 'Chloe', pin: '3456' });
  await counter.useReader('counter reader');
  const reader = (await counter.readers()).find((candidate) => candidate.label.includes('counter reader'));
  await enableReaderTipping(page.request, reader?.stripeReaderId ?? '', 'usd');

  // Cappuccino $5.00 + New York tax 8.88 % ($0.44) = $5.44, plus a $1.00 tip on the reader.
  await counter.addProduct('Cappuccino');
  await expect(counter.chargeButton()).toHaveText('Charge $5.44');
  await counter.setTipOnReader('1.00');
  await counter.charge();
  await counter.expectPayment('Approved ✓ $6.44');
  await expect(counter.dialog.getByText('Includes tip $1.00')).toBeVisible();
  const [sale] = await counter.shiftSales();
  expect(sale).toMatchObject({ status: 'succeeded', tipMinor: 100, totalMinor: 644 });
});
