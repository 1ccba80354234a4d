// The merchant's catalog through the API: who may change what, the counter's catalog at a location
// (effective prices and availability), taxes, and the CSV export and import (every row checked first).
import type { Catalog, Item, MerchantCatalogResponse } from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../checkout/support.ts';
import { asConsole, consoleSignIn, createAdmin } from '../platform/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildLocation, buildStaff } from '../support/factories.ts';
import { asOwner, buildShopCatalog, type Shop, type ShopCatalog, setUpShop } from './support.ts';

let ctx: TestContext;
let shop: Shop;
let catalog: ShopCatalog;

beforeAll(async () => {
  ctx = await createTestContext();
  shop = await setUpShop(ctx, { taxRateBps: 863 });
  catalog = await buildShopCatalog(ctx, shop);
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

async function counterCatalog(): Promise<Catalog> {
  return (await api<Catalog>(ctx, shop.signIn, 'GET', '/api/counter/catalog')).body;
}

describe('the item library', () => {
  it('keeps what the owner built, inactive objects included', async () => {
    const response = await asOwner<MerchantCatalogResponse>(ctx, shop.owner, 'GET', '/api/merchant/catalog');
    expect(response.status).toBe(200);
    expect(response.body.canEditCatalog).toBe(true);
    const item = response.body.items.find((candidate) => candidate.id === catalog.latte.id);
    expect(item?.variants.map((variant) => [variant.name, variant.priceMinor])).toEqual([
      ['Small', 450],
      ['Large', 550],
    ]);
    expect(response.body.categories.map((category) => [category.name, category.color])).toContainEqual([
      'Espresso bar',
      '#1f8a70',
    ]);
    expect(response.body.modifierGroups[0]).toMatchObject({ name: 'Milk', minSelected: 1, maxSelected: 1 });
    expect(response.body.discounts[0]).toMatchObject({
      name: '10% off',
      kind: 'percentage',
      percentBps: 1000,
    });
    expect(response.body.locations[0]?.taxes).toEqual({
      pricesIncludeTax: false,
      taxName: 'Tax',
      standardRateBps: 863,
      reducedRateBps: null,
    });
  });

  it('shows the counter what is sold at its location, with variants, groups and discounts', async () => {
    const view = await counterCatalog();
    const item = view.items.find((candidate) => candidate.id === catalog.latte.id);
    expect(item).toMatchObject({ priceMinor: 450, color: '#1f8a70', modifierGroupIds: [catalog.milk.id] });
    expect(item?.variants.map((variant) => variant.name)).toEqual(['Small', 'Large']);
    expect(view.modifierGroups.map((group) => group.name)).toEqual(['Milk']);
    expect(view.discounts.map((discount) => discount.name)).toEqual(['10% off']);
    // The original view lists only what a one-rate counter can price without choices.
    expect(view.products.map((product) => product.id)).not.toContain(catalog.latte.id);
    expect(view.products.map((product) => product.name)).toEqual(['Latte', 'Croissant']);
    expect(view.taxRateBps).toBe(863);
  });

  it("follows a location's price and availability, and a manager of that location may set them", async () => {
    const price = await api<{ item: Item }>(
      ctx,
      shop.managerSignIn,
      'PUT',
      `/api/merchant/catalog/items/${catalog.latte.id}/locations/${shop.location.id}`,
      {
        available: true,
        priceMinor: null,
        variants: [{ variantId: catalog.large, available: true, priceMinor: 600 }],
      },
    );
    expect(price.status).toBe(200);
    let item = (await counterCatalog()).items.find((candidate) => candidate.id === catalog.latte.id);
    expect(item?.variants.find((variant) => variant.id === catalog.large)?.priceMinor).toBe(600);
    const croissant = shop.products[1]!;
    const hidden = await api(
      ctx,
      shop.managerSignIn,
      'PUT',
      `/api/merchant/catalog/items/${croissant.id}/locations/${shop.location.id}`,
      {
        available: false,
        priceMinor: null,
      },
    );
    expect(hidden.status).toBe(200);
    expect((await counterCatalog()).items.map((candidate) => candidate.id)).not.toContain(croissant.id);
    // And back.
    await api(
      ctx,
      shop.managerSignIn,
      'PUT',
      `/api/merchant/catalog/items/${croissant.id}/locations/${shop.location.id}`,
      {
        available: true,
        priceMinor: null,
      },
    );
    await api(
      ctx,
      shop.managerSignIn,
      'PUT',
      `/api/merchant/catalog/items/${catalog.latte.id}/locations/${shop.location.id}`,
      {
        available: true,
        priceMinor: null,
        variants: [{ variantId: catalog.large, available: true, priceMinor: null }],
      },
    );
    item = (await counterCatalog()).items.find((candidate) => candidate.id === catalog.latte.id);
    expect(item?.variants.find((variant) => variant.id === catalog.large)?.priceMinor).toBe(550);
  });

  it('lets only someone who answers for every location change the library', async () => {
    // A second location the manager is not assigned to: the library is no longer theirs alone.
    const elsewhere = await buildLocation(ctx, shop.account, { name: 'Elsewhere' });
    const refused = await api<{ error: { code: string; message: string } }>(
      ctx,
      shop.managerSignIn,
      'POST',
      '/api/merchant/catalog/categories',
      { name: 'Tea' },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/owner/);
    // Nor another location's own settings.
    const notTheirs = await api(
      ctx,
      shop.managerSignIn,
      'PUT',
      `/api/merchant/locations/${elsewhere.id}/taxes`,
      {
        pricesIncludeTax: true,
        taxName: 'VAT',
        standardRateBps: 2000,
        reducedRateBps: null,
      },
    );
    expect(notTheirs.status).toBe(404);
    // Platform support may, on the merchant's behalf (audit-logged as support).
    await createAdmin(ctx, 'admin@catalog.test');
    const admin = await consoleSignIn(ctx, 'admin@catalog.test');
    const bySupport = await asConsole(
      ctx,
      admin,
      `/api/merchant/catalog/categories?accountId=${shop.account.id}`,
      {
        method: 'POST',
        json: { name: 'Tea' },
      },
    );
    expect(bySupport.status).toBe(201);
    const audit = await ctx.repos.audit.list({ accountId: shop.account.id, limit: 1 });
    expect(audit[0]).toMatchObject({
      action: 'catalog.category.created',
      actorLabel: 'admin@catalog.test (platform support)',
    });
  });

  it('refuses staff, other merchants and bad references', async () => {
    const staff = await api(ctx, shop.signIn, 'GET', '/api/merchant/catalog');
    expect(staff.status).toBe(403);
    const other = await setUpShop(ctx);
    const theirs = await asOwner(ctx, other.owner, 'PUT', `/api/merchant/catalog/items/${catalog.latte.id}`, {
      name: 'Stolen',
      priceMinor: 1,
    });
    expect(theirs.status).toBe(404);
    const foreignCategory = await asOwner(ctx, other.owner, 'POST', '/api/merchant/catalog/items', {
      name: 'Scone',
      priceMinor: 300,
      categoryId: catalog.latte.categoryId,
    });
    expect(foreignCategory.status).toBe(400);
    const sameSku = await asOwner<{ error: { code: string } }>(
      ctx,
      shop.owner,
      'POST',
      '/api/merchant/catalog/items',
      {
        name: 'Copy',
        priceMinor: 300,
        sku: catalog.latte.sku,
      },
    );
    expect(sameSku.status).toBe(409);
    const badGroup = await asOwner(ctx, shop.owner, 'POST', '/api/merchant/catalog/modifier-groups', {
      name: 'Syrups',
      minSelected: 2,
      modifiers: [{ name: 'Vanilla', priceDeltaMinor: 60 }],
    });
    expect(badGroup.status).toBe(400);
  });

  it('replaces an item: variants left out are deactivated, never deleted', async () => {
    const updated = await asOwner<{ item: Item }>(
      ctx,
      shop.owner,
      'PUT',
      `/api/merchant/catalog/items/${catalog.latte.id}`,
      {
        name: 'Flat white',
        categoryId: catalog.latte.categoryId,
        priceMinor: 450,
        sku: catalog.latte.sku,
        variants: [
          { id: catalog.small, name: 'Small', priceMinor: 460 },
          { name: 'Medium', priceMinor: 500, sortOrder: 1 },
        ],
        modifierGroupIds: [catalog.milk.id],
      },
    );
    expect(updated.status).toBe(200);
    expect(
      updated.body.item.variants.map((variant) => [variant.name, variant.priceMinor, variant.active]),
    ).toEqual([
      ['Small', 460, true],
      ['Large', 550, false],
      ['Medium', 500, true],
    ]);
    const item = (await counterCatalog()).items.find((candidate) => candidate.id === catalog.latte.id);
    expect(item?.variants.map((variant) => variant.name)).toEqual(['Small', 'Medium']);
  });
});

describe('taxes', () => {
  it("sets a location's taxes; the counter's one-rate view adds nothing where prices include tax", async () => {
    const other = await setUpShop(ctx);
    const set = await asOwner(ctx, other.owner, 'PUT', `/api/merchant/locations/${other.location.id}/taxes`, {
      pricesIncludeTax: true,
      taxName: 'VAT',
      standardRateBps: 2000,
      reducedRateBps: 500,
    });
    expect(set.status).toBe(200);
    const view = (await api<Catalog>(ctx, other.signIn, 'GET', '/api/counter/catalog')).body;
    expect(view.taxes).toEqual({
      pricesIncludeTax: true,
      taxName: 'VAT',
      standardRateBps: 2000,
      reducedRateBps: 500,
    });
    expect(view.taxRateBps).toBe(0);
  });
});

describe('CSV', () => {
  it('exports the library and imports it back unchanged', async () => {
    const exported = await asOwner(ctx, shop.owner, 'GET', '/api/merchant/catalog/items.csv');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/text\/csv/);
    expect(exported.text).toContain('item_id,variant_id,item_name,variant_name');
    expect(exported.text).toContain('Flat white');
    const before = (await asOwner<MerchantCatalogResponse>(ctx, shop.owner, 'GET', '/api/merchant/catalog'))
      .body;
    const imported = await asOwner<{ itemsCreated: number; itemsUpdated: number; variantsCreated: number }>(
      ctx,
      shop.owner,
      'POST',
      '/api/merchant/catalog/import',
      { csv: exported.text },
    );
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ itemsCreated: 0, variantsCreated: 0 });
    expect(imported.body.itemsUpdated).toBe(before.items.length);
    const after = (await asOwner<MerchantCatalogResponse>(ctx, shop.owner, 'GET', '/api/merchant/catalog'))
      .body;
    expect(after.items).toEqual(before.items);
  });

  it('checks every row and writes nothing when one is wrong, naming the rows', async () => {
    const csv = [
      'item_id,variant_id,item_name,variant_name,category,sku,price,tax_class,color,active,sort_order,modifier_groups',
      ',,Scone,,Bakery,SC-1,3.25,standard,,yes,5,',
      ',,Tea,,Tea,,three,standard,,yes,0,',
      ',,Bagel,,Bakery,SC-1,2.00,weird,,maybe,0,Sauces',
    ].join('\r\n');
    const dry = await asOwner(ctx, shop.owner, 'POST', '/api/merchant/catalog/import', { csv, dryRun: true });
    expect(dry.status).toBe(400);
    const refused = await asOwner<{
      error: { code: string; message: string; rows: { row: number; message: string }[] };
    }>(ctx, shop.owner, 'POST', '/api/merchant/catalog/import', { csv });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('csv_invalid');
    expect(refused.body.error.rows.map((row) => row.row)).toEqual([3, 4]);
    expect(refused.body.error.rows[0]?.message).toMatch(/price/);
    expect(refused.body.error.rows[1]?.message).toMatch(/tax_class.*active.*Sauces/);
    const library = (await asOwner<MerchantCatalogResponse>(ctx, shop.owner, 'GET', '/api/merchant/catalog'))
      .body;
    expect(library.items.map((item) => item.name)).not.toContain('Scone');
  });

  it('creates items, variants and categories, and a dry run counts without writing', async () => {
    const csv = [
      'item_id,variant_id,item_name,variant_name,category,sku,price,tax_class,color,active,sort_order,modifier_groups',
      ',,Scone,,Bakery,SC-9,3.25,reduced,#aa3300,yes,5,',
      ',,Cold brew,Regular,Cold,CB-R,4.50,standard,,yes,0,Milk',
      ',,Cold brew,Large,Cold,CB-L,5.25,standard,,yes,1,Milk',
    ].join('\n');
    const dry = await asOwner(ctx, shop.owner, 'POST', '/api/merchant/catalog/import', { csv, dryRun: true });
    expect(dry.body).toEqual({
      dryRun: true,
      rows: 3,
      itemsCreated: 2,
      itemsUpdated: 0,
      variantsCreated: 2,
      variantsUpdated: 0,
      categoriesCreated: 1, // Cold (the fixtures already have Bakery)
    });
    let library = (await asOwner<MerchantCatalogResponse>(ctx, shop.owner, 'GET', '/api/merchant/catalog'))
      .body;
    expect(library.items.map((item) => item.name)).not.toContain('Scone');
    const done = await asOwner(ctx, shop.owner, 'POST', '/api/merchant/catalog/import', { csv });
    expect(done.status).toBe(200);
    library = (await asOwner<MerchantCatalogResponse>(ctx, shop.owner, 'GET', '/api/merchant/catalog')).body;
    const scone = library.items.find((item) => item.name === 'Scone');
    expect(scone).toMatchObject({ priceMinor: 325, taxClass: 'reduced', color: '#aa3300', sku: 'SC-9' });
    const coldBrew = library.items.find((item) => item.name === 'Cold brew');
    expect(coldBrew?.variants.map((variant) => [variant.name, variant.priceMinor, variant.sku])).toEqual([
      ['Regular', 450, 'CB-R'],
      ['Large', 525, 'CB-L'],
    ]);
    expect(coldBrew?.modifierGroupIds).toEqual([catalog.milk.id]);
    expect(library.categories.map((category) => category.name)).toEqual(
      expect.arrayContaining(['Bakery', 'Cold']),
    );
  });
});

describe('managers of every location', () => {
  it('may change the library like the owner', async () => {
    const other = await setUpShop(ctx);
    const allLocations = await buildStaff(ctx, other.account, [other.location], {
      role: 'manager',
      pin: '4321',
    });
    const signedIn = await ctx.signIn(other.register.code, allLocations.id, '4321');
    const created = await api(ctx, signedIn, 'POST', '/api/merchant/catalog/items', {
      name: 'Muffin',
      priceMinor: 395,
    });
    expect(created.status).toBe(201);
  });
});
