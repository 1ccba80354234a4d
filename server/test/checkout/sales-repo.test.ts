/**
 * The sales and payment-attempt repositories return, from an insert, exactly what a later read of the row
 * returns (they build it without reading back), and a sale's lines come back the same from a repository
 * that has them in memory and from one that reads them.
 */
import { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKyselyDatabase, type Database } from '../../src/db/database.ts';
import type { NewSale } from '../../src/db/repositories/sales.repo.ts';
import type { DatabaseSchema } from '../../src/db/schema.ts';
import { CachedSqliteDialect } from '../../src/db/sqlite/dialect.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildCounter, buildReader } from '../support/factories.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext({ emulator: false });
});
afterEach(async () => {
  await ctx.close();
});

/** Another Database over the same SQLite handle: its repositories have nothing in memory yet. */
function freshDatabase(): Database {
  const kysely = new Kysely<DatabaseSchema>({ dialect: new CachedSqliteDialect(ctx.db) });
  // Closing it would close the shared handle: the test context closes that.
  return createKyselyDatabase(kysely, 'sqlite', async () => {});
}

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
    const inserted = await ctx.database.transaction((tx) => tx.sales.insert(sale));
    const fresh = await freshDatabase().repos.sales.findById(sale.id);
    expect(inserted).toEqual(fresh);
    expect(inserted?.lines.map((line) => line.description)).toEqual(['Latte', 'Croissant']);
  });

  it('returns the same lines from memory as from the database, as copies', async () => {
    const sales = ctx.repos.sales;
    await ctx.database.transaction((tx) => tx.sales.insert(sale));
    const first = await sales.findById(sale.id);
    const fresh = await freshDatabase().repos.sales.findById(sale.id);
    expect(first).toEqual(fresh);
    first?.lines.splice(0, 1);
    expect((await sales.findById(sale.id))?.lines).toHaveLength(2);
    const updated = await sales.update(sale.id, { status: 'awaiting_payment' }, ctx.clock.nowMs() + 5);
    expect(updated).toEqual(await freshDatabase().repos.sales.findById(sale.id));
  });
});

describe('payment attempts repository', () => {
  it('returns from insert what a read of the stored attempt returns', async () => {
    const sale = await newSale('sale_repo_2');
    await ctx.database.transaction((tx) => tx.sales.insert(sale));
    const { location } = await buildCounter(ctx);
    const reader = await buildReader(ctx, location);
    const inserted = await ctx.repos.payments.insert(
      {
        id: 'att_1',
        saleId: sale.id,
        attemptKey: 'key-1',
        readerId: reader.id,
        integration: reader.integration,
      },
      ctx.clock.nowMs(),
    );
    expect(inserted).toEqual(await freshDatabase().repos.payments.findById('att_1'));
  });
});

describe('a register unfinished sale lookup', () => {
  it('reads the partial in-flight index, never the register history', async () => {
    // The statement the repository hands SQLite (and its parameters), planned as SQLite runs it.
    const prepared: { sql: string; parameters: unknown[] }[] = [];
    const prepare = ctx.db.prepare.bind(ctx.db);
    const spy = vi.spyOn(ctx.db, 'prepare').mockImplementation(((sql: string) => {
      const statement = prepare(sql);
      const all = statement.all.bind(statement);
      return Object.assign(statement, {
        all: (...parameters: unknown[]) => {
          prepared.push({ sql, parameters: parameters.flat() });
          return all(...parameters);
        },
      });
    }) as typeof ctx.db.prepare);
    try {
      await freshDatabase().repos.sales.findInFlight('reg_any');
    } finally {
      spy.mockRestore();
    }
    const lookup = prepared.find(({ sql }) => /from "sales"/i.test(sql));
    expect(lookup).toBeDefined();
    const plan = ctx.db.prepare(`EXPLAIN QUERY PLAN ${lookup!.sql}`).all(...lookup!.parameters) as Array<{
      detail: string;
    }>;
    expect(plan.map((step) => step.detail).join('\n')).toContain('USING INDEX sales_register_in_flight');
  });

  it('finds the newest unfinished sale and forgets it once finished', async () => {
    const sales = ctx.repos.sales;
    const first = await newSale('sale_inflight_1');
    await sales.insert(first);
    expect((await sales.findInFlight(first.registerId))?.id).toBe('sale_inflight_1');
    await sales.update('sale_inflight_1', { status: 'succeeded' }, ctx.clock.nowMs());
    expect(await sales.findInFlight(first.registerId)).toBeUndefined();
  });
});
