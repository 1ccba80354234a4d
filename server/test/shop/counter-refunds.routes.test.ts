// Refunds at the counter: finding the sale (receipt number, card last 4), refunding items or an amount to
// one tender — cash from the drawer, a card (or a card part) through Stripe — never more than a tender
// took, with the tax part recorded, the sale's status and the drawer following; and the merchant's refund
// of a sale paid by tenders.
import type { CounterRefundResponse, DrawerResponse, RefundResponse, Sale } from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../checkout/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import {
  addTender,
  asOwner,
  getSale,
  openDrawer,
  payCardPart,
  ringUp,
  type Shop,
  setUpShop,
} from './support.ts';

let ctx: TestContext;
let shop: Shop;

beforeAll(async () => {
  ctx = await createTestContext();
  shop = await setUpShop(ctx, { taxRateBps: 1000 });
  await openDrawer(ctx, shop.signIn, 10_000);
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

type ErrorBody = { error: { code: string; message: string } };

/** 2 lattes (4.75) and a croissant (3.95) + 10 % tax = 14.94, paid 9.94 cash and 5.00 by card. */
async function splitSale(): Promise<Sale> {
  const sale = await ringUp(ctx, shop.signIn, {
    items: [
      { productId: shop.products[0]!.id, quantity: 2 },
      { productId: shop.products[1]!.id, quantity: 1 },
    ],
  });
  await addTender(ctx, shop.signIn, sale.id, {
    method: 'cash',
    amountMinor: sale.totalMinor - 500,
    tenderedMinor: 2000,
  });
  const card = await addTender(ctx, shop.signIn, sale.id, { method: 'card' });
  await payCardPart(ctx, shop, shop.signIn, card.body.cardSale?.id ?? '');
  return getSale(ctx, shop.signIn, sale.id);
}

function refund(as = shop.managerSignIn, saleId: string, body: Record<string, unknown>) {
  return api<CounterRefundResponse & ErrorBody>(ctx, as, 'POST', `/api/counter/sales/${saleId}/refunds`, {
    refundKey: crypto.randomUUID(),
    reason: 'Customer changed their mind',
    ...body,
  });
}

describe('finding a sale', () => {
  it('by receipt number (any date) and by the last four digits of its card (its card part)', async () => {
    const sale = await splitSale();
    const byReceipt = await api<{ sales: Sale[] }>(
      ctx,
      shop.signIn,
      'GET',
      `/api/counter/sales-lookup?receiptNumber=${sale.receiptNumber?.toLowerCase()}`,
    );
    expect(byReceipt.body.sales.map((found) => found.id)).toEqual([sale.id]);
    const byCard = await api<{ sales: Sale[] }>(
      ctx,
      shop.signIn,
      'GET',
      '/api/counter/sales-lookup?last4=4242',
    );
    expect(byCard.body.sales.map((found) => found.id)).toContain(sale.id);
    const neither = await api(ctx, shop.signIn, 'GET', '/api/counter/sales-lookup');
    expect(neither.status).toBe(400);
  });
});

describe('refunds at the counter', () => {
  it('refunds an item in cash from the drawer, with its share of the tax', async () => {
    const sale = await splitSale();
    const cash = sale.tenders.find((tender) => tender.method === 'cash');
    const before =
      (await api<DrawerResponse>(ctx, shop.signIn, 'GET', '/api/counter/drawer')).body.shift?.expectedMinor ??
      0;
    const staff = await refund(shop.signIn, sale.id, {
      tenderId: cash?.id,
      items: [{ position: 1, quantity: 1 }],
    });
    expect(staff.body.error.code).toBe('approval_required');
    const done = await refund(shop.managerSignIn, sale.id, {
      tenderId: cash?.id,
      items: [{ position: 1, quantity: 1 }],
    });
    expect(done.status).toBe(201);
    // The croissant: 3.95 + its 0.40 of the sale's 1.35 tax.
    expect(done.body.refund).toMatchObject({
      method: 'cash',
      status: 'succeeded',
      amountMinor: 435,
      taxMinor: 40,
      items: [{ position: 1, quantity: 1, amountMinor: 435 }],
      requestedBy: 'Maya Manager (manager)',
    });
    expect(done.body.sale.status).toBe('partially_refunded');
    expect(done.body.sale.tenders.find((tender) => tender.id === cash?.id)?.refundedMinor).toBe(435);
    const drawer = (await api<DrawerResponse>(ctx, shop.signIn, 'GET', '/api/counter/drawer')).body;
    expect(drawer.shift?.expectedMinor).toBe(before - 435);
    expect(drawer.movements.at(-1)).toMatchObject({ kind: 'cash_refund', amountMinor: -435 });
    const again = await refund(shop.managerSignIn, sale.id, {
      tenderId: cash?.id,
      items: [{ position: 1, quantity: 1 }],
    });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/only 0 of Croissant/);
  });

  it('refunds the card tender through Stripe, never more than it took, then the whole sale', async () => {
    const sale = await splitSale();
    const card = sale.tenders.find((tender) => tender.method === 'card');
    const cash = sale.tenders.find((tender) => tender.method === 'cash');
    const tooMuch = await refund(shop.managerSignIn, sale.id, { tenderId: card?.id, amountMinor: 501 });
    expect(tooMuch.status).toBe(400);
    const needsTender = await refund(shop.managerSignIn, sale.id, { amountMinor: 100 });
    expect(needsTender.body.error.message).toMatch(/choose which one/);
    const onCard = await refund(shop.managerSignIn, sale.id, { tenderId: card?.id });
    expect(onCard.status).toBe(201);
    expect(onCard.body.refund).toMatchObject({ method: 'card', amountMinor: 500, tenderId: card?.id });
    const stripeRefunds = await ctx.stripe.refunds.list(
      { payment_intent: (await getSale(ctx, shop.signIn, card?.cardSaleId ?? '')).paymentIntentId ?? '' },
      shop.on,
    );
    expect(stripeRefunds.data.map((entry) => entry.amount)).toEqual([500]);
    expect(onCard.body.sale.status).toBe('partially_refunded');
    const rest = await refund(shop.managerSignIn, sale.id, { tenderId: cash?.id });
    expect(rest.body.refund.amountMinor).toBe(sale.totalMinor - 500);
    expect(rest.body.sale.status).toBe('refunded');
    const refunds = await api<{ refunds: { taxMinor: number }[] }>(
      ctx,
      shop.signIn,
      'GET',
      `/api/counter/sales/${sale.id}/refunds`,
    );
    // Everything refunded: the tax parts add up to the sale's tax.
    expect(refunds.body.refunds.reduce((sum, entry) => sum + entry.taxMinor, 0)).toBe(sale.taxMinor);
  });

  it('refunds a sale paid directly by card (its one tender)', async () => {
    const sale = await ringUp(ctx, shop.signIn, {
      items: [{ productId: shop.products[0]!.id, quantity: 1 }],
    });
    await payCardPart(ctx, shop, shop.signIn, sale.id);
    const done = await refund(shop.managerSignIn, sale.id, { amountMinor: 200 });
    expect(done.status).toBe(201);
    expect(done.body.refund).toMatchObject({ method: 'card', amountMinor: 200, tenderId: null });
    expect(done.body.sale.tenders[0]?.refundedMinor).toBe(200);
  });
});

describe("the merchant's refund of a sale paid by tenders", () => {
  it('refunds the card tender named, and sends cash back to the counter', async () => {
    const sale = await splitSale();
    const card = sale.tenders.find((tender) => tender.method === 'card');
    const cash = sale.tenders.find((tender) => tender.method === 'cash');
    const onCash = await asOwner<ErrorBody>(
      ctx,
      shop.owner,
      'POST',
      `/api/merchant/sales/${sale.id}/refunds`,
      {
        refundKey: crypto.randomUUID(),
        reason: 'Cold',
        tenderId: cash?.id,
      },
    );
    expect(onCash.status).toBe(409);
    expect(onCash.body.error.message).toMatch(/at the counter/);
    const onCard = await asOwner<RefundResponse>(
      ctx,
      shop.owner,
      'POST',
      `/api/merchant/sales/${sale.id}/refunds`,
      {
        refundKey: crypto.randomUUID(),
        reason: 'Cold',
        tenderId: card?.id,
        amountMinor: 300,
      },
    );
    expect(onCard.status).toBe(201);
    expect(onCard.body.refund.amountMinor).toBe(300);
    expect(onCard.body.sale.tenders.find((tender) => tender.id === card?.id)?.refundedMinor).toBe(300);
    expect(onCard.body.sale.status).toBe('partially_refunded');
  });
});
