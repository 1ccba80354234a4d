// Tenders: cash with change (no Stripe), half cash half card, two cards, a card tender given up for cash,
// voids, the platform's fee on card parts only, and the cash drawer of the register's shift with its
// over/short and Z report.
import type { DrawerResponse, Sale, ShiftReport } from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationFeeMinor } from '../../src/domain/fees.ts';
import { api, TEST_CARDS } from '../checkout/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import {
  addTender,
  buildShopCatalog,
  getSale,
  openDrawer,
  payCardPart,
  ringUp,
  type Shop,
  setUpShop,
} from './support.ts';

let ctx: TestContext;
let shop: Shop;
const FEES = { bps: 290, fixedMinor: 30, minMinor: 0, maxMinor: null };

beforeAll(async () => {
  ctx = await createTestContext();
  shop = await setUpShop(ctx, { taxRateBps: 0 });
  await buildShopCatalog(ctx, shop);
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

type ErrorBody = { error: { code: string; message: string } };

function latteSale(quantity = 2): Promise<Sale> {
  return ringUp(ctx, shop.signIn, { items: [{ productId: shop.products[0]!.id, quantity }] }); // 4.75 each
}

describe('cash', () => {
  it('needs an open drawer, then gives change and completes the sale without Stripe', async () => {
    const sale = await latteSale();
    const closed = await addTender(ctx, shop.signIn, sale.id, { method: 'cash', tenderedMinor: 1000 });
    expect(closed.status).toBe(409);
    expect((closed.body as unknown as ErrorBody).error.code).toBe('drawer_closed');
    await openDrawer(ctx, shop.signIn, 10_000);
    const paid = await addTender(ctx, shop.signIn, sale.id, { method: 'cash', tenderedMinor: 1000 });
    expect(paid.status).toBe(201);
    expect(paid.body.tender).toMatchObject({
      method: 'cash',
      status: 'paid',
      amountMinor: 950,
      tenderedMinor: 1000,
      changeMinor: 50,
    });
    expect(paid.body.sale).toMatchObject({
      status: 'succeeded',
      amountDueMinor: 0,
      paymentIntentId: null,
      applicationFeeMinor: 0, // cash carries no platform fee
    });
    expect(paid.body.cardSale).toBeNull();
    const receipt = await ctx.request(`/api/counter/sales/${sale.id}/receipt`, { as: shop.signIn });
    const html = await receipt.text();
    expect(html).toContain('Cash given');
    expect(html).toContain('Change');
    expect(html).toContain(sale.receiptNumber ?? 'no receipt number');
  });

  it('refuses less cash than the amount, more than is due, and answers a replayed tenderKey once', async () => {
    const sale = await latteSale(1);
    const tooLittle = await addTender(ctx, shop.signIn, sale.id, { method: 'cash', tenderedMinor: 400 });
    expect(tooLittle.status).toBe(400);
    const tooMuch = await addTender(ctx, shop.signIn, sale.id, {
      method: 'cash',
      amountMinor: 600,
      tenderedMinor: 600,
    });
    expect(tooMuch.status).toBe(400);
    const tenderKey = crypto.randomUUID();
    const first = await addTender(ctx, shop.signIn, sale.id, {
      tenderKey,
      method: 'cash',
      tenderedMinor: 500,
    });
    const again = await addTender(ctx, shop.signIn, sale.id, {
      tenderKey,
      method: 'cash',
      tenderedMinor: 500,
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.tender.id).toBe(first.body.tender.id);
    const drawer = await api<DrawerResponse>(ctx, shop.signIn, 'GET', '/api/counter/drawer');
    expect(drawer.body.movements.filter((movement) => movement.saleId === sale.id)).toHaveLength(1);
  });
});

describe('split tender', () => {
  it('takes half in cash and half by card: the PaymentIntent is for the card part only, with its fee', async () => {
    const sale = await latteSale(4); // 19.00
    const cash = await addTender(ctx, shop.signIn, sale.id, {
      method: 'cash',
      amountMinor: 950,
      tenderedMinor: 2000,
    });
    expect(cash.body.sale).toMatchObject({ status: 'awaiting_payment', amountDueMinor: 950 });
    expect(cash.body.tender.changeMinor).toBe(1050);
    const card = await addTender(ctx, shop.signIn, sale.id, { method: 'card' });
    expect(card.status).toBe(201);
    const cardSale = card.body.cardSale;
    expect(cardSale).toMatchObject({ kind: 'card_part', parentSaleId: sale.id, totalMinor: 950 });
    expect(cardSale?.applicationFeeMinor).toBe(applicationFeeMinor(950, FEES));
    // The sale itself takes no card of its own now.
    const direct = await api<ErrorBody>(ctx, shop.signIn, 'POST', `/api/counter/sales/${sale.id}/attempts`, {
      attemptKey: crypto.randomUUID(),
      readerId: shop.readers.serverDriven.id,
    });
    expect(direct.status).toBe(409);
    const part = await payCardPart(ctx, shop, shop.signIn, cardSale?.id ?? '', { tipMinor: 100 });
    expect(part.status).toBe('succeeded');
    const intent = await ctx.stripe.paymentIntents.retrieve(part.paymentIntentId ?? '', {}, shop.on);
    expect(intent.amount_received).toBe(1050); // 9.50 + the 1.00 tip
    const paid = await getSale(ctx, shop.signIn, sale.id);
    expect(paid).toMatchObject({
      status: 'succeeded',
      tipMinor: 100,
      totalMinor: 2000,
      amountDueMinor: 0,
      applicationFeeMinor: applicationFeeMinor(1050, FEES),
    });
    expect(
      paid.tenders.map((tender) => [tender.method, tender.status, tender.amountMinor, tender.tipMinor]),
    ).toEqual([
      ['cash', 'paid', 950, 0],
      ['card', 'paid', 950, 100],
    ]);
    expect(paid.tenders[1]?.card?.last4).toBe('4242');
    // The register's list shows the sale, never its card part.
    const list = await api<{ sales: Sale[] }>(ctx, shop.signIn, 'GET', '/api/counter/sales?scope=today');
    expect(list.body.sales.map((entry) => entry.id)).toContain(sale.id);
    expect(list.body.sales.map((entry) => entry.id)).not.toContain(cardSale?.id);
  });

  it('takes two cards, and pays when both have', async () => {
    const sale = await latteSale(2);
    const first = await addTender(ctx, shop.signIn, sale.id, { method: 'card', amountMinor: 500 });
    const second = await addTender(ctx, shop.signIn, sale.id, { method: 'card' });
    expect(second.body.tender.amountMinor).toBe(450);
    const none = await addTender(ctx, shop.signIn, sale.id, { method: 'card' });
    expect(none.status).toBe(409);
    await payCardPart(ctx, shop, shop.signIn, first.body.cardSale?.id ?? '');
    expect((await getSale(ctx, shop.signIn, sale.id)).status).toBe('awaiting_payment');
    await payCardPart(ctx, shop, shop.signIn, second.body.cardSale?.id ?? '', { card: '5555555555554444' });
    const paid = await getSale(ctx, shop.signIn, sale.id);
    expect(paid.status).toBe('succeeded');
    expect(paid.tenders.map((tender) => tender.card?.brand)).toEqual(['visa', 'mastercard']);
  });

  it('gives up a card tender when the card cannot be taken, and takes cash instead', async () => {
    const sale = await latteSale(1);
    const card = await addTender(ctx, shop.signIn, sale.id, { method: 'card' });
    const cardSaleId = card.body.cardSale?.id ?? '';
    const declined = await payCardPart(ctx, shop, shop.signIn, cardSaleId, { card: TEST_CARDS.declined });
    expect(declined.status).toBe('payment_failed');
    const canceled = await api<{ sale: Sale }>(
      ctx,
      shop.signIn,
      'POST',
      `/api/counter/sales/${cardSaleId}/cancel`,
    );
    expect(canceled.body.sale.status).toBe('canceled');
    const cash = await addTender(ctx, shop.signIn, sale.id, { method: 'cash', tenderedMinor: 500 });
    expect(cash.status).toBe(201);
    expect(cash.body.sale.status).toBe('succeeded');
    expect(cash.body.sale.tenders.map((tender) => [tender.method, tender.status])).toEqual([
      ['card', 'canceled'],
      ['cash', 'paid'],
    ]);
  });
});

describe('voids', () => {
  it('gives the cash back out of the drawer, with a manager approving for staff', async () => {
    const sale = await latteSale(2);
    await addTender(ctx, shop.signIn, sale.id, { method: 'cash', amountMinor: 500, tenderedMinor: 500 });
    const cancel = await api<ErrorBody>(ctx, shop.signIn, 'POST', `/api/counter/sales/${sale.id}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.message).toMatch(/void it instead/);
    const unapproved = await api<ErrorBody>(ctx, shop.signIn, 'POST', `/api/counter/sales/${sale.id}/void`, {
      reason: 'Customer left',
    });
    expect(unapproved.body.error.code).toBe('approval_required');
    const before =
      (await api<DrawerResponse>(ctx, shop.signIn, 'GET', '/api/counter/drawer')).body.shift?.expectedMinor ??
      0;
    const voided = await api<{ sale: Sale }>(ctx, shop.signIn, 'POST', `/api/counter/sales/${sale.id}/void`, {
      reason: 'Customer left',
      approval: { staffId: shop.manager.id, pin: '9876' },
    });
    expect(voided.status).toBe(200);
    expect(voided.body.sale.status).toBe('canceled');
    expect(voided.body.sale.tenders[0]?.status).toBe('voided');
    const drawer = (await api<DrawerResponse>(ctx, shop.signIn, 'GET', '/api/counter/drawer')).body;
    expect(drawer.shift?.expectedMinor).toBe(before - 500);
    expect(drawer.movements.at(-1)).toMatchObject({
      kind: 'cash_void',
      amountMinor: -500,
      reason: 'Customer left',
    });
  });

  it('refuses to void a paid sale (refund it instead)', async () => {
    const sale = await latteSale(1);
    await addTender(ctx, shop.signIn, sale.id, { method: 'cash', tenderedMinor: 475 });
    const paid = await api<ErrorBody>(ctx, shop.managerSignIn, 'POST', `/api/counter/sales/${sale.id}/void`, {
      reason: 'Oops',
    });
    expect(paid.status).toBe(409);
    expect(paid.body.error.message).toMatch(/refund it instead/);
  });
});

describe('the cash drawer', () => {
  it('pays in and out with a reason, closes against the count and prints the Z report', async () => {
    const other = await setUpShop(ctx, { taxRateBps: 0 });
    const open = await api<DrawerResponse>(ctx, other.signIn, 'POST', '/api/counter/drawer/open', {
      openingFloatMinor: 20_000,
    });
    expect(open.status).toBe(201);
    const twice = await api<ErrorBody>(ctx, other.signIn, 'POST', '/api/counter/drawer/open', {
      openingFloatMinor: 1,
    });
    expect(twice.body.error.code).toBe('drawer_already_open');
    const movementKey = crypto.randomUUID();
    const out = { movementKey, kind: 'paid_out', amountMinor: 1_500, reason: 'Milk delivery' };
    await api(ctx, other.signIn, 'POST', '/api/counter/drawer/movements', out);
    await api(ctx, other.signIn, 'POST', '/api/counter/drawer/movements', out); // a retry: once
    await api(ctx, other.signIn, 'POST', '/api/counter/drawer/movements', {
      movementKey: crypto.randomUUID(),
      kind: 'paid_in',
      amountMinor: 500,
      reason: 'Change from the bank',
    });
    const tooMuch = await api(ctx, other.signIn, 'POST', '/api/counter/drawer/movements', {
      movementKey: crypto.randomUUID(),
      kind: 'paid_out',
      amountMinor: 1_000_000,
      reason: 'Too much',
    });
    expect(tooMuch.status).toBe(400);
    const sale = await ringUp(ctx, other.signIn, {
      items: [{ productId: other.products[0]!.id, quantity: 2 }],
    });
    await addTender(ctx, other.signIn, sale.id, { method: 'cash', tenderedMinor: 2000 });
    const cardSale = await ringUp(ctx, other.signIn, {
      items: [{ productId: other.products[1]!.id, quantity: 1 }],
    });
    const card = await addTender(ctx, other.signIn, cardSale.id, { method: 'card' });
    await payCardPart(ctx, other, other.signIn, card.body.cardSale?.id ?? '');
    const drawer = (await api<DrawerResponse>(ctx, other.signIn, 'GET', '/api/counter/drawer')).body;
    expect(drawer.shift?.expectedMinor).toBe(20_000 - 1_500 + 500 + 950);
    const closed = await api<{ report: ShiftReport }>(
      ctx,
      other.signIn,
      'POST',
      '/api/counter/drawer/close',
      {
        countedMinor: 19_900,
        note: 'Short a coin',
      },
    );
    expect(closed.status).toBe(200);
    const report = closed.body.report;
    expect(report.cash).toMatchObject({
      openingFloatMinor: 20_000,
      cashSalesMinor: 950,
      paidInMinor: 500,
      paidOutMinor: 1_500,
      expectedMinor: 19_950,
      countedMinor: 19_900,
      overShortMinor: -50,
    });
    expect(report.sales).toMatchObject({
      salesCount: 2,
      grossSalesMinor: 950 + 395,
      totalCollectedMinor: 1345,
    });
    expect(report.tenders).toEqual([
      { method: 'cash', count: 1, amountMinor: 950, tipsMinor: 0, refundsMinor: 0 },
      { method: 'card', count: 1, amountMinor: 395, tipsMinor: 0, refundsMinor: 0 },
    ]);
    expect(report.definitions.overShortMinor).toMatch(/counted − expected/);
    const html = await ctx.request(`/api/counter/drawer/shifts/${report.shift.id}/report`, {
      as: other.signIn,
    });
    const page = await html.text();
    expect(page).toContain('End of shift (Z report)');
    expect(page).toContain('(short)');
    expect(page).toContain('Milk delivery');
    const cash = await addTender(
      ctx,
      other.signIn,
      (await ringUp(ctx, other.signIn, { items: [{ productId: other.products[0]!.id, quantity: 1 }] })).id,
      {
        method: 'cash',
        tenderedMinor: 500,
      },
    );
    expect(cash.status).toBe(409);
    const shifts = await api<{ shifts: { id: string; status: string }[] }>(
      ctx,
      other.signIn,
      'GET',
      '/api/counter/drawer/shifts',
    );
    expect(shifts.body.shifts[0]).toMatchObject({ id: report.shift.id, status: 'closed' });
  });

  it("follows the role's cash_drawer permission", async () => {
    const other = await setUpShop(ctx);
    await ctx.repos.roles.setPermissions(other.account.id, 'staff', [], ctx.clock.nowMs());
    const refused = await api<ErrorBody>(ctx, other.signIn, 'POST', '/api/counter/drawer/open', {
      openingFloatMinor: 100,
    });
    expect(refused.body.error.code).toBe('approval_required');
    const approved = await api(ctx, other.signIn, 'POST', '/api/counter/drawer/open', {
      openingFloatMinor: 100,
      approval: { staffId: other.manager.id, pin: '9876' },
    });
    expect(approved.status).toBe(201);
  });
});
