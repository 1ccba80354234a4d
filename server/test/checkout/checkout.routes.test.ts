// Checkout through the HTTP API against the embedded Stripe emulator, with the production stripe gateway:
// server-driven and JS SDK payments, declines, tips, cancellation, idempotent retries, bad input, Connect.
import { randomUUID } from 'node:crypto';
import {
  type AttemptResponse,
  AttemptResponseSchema,
  type Sale,
  SaleResponseSchema,
} from '@countertop/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applicationFeeMinor } from '../../src/domain/fees.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import {
  api,
  countRows,
  type Merchant,
  presentCard,
  setUpMerchant,
  TEST_CARDS,
  terminalSdk,
} from './support.ts';

let ctx: TestContext;

beforeEach(async () => {
  ctx = await createTestContext();
});

afterEach(async () => {
  await ctx.close();
});

async function createSale(merchant: Merchant, body: Record<string, unknown>) {
  const response = await api<{ sale: Sale }>(ctx, merchant.signIn, 'POST', '/api/counter/sales', {
    clientSaleId: randomUUID(),
    ...body,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return SaleResponseSchema.parse(response.body).sale;
}

async function cartSale(merchant: Merchant) {
  const [latte, croissant] = merchant.products;
  return createSale(merchant, {
    items: [
      { productId: latte!.id, quantity: 2 },
      { productId: croissant!.id, quantity: 1 },
    ],
  });
}

async function startAttempt(merchant: Merchant, saleId: string, readerId: string, attemptKey = randomUUID()) {
  const response = await api<AttemptResponse>(
    ctx,
    merchant.signIn,
    'POST',
    `/api/counter/sales/${saleId}/attempts`,
    {
      attemptKey,
      readerId,
    },
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return AttemptResponseSchema.parse(response.body);
}

async function sync(merchant: Merchant, saleId: string) {
  const response = await api<{ sale: Sale }>(
    ctx,
    merchant.signIn,
    'POST',
    `/api/counter/sales/${saleId}/sync`,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return SaleResponseSchema.parse(response.body).sale;
}

async function retrieveReader(
  merchant: Merchant,
): Promise<{ action: { type: string; status: string } | null }> {
  const reader = await ctx.stripe.terminal.readers.retrieve(
    merchant.readers.serverDriven.stripeReaderId,
    {},
    merchant.on,
  );
  if ('deleted' in reader && reader.deleted) throw new Error('reader deleted');
  return reader as { action: { type: string; status: string } | null };
}

describe('POST /api/counter/sales', () => {
  it('prices a cart from the catalog with tax on the subtotal and the account fee', async () => {
    const merchant = await setUpMerchant(ctx, { taxRateBps: 863 });
    const sale = await cartSale(merchant);
    expect(sale).toMatchObject({
      status: 'open',
      currency: 'usd',
      subtotalMinor: 2 * 475 + 395,
      taxMinor: 116, // 1345 × 8.63 % = 116.07
      tipMinor: 0,
      totalMinor: 1461,
      applicationFeeMinor: applicationFeeMinor(1461, {
        bps: 290,
        fixedMinor: 30,
        minMinor: 0,
        maxMinor: null,
      }),
      paymentIntentId: null,
      staffId: merchant.staff.id,
    });
    // Each line carries its share of the one tax of the sale (82 + 34 = 116).
    const plain = {
      variantId: null,
      variantName: null,
      modifiers: [],
      discount: null,
      discountMinor: 0,
      taxRateBps: 863,
    };
    expect(sale.lines).toEqual([
      {
        description: 'Latte',
        quantity: 2,
        unitPriceMinor: 475,
        amountMinor: 950,
        productId: merchant.products[0]!.id,
        ...plain,
        taxMinor: 82,
        totalMinor: 1032,
      },
      {
        description: 'Croissant',
        quantity: 1,
        unitPriceMinor: 395,
        amountMinor: 395,
        productId: merchant.products[1]!.id,
        ...plain,
        taxMinor: 34,
        totalMinor: 429,
      },
    ]);
    expect(sale).toMatchObject({
      taxIncluded: false,
      discountMinor: 0,
      kind: 'sale',
      tenders: [],
      amountDueMinor: 1461,
    });
  });

  it('returns the same sale for a retried clientSaleId and records it once', async () => {
    const merchant = await setUpMerchant(ctx);
    const body = { clientSaleId: randomUUID(), keyedAmountMinor: 1250, description: 'Gift wrap' };
    const first = await api<{ sale: Sale }>(ctx, merchant.signIn, 'POST', '/api/counter/sales', body);
    const second = await api<{ sale: Sale }>(ctx, merchant.signIn, 'POST', '/api/counter/sales', body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.sale.id).toBe(first.body.sale.id);
    expect(countRows(ctx).sales).toBe(1);
  });

  it('refuses a clientSaleId reused for a different cart with 409 conflict', async () => {
    const merchant = await setUpMerchant(ctx);
    const clientSaleId = randomUUID();
    await api(ctx, merchant.signIn, 'POST', '/api/counter/sales', { clientSaleId, keyedAmountMinor: 1250 });
    const reused = await api<{ error: { code: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      '/api/counter/sales',
      {
        clientSaleId,
        keyedAmountMinor: 9999,
      },
    );
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('conflict');
    expect(countRows(ctx).sales).toBe(1);
  });

  it.each([
    ['a quantity of zero', { items: [{ productId: 'prd_x', quantity: 0 }] }],
    [
      'both items and a keyed amount',
      { items: [{ productId: 'prd_x', quantity: 1 }], keyedAmountMinor: 100 },
    ],
    ['neither items nor a keyed amount', {}],
    ['a negative amount', { keyedAmountMinor: -500 }],
    ['a fractional amount', { keyedAmountMinor: 10.5 }],
    ['an absurd amount', { keyedAmountMinor: 1_000_000_000 }],
    ['an unknown field', { keyedAmountMinor: 100, discount: 50 }],
    ['an unknown product', { items: [{ productId: 'prd_nope', quantity: 1 }] }],
  ])('rejects %s with invalid_request and records nothing', async (_name, body) => {
    const merchant = await setUpMerchant(ctx);
    const response = await api<{ error: { code: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      '/api/counter/sales',
      {
        clientSaleId: randomUUID(),
        ...body,
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_request');
    expect(countRows(ctx)).toEqual({ sales: 0, attempts: 0, lines: 0 });
  });

  it("refuses another account's product", async () => {
    const merchant = await setUpMerchant(ctx);
    const other = await setUpMerchant(ctx);
    const response = await api<{ error: { code: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      '/api/counter/sales',
      {
        clientSaleId: randomUUID(),
        items: [{ productId: other.products[0]!.id, quantity: 1 }],
      },
    );
    expect(response.status).toBe(400);
    expect(countRows(ctx).sales).toBe(0);
  });

  it('refuses with account_cannot_charge while onboarding is incomplete', async () => {
    const merchant = await setUpMerchant(ctx);
    await ctx.repos.accounts.updateStripeStatus(
      merchant.account.stripeAccountId,
      { chargesEnabled: false, detailsSubmitted: false, payoutsEnabled: false, requirements: {} },
      ctx.clock.nowMs(),
    );
    const response = await api<{ error: { code: string; message: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      '/api/counter/sales',
      { clientSaleId: randomUUID(), keyedAmountMinor: 500 },
    );
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('account_cannot_charge');
    expect(response.body.error.message).toMatch(/onboarding/);
  });
});

describe('server-driven reader', () => {
  it('pays a cart: process on the reader, present a card with a tip, sync captures with the fee recomputed', async () => {
    const merchant = await setUpMerchant(ctx, { taxRateBps: 1000 });
    const sale = await cartSale(merchant);
    const { attempt, sale: awaiting } = await startAttempt(
      merchant,
      sale.id,
      merchant.readers.serverDriven.id,
    );
    expect(attempt).toMatchObject({ integration: 'server_driven', clientSecret: null });
    expect(awaiting.status).toBe('awaiting_payment');

    const reader = await retrieveReader(merchant);
    expect(reader.action).toMatchObject({ type: 'process_payment_intent', status: 'in_progress' });

    await presentCard(ctx, merchant, TEST_CARDS.visa, 200);
    const paid = await sync(merchant, sale.id);
    const total = sale.totalMinor + 200;
    const fee = applicationFeeMinor(total, merchant.account.feePlan);
    expect(paid).toMatchObject({
      status: 'succeeded',
      tipMinor: 200,
      totalMinor: total,
      applicationFeeMinor: fee,
    });
    expect(paid.card).toMatchObject({ brand: 'visa', last4: '4242' });

    const intent = await ctx.stripe.paymentIntents.retrieve(attempt.paymentIntentId, {}, merchant.on);
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount_received: total,
      application_fee_amount: fee,
      metadata: { sale_id: sale.id },
    });
  });

  it('reports a decline in cashier words, then takes another card on the same PaymentIntent', async () => {
    const merchant = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 2000 });
    const first = await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id);
    await presentCard(ctx, merchant, TEST_CARDS.insufficientFunds);
    const declined = await sync(merchant, sale.id);
    expect(declined.status).toBe('payment_failed');
    expect(declined.lastError).toEqual({
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      message: 'Declined: insufficient funds. Ask for another card.',
    });

    const second = await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id);
    expect(second.attempt.paymentIntentId).toBe(first.attempt.paymentIntentId);
    expect(second.sale).toMatchObject({ status: 'awaiting_payment', lastError: null });
    expect((await sync(merchant, sale.id)).status).toBe('awaiting_payment');

    await presentCard(ctx, merchant, TEST_CARDS.visa);
    const paid = await sync(merchant, sale.id);
    expect(paid).toMatchObject({ status: 'succeeded', totalMinor: 2000, lastError: null });
  });

  it('replays a retried attempt (same attemptKey) without a second PaymentIntent', async () => {
    const merchant = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 900 });
    const attemptKey = randomUUID();
    const first = await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id, attemptKey);
    const again = await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id, attemptKey);
    expect(again.attempt).toEqual(first.attempt);
    expect(countRows(ctx).attempts).toBe(1);
    const intents = await ctx.stripe.paymentIntents.list({ limit: 100 }, merchant.on);
    expect(intents.data.filter((intent) => intent.metadata.sale_id === sale.id)).toHaveLength(1);
  });

  it('creates one PaymentIntent when two attempts for the sale race', async () => {
    const merchant = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 900 });
    const [first, second] = await Promise.all([
      startAttempt(merchant, sale.id, merchant.readers.jsSdk.id),
      startAttempt(merchant, sale.id, merchant.readers.jsSdk.id),
    ]);
    expect(first.attempt.id).not.toBe(second.attempt.id);
    expect(first.attempt.paymentIntentId).toBe(second.attempt.paymentIntentId);
    const intents = await ctx.stripe.paymentIntents.list({ limit: 100 }, merchant.on);
    expect(intents.data.filter((intent) => intent.metadata.sale_id === sale.id)).toHaveLength(1);
  });

  it('cancels the reader action and the PaymentIntent', async () => {
    const merchant = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 1500 });
    const { attempt } = await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id);
    const response = await api<{ sale: Sale }>(
      ctx,
      merchant.signIn,
      'POST',
      `/api/counter/sales/${sale.id}/cancel`,
    );
    expect(response.status).toBe(200);
    expect(response.body.sale.status).toBe('canceled');
    const intent = await ctx.stripe.paymentIntents.retrieve(attempt.paymentIntentId, {}, merchant.on);
    expect(intent.status).toBe('canceled');
    const reader = await retrieveReader(merchant);
    expect(reader.action?.status === 'in_progress').toBe(false);
  });

  it('keeps a paid sale when asked to cancel it', async () => {
    const merchant = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 1500 });
    await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id);
    await presentCard(ctx, merchant, TEST_CARDS.visa);
    await sync(merchant, sale.id);
    const response = await api<{ error: { code: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      `/api/counter/sales/${sale.id}/cancel`,
    );
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('sale_not_payable');
    const kept = await api<{ sale: Sale }>(ctx, merchant.signIn, 'GET', `/api/counter/sales/${sale.id}`);
    expect(kept.body.sale.status).toBe('succeeded');
  });

  it("answers 404 for another account's reader and records no attempt", async () => {
    const merchant = await setUpMerchant(ctx);
    const other = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 700 });
    const response = await api<{ error: { code: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      `/api/counter/sales/${sale.id}/attempts`,
      { attemptKey: randomUUID(), readerId: other.readers.serverDriven.id },
    );
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('reader_not_found');
    expect(countRows(ctx).attempts).toBe(0);
  });

  it("answers 404 for another location's sale", async () => {
    const merchant = await setUpMerchant(ctx);
    const other = await setUpMerchant(ctx);
    const sale = await createSale(other, { keyedAmountMinor: 700 });
    const response = await api<{ error: { code: string } }>(
      ctx,
      merchant.signIn,
      'GET',
      `/api/counter/sales/${sale.id}`,
    );
    expect(response.status).toBe(404);
  });
});

