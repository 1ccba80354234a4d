/**
 * Applies `migrations/postgres/NNNN_name.sql` in order, each in its own transaction with its row in
 * `schema_migrations`. The whole run holds a session advisory lock, so processes that start together
 * migrate once: the first applies, the others wait, then find nothing left to do.
 */
import type pg from 'pg';
import { loadMigrations } from '../migrations.ts';

const MIGRATIONS_DIR = new URL('../migrations/postgres/', import.meta.url);
/** Any constant shared by every Countertop process: the key of the migration advisory lock. */
const MIGRATION_LOCK_KEY = 0x636f756e7465; // "counte"

export async function migratePostgres(pool: pg.Pool): Promise<string[]> {
  const migrations = loadMigrations(MIGRATIONS_DIR);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at_ms BIGINT NOT NULL
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    const latest = migrations.at(-1)?.version ?? 0;
    const newest = Math.max(0, ...applied);
    if (newest > latest) {
      throw new Error(`Database is at schema version ${newest}, newer than this build's ${latest}`);
    }
    const names: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES ($1, $2, $3)',
          [migration.version, migration.name, Date.now()],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(
          `Migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      names.push(migration.name);
    }
    return names;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
