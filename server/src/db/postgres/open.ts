/**
 * The PostgreSQL Database (DATABASE_URL=postgres://…): a pg connection pool under Kysely's PostgreSQL
 * dialect, migrations applied at start-up under an advisory lock (several processes starting at once
 * migrate once), and numbers as numbers: BIGINT columns and counts (int8) and sums (numeric) come back as
 * JS numbers — every amount and timestamp we store is an integer far below 2^53.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createKyselyDatabase, type Database } from '../database.ts';
import { statementNameOf } from '../reusable-query.ts';
import type { DatabaseSchema } from '../schema.ts';
import { isInsideTransaction } from '../transaction-scope.ts';
import { migratePostgres } from './migrate.ts';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function toSafeNumber(text: string): number {
  const value = Number(text);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new Error(`A database number is beyond JavaScript's exact integers: ${text}`);
  }
  return value;
}

/** The type parsers every pool of ours uses (exported for the benchmarks' own pools). */
export const postgresTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return toSafeNumber;
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

const NAMED = Symbol('named statements');

/**
 * The client with the reusable queries' SQL (db/reusable-query.ts) sent as named statements: PostgreSQL
 * parses and plans each once per connection, not on every call. Any other SQL goes through unchanged.
 */
function withNamedStatements(client: pg.PoolClient): pg.PoolClient {
  const marked = client as pg.PoolClient & { [NAMED]?: true };
  if (marked[NAMED]) return client;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  Object.assign(client, {
    query: (text: unknown, values?: unknown, callback?: unknown) => {
      const name = typeof text === 'string' ? statementNameOf(text) : undefined;
      if (name === undefined) return query(text, values, callback);
      return query({ name, text, values }, callback);
    },
  });
  marked[NAMED] = true;
  return client;
}

export interface PostgresOptions {
  /** Connections this process keeps open at most (default 10). */
  poolSize?: number;
}

export async function openPostgresDatabase(
  url: string,
  options: PostgresOptions = {},
): Promise<{ database: Database; migrationsApplied: string[]; pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: postgresTypes });
  // A pool error on an idle connection (the server restarted) must not crash the process: the pool
  // replaces the connection on the next checkout.
  pool.on('error', () => {});
  let migrationsApplied: string[];
  try {
    migrationsApplied = await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  // The root connection is refused inside a transaction's work: such a query is not part of the
  // transaction (and could wait on the transaction's own row locks).
  const guardedPool = {
    connect: () => {
      if (isInsideTransaction()) {
        return Promise.reject(
          new Error('A query used the root database connection inside a transaction; use the transaction.'),
        );
      }
      return pool.connect().then(withNamedStatements);
    },
    end: () => (pool.ended ? Promise.resolve() : pool.end()),
  };
  const kysely = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool: guardedPool }) });
  // Kysely ends the pool only once its driver was used; a Database that never ran a query still holds the
  // migration's idle connection, so the pool is ended here too.
  const database = createKyselyDatabase(kysely, 'postgres', async () => {
    await kysely.destroy();
    if (!pool.ended) await pool.end();
  });
  return { database, migrationsApplied, pool };
}
