import { CounterPage } from '../support/counter-page.ts';
import { chargesFor, setReaderOffline } from '../support/emulator.ts';
import { expect, test } from '../support/fixtures.ts';

test('a reader that drops off mid-payment is reconnected and the sale is paid once', async ({ page }) => {
  const counter = new CounterPage(page);
  await counter.signIn({ register: 'MISSION-1', staff: 'Ben', pin: '2345' });
  await counter.useReader('counter reader');
  const reader = (await counter.readers()).find((candidate) => candidate.label.includes('counter reader'));
  const readerId = reader?.stripeReaderId ?? '';

  await counter.addProduct('Cold brew');
  await counter.setPresentDelaySeconds(60);
  await counter.charge();
  await counter.expectPayment('Present card on the reader');

  await setReaderOffline(page.request, readerId, true);
  await counter.expectPayment('Reader disconnected');
  const interrupted = await counter.inFlightSale();
  expect(interrupted?.status).toBe('awaiting_payment');

  // While the reader is still offline, reconnecting fails in plain words.
  await counter.dialog.getByRole('button', { name: 'Reconnect' }).click();
  await expect(page.getByText('The reader is offline. Check its power and network.').first()).toBeVisible();

  await setReaderOffline(page.request, readerId, false);
  await counter.setPresentDelaySeconds(0.5);
  await counter.dialog.getByRole('button', { name: 'Reconnect' }).click();
  await expect(page.getByText(/^Connected to /)).toBeVisible();
  await counter.dialog.getByRole('button', { name: 'Try again' }).click();
  await counter.expectPayment(/^Approved ✓ /);

  const paid = (await counter.shiftSales()).find((sale) => sale.id === interrupted?.id);
  expect(paid).toMatchObject({ status: 'succeeded', paymentIntentId: interrupted?.paymentIntentId });
  const charges = await chargesFor(page.request, paid?.paymentIntentId ?? '');
  expect(charges.filter((charge) => charge.status === 'succeeded')).toHaveLength(1);
});
