import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentVersion, loadMigrations, migrate } from '../../src/db/sqlite/migrate.ts';
import { openDatabase } from '../../src/db/sqlite/open.ts';

function tables(db: ReturnType<typeof openDatabase>): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);
}

describe('migrate', () => {
  it('creates the whole schema and records the version', () => {
    const db = openDatabase(':memory:');
    const applied = migrate(db);
    expect(applied[0]).toBe('0001_init.sql');
    expect(currentVersion(db)).toBe(loadMigrations().length);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'accounts',
        'locations',
        'platform_settings',
        'payment_attempts',
        'processed_webhook_events',
        'products',
        'readers',
        'receipts_sent',
        'refunds',
        'registers',
        'sale_lines',
        'sales',
        'register_devices',
        'register_pairing_codes',
        'sessions',
        'sign_in_failures',
        'sign_in_trust',
        'staff',
        'staff_locations',
      ]),
    );
  });

  it('is a no-op when the database is up to date', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    expect(migrate(db)).toEqual([]);
  });

  it('enforces foreign keys and money checks', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    expect(() =>
      db
        .prepare(
          "INSERT INTO locations (id, account_id, name, time_zone, created_at_ms) VALUES ('l', 'nope', 'x', 'UTC', 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare(
      `INSERT INTO accounts (id, stripe_account_id, business_name, country, currency, charge_type, created_at_ms, updated_at_ms)
       VALUES ('a', 'acct_1', 'Shop', 'US', 'usd', 'direct', 1, 1)`,
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO products (id, account_id, name, price_minor, created_at_ms) VALUES ('p', 'a', 'x', -1, 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE accounts SET charge_type = 'separate' WHERE id = 'a'").run()).toThrow(
      /CHECK/,
    );
  });

  it('applies new files in order, each atomically, and stops at a failing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(dir, '0001_first.sql'), 'CREATE TABLE one (id INTEGER PRIMARY KEY);');
    writeFileSync(
      join(dir, '0002_second.sql'),
      'CREATE TABLE two (id INTEGER PRIMARY KEY); SELECT * FROM missing;',
    );
    const db = openDatabase(':memory:');
    expect(() => migrate(db, dir)).toThrow(/missing/);
    expect(currentVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['one']);
  });

  it('rejects gaps in the numbering', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(dir, '0001_first.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '0003_third.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/without gaps/);
  });

  it('refuses a database newer than the code', () => {
    const db = openDatabase(':memory:');
    db.pragma('user_version = 99');
    expect(() => migrate(db)).toThrow(/newer/);
  });

  it('opens file databases in WAL mode with foreign keys on', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'db-')), 'nested', 'pos.db');
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    // Checkpoints less often than SQLite's default 1,000 pages (see db/open.ts), WAL truncated afterwards.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
    db.close();
  });
});
