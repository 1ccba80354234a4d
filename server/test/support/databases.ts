/**
 * Fresh databases of either backend for tests: an in-memory SQLite database, or a new database on the
 * run's throwaway PostgreSQL server (postgres-global-setup.ts). Suites that must hold on both backends
 * (repository, lock and job contracts; concurrency) take a `TestBackend` and run once per backend.
 */
import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { openPostgresDatabase } from '../../src/db/postgres/open.ts';
import { openSqliteDatabase } from '../../src/db/sqlite/open.ts';

export type TestBackend = 'sqlite' | 'postgres';
export const TEST_BACKENDS: readonly TestBackend[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  database: Database;
  /** The new database's URL (PostgreSQL), for a second process or connection pool. */
  url: string | null;
  close(): Promise<void>;
}

let counter = 0;

/** A new empty database on the run's PostgreSQL server; returns its URL. */
export async function createPostgresDatabase(): Promise<string> {
  const adminUrl = inject('postgresAdminUrl');
  counter += 1;
  const name = `t_${process.pid}_${Date.now().toString(36)}_${counter}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function openTestDatabase(backend: TestBackend): Promise<TestDatabase> {
  if (backend === 'sqlite') {
    const { database } = openSqliteDatabase(':memory:');
    return { database, url: null, close: () => database.close() };
  }
  const url = await createPostgresDatabase();
  const { database } = await openPostgresDatabase(url, { poolSize: 5 });
  return { database, url, close: () => database.close() };
}
