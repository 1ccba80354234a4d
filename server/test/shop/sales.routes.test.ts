// Ringing up sales from the catalog: variants and modifiers priced by the server (the client sends no
// prices), discounts (the merchant's, or custom ones the role allows or a manager approves with a PIN,
// throttled like sign-in), tax added or included, and receipt numbers.
import { randomUUID } from 'node:crypto';
import type { Sale } from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../checkout/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildShopCatalog, ringUp, type Shop, type ShopCatalog, setUpShop } from './support.ts';

let ctx: TestContext;
let shop: Shop;
let catalog: ShopCatalog;

beforeAll(async () => {
  ctx = await createTestContext();
  shop = await setUpShop(ctx, { taxRateBps: 1000 });
  catalog = await buildShopCatalog(ctx, shop);
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

type ErrorBody = { error: { code: string; message: string } };

async function refused(body: Record<string, unknown>, as = shop.signIn) {
  return api<ErrorBody>(ctx, as, 'POST', '/api/counter/sales', { clientSaleId: randomUUID(), ...body });
}

describe('lines from the catalog', () => {
  it('prices a variant with its modifiers, and numbers the receipt', async () => {
    const sale = await ringUp(ctx, shop.signIn, {
      items: [
        { productId: catalog.latte.id, variantId: catalog.large, modifierIds: [catalog.oat], quantity: 2 },
      ],
    });
    expect(sale.lines[0]).toMatchObject({
      description: 'Flat white (Large)',
      variantName: 'Large',
      unitPriceMinor: 600, // 5.50 + oat 0.50
      amountMinor: 1200,
      modifiers: [{ modifierId: catalog.oat, name: 'Oat', priceDeltaMinor: 50 }],
      taxMinor: 120,
      totalMinor: 1320,
    });
    expect(sale).toMatchObject({ subtotalMinor: 1200, taxMinor: 120, totalMinor: 1320, taxIncluded: false });
    expect(sale.receiptNumber).toMatch(new RegExp(`^${shop.register.code}-\\d+$`));
    expect(sale.taxes).toEqual([
      { name: 'Tax 10%', taxClass: 'standard', rateBps: 1000, baseMinor: 1200, taxMinor: 120 },
    ]);
  });

  it('refuses a missing variant, a missing required modifier, a foreign modifier and a client price', async () => {
    const noVariant = await refused({
      items: [{ productId: catalog.latte.id, modifierIds: [catalog.oat], quantity: 1 }],
    });
    expect(noVariant.status).toBe(400);
    expect(noVariant.body.error.message).toMatch(/Small, Large: choose one/);
    const noMilk = await refused({
      items: [{ productId: catalog.latte.id, variantId: catalog.small, quantity: 1 }],
    });
    expect(noMilk.body.error.message).toMatch(/choose a milk/);
    const twoMilks = await refused({
      items: [
        {
          productId: catalog.latte.id,
          variantId: catalog.small,
          modifierIds: [catalog.oat, catalog.whole],
          quantity: 1,
        },
      ],
    });
    expect(twoMilks.body.error.message).toMatch(/at most 1 of Milk/);
    const foreign = await refused({
      items: [{ productId: shop.products[0]!.id, modifierIds: [catalog.oat], quantity: 1 }],
    });
    expect(foreign.body.error.message).toMatch(/not offered/);
    const withPrice = await refused({
      items: [{ productId: shop.products[0]!.id, quantity: 1, unitPriceMinor: 1 }],
    });
    expect(withPrice.status).toBe(400);
  });

  it('allows the same item twice with different choices, not with the same', async () => {
    const sale = await ringUp(ctx, shop.signIn, {
      items: [
        { productId: catalog.latte.id, variantId: catalog.small, modifierIds: [catalog.oat], quantity: 1 },
        { productId: catalog.latte.id, variantId: catalog.small, modifierIds: [catalog.whole], quantity: 1 },
      ],
    });
    expect(sale.lines.map((line) => line.unitPriceMinor)).toEqual([500, 450]);
    const same = await refused({
      items: [
        { productId: catalog.latte.id, variantId: catalog.small, modifierIds: [catalog.oat], quantity: 1 },
        { productId: catalog.latte.id, variantId: catalog.small, modifierIds: [catalog.oat], quantity: 1 },
      ],
    });
    expect(same.status).toBe(400);
  });
});

describe('discounts', () => {
  it("applies the merchant's discount to the sale, and taxes what is left", async () => {
    const sale = await ringUp(ctx, shop.signIn, {
      items: [{ productId: shop.products[0]!.id, quantity: 2 }], // 2 × 4.75
      discount: { discountId: catalog.tenOff.id },
    });
    expect(sale).toMatchObject({ subtotalMinor: 950, discountMinor: 95, taxMinor: 86, totalMinor: 941 });
    expect(sale.saleDiscount).toMatchObject({
      discountId: catalog.tenOff.id,
      name: '10% off',
      discountMinor: 95,
      approvedBy: null,
    });
    const wrongScope = await refused({
      items: [{ productId: shop.products[0]!.id, quantity: 1, discount: { discountId: catalog.tenOff.id } }],
    });
    expect(wrongScope.body.error.message).toMatch(/applies to the whole sale/);
  });

  it('needs the discounts permission, or a manager approving with their PIN, for a custom discount', async () => {
    const custom = {
      items: [
        { productId: shop.products[0]!.id, quantity: 1, discount: { amountMinor: 100, name: 'Regular' } },
      ],
    };
    const staff = await refused(custom);
    expect(staff.status).toBe(403);
    expect(staff.body.error.code).toBe('approval_required');
    const wrongPin = await refused({ ...custom, approval: { staffId: shop.manager.id, pin: '0000' } });
    expect(wrongPin.status).toBe(403);
    expect(wrongPin.body.error.code).toBe('invalid_approval');
    const self = await refused({ ...custom, approval: { staffId: shop.staff.id, pin: shop.staff.pin } });
    expect(self.body.error.code).toBe('invalid_approval');
    const approved = await ringUp(ctx, shop.signIn, {
      ...custom,
      approval: { staffId: shop.manager.id, pin: '9876' },
    });
    expect(approved.lines[0]?.discount).toMatchObject({
      name: 'Regular',
      discountMinor: 100,
      approvedBy: 'Maya Manager',
    });
    expect(approved.totalMinor).toBe(475 - 100 + 38); // tax on 3.75
    // A manager's own role allows it.
    const byManager = await ringUp(ctx, shop.managerSignIn, { ...custom });
    expect(byManager.discountMinor).toBe(100);
  });

  it('counts wrong approval PINs with sign-in and refuses a sixth within five minutes', async () => {
    const other = await setUpShop(ctx);
    const custom = {
      items: [{ productId: other.products[0]!.id, quantity: 1, discount: { percentBps: 5000 } }],
    };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await refused(
        { ...custom, approval: { staffId: other.manager.id, pin: '1111' } },
        other.signIn,
      );
      expect(wrong.body.error.code).toBe('invalid_approval');
    }
    const throttled = await refused(
      { ...custom, approval: { staffId: other.manager.id, pin: '9876' } },
      other.signIn,
    );
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('too_many_attempts');
  });

  it('replays a discounted sale by clientSaleId without asking again', async () => {
    const clientSaleId = randomUUID();
    const body = {
      clientSaleId,
      items: [{ productId: shop.products[1]!.id, quantity: 1, discount: { percentBps: 1000 } }],
      approval: { staffId: shop.manager.id, pin: '9876' },
    };
    const first = await api<{ sale: Sale }>(ctx, shop.signIn, 'POST', '/api/counter/sales', body);
    const again = await api<{ sale: Sale }>(ctx, shop.signIn, 'POST', '/api/counter/sales', {
      ...body,
      approval: undefined,
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.sale.id).toBe(first.body.sale.id);
    const other = await api<ErrorBody>(ctx, shop.signIn, 'POST', '/api/counter/sales', {
      clientSaleId,
      items: [{ productId: shop.products[1]!.id, quantity: 1, discount: { percentBps: 2000 } }],
    });
    expect(other.status).toBe(409);
  });
});

describe('tax included in prices', () => {
  it('takes Japan’s 10 % consumption tax out of the menu prices', async () => {
    const kissa = await setUpShop(ctx, { country: 'JP', currency: 'jpy', taxRateBps: 1000 });
    await ctx.repos.locations.setTaxes(kissa.location.id, {
      pricesIncludeTax: true,
      taxName: 'Consumption tax',
      taxRateBps: 1000,
      reducedTaxRateBps: 800,
    });
    const sale = await ringUp(ctx, kissa.signIn, {
      items: [
        { productId: kissa.products[0]!.id, quantity: 1 }, // ¥550
        { productId: kissa.products[1]!.id, quantity: 1 }, // ¥380
      ],
    });
    expect(sale).toMatchObject({ subtotalMinor: 930, taxMinor: 85, totalMinor: 930, taxIncluded: true });
    expect(sale.taxes[0]?.name).toBe('Consumption tax 10%');
  });
});
