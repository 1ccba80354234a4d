// The merchant's reports with the shop: Square's figures (net sales = gross − refunds − discounts), card and
// cash, discounts, modifiers, the drawers' over/short, every figure's definition, the exports, the shifts,
// and reconciliation with Stripe covering the card part only.
import type {
  DailySummaryResponse,
  MerchantSaleDetail,
  MerchantShiftsResponse,
  ReconciliationResponse,
  SalesPageResponse,
  ShiftReport,
} from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../checkout/support.ts';
import { merchantApi, NOW_MS, setClocks, TODAY } from '../merchant/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import {
  addTender,
  buildShopCatalog,
  openDrawer,
  payCardPart,
  ringUp,
  type Shop,
  type ShopCatalog,
  setUpShop,
} from './support.ts';

let ctx: TestContext;
let shop: Shop;
let catalog: ShopCatalog;
let splitSaleId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  await setClocks(ctx, NOW_MS);
  shop = await setUpShop(ctx, { taxRateBps: 1000 });
  catalog = await buildShopCatalog(ctx, shop);
  await openDrawer(ctx, shop.managerSignIn, 10_000);
  // A: a large flat white with oat (6.00) and 10 % off the sale, + 10 % tax: 5.40 + 0.54 = 5.94, in cash.
  const cashSale = await ringUp(ctx, shop.signIn, {
    items: [
      { productId: catalog.latte.id, variantId: catalog.large, modifierIds: [catalog.oat], quantity: 1 },
    ],
    discount: { discountId: catalog.tenOff.id },
  });
  await addTender(ctx, shop.signIn, cashSale.id, { method: 'cash', tenderedMinor: 1000 });
  // B: two lattes (9.50) + 0.95 tax = 10.45: 5.00 cash, 5.45 by card with a 1.00 tip.
  const split = await ringUp(ctx, shop.signIn, { items: [{ productId: shop.products[0]!.id, quantity: 2 }] });
  splitSaleId = split.id;
  await addTender(ctx, shop.signIn, split.id, { method: 'cash', amountMinor: 500, tenderedMinor: 500 });
  const card = await addTender(ctx, shop.signIn, split.id, { method: 'card' });
  await payCardPart(ctx, shop, shop.signIn, card.body.cardSale?.id ?? '', { tipMinor: 100 });
  // A cash refund of 2.20 on B (its tax part 0.20), then the drawer closes 0.30 short.
  const paid = await api<{ sale: { tenders: { id: string; method: string }[] } }>(
    ctx,
    shop.signIn,
    'GET',
    `/api/counter/sales/${split.id}`,
  );
  const cashTender = paid.body.sale.tenders.find((tender) => tender.method === 'cash');
  await api(ctx, shop.managerSignIn, 'POST', `/api/counter/sales/${split.id}/refunds`, {
    refundKey: crypto.randomUUID(),
    tenderId: cashTender?.id,
    amountMinor: 220,
    reason: 'Spilled',
  });
  const expected = 10_000 + 594 + 500 - 220;
  await api(ctx, shop.managerSignIn, 'POST', '/api/counter/drawer/close', { countedMinor: expected - 30 });
}, 90_000);

afterAll(async () => {
  await ctx?.close();
});