describe('JS SDK reader', () => {
  it('pays through collect and process in the browser SDK, then sync captures the tip with the fee', async () => {
    const merchant = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 3000 });
    const { attempt } = await startAttempt(merchant, sale.id, merchant.readers.jsSdk.id);
    expect(attempt.integration).toBe('js_sdk');
    expect(attempt.clientSecret).toMatch(/^pi_.+_secret_/);

    const token = await api<{ secret: string }>(
      ctx,
      merchant.signIn,
      'POST',
      '/api/counter/connection-token',
    );
    expect(token.body.secret).toMatch(/^pst_test_/);
    const sdk = terminalSdk(ctx, token.body.secret);
    const readerId = merchant.readers.jsSdk.stripeReaderId;
    expect((await sdk.connect(readerId)).status).toBe(200);
    expect((await sdk.collect(readerId, attempt.clientSecret!, TEST_CARDS.visa, 450)).status).toBe(200);
    const processed = await sdk.process(readerId, attempt.paymentIntentId);
    expect(processed.status, JSON.stringify(processed.body)).toBe(200);

    const paid = await sync(merchant, sale.id);
    const fee = applicationFeeMinor(3450, merchant.account.feePlan);
    expect(paid).toMatchObject({
      status: 'succeeded',
      tipMinor: 450,
      totalMinor: 3450,
      applicationFeeMinor: fee,
    });
    const intent = await ctx.stripe.paymentIntents.retrieve(attempt.paymentIntentId, {}, merchant.on);
    expect(intent.application_fee_amount).toBe(fee);
  });
});

