/**
 * Opens the app's SQLite database: WAL journal, foreign keys enforced, a busy timeout so a second
 * connection waits instead of failing. Creates the parent directory of a file path.
 *
 * Checkpoints every WAL_AUTOCHECKPOINT_PAGES (~40 MB) instead of SQLite's default 1,000 pages: a recorded
 * sale dirties ~15 pages (the sales table carries many report indexes), so the default checkpointed (copy
 * back + fsync, inline in some request's COMMIT) every few dozen sales; a longer WAL coalesces rewrites of
 * the same hot pages and roughly doubled the sale write rate (bench/recording.bench.ts, docs/performance.md).
 * After a checkpoint the WAL file is truncated back to WAL_SIZE_LIMIT_BYTES.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely } from 'kysely';
import { createKyselyDatabase, type Database } from '../database.ts';
import type { DatabaseSchema } from '../schema.ts';
import { CachedSqliteDialect } from './dialect.ts';
import { migrate } from './migrate.ts';

export type Db = SqliteDatabase.Database;

export const BUSY_TIMEOUT_MS = 5000;
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export function openDatabase(path: string): Db {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new SqliteDatabase(path);
  if (!inMemory) {
    db.pragma('journal_mode = WAL');
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  }
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('synchronous = NORMAL');
  return db;
}

/**
 * The SQLite Database: opens (or creates) the file, applies pending migrations, and puts Kysely on the
 * handle. `handle` is for tools that need SQLite itself (online backup, tests that inspect files).
 */
export function openSqliteDatabase(path: string): {
  database: Database;
  handle: Db;
  migrationsApplied: string[];
} {
  const handle = openDatabase(path);
  const migrationsApplied = migrate(handle);
  const kysely = new Kysely<DatabaseSchema>({ dialect: new CachedSqliteDialect(handle) });
  const database = createKyselyDatabase(kysely, 'sqlite', () => kysely.destroy());
  return { database, handle, migrationsApplied };
}
