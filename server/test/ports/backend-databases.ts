/**
 * Databases for the port suites that run on both backends (repositories.contract.ts, concurrency.test.ts):
 * a fresh, migrated database per test, and what those suites need beyond `openTestDatabase`:
 *
 * - `openPeer()`: a second Database on the same data, as a second server process has it. On PostgreSQL its
 *   own connection pool on the same URL; on SQLite the same Database (one file is one process here, and its
 *   single connection runs one transaction at a time).
 * - `waitForLockWaiter()` (PostgreSQL only): resolves once some connection to the database is blocked
 *   waiting for a lock (pg_stat_activity), which proves that a second transaction really waits.
 *
 * PostgreSQL databases are cloned from a template migrated once per test file (CREATE DATABASE … TEMPLATE),
 * about a third of the time of migrating each one, and dropped when closed.
 */
import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { openPostgresDatabase } from '../../src/db/postgres/open.ts';
import { openSqliteDatabase } from '../../src/db/sqlite/open.ts';
import { createPostgresDatabase, type TestBackend } from '../support/databases.ts';

export interface BackendDatabase {
  backend: TestBackend;
  database: Database;
  /** Another Database on the same data (PostgreSQL: another pool; SQLite: this same Database). */
  openPeer(): Promise<Database>;
  /** PostgreSQL: resolves once a connection to this database waits on a lock. Null on SQLite (no row locks). */
  waitForLockWaiter: ((timeoutMs?: number) => Promise<void>) | null;
  close(): Promise<void>;
}

let template: Promise<string> | null = null;
let clones = 0;

/** The name of a database on the run's server, migrated once and never connected to again. */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const url = await createPostgresDatabase();
    const { database } = await openPostgresDatabase(url, { poolSize: 1 });
    // A query through the Database, so that closing it ends its pool (a Database that never ran a query
    // leaves the migration's idle connection open, and a database with a session cannot be a template).
    await database.isHealthy();
    await database.close();
    return new URL(url).pathname.slice(1);
  })();
  return template;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function openPostgres(): Promise<BackendDatabase> {
  const templateName = await migratedTemplate();
  clones += 1;
  const name = `r_${process.pid}_${Date.now().toString(36)}_${clones}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`));
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${name}`;
  const { database } = await openPostgresDatabase(url.toString(), { poolSize: 5 });
  const opened: Database[] = [database];
  let observer: pg.Client | null = null;
  return {
    backend: 'postgres',
    database,
    async openPeer() {
      const peer = (await openPostgresDatabase(url.toString(), { poolSize: 5 })).database;
      opened.push(peer);
      return peer;
    },
    async waitForLockWaiter(timeoutMs = 10_000) {
      if (!observer) {
        observer = new pg.Client({ connectionString: url.toString() });
        await observer.connect();
      }
      const until = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await observer.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
        );
        if ((rows[0]?.n ?? 0) > 0) return;
        if (Date.now() > until) throw new Error('no connection started waiting on a lock');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      await observer?.end();
      for (const each of opened) {
        // A Database's pool ends on close only once it has run a query (see migratedTemplate).
        await each.isHealthy();
        await each.close();
      }
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

function openSqlite(): BackendDatabase {
  const { database } = openSqliteDatabase(':memory:');
  return {
    backend: 'sqlite',
    database,
    openPeer: async () => database,
    waitForLockWaiter: null,
    close: () => database.close(),
  };
}

export async function openBackendDatabase(backend: TestBackend): Promise<BackendDatabase> {
  return backend === 'sqlite' ? openSqlite() : openPostgres();
}