describe('GET /api/counter/readers and POST /api/counter/connection-token', () => {
  it("lists only the register location's readers with their status", async () => {
    const merchant = await setUpMerchant(ctx);
    await setUpMerchant(ctx);
    const response = await api<{ readers: { id: string; integration: string; status: string | null }[] }>(
      ctx,
      merchant.signIn,
      'GET',
      '/api/counter/readers',
    );
    expect(response.body.readers.map((reader) => reader.id).sort()).toEqual(
      [merchant.readers.jsSdk.id, merchant.readers.serverDriven.id].sort(),
    );
    expect(response.body.readers.every((reader) => reader.status === 'online')).toBe(true);
  });

  it('issues a new token on every call', async () => {
    const merchant = await setUpMerchant(ctx);
    const first = await api<{ secret: string }>(
      ctx,
      merchant.signIn,
      'POST',
      '/api/counter/connection-token',
    );
    const second = await api<{ secret: string }>(
      ctx,
      merchant.signIn,
      'POST',
      '/api/counter/connection-token',
    );
    expect(first.body.secret).not.toBe(second.body.secret);
  });
});

describe('destination charges', () => {
  it('charges a JPY account on the platform with transfer_data, on_behalf_of and a yen fee', async () => {
    const merchant = await setUpMerchant(ctx, {
      chargeType: 'destination',
      country: 'JP',
      currency: 'jpy',
      taxRateBps: 1000,
      feePlan: { bps: 360, fixedMinor: 0, minMinor: 0, maxMinor: 300 },
    });
    const sale = await cartSale(merchant);
    expect(sale).toMatchObject({ currency: 'jpy', subtotalMinor: 1480, taxMinor: 148, totalMinor: 1628 });
    const { attempt } = await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id);
    await presentCard(ctx, merchant, TEST_CARDS.visa);
    const paid = await sync(merchant, sale.id);
    expect(paid).toMatchObject({ status: 'succeeded', totalMinor: 1628, applicationFeeMinor: 59 }); // 58.6 → 59

    const intent = await ctx.stripe.paymentIntents.retrieve(attempt.paymentIntentId);
    expect(intent).toMatchObject({
      currency: 'jpy',
      amount_received: 1628,
      application_fee_amount: 59,
      on_behalf_of: merchant.stripeAccount.id,
      transfer_data: { destination: merchant.stripeAccount.id },
    });
  });
});

