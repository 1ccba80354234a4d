import { CounterPage } from '../support/counter-page.ts';
import { customerCancelsOnReader, presentCard } from '../support/emulator.ts';
import { expect, test } from '../support/fixtures.ts';

test.describe('checkout on a server-driven simulated reader', () => {
  let counter: CounterPage;
  let readerId: string;

  test.beforeEach(async ({ page }) => {
    counter = new CounterPage(page);
    await counter.signIn({ register: 'MISSION-1', staff: 'Ana', pin: '1234' });
    await counter.useReader('handheld');
    const reader = (await counter.readers()).find((candidate) => candidate.label.includes('handheld'));
    expect(reader?.integration).toBe('server_driven');
    readerId = reader?.stripeReaderId ?? '';
  });

  test('a keyed amount is paid when the customer presents a card', async ({ page }) => {
    await counter.keyAmount('12.34', 'Gift card top-up');
    await expect(counter.chargeButton()).toHaveText('Charge $12.34');
    await counter.charge();
    await counter.expectPayment('Present card on the reader');
    await presentCard(page.request, readerId);
    await counter.expectPayment('Approved ✓ $12.34');
    const [sale] = await counter.shiftSales();
    expect(sale).toMatchObject({ status: 'succeeded', totalMinor: 1234 });
  });

  test('a declined card is retried on the same sale, and the second card pays', async ({ page }) => {
    await counter.keyAmount('8.00');
    await counter.charge();
    await counter.expectPayment('Present card on the reader');
    await presentCard(page.request, readerId, '4000000000000002');
    await counter.expectPayment(/^Declined: /);
    const declined = await counter.inFlightSale();
    expect(declined?.status).toBe('payment_failed');

    await counter.dialog.getByRole('button', { name: 'Try another card' }).click();
    await counter.expectPayment('Present card on the reader');
    await presentCard(page.request, readerId);
    await counter.expectPayment('Approved ✓ $8.00');
    const paid = (await counter.shiftSales()).find((sale) => sale.id === declined?.id);
    expect(paid).toMatchObject({ status: 'succeeded', paymentIntentId: declined?.paymentIntentId });
  });

  test('a customer who cancels on the reader ends the payment canceled', async ({ page }) => {
    await counter.keyAmount('3.50');
    await counter.charge();
    await counter.expectPayment('Present card on the reader');
    await customerCancelsOnReader(page.request, readerId);
    await counter.expectPayment('Payment canceled');
    await expect(counter.dialog.getByText('The customer canceled on the reader.')).toBeVisible();
  });

  test('the cashier cancels while the reader waits, and the reader is free for the next sale', async ({
    page,
  }) => {
    await counter.keyAmount('4.25');
    await counter.charge();
    await counter.expectPayment('Present card on the reader');
    await counter.dialog.getByRole('button', { name: 'Cancel payment' }).click();
    await counter.expectPayment('Payment canceled');
    await counter.newSale();

    await counter.keyAmount('4.50');
    await counter.charge();
    await counter.expectPayment('Present card on the reader');
    await presentCard(page.request, readerId);
    await counter.expectPayment('Approved ✓ $4.50');
  });
});
