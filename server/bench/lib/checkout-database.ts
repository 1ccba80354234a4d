/**
 * The checkout benchmarks' server database, per `--backend`:
 * - sqlite: a file in the bench's temp dir (DATABASE_PATH); one server process by design.
 * - postgres: a throwaway PostgreSQL cluster (test/support/postgres-cluster.ts: initdb in a temp dir,
 *   fsync, synchronous_commit and full_page_writes off — a bench, not durability) with one new database
 *   (DATABASE_URL); any number of server processes share it.
 * Both give the bench the server's own Database port (migrated) to seed through, the environment a server
 * process needs, every sale row afterwards (read with the driver, outside the server) for verification, and
 * for PostgreSQL the CPU its processes used (the postmaster and its backends, from /proc).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Database as ServerDatabase } from '../../src/db/database.ts';
import { openPostgresDatabase } from '../../src/db/postgres/open.ts';
import { openSqliteDatabase } from '../../src/db/sqlite/open.ts';
import { startPostgresCluster } from '../../test/support/postgres-cluster.ts';
import type { BenchBackend } from './figures.ts';
import { parentPid, processTreeCpuMs } from './processes.ts';

export interface SaleRow {
  id: string;
  status: string;
  paymentIntentId: string | null;
  createdAtMs: number;
}

export interface CheckoutDatabase {
  backend: BenchBackend;
  /** For the setup line. */
  description: string;
  /** Server processes this backend can run on one database (SQLite: 1). */
  maxServers: number;
  /** DATABASE_PATH or DATABASE_URL for a server process. */
  serverEnv: Record<string, string>;
  /** The server's Database port over this database, migrated (the caller closes it). */
  open(): Promise<ServerDatabase>;
  /** Every sale in the database, read with the driver. */
  sales(): Promise<SaleRow[]>;
  /** CPU ms the database's own processes used so far (PostgreSQL cluster); null for SQLite (in-process). */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

export async function startCheckoutDatabase(backend: BenchBackend, dir: string): Promise<CheckoutDatabase> {
  return backend === 'postgres' ? startPostgres() : sqliteIn(dir);
}

function sqliteIn(dir: string): CheckoutDatabase {
  const path = join(dir, 'countertop.db');
  return {
    backend: 'sqlite',
    description: 'a SQLite file (WAL)',
    maxServers: 1,
    serverEnv: { DATABASE_PATH: path },
    open: async () => openSqliteDatabase(path).database,
    async sales() {
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        return db
          .prepare<[], SaleRow>(
            'SELECT id, status, payment_intent_id AS paymentIntentId, created_at_ms AS createdAtMs FROM sales',
          )
          .all();
      } finally {
        db.close();
      }
    },
    cpuMs: () => null,
    stop: async () => {},
  };
}

async function startPostgres(): Promise<CheckoutDatabase> {
  const cluster = await startPostgresCluster();
  try {
    const url = await cluster.createDatabase('countertop_bench');
    // The postmaster: the parent of any backend. Its process tree is the cluster's CPU (NaN when the
    // server is not on this machine, TEST_DATABASE_URL).
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let postmasterPid = Number.NaN;
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      postmasterPid = parentPid(Number(rows[0]?.pid));
    } finally {
      await client.end();
    }
    return {
      backend: 'postgres',
      description:
        'a throwaway PostgreSQL cluster on this machine (fsync, synchronous_commit and full_page_writes off: ' +
        'a bench, not durability), pool of 10 connections per server process',
      maxServers: Number.POSITIVE_INFINITY,
      serverEnv: { DATABASE_URL: url },
      open: async () => (await openPostgresDatabase(url, { poolSize: 2 })).database,
      async sales() {
        const reader = new pg.Client({ connectionString: url });
        await reader.connect();
        try {
          const { rows } = await reader.query<{
            id: string;
            status: string;
            payment_intent_id: string | null;
            created_at_ms: string;
          }>('SELECT id, status, payment_intent_id, created_at_ms FROM sales');
          return rows.map((row) => ({
            id: row.id,
            status: row.status,
            paymentIntentId: row.payment_intent_id,
            createdAtMs: Number(row.created_at_ms),
          }));
        } finally {
          await reader.end();
        }
      },
      cpuMs: () => (Number.isFinite(postmasterPid) ? processTreeCpuMs(postmasterPid) : Number.NaN),
      stop: () => cluster.stop(),
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
