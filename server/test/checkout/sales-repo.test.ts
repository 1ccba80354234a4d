/**
 * The sales and payment-attempt repositories return, from an insert, exactly what a later read of the row
 * returns (they build it without reading back), and a sale's lines come back the same from a repository
 * that has them in memory and from one that reads them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPaymentsRepo } from '../../src/db/payments.repo.ts';
import { createSalesRepo, IN_FLIGHT_SALE_SQL, type NewSale } from '../../src/db/sales.repo.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildCounter, buildReader } from '../support/factories.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext({ emulator: false });
});
afterEach(async () => {
  await ctx.close();
});

async function newSale(id: string): Promise<NewSale> {
  const { account, location, register, staff } = await buildCounter(ctx);
  return {
    id,
    accountId: account.id,
    locationId: location.id,
    registerId: register.id,
    staffId: staff.id,
    clientSaleId: `client-${id}`,
    status: 'open',
    currency: 'usd',
    description: 'Lunch',
    captureMethod: 'manual',
    subtotalMinor: 870,
    taxMinor: 76,
    tipMinor: 0,
    totalMinor: 946,
    applicationFeeMinor: 57,
    createdAtMs: ctx.clock.nowMs(),
    // Out of order on purpose: lines are stored and returned by position.
    lines: [
      {
        position: 1,
        productId: null,
        description: 'Croissant',
        quantity: 1,
        unitPriceMinor: 395,
        amountMinor: 395,
      },
      {
        position: 0,
        productId: null,
        description: 'Latte',
        quantity: 1,
        unitPriceMinor: 475,
        amountMinor: 475,
      },
    ],
  };
}

describe('sales repository', () => {
  let sale: NewSale;
  beforeEach(async () => {
    sale = await newSale('sale_repo_1');
  });

  it('returns from insert what a read of the stored sale returns', async () => {
    const sales = createSalesRepo(ctx.db);
    const inserted = ctx.db.transaction(() => sales.insert(sale))();
    const fresh = createSalesRepo(ctx.db).findById(sale.id);
    expect(inserted).toEqual(fresh);
    expect(inserted.lines.map((line) => line.description)).toEqual(['Latte', 'Croissant']);
  });

  it('returns the same lines from memory as from the database, as copies', async () => {
    const sales = createSalesRepo(ctx.db);
    ctx.db.transaction(() => sales.insert(sale))();
    const first = sales.findById(sale.id);
    const fresh = createSalesRepo(ctx.db).findById(sale.id);
    expect(first).toEqual(fresh);
    first?.lines.splice(0, 1);
    expect(sales.findById(sale.id)?.lines).toHaveLength(2);
    const updated = sales.update(sale.id, { status: 'awaiting_payment' }, ctx.clock.nowMs() + 5);
    expect(updated).toEqual(createSalesRepo(ctx.db).findById(sale.id));
  });
});

describe('payment attempts repository', () => {
  it('returns from insert what a read of the stored attempt returns', async () => {
    const sales = createSalesRepo(ctx.db);
    const sale = await newSale('sale_repo_2');
    ctx.db.transaction(() => sales.insert(sale))();
    const { location } = await buildCounter(ctx);
    const reader = buildReader(ctx, location);
    const payments = createPaymentsRepo(ctx.db);
    const inserted = payments.insert(
      {
        id: 'att_1',
        saleId: sale.id,
        attemptKey: 'key-1',
        readerId: reader.id,
        integration: reader.integration,
      },
      ctx.clock.nowMs(),
    );
    expect(inserted).toEqual(createPaymentsRepo(ctx.db).findById('att_1'));
  });
});

describe('a register unfinished sale lookup', () => {
  it('reads the partial in-flight index, never the register history', () => {
    const plan = ctx.db.prepare(`EXPLAIN QUERY PLAN ${IN_FLIGHT_SALE_SQL}`).all('reg_any') as Array<{
      detail: string;
    }>;
    expect(plan.map((step) => step.detail).join('\n')).toContain('USING INDEX sales_register_in_flight');
  });

  it('finds the newest unfinished sale and forgets it once finished', async () => {
    const sales = createSalesRepo(ctx.db);
    const first = await newSale('sale_inflight_1');
    sales.insert(first);
    expect(sales.findInFlight(first.registerId)?.id).toBe('sale_inflight_1');
    sales.update('sale_inflight_1', { status: 'succeeded' }, ctx.clock.nowMs());
    expect(sales.findInFlight(first.registerId)).toBeUndefined();
  });
});
