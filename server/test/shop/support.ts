/**
 * Shop test fixtures over the checkout fixtures: a merchant in the emulator with its owner signed in to the
 * console and a manager at the counter, a small catalog built through the merchant API (a category, an item
 * with two variants and a required milk group, a 10 % sale discount), and helpers to ring up sales, open
 * the drawer and pay a card part on the server-driven reader.
 */
import { randomUUID } from 'node:crypto';
import type { Discount, Item, ModifierGroup, Sale, TenderResponse } from '@countertop/shared';
import {
  api,
  type Merchant,
  type MerchantOptions,
  presentCard,
  setUpMerchant,
  TEST_CARDS,
} from '../checkout/support.ts';
import { asConsole, type ConsoleSignIn, consoleSignIn, createOwner } from '../platform/support.ts';
import type { CounterSignIn, TestContext } from '../support/context.ts';
import { buildStaff } from '../support/factories.ts';

export interface Shop extends Merchant {
  owner: ConsoleSignIn;
  manager: Awaited<ReturnType<typeof buildStaff>>;
  managerSignIn: CounterSignIn;
}

let shops = 0;

export async function setUpShop(ctx: TestContext, options: MerchantOptions = {}): Promise<Shop> {
  const merchant = await setUpMerchant(ctx, options);
  shops += 1;
  const email = `owner-shop-${shops}@example.test`;
  await createOwner(ctx, merchant.account.id, email);
  const owner = await consoleSignIn(ctx, email);
  const manager = await buildStaff(ctx, merchant.account, [merchant.location], {
    role: 'manager',
    pin: '9876',
    displayName: 'Maya Manager',
  });
  const managerSignIn = await ctx.signIn(merchant.register.code, manager.id, '9876');
  return { ...merchant, owner, manager, managerSignIn };
}

/** A JSON request as a console user; the parsed body (or the text) and status. */
export async function asOwner<T = unknown>(
  ctx: TestContext,
  who: ConsoleSignIn,
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; body: T; text: string; headers: Headers }> {
  const response = await asConsole(ctx, who, path, { method, ...(json === undefined ? {} : { json }) });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  return {
    status: response.status,
    body: (isJson && text ? JSON.parse(text) : null) as T,
    text,
    headers: response.headers,
  };
}

export interface ShopCatalog {
  latte: Item;
  milk: ModifierGroup;
  tenOff: Discount;
  small: string;
  large: string;
  oat: string;
  whole: string;
}

/** A category, a milk group (choose one: whole, or oat +0.50), a latte (small 4.50, large 5.50), 10 % off. */
export async function buildShopCatalog(ctx: TestContext, shop: Shop, currency = 'usd'): Promise<ShopCatalog> {
  const yen = currency === 'jpy';
  const category = await asOwner<{ category: { id: string } }>(
    ctx,
    shop.owner,
    'POST',
    '/api/merchant/catalog/categories',
    {
      name: 'Espresso bar',
      color: '#1F8A70',
    },
  );
  if (category.status !== 201) throw new Error(`category: ${category.text}`);
  const milk = await asOwner<{ modifierGroup: ModifierGroup }>(
    ctx,
    shop.owner,
    'POST',
    '/api/merchant/catalog/modifier-groups',
    {
      name: 'Milk',
      minSelected: 1,
      maxSelected: 1,
      modifiers: [
        { name: 'Whole', priceDeltaMinor: 0 },
        { name: 'Oat', priceDeltaMinor: yen ? 50 : 50, sortOrder: 1 },
      ],
    },
  );
  if (milk.status !== 201) throw new Error(`group: ${milk.text}`);
  const latte = await asOwner<{ item: Item }>(ctx, shop.owner, 'POST', '/api/merchant/catalog/items', {
    name: 'Flat white',
    categoryId: category.body.category.id,
    priceMinor: yen ? 480 : 450,
    sku: `FW-${shops}`,
    variants: [
      { name: 'Small', priceMinor: yen ? 480 : 450 },
      { name: 'Large', priceMinor: yen ? 580 : 550, sortOrder: 1 },
    ],
    modifierGroupIds: [milk.body.modifierGroup.id],
  });
  if (latte.status !== 201) throw new Error(`item: ${latte.text}`);
  const tenOff = await asOwner<{ discount: Discount }>(
    ctx,
    shop.owner,
    'POST',
    '/api/merchant/catalog/discounts',
    {
      name: '10% off',
      kind: 'percentage',
      percentBps: 1000,
      appliesTo: 'sale',
    },
  );
  if (tenOff.status !== 201) throw new Error(`discount: ${tenOff.text}`);
  const [small, large] = latte.body.item.variants;
  const [whole, oat] = milk.body.modifierGroup.modifiers;
  if (!small || !large || !whole || !oat) throw new Error('catalog incomplete');
  return {
    latte: latte.body.item,
    milk: milk.body.modifierGroup,
    tenOff: tenOff.body.discount,
    small: small.id,
    large: large.id,
    oat: oat.id,
    whole: whole.id,
  };
}

/** Rings up a sale at the counter; throws unless created. */
export async function ringUp(
  ctx: TestContext,
  as: CounterSignIn,
  body: Record<string, unknown>,
): Promise<Sale> {
  const created = await api<{ sale: Sale }>(ctx, as, 'POST', '/api/counter/sales', {
    clientSaleId: randomUUID(),
    ...body,
  });
  if (created.status !== 201)
    throw new Error(`create sale: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.sale;
}

/** Opens this register's drawer with a float (as someone whose role has cash_drawer). */
export async function openDrawer(
  ctx: TestContext,
  as: CounterSignIn,
  openingFloatMinor: number,
): Promise<void> {
  const opened = await api(ctx, as, 'POST', '/api/counter/drawer/open', { openingFloatMinor });
  if (opened.status !== 201) throw new Error(`open drawer: ${opened.status} ${JSON.stringify(opened.body)}`);
}

export async function addTender(
  ctx: TestContext,
  as: CounterSignIn,
  saleId: string,
  body: Record<string, unknown>,
): Promise<{ status: number; body: TenderResponse }> {
  return api<TenderResponse>(ctx, as, 'POST', `/api/counter/sales/${saleId}/tenders`, {
    tenderKey: randomUUID(),
    ...body,
  });
}

/** Pays a card part on the server-driven reader (a card presented, optionally a tip), then syncs it. */
export async function payCardPart(
  ctx: TestContext,
  shop: Merchant,
  as: CounterSignIn,
  cardSaleId: string,
  options: { card?: string; tipMinor?: number } = {},
): Promise<Sale> {
  const attempt = await api(ctx, as, 'POST', `/api/counter/sales/${cardSaleId}/attempts`, {
    attemptKey: randomUUID(),
    readerId: shop.readers.serverDriven.id,
  });
  if (attempt.status !== 200) throw new Error(`attempt: ${JSON.stringify(attempt.body)}`);
  await presentCard(ctx, shop, options.card ?? TEST_CARDS.visa, options.tipMinor);
  const synced = await api<{ sale: Sale }>(ctx, as, 'POST', `/api/counter/sales/${cardSaleId}/sync`);
  return synced.body.sale;
}

export async function getSale(ctx: TestContext, as: CounterSignIn, saleId: string): Promise<Sale> {
  const response = await api<{ sale: Sale }>(ctx, as, 'GET', `/api/counter/sales/${saleId}`);
  return response.body.sale;
}