describe('destination charges through the JS SDK', () => {
  it('uses a platform connection token scoped to the location and pays a USD destination charge', async () => {
    const merchant = await setUpMerchant(ctx, { chargeType: 'destination' });
    const sale = await createSale(merchant, { keyedAmountMinor: 4200 });
    const { attempt } = await startAttempt(merchant, sale.id, merchant.readers.jsSdk.id);
    const token = await api<{ secret: string }>(
      ctx,
      merchant.signIn,
      'POST',
      '/api/counter/connection-token',
    );
    const sdk = terminalSdk(ctx, token.body.secret);
    const readerId = merchant.readers.jsSdk.stripeReaderId;
    expect((await sdk.connect(readerId)).status).toBe(200);
    expect((await sdk.collect(readerId, attempt.clientSecret!, TEST_CARDS.visa)).status).toBe(200);
    expect((await sdk.process(readerId, attempt.paymentIntentId)).status).toBe(200);
    expect((await sync(merchant, sale.id)).status).toBe('succeeded');
    const intent = await ctx.stripe.paymentIntents.retrieve(attempt.paymentIntentId);
    expect(intent.transfer_data?.destination).toBe(merchant.stripeAccount.id);
  });
});

describe('Interac (CAD)', () => {
  it('accepts an Interac card, captured at once as a single-message payment', async () => {
    const merchant = await setUpMerchant(ctx, { country: 'CA', currency: 'cad', tipping: false });
    const sale = await createSale(merchant, { keyedAmountMinor: 1500 });
    const { attempt } = await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id);
    const intentBefore = await ctx.stripe.paymentIntents.retrieve(attempt.paymentIntentId, {}, merchant.on);
    expect(intentBefore.allowed_payment_method_types).toEqual(['card_present', 'interac_present']);
    const presented = await ctx.request(
      `/api/counter/readers/${merchant.readers.serverDriven.id}/present-card`,
      {
        method: 'POST',
        as: merchant.signIn,
        json: { cardNumber: '4506445006931933', type: 'interac_present' },
      },
    );
    expect(presented.status, await presented.clone().text()).toBe(202);
    const paid = await sync(merchant, sale.id);
    expect(paid).toMatchObject({ status: 'succeeded', totalMinor: 1500 });
    expect(paid.card?.brand).toBeTruthy();
  });
});

