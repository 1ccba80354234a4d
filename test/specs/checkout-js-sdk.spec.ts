import { expectAccessible } from '../support/axe.ts';
import { CounterPage } from '../support/counter-page.ts';
import { chargesFor } from '../support/emulator.ts';
import { expect, test } from '../support/fixtures.ts';

test.describe('checkout on a JS SDK (browser-driven) simulated reader', () => {
  let counter: CounterPage;

  test.beforeEach(async ({ page }) => {
    counter = new CounterPage(page);
    await counter.signIn({ register: 'MISSION-1', staff: 'Ben', pin: '2345' });
    await counter.useReader('counter reader');
  });

  test('a cart is paid, its receipt opens, and the sale shows in the shift list with its fee', async ({
    page,
  }) => {
    await counter.addProduct('Latte', 2);
    await counter.addProduct('Croissant');
    // 2 × $5.25 + $4.25 = $14.75; San Francisco tax 8.63 % = $1.27
    await expect(page.getByTestId('subtotal')).toHaveText('$14.75');
    await expect(page.getByTestId('tax')).toHaveText('$1.27');
    await expect(counter.chargeButton()).toHaveText('Charge $16.02');
    await counter.chooseTestCard('Visa — approved');
    await counter.charge();
    await counter.expectPayment('Approved ✓ $16.02');
    await expect(counter.dialog.getByText(/VISA ending 4242/)).toBeVisible();
    await expectAccessible(page, 'counter payment approved (receipt actions)');

    const [sale] = await counter.shiftSales();
    expect(sale).toMatchObject({ status: 'succeeded', totalMinor: 1602 });

    const receiptPopup = page.waitForEvent('popup');
    await counter.dialog.getByRole('link', { name: 'Open receipt' }).click();
    const receipt = await receiptPopup;
    await expect(receipt.getByText('$16.02').first()).toBeVisible();
    await expectAccessible(receipt, 'receipt');
    await receipt.close();

    await counter.dialog.getByLabel('Customer email').fill('customer@example.com');
    await counter.dialog.getByRole('button', { name: 'Email receipt' }).click();
    await expect(counter.dialog.getByText('Receipt sent to customer@example.com.')).toBeVisible();

    await counter.newSale();
    await expect(page.getByTestId('total')).toHaveText('$0.00');

    await page.getByRole('button', { name: 'Shift sales' }).click();
    const row = page
      .getByTestId('sale-row')
      .filter({ has: page.getByText('$16.02') })
      .first();
    await expect(row.getByTestId('sale-status')).toHaveText('Paid');
    await expectAccessible(page, 'counter shift sales');
    const fee = sale?.applicationFeeMinor ?? 0;
    expect(fee).toBeGreaterThan(0);
    await expect(row.getByTestId('sale-fee')).toHaveText(`$${(fee / 100).toFixed(2)}`);
  });

  test('a declined card is retried with another card on the same sale and PaymentIntent', async ({
    page,
  }) => {
    await counter.addProduct('Espresso');
    await counter.chooseTestCard('Declined — insufficient funds');
    await counter.charge();
    await counter.expectPayment('Declined: insufficient funds');
    await expectAccessible(page, 'counter payment declined');

    const declined = await counter.inFlightSale();
    expect(declined).toMatchObject({ status: 'payment_failed' });
    const paymentIntentId = declined?.paymentIntentId;
    expect(paymentIntentId).toMatch(/^pi_/);

    await counter.chooseTestCard('Visa — approved');
    await counter.dialog.getByRole('button', { name: 'Try another card' }).click();
    await counter.expectPayment(/^Approved ✓ /);

    const sales = await counter.shiftSales();
    const paid = sales.find((sale) => sale.id === declined?.id);
    expect(paid).toMatchObject({ status: 'succeeded', paymentIntentId });
    const charges = await chargesFor(page.request, paymentIntentId ?? '');
    expect(charges.filter((charge) => charge.status === 'succeeded')).toHaveLength(1);
  });

  test('a payment the customer cancels on the reader ends canceled', async () => {
    await counter.addProduct('Mocha');
    await counter.setCustomerCancels(true);
    await counter.charge();
    await counter.expectPayment('Payment canceled');
    await expect(counter.dialog.getByText('The customer canceled on the reader.')).toBeVisible();
    await counter.dialog.getByRole('button', { name: 'Back to cart' }).click();
    await expect(counter.chargeButton()).toHaveText(/^Charge \$6\.2\d$/);
  });

  test('the cashier cancels while the reader waits for a card', async () => {
    await counter.addProduct('Drip coffee');
    await counter.setPresentDelaySeconds(60);
    await counter.charge();
    await counter.expectPayment('Present card on the reader');
    await counter.dialog.getByRole('button', { name: 'Cancel payment' }).click();
    await counter.expectPayment('Payment canceled');
    expect(await counter.inFlightSale()).toBeNull();
  });
});
