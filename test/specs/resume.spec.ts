import { CounterPage } from '../support/counter-page.ts';
import { presentCard } from '../support/emulator.ts';
import { expect, test } from '../support/fixtures.ts';

test('an unfinished sale is resumed after a reload and settled without charging twice', async ({ page }) => {
  const counter = new CounterPage(page);
  await counter.signIn({ register: 'MISSION-2', staff: 'Ana', pin: '1234' });
  await counter.useReader('handheld');
  await counter.addProduct('Avocado toast');
  await counter.charge();
  await counter.expectPayment('Present card on the reader');
  const unfinished = await counter.inFlightSale();
  expect(unfinished?.status).toBe('awaiting_payment');

  await page.reload();
  await counter.expectPayment('Unfinished sale');
  const reader = (await counter.readers()).find((candidate) => candidate.label.includes('handheld'));
  await presentCard(page.request, reader?.stripeReaderId ?? '');
  await counter.dialog.getByRole('button', { name: 'Check again' }).click();
  await counter.expectPayment(/^Approved ✓ \$11\.\d\d$/);

  const sales = await counter.shiftSales();
  expect(sales.filter((sale) => sale.id === unfinished?.id)).toEqual([
    expect.objectContaining({ status: 'succeeded', paymentIntentId: unfinished?.paymentIntentId }),
  ]);
});
