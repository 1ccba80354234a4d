// The shop's repositories (catalog, discounts, tenders, drawer shifts, roles, receipt numbers, card parts,
// refund lines, ending a staff member's sessions) hold the same contract on SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import type { NewSale } from '../../src/db/repositories/sales.repo.ts';
import { createManualClock } from '../../src/runtime.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../support/databases.ts';
import { buildAccount, buildLocation, buildRegister, buildStaff } from '../support/factories.ts';

function newSale(
  id: string,
  base: { accountId: string; locationId: string; registerId: string; staffId: string },
  extra: Partial<NewSale> = {},
): NewSale {
  return {
    id,
    ...base,
    clientSaleId: `client-${id}`,
    status: 'open',
    currency: 'usd',
    description: null,
    captureMethod: 'manual',
    subtotalMinor: 1000,
    taxMinor: 0,
    tipMinor: 0,
    totalMinor: 1000,
    applicationFeeMinor: 0,
    createdAtMs: 1_000,
    lines: [
      {
        position: 0,
        productId: null,
        description: 'Latte',
        quantity: 1,
        unitPriceMinor: 1000,
        amountMinor: 1000,
      },
    ],
    ...extra,
  };
}

describe.each(TEST_BACKENDS)('shop repositories on %s', (backend) => {
  let test: TestDatabase;
  let database: Database;
  const clock = createManualClock(1_000);
  let setup: Awaited<ReturnType<typeof build>>;

  async function build() {
    const ctx = { repos: database.repos, clock };
    const account = await buildAccount(ctx);
    const location = await buildLocation(ctx, account, { taxRateBps: 863 });
    const register = await buildRegister(ctx, location, { code: `R${backend}`.toUpperCase() });
    const staff = await buildStaff(ctx, account, [location]);
    return { account, location, register, staff };
  }

  beforeEach(async () => {
    test = await openTestDatabase(backend);
    database = test.database;
    setup = await build();
  });

  afterEach(async () => {
    await test.close();
  });

  it('keeps items with a category (found or created by name), variants, groups and location overrides', async () => {
    const { repos } = database;
    const { account, location } = setup;
    const latte = await repos.products.insert(
      {
        id: 'prd_latte',
        accountId: account.id,
        name: 'Latte',
        priceMinor: 500,
        category: 'Coffee',
        sku: 'LAT',
      },
      clock.nowMs(),
    );
    const mocha = await repos.products.insert(
      {
        id: 'prd_mocha',
        accountId: account.id,
        name: 'Mocha',
        priceMinor: 550,
        category: 'Coffee',
        taxClass: 'reduced',
      },
      clock.nowMs(),
    );
    expect(latte.categoryId).toBe(mocha.categoryId);
    expect(latte.category).toBe('Coffee');
    expect(mocha.taxClass).toBe('reduced');
    expect((await repos.categories.listByAccount(account.id)).map((c) => c.name)).toEqual(['Coffee']);
    expect((await repos.products.findBySku(account.id, 'LAT'))?.id).toBe(latte.id);

    const small = await repos.products.insertVariant(
      { id: 'var_s', productId: latte.id, name: 'Small', priceMinor: 450 },
      2_000,
    );
    await repos.products.insertVariant(
      { id: 'var_l', productId: latte.id, name: 'Large', priceMinor: 600, sortOrder: 1, sku: 'LAT-L' },
      2_000,
    );
    await repos.products.updateVariant(
      small.id,
      { name: 'Small', priceMinor: 475, sku: null, sortOrder: 0, active: false },
      3_000,
    );
    const variants = (await repos.products.variantsOf([latte.id])).get(latte.id) ?? [];
    expect(variants.map((v) => [v.name, v.priceMinor, v.active])).toEqual([
      ['Small', 475, false],
      ['Large', 600, true],
    ]);
    expect((await repos.products.findVariantBySku(account.id, 'LAT-L'))?.id).toBe('var_l');

    await repos.modifiers.insertGroup(
      {
        id: 'grp_milk',
        accountId: account.id,
        name: 'Milk',
        minSelected: 1,
        maxSelected: 1,
        sortOrder: 0,
        active: true,
      },
      1_000,
    );
    await repos.modifiers.insertModifier(
      { id: 'mod_oat', groupId: 'grp_milk', name: 'Oat', priceDeltaMinor: 50, sortOrder: 0, active: true },
      1_000,
    );
    await repos.modifiers.insertModifier(
      { id: 'mod_whole', groupId: 'grp_milk', name: 'Whole', priceDeltaMinor: 0, sortOrder: 1, active: true },
      1_000,
    );
    await repos.products.setModifierGroups(latte.id, ['grp_milk']);
    expect((await repos.products.modifierGroupIdsOf([latte.id, mocha.id])).get(latte.id)).toEqual([
      'grp_milk',
    ]);
    const [milk] = await repos.modifiers.listByAccount(account.id);
    expect(milk?.modifiers.map((m) => [m.name, m.priceDeltaMinor])).toEqual([
      ['Oat', 50],
      ['Whole', 0],
    ]);

    await repos.products.setLocationOverrides(latte.id, [
      { locationId: location.id, available: true, priceMinor: 525 },
    ]);
    await repos.products.setLocationOverride(
      mocha.id,
      { locationId: location.id, available: false, priceMinor: null },
      location.id,
    );
    await repos.products.setVariantLocationOverrides('var_l', [
      { locationId: location.id, available: true, priceMinor: 650 },
    ]);
    const overrides = await repos.products.locationOverridesOf([latte.id, mocha.id]);
    expect(overrides.get(latte.id)).toEqual([{ locationId: location.id, available: true, priceMinor: 525 }]);
    expect(overrides.get(mocha.id)).toEqual([
      { locationId: location.id, available: false, priceMinor: null },
    ]);
    expect((await repos.products.variantLocationOverridesOf(['var_l'])).get('var_l')?.[0]?.priceMinor).toBe(
      650,
    );
    await repos.products.setLocationOverride(mocha.id, null, location.id);
    expect((await repos.products.locationOverridesOf([mocha.id])).get(mocha.id)).toBeUndefined();

    const updated = await repos.products.update(
      latte.id,
      {
        name: 'Caffè latte',
        priceMinor: 510,
        categoryId: null,
        sku: null,
        color: '#1f8a70',
        taxClass: 'exempt',
        active: false,
        sortOrder: 3,
      },
      5_000,
    );
    expect(updated).toMatchObject({
      name: 'Caffè latte',
      category: null,
      color: '#1f8a70',
      active: false,
      updatedAtMs: 5_000,
    });
    expect((await repos.products.listActive(account.id)).map((p) => p.id)).toEqual([mocha.id]);
    expect((await repos.products.listByAccount(account.id)).map((p) => p.id)).toEqual([mocha.id, latte.id]);
  });

  it('finds a category by name, a variant by id; sets one location of a variant; updates groups and modifiers', async () => {
    const { repos } = database;
    const { account, location } = setup;
    const other = await buildAccount({ repos, clock });
    const coffee = await repos.categories.insert(
      { id: 'cat_coffee', accountId: account.id, name: 'Coffee', color: null, sortOrder: 0, active: true },
      1_000,
    );
    await repos.categories.insert(
      { id: 'cat_other', accountId: other.id, name: 'Tea', color: null, sortOrder: 0, active: true },
      1_000,
    );
    expect(await repos.categories.findByName(account.id, 'Coffee')).toEqual(coffee);
    expect(await repos.categories.findByName(account.id, 'Tea')).toBeUndefined();
    expect(await repos.categories.findByName(other.id, 'Coffee')).toBeUndefined();
    const renamed = await repos.categories.update(
      coffee.id,
      { name: 'Hot drinks', color: '#6b4226', sortOrder: 3, active: false },
      2_000,
    );
    expect(renamed).toEqual({
      id: 'cat_coffee',
      accountId: account.id,
      name: 'Hot drinks',
      color: '#6b4226',
      sortOrder: 3,
      active: false,
    });
    expect(await repos.categories.findById(coffee.id)).toEqual(renamed);
    expect(await repos.categories.findById('cat_none')).toBeUndefined();
    expect(await repos.categories.findByName(account.id, 'Coffee')).toBeUndefined();
    expect(await repos.categories.findByName(account.id, 'Hot drinks')).toEqual(renamed);

    const latte = await repos.products.insert(
      { id: 'prd_v', accountId: account.id, name: 'Latte', priceMinor: 500, category: null },
      1_000,
    );
    const large = await repos.products.insertVariant(
      { id: 'var_v', productId: latte.id, name: 'Large', priceMinor: 600, sku: 'V-L', sortOrder: 2 },
      1_000,
    );
    expect(await repos.products.findVariant('var_v')).toEqual({
      id: 'var_v',
      productId: latte.id,
      name: 'Large',
      priceMinor: 600,
      sku: 'V-L',
      sortOrder: 2,
      active: true,
    });
    expect(await repos.products.findVariant('var_v')).toEqual(large);
    expect(await repos.products.findVariant('var_none')).toBeUndefined();
    const second = await buildLocation({ repos, clock }, account);
    await repos.products.setVariantLocationOverride(
      large.id,
      { locationId: location.id, available: false, priceMinor: null },
      location.id,
    );
    await repos.products.setVariantLocationOverride(
      large.id,
      { locationId: second.id, available: true, priceMinor: 650 },
      second.id,
    );
    // Setting a location again replaces its row.
    await repos.products.setVariantLocationOverride(
      large.id,
      { locationId: location.id, available: true, priceMinor: 625 },
      location.id,
    );
    const byLocation = <T extends { locationId: string }>(overrides: readonly T[] = []) =>
      [...overrides].sort((a, b) => a.locationId.localeCompare(b.locationId));
    expect(byLocation((await repos.products.variantLocationOverridesOf([large.id])).get(large.id))).toEqual(
      byLocation([
        { locationId: location.id, available: true, priceMinor: 625 },
        { locationId: second.id, available: true, priceMinor: 650 },
      ]),
    );
    await repos.products.setVariantLocationOverride(large.id, null, location.id);
    expect((await repos.products.variantLocationOverridesOf([large.id])).get(large.id)).toEqual([
      { locationId: second.id, available: true, priceMinor: 650 },
    ]);

    await repos.modifiers.insertGroup(
      {
        id: 'grp_s',
        accountId: account.id,
        name: 'Syrup',
        minSelected: 0,
        maxSelected: null,
        sortOrder: 0,
        active: true,
      },
      1_000,
    );
    await repos.modifiers.insertModifier(
      { id: 'mod_v', groupId: 'grp_s', name: 'Vanilla', priceDeltaMinor: 40, sortOrder: 1, active: true },
      1_000,
    );
    await repos.modifiers.insertModifier(
      { id: 'mod_c', groupId: 'grp_s', name: 'Caramel', priceDeltaMinor: 40, sortOrder: 2, active: true },
      1_000,
    );
    expect(await repos.modifiers.findGroup('grp_none')).toBeUndefined();
    await repos.modifiers.updateGroup(
      'grp_s',
      { name: 'Syrups', minSelected: 1, maxSelected: 2, sortOrder: 4, active: false },
      2_000,
    );
    await repos.modifiers.updateModifier(
      'mod_c',
      { name: 'Salted caramel', priceDeltaMinor: 60, sortOrder: 0, active: false },
      2_000,
    );
    expect(await repos.modifiers.findGroup('grp_s')).toEqual({
      id: 'grp_s',
      accountId: account.id,
      name: 'Syrups',
      minSelected: 1,
      maxSelected: 2,
      sortOrder: 4,
      active: false,
      modifiers: [
        {
          id: 'mod_c',
          groupId: 'grp_s',
          name: 'Salted caramel',
          priceDeltaMinor: 60,
          sortOrder: 0,
          active: false,
        },
        { id: 'mod_v', groupId: 'grp_s', name: 'Vanilla', priceDeltaMinor: 40, sortOrder: 1, active: true },
      ],
    });
  });

  it('keeps discounts and role permissions (defaults until set)', async () => {
    const { repos } = database;
    const { account } = setup;
    const tenOff = await repos.discounts.insert(
      {
        id: 'dsc_1',
        accountId: account.id,
        name: '10 % off',
        kind: 'percentage',
        percentBps: 1000,
        amountMinor: null,
        appliesTo: 'sale',
        sortOrder: 0,
        active: true,
      },
      1_000,
    );
    expect(tenOff.kind).toBe('percentage');
    await repos.discounts.update(tenOff.id, { ...tenOff, active: false }, 2_000);
    expect(await repos.discounts.findById(tenOff.id)).toEqual({ ...tenOff, active: false });
    expect(await repos.discounts.findById('dsc_none')).toBeUndefined();
    expect((await repos.discounts.listByAccount(account.id))[0]?.active).toBe(false);

    expect(await repos.roles.permissionsOf(account.id, 'staff')).toEqual(['cash_drawer']);
    await repos.roles.setPermissions(account.id, 'staff', ['cash_drawer', 'discounts'], 1_000);
    await repos.roles.setPermissions(account.id, 'staff', ['discounts'], 2_000);
    expect(await repos.roles.allOf(account.id)).toEqual({
      manager: ['discounts', 'refunds', 'cash_drawer', 'reports'],
      staff: ['discounts'],
    });
  });

  it('numbers receipts per register, links card parts and finds sales by receipt and card', async () => {
    const { repos } = database;
    const base = {
      accountId: setup.account.id,
      locationId: setup.location.id,
      registerId: setup.register.id,
      staffId: setup.staff.id,
    };
    const first = await database.transaction((tx) => tx.sales.insert(newSale('sale_1', base)));
    const second = await database.transaction((tx) =>
      tx.sales.insert(
        newSale('sale_2', base, {
          discountMinor: 100,
          taxIncluded: true,
          taxes: [{ taxClass: 'standard', rateBps: 1000, baseMinor: 900, taxMinor: 82 }],
          saleDiscount: {
            discountId: null,
            name: 'Regular',
            kind: 'fixed',
            percentBps: null,
            amountMinor: 100,
            discountMinor: 100,
            approvedByStaffId: null,
            approvedBy: null,
          },
          lines: [
            {
              position: 0,
              productId: null,
              description: 'Latte (Large)',
              quantity: 1,
              unitPriceMinor: 1000,
              amountMinor: 1000,
              variantId: null,
              variantName: 'Large',
              modifiers: [{ modifierId: null, name: 'Oat', priceDeltaMinor: 50 }],
              discountMinor: 100,
              taxMinor: 82,
              taxRateBps: 1000,
            },
          ],
        }),
      ),
    );
    const code = setup.register.code;
    expect(first?.receiptNumber).toBe(`${code}-1`);
    expect(second?.receiptNumber).toBe(`${code}-2`);
    // A replay of the same clientSaleId is refused and takes no number.
    expect(
      await database.transaction((tx) =>
        tx.sales.insert(newSale('sale_dup', { ...base }, { clientSaleId: 'client-sale_1' })),
      ),
    ).toBeNull();
    const part = await database.transaction((tx) =>
      tx.sales.insert(newSale('part_1', base, { kind: 'card_part', parentSaleId: 'sale_2', lines: [] })),
    );
    expect(part?.receiptNumber).toBeNull();
    const third = await database.transaction((tx) => tx.sales.insert(newSale('sale_3', base)));
    expect(third?.receiptNumber).toBe(`${code}-3`);

    const stored = await repos.sales.findById('sale_2');
    expect(stored).toMatchObject({
      discountMinor: 100,
      taxIncluded: true,
      kind: 'sale',
      receiptNumber: `${code}-2`,
    });
    expect(stored?.lines[0]).toMatchObject({
      variantName: 'Large',
      discountMinor: 100,
      taxMinor: 82,
      taxRateBps: 1000,
    });
    expect(stored?.lines[0]?.modifiers).toEqual([{ modifierId: null, name: 'Oat', priceDeltaMinor: 50 }]);
    expect(stored?.saleDiscount?.name).toBe('Regular');
    expect((await repos.sales.listCardParts('sale_2')).map((s) => s.id)).toEqual(['part_1']);
    expect((await repos.sales.findByReceiptNumber(setup.account.id, `${code}-2`))?.id).toBe('sale_2');

    await repos.sales.update('part_1', { card: { brand: 'visa', last4: '4242', readMethod: null } }, 2_000);
    await repos.sales.update('sale_3', { card: { brand: 'visa', last4: '4242', readMethod: null } }, 2_000);
    expect((await repos.sales.listByCardLast4(setup.location.id, '4242', 0, 10)).map((s) => s.id)).toEqual([
      'sale_3',
      'sale_2',
    ]);
    // Card parts are payments, not sales: never the register's in-flight sale nor in its list.
    expect((await repos.sales.listByRegisterSince(setup.register.id, 0)).map((s) => s.id)).toEqual([
      'sale_3',
      'sale_2',
      'sale_1',
    ]);
    expect((await repos.sales.findInFlight(setup.register.id))?.kind).toBe('sale');
  });

  it('appends tenders in order, once per key', async () => {
    const { repos } = database;
    const base = {
      accountId: setup.account.id,
      locationId: setup.location.id,
      registerId: setup.register.id,
      staffId: setup.staff.id,
    };
    await database.transaction((tx) => tx.sales.insert(newSale('sale_t', base)));
    const shift = await repos.drawer.openShift({
      id: 'shf_1',
      accountId: setup.account.id,
      locationId: setup.location.id,
      registerId: setup.register.id,
      openedByStaffId: setup.staff.id,
      openedAtMs: 1_000,
      openingFloatMinor: 10_000,
    });
    expect(shift?.openingFloatMinor).toBe(10_000);
    const cash = {
      id: 'tnd_1',
      saleId: 'sale_t',
      tenderKey: 'key-1',
      method: 'cash' as const,
      amountMinor: 400,
      status: 'paid' as const,
      tenderedMinor: 500,
      changeMinor: 100,
      shiftId: 'shf_1',
      cardSaleId: null,
      staffId: setup.staff.id,
      createdAtMs: 1_000,
    };
    expect((await database.transaction((tx) => tx.tenders.insert(cash)))?.position).toBe(0);
    expect(await database.transaction((tx) => tx.tenders.insert({ ...cash, id: 'tnd_again' }))).toBeNull();
    await database.transaction((tx) =>
      tx.sales.insert(newSale('part_t', base, { kind: 'card_part', parentSaleId: 'sale_t', lines: [] })),
    );
    const card = await database.transaction((tx) =>
      tx.tenders.insert({
        ...cash,
        id: 'tnd_2',
        tenderKey: 'key-2',
        method: 'card',
        amountMinor: 600,
        status: 'pending',
        tenderedMinor: null,
        changeMinor: null,
        shiftId: null,
        cardSaleId: 'part_t',
      }),
    );
    expect(card?.position).toBe(1);
    await repos.tenders.setStatus('tnd_2', 'paid', 2_000);
    expect((await repos.tenders.findByCardSaleId('part_t'))?.status).toBe('paid');
    expect((await repos.tenders.listBySale('sale_t')).map((t) => [t.method, t.amountMinor])).toEqual([
      ['cash', 400],
      ['card', 600],
    ]);
    expect((await repos.tenders.listBySales(['sale_t'])).get('sale_t')).toHaveLength(2);
    expect((await repos.tenders.findByKey('key-1'))?.id).toBe('tnd_1');
    expect(await repos.tenders.findById('tnd_2')).toEqual({
      ...card,
      status: 'paid',
      updatedAtMs: 2_000,
    });
    expect(await repos.tenders.findById('tnd_again')).toBeUndefined();
  });

  it('opens one drawer shift per register, records movements once per key, and closes with over/short', async () => {
    const { repos } = database;
    const opening = {
      id: 'shf_a',
      accountId: setup.account.id,
      locationId: setup.location.id,
      registerId: setup.register.id,
      openedByStaffId: setup.staff.id,
      openedAtMs: 1_000,
      openingFloatMinor: 20_000,
    };
    expect(await repos.drawer.openShift(opening)).not.toBeNull();
    expect(await repos.drawer.openShift({ ...opening, id: 'shf_b' })).toBeNull();
    const movement = {
      id: 'mov_1',
      shiftId: 'shf_a',
      movementKey: 'pay-out-1',
      kind: 'paid_out' as const,
      amountMinor: -1_500,
      reason: 'Milk delivery',
      staffId: setup.staff.id,
      saleId: null,
      createdAtMs: 2_000,
    };
    await repos.drawer.insertMovement(movement);
    expect((await repos.drawer.insertMovement({ ...movement, id: 'mov_again' })).id).toBe('mov_1');
    await repos.drawer.insertMovement({
      ...movement,
      id: 'mov_2',
      movementKey: null,
      kind: 'cash_sale',
      amountMinor: 1_200,
      reason: null,
    });
    expect(await repos.drawer.expectedCash('shf_a')).toBe(20_000 - 1_500 + 1_200);
    expect((await repos.drawer.listMovements('shf_a')).map((m) => m.kind)).toEqual(['paid_out', 'cash_sale']);
    const closing = {
      closedByStaffId: setup.staff.id,
      closedAtMs: 9_000,
      countedMinor: 19_600,
      expectedMinor: 19_700,
      note: null,
    };
    expect(
      await database.transaction(async (tx) => {
        await tx.drawer.lockShift('shf_a');
        return tx.drawer.closeShift('shf_a', closing);
      }),
    ).toBe(true);
    expect(await repos.drawer.closeShift('shf_a', closing)).toBe(false);
    expect(await repos.drawer.findShift('shf_a')).toMatchObject({
      overShortMinor: -100,
      countedMinor: 19_600,
    });
    expect(await repos.drawer.findOpenShift(setup.register.id)).toBeUndefined();
    expect(await repos.drawer.openShift({ ...opening, id: 'shf_c', openedAtMs: 10_000 })).not.toBeNull();
    expect((await repos.drawer.listByRegister(setup.register.id, 5)).map((s) => s.id)).toEqual([
      'shf_c',
      'shf_a',
    ]);
    expect((await repos.drawer.listClosedIn([setup.location.id], 0, 10_000)).map((s) => s.id)).toEqual([
      'shf_a',
    ]);
    expect((await repos.drawer.listOpenedIn([setup.location.id], 5_000, 20_000)).map((s) => s.id)).toEqual([
      'shf_c',
    ]);
  });

  it('journals cash refunds with their items and tax, counted for the sale and its card parts', async () => {
    const { repos } = database;
    const base = {
      accountId: setup.account.id,
      locationId: setup.location.id,
      registerId: setup.register.id,
      staffId: setup.staff.id,
    };
    await database.transaction((tx) => tx.sales.insert(newSale('sale_r', base, { status: 'succeeded' })));
    await database.transaction((tx) =>
      tx.sales.insert(newSale('part_r', base, { kind: 'card_part', parentSaleId: 'sale_r', lines: [] })),
    );
    await database.transaction(async (tx) => {
      await tx.refunds.insertRefund(
        {
          id: 'rfd_cash',
          saleId: 'sale_r',
          refundKey: 'rk-1',
          stripeIdempotencyKey: null,
          amountMinor: 300,
          reason: 'Cold',
          requestedByStaffId: setup.staff.id,
          requestedByUserId: null,
          requestedByLabel: 'Ben',
          method: 'cash',
          taxMinor: 25,
          status: 'succeeded',
          registerId: setup.register.id,
        },
        3_000,
      );
      await tx.refunds.insertRefundLines([
        { refundId: 'rfd_cash', saleId: 'sale_r', position: 0, quantity: 1, amountMinor: 300, taxMinor: 25 },
      ]);
    });
    await repos.refunds.insertRefund(
      {
        id: 'rfd_card',
        saleId: 'part_r',
        refundKey: 'rk-2',
        stripeIdempotencyKey: 'acct-refund_rfd_card',
        amountMinor: 200,
        reason: 'Cold',
        requestedByStaffId: null,
        requestedByUserId: null,
        requestedByLabel: 'Owner',
      },
      4_000,
    );
    const refunds = await repos.refunds.refundsOfSales(['sale_r']);
    expect(refunds.map((r) => [r.id, r.method, r.status, r.taxMinor, r.ticketSaleId])).toEqual([
      ['rfd_cash', 'cash', 'succeeded', 25, 'sale_r'],
      ['rfd_card', 'card', 'pending', 0, 'sale_r'],
    ]);
    expect(refunds[0]?.locationId).toBe(setup.location.id);
    expect((await repos.refunds.refundedTotals(['sale_r'])).get('sale_r')).toBe(500);
    expect(await repos.refunds.refundLinesOfSale('sale_r')).toEqual([
      { refundId: 'rfd_cash', saleId: 'sale_r', position: 0, quantity: 1, amountMinor: 300, taxMinor: 25 },
    ]);
    expect((await repos.reports.cardPartsOf(['sale_r'])).get('sale_r')?.map((p) => p.id)).toEqual(['part_r']);
    expect(
      (await repos.reports.salesInWindow(setup.account.id, [setup.location.id], 0, 10_000)).map((s) => s.id),
    ).toEqual(['sale_r']);
  });

  it("reads a register's sales and refunds of a shift, the card payments of a window, and leaves card parts out of limits and the sweeper", async () => {
    const { repos } = database;
    const base = {
      accountId: setup.account.id,
      locationId: setup.location.id,
      registerId: setup.register.id,
      staffId: setup.staff.id,
    };
    await database.transaction((tx) =>
      tx.sales.insert(newSale('sale_w', base, { status: 'awaiting_payment', createdAtMs: 5_000 })),
    );
    await database.transaction((tx) =>
      tx.sales.insert(
        newSale('part_w', base, {
          kind: 'card_part',
          parentSaleId: 'sale_w',
          lines: [],
          status: 'awaiting_payment',
          createdAtMs: 5_000,
        }),
      ),
    );
    await database.transaction((tx) =>
      tx.tenders.insert({
        id: 'tnd_w',
        saleId: 'sale_w',
        tenderKey: 'key-w',
        method: 'card',
        amountMinor: 1000,
        status: 'pending',
        tenderedMinor: null,
        changeMinor: null,
        shiftId: null,
        cardSaleId: 'part_w',
        staffId: setup.staff.id,
        createdAtMs: 5_000,
      }),
    );
    await repos.sales.update('part_w', { paymentIntentId: 'pi_w' }, 5_000);
    await database.transaction((tx) =>
      tx.sales.insert(newSale('sale_direct', base, { status: 'succeeded', createdAtMs: 6_000 })),
    );
    await repos.sales.update('sale_direct', { paymentIntentId: 'pi_direct' }, 6_000);
    await repos.refunds.insertRefund(
      {
        id: 'rfd_w',
        saleId: 'sale_direct',
        refundKey: 'rk-w',
        stripeIdempotencyKey: 'acct-refund_rfd_w',
        amountMinor: 100,
        reason: 'x',
        requestedByStaffId: null,
        requestedByUserId: null,
        requestedByLabel: 'x',
        registerId: setup.register.id,
      },
      7_000,
    );
    expect(
      (await repos.reports.salesOfRegister(setup.register.id, 0, 10_000)).map((sale) => sale.id),
    ).toEqual(['sale_w', 'sale_direct']);
    expect(
      (await repos.refunds.refundsOfRegister(setup.register.id, 0, 10_000)).map((refund) => refund.id),
    ).toEqual(['rfd_w']);
    expect(
      (await repos.refunds.refundsOfRegister(setup.register.id, 8_000, 10_000)).map((refund) => refund.id),
    ).toEqual([]);
    expect(
      (await repos.reports.cardPaymentsInWindow(setup.account.id, [setup.location.id], 0, 10_000)).map(
        (sale) => sale.id,
      ),
    ).toEqual(['part_w', 'sale_direct']);
    // The daily risk limit counts the sale (1000), not its card part too.
    expect(await repos.console.salesTotalOfAccount(setup.account.id, 0, 10_000)).toBe(2_000);
    // The sweeper settles the card part; the sale paid by tenders has no payment of its own to settle.
    expect((await repos.recovery.listUnfinishedSales(10_000)).map((sale) => sale.id)).toEqual(['part_w']);
  });

  it("sets a location's taxes and ends one staff member's sessions", async () => {
    const { repos } = database;
    await repos.locations.setTaxes(setup.location.id, {
      pricesIncludeTax: true,
      taxName: 'Consumption tax',
      taxRateBps: 1000,
      reducedTaxRateBps: 800,
    });
    expect(await repos.locations.findById(setup.location.id)).toMatchObject({
      pricesIncludeTax: true,
      taxName: 'Consumption tax',
      taxRateBps: 1000,
      reducedTaxRateBps: 800,
    });
    const other = await buildStaff({ repos, clock }, setup.account, [setup.location]);
    for (const [id, staffId] of [
      ['ses_1', setup.staff.id],
      ['ses_2', setup.staff.id],
      ['ses_3', other.id],
    ] as const) {
      await repos.sessions.insert({
        id,
        tokenHash: `hash_${id}`,
        staffId,
        registerId: setup.register.id,
        csrfToken: 'x',
        deviceId: null,
        createdAtMs: 1_000,
        expiresAtMs: 9_000,
      });
    }
    expect(await repos.sessions.deleteByStaff(setup.staff.id)).toBe(2);
    expect(await repos.sessions.findByTokenHash('hash_ses_3')).toBeDefined();
    expect(await repos.sessions.findByTokenHash('hash_ses_1')).toBeUndefined();
  });
});
