/**
 * The network between the browser and the POS server drops mid-payment (the browser's `/api/counter/**`
 * requests fail while the server, Stripe and the reader keep working), then comes back. The cashier must see
 * a definite state — never a false "Approved" or "Declined" — and, once the network is back, the register
 * settles the same sale from the server's state: approved exactly once, one PaymentIntent, one captured charge.
 */
import type { APIRequestContext, Page, Request } from '@playwright/test';
import { CounterPage } from '../support/counter-page.ts';
import { chargesFor, paymentIntentsForSale, presentCard } from '../support/emulator.ts';
import { expect, test } from '../support/fixtures.ts';

interface NetworkDrop {
  /** Browser requests to the counter API that failed while the network was down. */
  readonly failed: string[];
  restore(): Promise<void>;
}

/**
 * From the first counter API request matching `trigger` on, every counter API request of the page fails as
 * if the network were down. With `answerLost`, that first request still reaches the server (which acts on it)
 * and only its answer is lost — the worst case for a retry.
 */
async function dropNetworkFrom(
  page: Page,
  trigger: (request: Request) => boolean,
  options: { answerLost?: boolean } = {},
): Promise<NetworkDrop> {
  const failed: string[] = [];
  let down = false;
  await page.route('**/api/counter/**', async (route) => {
    const request = route.request();
    if (!down && !trigger(request)) return route.fallback();
    const first = !down;
    down = true;
    failed.push(`${request.method()} ${new URL(request.url()).pathname}`);
    if (first && options.answerLost) await route.fetch();
    return route.abort('internetdisconnected');
  });
  return {
    failed,
    restore: () => page.unroute('**/api/counter/**'),
  };
}

const isSync = (request: Request) => request.method() === 'POST' && request.url().endsWith('/sync');
const isAttempt = (request: Request) => request.method() === 'POST' && request.url().endsWith('/attempts');

/** The sale is recorded approved once, and Stripe holds one succeeded PaymentIntent with one captured charge. */
async function expectPaidOnce(counter: CounterPage, request: APIRequestContext, saleId: string) {
  const sales = (await counter.shiftSales()).filter((sale) => sale.id === saleId);
  expect(sales).toEqual([expect.objectContaining({ status: 'succeeded' })]);
  const intents = await paymentIntentsForSale(request, saleId);
  expect(intents.map((intent) => [intent.id, intent.status])).toEqual([
    [sales[0]?.paymentIntentId, 'succeeded'],
  ]);
  const charges = await chargesFor(request, String(intents[0]?.id));
  expect(charges.map((charge) => [charge.status, charge.captured])).toEqual([['succeeded', true]]);
}

test.describe('the network drops between the register and the server mid-payment', () => {
  test('JS SDK reader: the card is approved while the server cannot be reached; a retry settles the same sale once', async ({
    page,
  }) => {
    const counter = new CounterPage(page);
    await counter.signIn({ register: 'MISSION-1', staff: 'Ben', pin: '2345' });
    await counter.useReader('counter reader');
    await counter.addProduct('Cold brew');
    await counter.chooseTestCard('Visa — approved');

    // The reader approves the card; the register's request to have the server confirm it is lost.
    const drop = await dropNetworkFrom(page, isSync);
    await counter.charge();
    await counter.expectPayment('The payment did not finish');
    await expect(
      counter.dialog.getByText(
        'The card was read but the server has not confirmed the sale yet. Check again.',
      ),
    ).toBeVisible();
    const saleId = /^POST \/api\/counter\/sales\/([^/]+)\/sync$/.exec(drop.failed[0] ?? '')?.[1];
    expect(saleId, 'the lost request was the sync of the sale').toBeDefined();

    // Network back: the cashier retries; the register finds the sale already paid instead of charging again.
    await drop.restore();
    await counter.dialog.getByRole('button', { name: 'Try again' }).click();
    await counter.expectPayment(/^Approved ✓ \$/);
    await expectPaidOnce(counter, page.request, saleId ?? '');
  });

  test('JS SDK reader: the answer to starting the payment is lost; the retry reuses the same PaymentIntent', async ({
    page,
  }) => {
    const counter = new CounterPage(page);
    await counter.signIn({ register: 'MISSION-1', staff: 'Ben', pin: '2345' });
    await counter.useReader('counter reader');
    await counter.addProduct('Espresso');
    await counter.chooseTestCard('Visa — approved');

    const drop = await dropNetworkFrom(page, isAttempt, { answerLost: true });
    await counter.charge();
    await counter.expectPayment('The payment did not finish');
    await expect(
      counter.dialog.getByText('Cannot reach the server. Check the network, then try again.'),
    ).toBeVisible();
    const sale = await counter.inFlightSale();
    expect(sale?.status).toBe('awaiting_payment');
    expect(sale?.paymentIntentId).toMatch(/^pi_/);

    await drop.restore();
    await counter.dialog.getByRole('button', { name: 'Try again' }).click();
    await counter.expectPayment(/^Approved ✓ \$/);
    await expectPaidOnce(counter, page.request, sale?.id ?? '');
  });

  test.describe('server-driven reader', () => {
    let counter: CounterPage;
    let readerId: string;

    test.beforeEach(async ({ page }) => {
      counter = new CounterPage(page);
      await counter.signIn({ register: 'MISSION-1', staff: 'Ana', pin: '1234' });
      await counter.useReader('handheld');
      const reader = (await counter.readers()).find((candidate) => candidate.label.includes('handheld'));
      readerId = reader?.stripeReaderId ?? '';
    });

    test('the register loses the server while the customer pays; "Check again" shows the payment approved once', async ({
      page,
    }) => {
      await counter.keyAmount('7.25');
      await counter.charge();
      await counter.expectPayment('Present card on the reader');
      const sale = await counter.inFlightSale();

      const drop = await dropNetworkFrom(page, isSync);
      await presentCard(page.request, readerId);
      // The register keeps following the sale for a few seconds, then says plainly what it does not know.
      await counter.expectPayment('The payment did not finish');
      await expect(counter.dialog.getByText(/lost the connection to the server/i)).toBeVisible();
      expect(drop.failed.length).toBeGreaterThan(1);

      await drop.restore();
      await counter.dialog.getByRole('button', { name: 'Check again' }).click();
      await counter.expectPayment('Approved ✓ $7.25');
      await expectPaidOnce(counter, page.request, sale?.id ?? '');
    });

    test('the answer to starting the payment is lost while the reader already waits; the card pays once', async ({
      page,
    }) => {
      await counter.keyAmount('6.40');
      const drop = await dropNetworkFrom(page, isAttempt, { answerLost: true });
      await counter.charge();
      await counter.expectPayment('The payment did not finish');
      await expect(
        counter.dialog.getByText('Cannot reach the server. Check the network, then try again.'),
      ).toBeVisible();
      const sale = await counter.inFlightSale();
      expect(sale?.status).toBe('awaiting_payment');

      // The server did start the payment on the reader, so the customer can pay while the register is cut off.
      await presentCard(page.request, readerId);
      await drop.restore();
      await counter.dialog.getByRole('button', { name: 'Try again' }).click();
      await counter.expectPayment('Approved ✓ $6.40');
      await expectPaidOnce(counter, page.request, sale?.id ?? '');
    });
  });
});