describe('the daily summary', () => {
  it("follows Square's definitions, with card and cash, and says what every figure means", async () => {
    const daily = await merchantApi<DailySummaryResponse>(
      ctx,
      shop.managerSignIn,
      'GET',
      `/api/merchant/summary/daily?date=${TODAY}`,
    );
    expect(daily.status).toBe(200);
    const usd = daily.body.summary.currencies[0];
    expect(usd?.figures).toMatchObject({
      grossSalesMinor: 600 + 950,
      discountsMinor: 60,
      refundsMinor: 200, // 2.20 given back, less its 0.20 of tax
      netSalesMinor: 1550 - 200 - 60,
      taxMinor: 54 + 95 - 20,
      tipsMinor: 100,
      totalCollectedMinor: 594 + 1145 - 220,
      cardMinor: 545 + 100,
      cashMinor: 594 + 500 - 220,
      drawerOverShortMinor: -30,
      salesCount: 2,
      refundsCount: 1,
    });
    const figures = usd?.figures;
    expect((figures?.cardMinor ?? 0) + (figures?.cashMinor ?? 0)).toBe(figures?.totalCollectedMinor);
    expect(figures?.applicationFeesMinor).toBeGreaterThan(0);
    expect(usd?.byTender).toEqual([
      { method: 'card', count: 1, amountMinor: 645, tipsMinor: 100, refundsMinor: 0, netMinor: 645 },
      { method: 'cash', count: 2, amountMinor: 1094, tipsMinor: 0, refundsMinor: 220, netMinor: 874 },
    ]);
    expect(usd?.byDiscount).toEqual([
      { discountId: catalog.tenOff.id, name: '10% off', count: 1, amountMinor: 60 },
    ]);
    expect(usd?.byModifier).toEqual([{ modifierId: catalog.oat, name: 'Oat', quantity: 1, amountMinor: 50 }]);
    expect(usd?.byItem.find((item) => item.variantId === catalog.large)).toMatchObject({
      itemId: catalog.latte.id,
      description: 'Flat white (Large)',
      grossSalesMinor: 600,
      discountsMinor: 60,
    });
    expect(daily.body.summary.definitions.netSalesMinor).toBe(
      'Net sales = Gross sales − Refunds − Discounts.',
    );
    expect(Object.keys(daily.body.summary.definitions).sort()).toEqual(
      Object.keys(usd?.figures ?? {}).sort(),
    );
  });

  it('lists sales with their receipt number, tenders and discount, and the detail with tenders and taxes', async () => {
    const page = await merchantApi<SalesPageResponse>(ctx, shop.managerSignIn, 'GET', '/api/merchant/sales');
    const split = page.body.sales.find((sale) => sale.id === splitSaleId);
    expect(split).toMatchObject({ tenderMethods: ['cash', 'card'], refundedMinor: 220 });
    expect(split?.receiptNumber).toMatch(/-\d+$/);
    const byCard = await merchantApi<SalesPageResponse>(
      ctx,
      shop.managerSignIn,
      'GET',
      '/api/merchant/sales?last4=4242',
    );
    expect(byCard.body.sales.map((sale) => sale.id)).toEqual([splitSaleId]);
    const detail = await merchantApi<{ sale: MerchantSaleDetail }>(
      ctx,
      shop.managerSignIn,
      'GET',
      `/api/merchant/sales/${splitSaleId}`,
    );
    expect(
      detail.body.sale.tenders.map((tender) => [tender.method, tender.amountMinor, tender.tipMinor]),
    ).toEqual([
      ['cash', 500, 0],
      ['card', 545, 100],
    ]);
    expect(detail.body.sale.attempts).toHaveLength(1); // the card part's
    expect(detail.body.sale.taxes).toEqual([
      { name: 'Tax 10%', taxClass: 'standard', rateBps: 1000, baseMinor: 950, taxMinor: 95 },
    ]);
  });

  it('exports tenders, discounts and modifiers, and the daily CSV the card, cash and over/short', async () => {
    const sales = await merchantApi(
      ctx,
      shop.managerSignIn,
      'GET',
      `/api/merchant/exports/sales.csv?from=${TODAY}`,
    );
    expect(sales.text).toContain('1 × Flat white (Large) + Oat');
    expect(sales.text).toContain('10% off 0.60');
    const daily = await merchantApi(
      ctx,
      shop.managerSignIn,
      'GET',
      `/api/merchant/exports/daily-summary.csv?from=${TODAY}`,
    );
    const [header, row] = daily.text.replace('\uFEFF', '').trim().split('\r\n');
    expect(header?.split(',').slice(-4)).toEqual([
      'stripe_fees_unknown_count',
      'card',
      'cash',
      'drawer_over_short',
    ]);
    expect(row?.split(',').slice(-3)).toEqual(['6.45', '8.74', '-0.30']);
    const refunds = await merchantApi(
      ctx,
      shop.managerSignIn,
      'GET',
      `/api/merchant/exports/refunds.csv?from=${TODAY}`,
    );
    expect(refunds.text).toContain(',cash,0.20'); // 2.20 × 0.95 / 10.45 of tax (the tip carries none)
  });
});

describe('shifts', () => {
  it('lists the day’s drawer shifts with their over/short, and shows a Z report', async () => {
    const shifts = await merchantApi<MerchantShiftsResponse>(
      ctx,
      shop.managerSignIn,
      'GET',
      `/api/merchant/shifts?from=${TODAY}`,
    );
    expect(shifts.status).toBe(200);
    expect(shifts.body.overShortMinor).toBe(-30);
    const [shift] = shifts.body.shifts;
    const report = await merchantApi<{ report: ShiftReport }>(
      ctx,
      shop.managerSignIn,
      'GET',
      `/api/merchant/shifts/${shift?.id}`,
    );
    expect(report.body.report.tenders.find((tender) => tender.method === 'cash')?.refundsMinor).toBe(220);
    const html = await merchantApi(
      ctx,
      shop.managerSignIn,
      'GET',
      `/api/merchant/shifts/${shift?.id}/report`,
    );
    expect(html.text).toContain('Over / short');
    const staff = await merchantApi(ctx, shop.signIn, 'GET', '/api/merchant/shifts');
    expect(staff.status).toBe(403);
  });
});

describe('reconciliation', () => {
  it('covers the card part only: no difference for the cash, which it reports apart', async () => {
    const result = await merchantApi<ReconciliationResponse>(
      ctx,
      shop.managerSignIn,
      'GET',
      `/api/merchant/reconciliation?date=${TODAY}`,
    );
    expect(result.status).toBe(200);
    expect(result.body.covers).toBe('card_payments');
    expect(result.body.differences).toEqual([]);
    expect(result.body.matchedSalesCount).toBe(1);
    expect(result.body.cash).toEqual({ paymentsCount: 2, amountMinor: 1094, refundsMinor: 220 });
  });
});