describe('reader problems', () => {
  it('says the reader is busy when another sale is on it', async () => {
    const merchant = await setUpMerchant(ctx);
    const first = await createSale(merchant, { keyedAmountMinor: 1000 });
    const second = await createSale(merchant, { keyedAmountMinor: 2000 });
    await startAttempt(merchant, first.id, merchant.readers.serverDriven.id);
    const response = await api<{ error: { code: string; message: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      `/api/counter/sales/${second.id}/attempts`,
      { attemptKey: randomUUID(), readerId: merchant.readers.serverDriven.id },
    );
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('reader_busy');
    expect(response.body.error.message).toMatch(/busy/);
  });

  it('keeps the PaymentIntent created while a busy reader refused the cart, and the retry reuses it', async () => {
    const merchant = await setUpMerchant(ctx);
    const first = await createSale(merchant, { keyedAmountMinor: 1000 });
    const second = await createSale(merchant, { keyedAmountMinor: 2000 });
    await startAttempt(merchant, first.id, merchant.readers.serverDriven.id);
    const busy = await api(ctx, merchant.signIn, 'POST', `/api/counter/sales/${second.id}/attempts`, {
      attemptKey: randomUUID(),
      readerId: merchant.readers.serverDriven.id,
    });
    expect(busy.status).toBe(409);
    // The busy reader refused only the cart: the PaymentIntent was created and is kept on the sale.
    const recorded = ctx.db
      .prepare('SELECT payment_intent_id AS id FROM sales WHERE id = ?')
      .get(second.id) as { id: string | null };
    expect(recorded.id).toMatch(/^pi_/);

    const canceled = await api(ctx, merchant.signIn, 'POST', `/api/counter/sales/${first.id}/cancel`, {});
    expect(canceled.status).toBe(200);
    const { attempt } = await startAttempt(merchant, second.id, merchant.readers.serverDriven.id);
    expect(attempt.paymentIntentId).toBe(recorded.id);
    const intents = await ctx.stripe.paymentIntents.list({ limit: 100 }, merchant.on);
    expect(intents.data.filter((intent) => intent.amount === 2000)).toHaveLength(1);
  });

  it('says the reader is offline', async () => {
    const merchant = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 1000 });
    await fetch(
      `${ctx.emulator?.url}/_emulator/readers/${merchant.readers.serverDriven.stripeReaderId}/state`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ offline: true }),
      },
    );
    const response = await api<{ error: { code: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      `/api/counter/sales/${sale.id}/attempts`,
      { attemptKey: randomUUID(), readerId: merchant.readers.serverDriven.id },
    );
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('reader_offline');
  });
});

