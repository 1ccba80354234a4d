import SqliteHandle from 'better-sqlite3';
import { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reusableQuery, reusableQueryPerShape, reusableUpdateById } from './reusable-query.ts';
import type { DatabaseSchema, Queryable } from './schema.ts';
import { CachedSqliteDialect } from './sqlite/dialect.ts';
import { openSqliteDatabase } from './sqlite/open.ts';

interface TestSchema {
  items: { id: string; shop: string; kind: string; price_minor: number };
}

describe('reusableQuery', () => {
  let handle: SqliteHandle.Database;
  let db: Kysely<TestSchema>;
  beforeEach(() => {
    handle = new SqliteHandle(':memory:');
    handle.exec(
      "CREATE TABLE items (id TEXT PRIMARY KEY, shop TEXT, kind TEXT, price_minor INTEGER);\
       INSERT INTO items VALUES ('a', 's1', 'food', 100), ('b', 's1', 'drink', 250), ('c', 's2', 'food', 300),\
       ('d', 's1', 'food', 50);",
    );
    db = new Kysely<TestSchema>({ dialect: new CachedSqliteDialect(handle) });
  });
  afterEach(async () => {
    await db.destroy();
  });
  // The repositories' Queryable is typed on the server's schema; these queries use a schema of their own.
  const asTest = (queryable: Queryable) => queryable as unknown as Kysely<TestSchema>;
  const asQueryable = (kysely: Kysely<TestSchema>) => kysely as unknown as Queryable;

  it('binds each call its own values, and keeps the values the query fixed itself', async () => {
    let builds = 0;
    const cheapFoodOfShop = reusableQuery((queryable: Queryable, shop: string, maxPriceMinor: number) => {
      builds += 1;
      return asTest(queryable)
        .selectFrom('items')
        .select('id')
        .where('kind', '=', 'food')
        .where('shop', '=', shop)
        .where('price_minor', '<=', maxPriceMinor)
        .orderBy('id')
        .limit(5);
    });
    const ids = async (shop: string, maxPriceMinor: number) =>
      (await cheapFoodOfShop(asQueryable(db), shop, maxPriceMinor)).rows.map((row) => row.id);
    expect(await ids('s1', 100)).toStrictEqual(['a', 'd']);
    expect(await ids('s1', 60)).toStrictEqual(['d']);
    expect(await ids('s2', 1_000)).toStrictEqual(['c']);
    expect(builds).toBe(1);
    // Inside a transaction: the same compiled SQL, on the transaction's connection.
    const inTransaction = await db
      .transaction()
      .execute(async (trx) => (await cheapFoodOfShop(asQueryable(trx), 's1', 1_000)).rows);
    expect(inTransaction.map((row) => row.id)).toStrictEqual(['a', 'd']);
    expect(builds).toBe(1);
  });

  it('writes with placeholders in the inserted values, and reports the affected rows', async () => {
    const insert = reusableQuery((queryable: Queryable, id: string, priceMinor: number) =>
      asTest(queryable)
        .insertInto('items')
        .values({ id, shop: 's3', kind: 'food', price_minor: priceMinor })
        .onConflict((oc) => oc.column('id').doNothing()),
    );
    expect((await insert(asQueryable(db), 'e', 700)).numAffectedRows).toBe(1n);
    expect((await insert(asQueryable(db), 'e', 900)).numAffectedRows).toBe(0n);
    expect(handle.prepare("SELECT price_minor FROM items WHERE id = 'e'").get()).toStrictEqual({
      price_minor: 700,
    });
  });

  it('per shape: one compiled query for each set of columns, each bound its own values', async () => {
    const built: string[] = [];
    const updateColumns = reusableQueryPerShape(
      (columns: readonly ('kind' | 'price_minor')[]) => columns.join(','),
      (columns) => {
        built.push(columns.join(','));
        return (queryable: Queryable, id: string, ...values: unknown[]) =>
          asTest(queryable)
            .updateTable('items')
            .set(Object.fromEntries(columns.map((column, index) => [column, values[index]])))
            .where('id', '=', id);
      },
    );
    await updateColumns(['price_minor'])(asQueryable(db), 'a', 110);
    await updateColumns(['kind', 'price_minor'])(asQueryable(db), 'b', 'food', 260);
    await updateColumns(['price_minor'])(asQueryable(db), 'c', 310);
    expect(built).toStrictEqual(['price_minor', 'kind,price_minor']);
    expect(handle.prepare('SELECT id, kind, price_minor FROM items ORDER BY id').all()).toStrictEqual([
      { id: 'a', kind: 'food', price_minor: 110 },
      { id: 'b', kind: 'food', price_minor: 260 },
      { id: 'c', kind: 'food', price_minor: 310 },
      { id: 'd', kind: 'food', price_minor: 50 },
    ]);
  });

  it('refuses a query that does not use every argument as a value', async () => {
    const unused = reusableQuery((queryable: Queryable, _shop: string) =>
      asTest(queryable).selectFrom('items').select('id'),
    );
    await expect(unused(asQueryable(db), 's1')).rejects.toThrow(/not used as a value/);
  });
});

describe('reusableUpdateById', () => {
  it('writes only the columns given, by id, and returns the row as stored when asked', async () => {
    const { database, handle } = openSqliteDatabase(':memory:');
    const db: Queryable = new Kysely<DatabaseSchema>({ dialect: new CachedSqliteDialect(handle) });
    try {
      handle.exec(
        `INSERT INTO accounts (id, stripe_account_id, business_name, country, currency, charge_type, created_at_ms, updated_at_ms)
         VALUES ('acc_1', 'acct_1', 'Bean', 'US', 'usd', 'direct', 0, 0), ('acc_2', 'acct_2', 'Kissa', 'JP', 'jpy', 'direct', 0, 0)`,
      );
      const rename = reusableUpdateById('accounts', 'row');
      const touch = reusableUpdateById('accounts', 'nothing');
      const renamed = await rename(db, 'acc_1', { business_name: 'Bean Counter', updated_at_ms: 5 });
      expect(renamed.rows).toMatchObject([
        { id: 'acc_1', business_name: 'Bean Counter', updated_at_ms: 5, country: 'US' },
      ]);
      // Another set of columns: its own statement; no row returned when not asked.
      const touched = await touch(db, 'acc_2', { updated_at_ms: 9 });
      expect(touched.rows).toStrictEqual([]);
      expect(touched.numAffectedRows).toBe(1n);
      expect((await rename(db, 'acc_missing', { business_name: 'x' })).rows).toStrictEqual([]);
      expect(
        handle.prepare('SELECT id, business_name, updated_at_ms FROM accounts ORDER BY id').all(),
      ).toStrictEqual([
        { id: 'acc_1', business_name: 'Bean Counter', updated_at_ms: 5 },
        { id: 'acc_2', business_name: 'Kissa', updated_at_ms: 9 },
      ]);
    } finally {
      await database.close();
    }
  });
});
