// Reader faults on a server-driven reader, through the counter API: the reader goes offline mid-action,
// is busy with another register's payment, the customer cancels on it, or it does not acknowledge the
// command. Each ends in a state the cashier sees, the sale keeps one PaymentIntent (reused by the next
// attempt, or canceled), and nothing is ever captured twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  api,
  type Merchant,
  presentCard,
  setUpMerchant,
  TEST_CARDS,
  terminalSdk,
} from '../checkout/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildRegister } from '../support/factories.ts';
import { counterApi, emulatorTruth } from './support.ts';

let ctx: TestContext;
let merchant: Merchant;

beforeEach(async () => {
  ctx = await createTestContext();
  merchant = await setUpMerchant(ctx, { tipping: false });
});

afterEach(async () => {
  await ctx.close();
});

async function readerControl(path: string, body: unknown = {}) {
  const response = await fetch(
    `${ctx.emulator?.url}/_emulator/readers/${merchant.readers.serverDriven.stripeReaderId}/${path}`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  expect(response.status, await response.clone().text()).toBe(200);
}

/** One PaymentIntent per sale in the emulator, at most one capture; prints the figures. */
async function expectOneIntentPerSale(label: string, saleIds: string[]) {
  const truth = await emulatorTruth(ctx, merchant);
  const intentsPerSale = saleIds.map((saleId) => truth.bySale.get(saleId)?.length ?? 0);
  const captures = saleIds.map((saleId) => truth.capturedChargesBySale.get(saleId) ?? 0);
  console.log(
    `[reader-faults] ${label}: sales=${saleIds.length} intents_per_sale=${intentsPerSale.join(',')} captures_per_sale=${captures.join(',')}`,
  );
  expect(intentsPerSale.every((n) => n <= 1)).toBe(true);
  expect(captures.every((n) => n <= 1)).toBe(true);
}

describe('reader faults', () => {
  it('refuses a second attempt while the reader is offline mid-payment, then cancels its PaymentIntent uncharged', async () => {
    const counter = counterApi(ctx, merchant);
    const sale = (await counter.createSale(1500)).body.sale;
    const first = await counter.startAttempt(sale.id, merchant.readers.serverDriven.id);
    expect(first.status).toBe(200);
    await readerControl('state', { offline: true });

    const retry = await counter.startAttempt(sale.id, merchant.readers.serverDriven.id);
    expect(retry.status).toBe(409);
    expect(retry.body).toMatchObject({ error: { code: expect.stringMatching(/reader_(offline|busy)/) } });
    expect((await counter.sync(sale.id)).body.sale.status).toBe('awaiting_payment');

    await readerControl('state', { offline: false });
    const cancelActionFirst = await counter.cancel(sale.id);
    expect(cancelActionFirst.body.sale.status).toBe('canceled');
    const intent = await ctx.stripe.paymentIntents.retrieve(
      first.body.attempt.paymentIntentId,
      {},
      merchant.on,
    );
    expect(intent.status).toBe('canceled');
    await expectOneIntentPerSale('offline', [sale.id]);
  });

  it("refuses a reader busy with another register's payment, then takes the payment once it is free", async () => {
    const counter = counterApi(ctx, merchant);
    const other = await buildRegister(ctx, merchant.location);
    const otherSignIn = await ctx.signIn(other.code, merchant.staff.id, merchant.staff.pin);
    const otherCounter = counterApi(ctx, { ...merchant, signIn: otherSignIn });

    const theirs = (await otherCounter.createSale(800)).body.sale;
    expect((await otherCounter.startAttempt(theirs.id, merchant.readers.serverDriven.id)).status).toBe(200);
    const ours = (await counter.createSale(1200)).body.sale;
    const busy = await counter.startAttempt(ours.id, merchant.readers.serverDriven.id);
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ error: { code: 'reader_busy' } });

    await presentCard(ctx, merchant, TEST_CARDS.visa);
    expect((await otherCounter.sync(theirs.id)).body.sale.status).toBe('succeeded');
    const again = await counter.startAttempt(ours.id, merchant.readers.serverDriven.id);
    expect(again.status).toBe(200);
    await presentCard(ctx, merchant, TEST_CARDS.visa);
    expect((await counter.sync(ours.id)).body.sale.status).toBe('succeeded');
    expect((await counter.sync(ours.id)).body.sale.status).toBe('succeeded');
    await expectOneIntentPerSale('busy', [theirs.id, ours.id]);
  });

  it('shows a customer cancel on the reader and charges once when the customer pays on the next attempt', async () => {
    const counter = counterApi(ctx, merchant);
    const sale = (await counter.createSale(990)).body.sale;
    const first = await counter.startAttempt(sale.id, merchant.readers.serverDriven.id);
    await readerControl('customer_cancel');

    const afterCancel = await counter.sync(sale.id);
    expect(['payment_failed', 'awaiting_payment']).toContain(afterCancel.body.sale.status);
    const second = await counter.startAttempt(sale.id, merchant.readers.serverDriven.id);
    expect(second.status).toBe(200);
    expect(second.body.attempt.paymentIntentId).toBe(first.body.attempt.paymentIntentId);
    await presentCard(ctx, merchant, TEST_CARDS.visa);
    expect((await counter.sync(sale.id)).body.sale.status).toBe('succeeded');
    await expectOneIntentPerSale('customer-cancel', [sale.id]);
  });

  it('reports a reader that did not acknowledge, and the retry reuses the PaymentIntent', async () => {
    const counter = counterApi(ctx, merchant);
    const sale = (await counter.createSale(2500)).body.sale;
    await readerControl('state', { timeout_next_action: true });
    const timedOut = await counter.startAttempt(sale.id, merchant.readers.serverDriven.id);
    expect(timedOut.status).toBeGreaterThanOrEqual(400);
    expect(timedOut.body).toMatchObject({ error: { code: 'reader_offline' } });

    const retry = await counter.startAttempt(sale.id, merchant.readers.serverDriven.id);
    expect(retry.status).toBe(200);
    await presentCard(ctx, merchant, TEST_CARDS.visa);
    expect((await counter.sync(sale.id)).body.sale.status).toBe('succeeded');
    await expectOneIntentPerSale('timeout', [sale.id]);
  });

  it('shows a JS SDK reader that dropped between collect and process, and never charges the abandoned card', async () => {
    const counter = counterApi(ctx, merchant);
    const sale = (await counter.createSale(3100)).body.sale;
    const attempt = await counter.startAttempt(sale.id, merchant.readers.jsSdk.id);
    expect(attempt.status).toBe(200);
    const token = await api<{ secret: string }>(
      ctx,
      merchant.signIn,
      'POST',
      '/api/counter/connection-token',
    );
    const sdk = terminalSdk(ctx, token.body.secret);
    const readerId = merchant.readers.jsSdk.stripeReaderId;
    expect((await sdk.connect(readerId)).status).toBe(200);
    const clientSecret = attempt.body.attempt.clientSecret ?? '';
    expect((await sdk.collect(readerId, clientSecret, TEST_CARDS.visa)).status).toBe(200);

    const control = await fetch(`${ctx.emulator?.url}/_emulator/readers/${readerId}/state`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offline: true }),
    });
    expect(control.status).toBe(200);
    const processed = await sdk.process(readerId, attempt.body.attempt.paymentIntentId);
    expect(processed.status).toBeGreaterThanOrEqual(400);
    expect(['processing', 'awaiting_payment']).toContain((await counter.sync(sale.id)).body.sale.status);

    const canceled = await counter.cancel(sale.id);
    expect(canceled.body.sale.status).toBe('canceled');
    expect((await counter.sync(sale.id)).body.sale.status).toBe('canceled');
    await expectOneIntentPerSale('js-sdk-offline', [sale.id]);
    const truth = await emulatorTruth(ctx, merchant);
    expect(truth.bySale.get(sale.id)?.[0]?.status).toBe('canceled');
  });
});