async function emulatorControl(path: string, body: unknown) {
  const response = await fetch(`${ctx.emulator?.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

describe('customer and reader outcomes', () => {
  it('reports a customer cancel on the reader and lets the cashier try again', async () => {
    const merchant = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 1200 });
    await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id);
    await emulatorControl(
      `/_emulator/readers/${merchant.readers.serverDriven.stripeReaderId}/customer_cancel`,
      {},
    );
    const canceled = await sync(merchant, sale.id);
    expect(canceled.status).toBe('payment_failed');
    expect(canceled.lastError).toMatchObject({
      code: 'customer_canceled',
      message: 'The customer canceled on the reader.',
    });

    await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id);
    await presentCard(ctx, merchant, TEST_CARDS.visa);
    expect((await sync(merchant, sale.id)).status).toBe('succeeded');
  });

  it('says the reader did not respond, and a new attempt goes through', async () => {
    const merchant = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 1200 });
    await emulatorControl(`/_emulator/readers/${merchant.readers.serverDriven.stripeReaderId}/state`, {
      timeout_next_action: true,
    });
    const attemptKey = randomUUID();
    const timedOut = await api<{ error: { code: string; message: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      `/api/counter/sales/${sale.id}/attempts`,
      { attemptKey, readerId: merchant.readers.serverDriven.id },
    );
    expect(timedOut.status).toBe(409);
    expect(timedOut.body.error).toMatchObject({
      code: 'reader_offline',
      message: expect.stringMatching(/respond/),
    });
    // The same attemptKey keeps its answer; a new one starts afresh.
    const replayed = await api<{ error: { code: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      `/api/counter/sales/${sale.id}/attempts`,
      { attemptKey, readerId: merchant.readers.serverDriven.id },
    );
    expect(replayed.body.error.code).toBe('reader_offline');
    await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id);
    await presentCard(ctx, merchant, TEST_CARDS.visa);
    expect((await sync(merchant, sale.id)).status).toBe('succeeded');
  });

  it('records an automatically captured payment with the fee set at creation', async () => {
    const merchant = await setUpMerchant(ctx, { captureMethod: 'automatic', tipping: false });
    const sale = await createSale(merchant, { keyedAmountMinor: 5000 });
    const { attempt } = await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id);
    await presentCard(ctx, merchant, TEST_CARDS.visa);
    const paid = await sync(merchant, sale.id);
    expect(paid).toMatchObject({
      status: 'succeeded',
      totalMinor: 5000,
      tipMinor: 0,
      applicationFeeMinor: sale.applicationFeeMinor,
    });
    const intent = await ctx.stripe.paymentIntents.retrieve(attempt.paymentIntentId, {}, merchant.on);
    expect(intent).toMatchObject({ capture_method: 'automatic', status: 'succeeded' });
  });

  it('takes a second card in the JS SDK after a decline, on the same PaymentIntent', async () => {
    const merchant = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 2200 });
    const token = await api<{ secret: string }>(
      ctx,
      merchant.signIn,
      'POST',
      '/api/counter/connection-token',
    );
    const sdk = terminalSdk(ctx, token.body.secret);
    const readerId = merchant.readers.jsSdk.stripeReaderId;
    await sdk.connect(readerId);

    const first = await startAttempt(merchant, sale.id, merchant.readers.jsSdk.id);
    await sdk.collect(readerId, first.attempt.clientSecret!, TEST_CARDS.declined);
    const declined = await sdk.process(readerId, first.attempt.paymentIntentId);
    expect(declined.status).toBe(402);
    expect((await sync(merchant, sale.id)).status).toBe('payment_failed');

    const second = await startAttempt(merchant, sale.id, merchant.readers.jsSdk.id);
    expect(second.attempt.paymentIntentId).toBe(first.attempt.paymentIntentId);
    expect((await sdk.collect(readerId, second.attempt.clientSecret!, TEST_CARDS.visa)).status).toBe(200);
    expect((await sdk.process(readerId, second.attempt.paymentIntentId)).status).toBe(200);
    expect(await sync(merchant, sale.id)).toMatchObject({
      status: 'succeeded',
      lastError: null,
      totalMinor: 2200,
    });
  });
});

describe('POST /api/counter/readers/:readerId/present-card (emulator mode)', () => {
  it('plays the customer on a server-driven reader, tip included', async () => {
    const merchant = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 1000 });
    await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id);
    const presented = await ctx.request(
      `/api/counter/readers/${merchant.readers.serverDriven.id}/present-card`,
      {
        method: 'POST',
        as: merchant.signIn,
        json: { cardNumber: TEST_CARDS.visa, tipMinor: 150 },
      },
    );
    expect(presented.status).toBe(202);
    expect(await sync(merchant, sale.id)).toMatchObject({
      status: 'succeeded',
      tipMinor: 150,
      totalMinor: 1150,
    });
  });

  it('refuses a JS SDK reader and a malformed card number', async () => {
    const merchant = await setUpMerchant(ctx);
    const jsSdk = await ctx.request(`/api/counter/readers/${merchant.readers.jsSdk.id}/present-card`, {
      method: 'POST',
      as: merchant.signIn,
      json: { cardNumber: TEST_CARDS.visa },
    });
    expect(jsSdk.status).toBe(400);
    const malformed = await ctx.request(
      `/api/counter/readers/${merchant.readers.serverDriven.id}/present-card`,
      {
        method: 'POST',
        as: merchant.signIn,
        json: { cardNumber: '4242-4242' },
      },
    );
    expect(malformed.status).toBe(400);
  });
});

describe('ambiguous Stripe outcomes', () => {
  it('ends with one PaymentIntent when the response to the create is lost after it committed', async () => {
    const merchant = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 1800 });
    const faults = `${ctx.emulator?.url}/_emulator/faults`;
    await fetch(faults, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ drop_after_commit_rate: 1, path_prefix: '/v1/payment_intents', seed: 1 }),
    });
    // stripe-node retries the dropped create with the same Idempotency-Key and gets the stored PaymentIntent.
    const creates: string[] = [];
    const onRequest = (event: { method: string; path: string; idempotency_key?: string }) => {
      if (event.method === 'POST' && event.path === '/v1/payment_intents')
        creates.push(event.idempotency_key ?? '');
    };
    ctx.stripe.on('request', onRequest);
    const attemptKey = randomUUID();
    const first = await startAttempt(merchant, sale.id, merchant.readers.jsSdk.id, attemptKey);
    ctx.stripe.off('request', onRequest);
    expect(creates.length).toBeGreaterThan(1);
    expect(new Set(creates)).toEqual(new Set([`${sale.id}-attempt_${attemptKey}-create`]));
    await fetch(faults, { method: 'DELETE' });

    const retried = await startAttempt(merchant, sale.id, merchant.readers.jsSdk.id, attemptKey);
    const another = await startAttempt(merchant, sale.id, merchant.readers.jsSdk.id);
    expect(retried.attempt.paymentIntentId).toBe(first.attempt.paymentIntentId);
    expect(another.attempt.paymentIntentId).toBe(first.attempt.paymentIntentId);
    const intents = await ctx.stripe.paymentIntents.list({ limit: 100 }, merchant.on);
    expect(intents.data.filter((intent) => intent.metadata.sale_id === sale.id)).toHaveLength(1);
  });
});

describe('receipts and the shift', () => {
  it('prints and emails the receipt of a paid sale and lists it in the shift', async () => {
    const merchant = await setUpMerchant(ctx, { taxRateBps: 500 });
    const sale = await cartSale(merchant);
    await startAttempt(merchant, sale.id, merchant.readers.serverDriven.id);
    expect(
      (await api<{ sale: Sale | null }>(ctx, merchant.signIn, 'GET', '/api/counter/in-flight')).body.sale?.id,
    ).toBe(sale.id);
    await presentCard(ctx, merchant, TEST_CARDS.visa);
    await sync(merchant, sale.id);

    const receipt = await ctx.request(`/api/counter/sales/${sale.id}/receipt`, { as: merchant.signIn });
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get('content-type')).toMatch(/text\/html/);
    const html = await receipt.text();
    expect(html).toContain(merchant.account.businessName);
    expect(html).toContain('Visa •••• 4242');

    const emailed = await ctx.request(`/api/counter/sales/${sale.id}/receipt/email`, {
      method: 'POST',
      as: merchant.signIn,
      json: { email: 'customer@example.com' },
    });
    expect(emailed.status).toBe(202);
    // Kept in the outbox (no SMTP_URL), never logged: a customer's address is personal data.
    const [kept] = await ctx.repos.outbox.list(10);
    expect(kept).toMatchObject({ to: 'customer@example.com', subject: expect.stringContaining('receipt') });
    expect(ctx.logs.some((line) => line.includes('customer@example.com'))).toBe(false);

    const shift = await api<{ sales: Sale[] }>(ctx, merchant.signIn, 'GET', '/api/counter/sales?scope=shift');
    expect(shift.body.sales.map((listed) => listed.id)).toEqual([sale.id]);
    expect(
      (await api<{ sale: Sale | null }>(ctx, merchant.signIn, 'GET', '/api/counter/in-flight')).body.sale,
    ).toBe(null);
  });

  it('has no receipt before the sale is paid', async () => {
    const merchant = await setUpMerchant(ctx);
    const sale = await createSale(merchant, { keyedAmountMinor: 1000 });
    const response = await ctx.request(`/api/counter/sales/${sale.id}/receipt`, { as: merchant.signIn });
    expect(response.status).toBe(409);
  });
});
