// Migration 0012 on a database with data, on both backends: the free-text product categories become
// category rows (one per account and name), products point at them, and the old column is gone.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrations.ts';
import { openPostgresDatabase } from '../../src/db/postgres/open.ts';
import { MIGRATIONS_DIR, migrate } from '../../src/db/sqlite/migrate.ts';
import { openDatabase } from '../../src/db/sqlite/open.ts';
import { createPostgresDatabase } from '../support/databases.ts';

const BEFORE_SHOP = 11;

const SEED_ROWS = [
  `INSERT INTO accounts (id, stripe_account_id, business_name, country, currency, charge_type, created_at_ms, updated_at_ms)
   VALUES ('acc_1', 'acct_1', 'Shop', 'US', 'usd', 'direct', 1, 1)`,
  `INSERT INTO products (id, account_id, name, price_minor, category, sort_order, created_at_ms)
   VALUES ('p_latte', 'acc_1', 'Latte', 500, 'Coffee', 0, 10),
          ('p_mocha', 'acc_1', 'Mocha', 550, 'Coffee', 1, 20),
          ('p_muffin', 'acc_1', 'Muffin', 395, 'Bakery', 2, 30),
          ('p_keyed', 'acc_1', 'Gift', 100, NULL, 3, 40)`,
];

interface Migrated {
  categories: { id: string; name: string; sort_order: number }[];
  products: { id: string; category_id: string | null; updated_at_ms: number }[];
  columns: string[];
}

function expectMigrated({ categories, products, columns }: Migrated) {
  expect(categories.map((category) => [category.name, Number(category.sort_order)])).toEqual([
    ['Bakery', 2],
    ['Coffee', 0],
  ]);
  const id = (name: string) => categories.find((category) => category.name === name)?.id;
  expect(products.map((product) => [product.id, product.category_id])).toEqual([
    ['p_keyed', null],
    ['p_latte', id('Coffee')],
    ['p_mocha', id('Coffee')],
    ['p_muffin', id('Bakery')],
  ]);
  expect(products.find((product) => product.id === 'p_mocha')?.updated_at_ms).toEqual(20);
  expect(columns).not.toContain('category');
  expect(columns).toContain('tax_class');
}

describe('migration 0012_shop', () => {
  it('turns free-text categories into category rows on SQLite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'countertop-before-shop-'));
    for (const migration of loadMigrations(MIGRATIONS_DIR).filter((m) => m.version <= BEFORE_SHOP)) {
      copyFileSync(join(MIGRATIONS_DIR, migration.name), join(dir, migration.name));
    }
    const db = openDatabase(':memory:');
    migrate(db, dir);
    for (const statement of SEED_ROWS) db.prepare(statement).run();
    // 0012 first (later migrations follow it).
    expect(migrate(db)[0]).toBe('0012_shop.sql');
    expectMigrated({
      categories: db
        .prepare('SELECT id, name, sort_order FROM categories ORDER BY name')
        .all() as Migrated['categories'],
      products: db
        .prepare('SELECT id, category_id, updated_at_ms FROM products ORDER BY id')
        .all() as Migrated['products'],
      columns: (db.prepare('PRAGMA table_info(products)').all() as { name: string }[]).map(
        (column) => column.name,
      ),
    });
    db.close();
  });

  it('turns free-text categories into category rows on PostgreSQL', async () => {
    const url = await createPostgresDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)',
      );
      const dir = fileURLToPath(new URL('../../src/db/migrations/postgres/', import.meta.url));
      for (const migration of loadMigrations(dir).filter((m) => m.version <= BEFORE_SHOP)) {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations VALUES ($1, $2, 0)', [
          migration.version,
          migration.name,
        ]);
      }
      for (const statement of SEED_ROWS) await client.query(statement);
    } finally {
      await client.end();
    }
    const { database, migrationsApplied, pool } = await openPostgresDatabase(url, { poolSize: 1 });
    try {
      expect(migrationsApplied[0]).toBe('0012_shop.sql');
      const categories = await pool.query('SELECT id, name, sort_order FROM categories ORDER BY name');
      const products = await pool.query('SELECT id, category_id, updated_at_ms FROM products ORDER BY id');
      const columns = await pool.query(
        "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'products'",
      );
      expectMigrated({
        categories: categories.rows,
        products: products.rows.map((row) => ({ ...row, updated_at_ms: Number(row.updated_at_ms) })),
        columns: columns.rows.map((row: { name: string }) => row.name),
      });
    } finally {
      await database.close();
    }
  });
});
