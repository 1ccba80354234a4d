import { CounterPage } from '../support/counter-page.ts';
import { presentCard, setReaderOffline } from '../support/emulator.ts';
import { expect, test } from '../support/fixtures.ts';

test('a server-driven reader that drops offline mid-payment is waited for, then paid once', async ({
  page,
}) => {
  const counter = new CounterPage(page);
  await counter.signIn({ register: 'MISSION-2', staff: 'Ben', pin: '2345' });
  await counter.useReader('handheld');
  const reader = (await counter.readers()).find((candidate) => candidate.label.includes('handheld'));
  const readerId = reader?.stripeReaderId ?? '';

  await counter.keyAmount('6.00');
  await counter.charge();
  await counter.expectPayment('Present card on the reader');
  await setReaderOffline(page.request, readerId, true);
  await expect(
    counter.dialog.getByText(/^The reader is offline\. Waiting for it to come back/),
  ).toBeVisible();

  await setReaderOffline(page.request, readerId, false);
  await expect(counter.dialog.getByText('Amount due $6.00')).toBeVisible();
  await presentCard(page.request, readerId);
  await counter.expectPayment('Approved ✓ $6.00');
  const [sale] = await counter.shiftSales();
  expect(sale).toMatchObject({ status: 'succeeded', totalMinor: 600 });
});
