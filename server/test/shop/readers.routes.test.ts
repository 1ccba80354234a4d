// The counter in emulator mode drives a server-driven simulated reader like the JS SDK one: a card presented
// (with a tip), or the customer pressing cancel. And it says plainly when card payments cannot happen.
import type { PaymentOptionsResponse, Sale } from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../checkout/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { openDrawer, ringUp, type Shop, setUpShop } from './support.ts';

let ctx: TestContext;
let shop: Shop;

beforeAll(async () => {
  ctx = await createTestContext();
  shop = await setUpShop(ctx, { taxRateBps: 0, tipping: true });
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

async function onReader(): Promise<Sale> {
  const sale = await ringUp(ctx, shop.signIn, { items: [{ productId: shop.products[0]!.id, quantity: 1 }] });
  const attempt = await api(ctx, shop.signIn, 'POST', `/api/counter/sales/${sale.id}/attempts`, {
    attemptKey: crypto.randomUUID(),
    readerId: shop.readers.serverDriven.id,
  });
  expect(attempt.status).toBe(200);
  return sale;
}

function present(body: Record<string, unknown>, readerId = shop.readers.serverDriven.id) {
  return api<{ error?: { code: string; message: string } }>(
    ctx,
    shop.signIn,
    'POST',
    `/api/counter/readers/${readerId}/present-card`,
    body,
  );
}

describe('the simulated server-driven reader', () => {
  it('takes a card with an on-reader tip', async () => {
    const sale = await onReader();
    expect((await present({ action: 'present', cardNumber: '4242424242424242', tipMinor: 75 })).status).toBe(
      202,
    );
    const synced = await api<{ sale: Sale }>(ctx, shop.signIn, 'POST', `/api/counter/sales/${sale.id}/sync`);
    expect(synced.body.sale).toMatchObject({ status: 'succeeded', tipMinor: 75, totalMinor: 475 + 75 });
  });

  it('lets the customer cancel on the reader: the payment fails, the sale can be tried again', async () => {
    const sale = await onReader();
    expect((await present({ action: 'cancel' })).status).toBe(202);
    const synced = await api<{ sale: Sale }>(ctx, shop.signIn, 'POST', `/api/counter/sales/${sale.id}/sync`);
    expect(synced.body.sale.status).toBe('payment_failed');
    expect(synced.body.sale.lastError?.code).toBe('customer_canceled');
    const nothing = await present({ action: 'cancel' });
    expect(nothing.status).toBe(502);
    expect(nothing.body.error?.message).toMatch(/no action in progress/);
  });

  it('still takes the original body (a card number alone) and refuses a JS SDK reader', async () => {
    const sale = await onReader();
    expect((await present({ cardNumber: '4242424242424242' })).status).toBe(202);
    const synced = await api<{ sale: Sale }>(ctx, shop.signIn, 'POST', `/api/counter/sales/${sale.id}/sync`);
    expect(synced.body.sale.status).toBe('succeeded');
    const jsSdk = await present({ action: 'cancel' }, shop.readers.jsSdk.id);
    expect(jsSdk.status).toBe(400);
  });
});

describe('payment options', () => {
  it('offers card while Stripe answers, and cash once the drawer is open', async () => {
    const before = await api<PaymentOptionsResponse>(ctx, shop.signIn, 'GET', '/api/counter/payment-options');
    expect(before.body).toEqual({
      card: { available: true, code: null, message: null },
      cash: { available: false, code: 'drawer_closed', message: expect.stringMatching(/Open it/) },
    });
    await openDrawer(ctx, shop.signIn, 5_000);
    const after = await api<PaymentOptionsResponse>(ctx, shop.signIn, 'GET', '/api/counter/payment-options');
    expect(after.body.cash.available).toBe(true);
  });

  it('says card payments are unavailable when Stripe cannot be reached', async () => {
    const unreachable = ctx.compose({
      gateways: { health: { isReachable: async () => false } },
    });
    const response = await unreachable.app.request('/api/counter/payment-options', {
      headers: { cookie: shop.signIn.cookie },
    });
    const body = (await response.json()) as PaymentOptionsResponse;
    expect(body.card).toEqual({
      available: false,
      code: 'stripe_unavailable',
      message: expect.stringMatching(/Take cash/),
    });
  });
});
