/**
 * The reports benchmark's two sides over one generated history, on either backend:
 * - `design`: the Database the server would open (indexes, stored rollup days), every statement it runs
 *   recorded with its last parameters, so the bench can EXPLAIN each one afterwards;
 * - `naive`: the same queries (as the query builder writes them) with the big tables read without any
 *   index and no stored rollups — every location-day computed from the raw rows. On SQLite the driving
 *   tables get `NOT INDEXED`; on PostgreSQL the naive pool's sessions turn index, index-only and bitmap
 *   scans off.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createKyselyDatabase, type Database as DatabasePort } from '../../src/db/database.ts';
import { postgresTypes } from '../../src/db/postgres/open.ts';
import type { DatabaseSchema } from '../../src/db/schema.ts';
import { CachedSqliteDialect } from '../../src/db/sqlite/dialect.ts';
import { type Db, openDatabase } from '../../src/db/sqlite/open.ts';
import type { BenchBackend } from './figures.ts';
import type { ScaleDatabase } from './scale-database.ts';
import { scalePostgres } from './scale-postgres.ts';

export interface StatementPlan {
  sql: string;
  plan: string[];
  fullScan: boolean;
}

export interface ReportStore {
  backend: BenchBackend;
  design: DatabasePort;
  naive: DatabasePort;
  /** A raw SELECT with `?` placeholders, on the design's side or (`naive`) with index reads off. */
  all<T>(sql: string, params?: unknown[], options?: { naive?: boolean }): Promise<T[]>;
  /** What raw baseline SQL writes after `FROM sales s` to read it without an index (SQLite's hint). */
  notIndexed: string;
  /** The plan of every statement the design ran that touches a big table. */
  plans(): Promise<StatementPlan[]>;
  /** For the setup line: where the data lives and how it got there. */
  description: string;
  close(): Promise<void>;
}

/** Tables whose full scan would not stay fast at 10M sales. */
const BIG_TABLE_NAMES =
  'sales|refunds|sale_lines|sale_tenders|payment_attempts|application_fee_ledger|fee_rollups_daily';
const TOUCHES_BIG_TABLE = new RegExp(`\\b(${BIG_TABLE_NAMES})\\b`);

/** No rollups on the naive side: the rollup read finds nothing and every day is built from raw rows. */
const withoutRollups = (sql: string) =>
  sql.replace(/from "report_day_rollups" where/gi, 'from "report_day_rollups" where false and');

export async function openReportStore(
  backend: BenchBackend,
  generated: ScaleDatabase,
  log: (line: string) => void,
): Promise<ReportStore> {
  return backend === 'sqlite' ? openSqliteStore(generated) : openPostgresStore(generated, log);
}

function openSqliteStore(generated: ScaleDatabase): ReportStore {
  /** The generated file (already migrated by the generator), opened with the server's pragmas. */
  const db = openDatabase(generated.path);
  const ran = new Map<string, unknown[]>();
  const naiveSql = (sql: string) =>
    withoutRollups(
      sql
        .replace(/from "sales" as "s"(\s+where)/gi, 'from "sales" as "s" not indexed$1')
        .replace(/from "refunds" as "r"(\s+inner join)/gi, 'from "refunds" as "r" not indexed$1'),
    );
  const over = (rewrite: (sql: string) => string, record: boolean) => {
    const kysely = new Kysely<DatabaseSchema>({
      dialect: new CachedSqliteDialect(recordingDb(db, rewrite, record ? ran : null)),
    });
    // Closing it would close the shared handle: the store closes that.
    return createKyselyDatabase(kysely, 'sqlite', async () => {});
  };
  const bigScan = new RegExp(`\\bSCAN (s|r|l|${BIG_TABLE_NAMES})\\b`);
  return {
    backend: 'sqlite',
    design: over((sql) => sql, true),
    naive: over(naiveSql, false),
    all: async <T>(sql: string, params: unknown[] = []) => db.prepare<unknown[], T>(sql).all(...params),
    notIndexed: 'NOT INDEXED',
    async plans() {
      const plans: StatementPlan[] = [];
      for (const [sql, parameters] of ran) {
        if (!TOUCHES_BIG_TABLE.test(sql)) continue;
        const plan = db
          .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...parameters)
          .map((row) => row.detail);
        plans.push({ sql, plan, fullScan: plan.some((detail) => bigScan.test(detail)) });
      }
      return plans;
    },
    description: `SQLite file ${generated.path}`,
    close: async () => {
      db.close();
    },
  };
}

/** A better-sqlite3 handle whose statements are rewritten on their way in and (optionally) recorded. */
function recordingDb(target: Db, rewrite: (sql: string) => string, ran: Map<string, unknown[]> | null): Db {
  return new Proxy(target, {
    get(object, property) {
      if (property === 'prepare') {
        return (sql: string) => {
          const text = rewrite(sql);
          const statement = object.prepare(text);
          if (!ran) return statement;
          return new Proxy(statement, {
            get(inner, name) {
              const value: unknown = Reflect.get(inner, name, inner);
              if (typeof value !== 'function') return value;
              if (name === 'all' || name === 'get' || name === 'run' || name === 'iterate') {
                return (...args: unknown[]) => {
                  // The driver binds an array of parameters: keep them as EXPLAIN will bind them.
                  ran.set(text, args.flat());
                  return value.apply(inner, args);
                };
              }
              return value.bind(inner);
            },
          });
        };
      }
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

async function openPostgresStore(
  generated: ScaleDatabase,
  log: (line: string) => void,
): Promise<ReportStore> {
  const loaded = await scalePostgres(generated, log);
  const ran = new Map<string, readonly unknown[]>();
  const designPool = new pg.Pool({ connectionString: loaded.url, max: 4, types: postgresTypes });
  const naivePool = new pg.Pool({
    connectionString: loaded.url,
    max: 2,
    types: postgresTypes,
    options: '-c enable_indexscan=off -c enable_indexonlyscan=off -c enable_bitmapscan=off',
  });
  const designKysely = new Kysely<DatabaseSchema>({
    dialect: new PostgresDialect({ pool: designPool }),
    log: (event) => {
      if (event.level === 'query') ran.set(event.query.sql, event.query.parameters);
    },
  });
  const naiveKysely = new Kysely<DatabaseSchema>({
    dialect: new PostgresDialect({ pool: rewritingPool(naivePool, withoutRollups) }),
  });
  const bigScan = new RegExp(`Seq Scan on (${BIG_TABLE_NAMES}|report_day_rollups)\\b`);
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    backend: 'postgres',
    design: createKyselyDatabase(designKysely, 'postgres', async () => {}),
    naive: createKyselyDatabase(naiveKysely, 'postgres', async () => {}),
    async all<T>(sql: string, params: unknown[] = [], options: { naive?: boolean } = {}) {
      const pool = options.naive ? naivePool : designPool;
      return (await pool.query(numbered(sql), params)).rows as T[];
    },
    notIndexed: '',
    async plans() {
      const plans: StatementPlan[] = [];
      const client = await designPool.connect();
      try {
        for (const [sql, parameters] of ran) {
          if (!TOUCHES_BIG_TABLE.test(sql)) continue;
          const result = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [...parameters]);
          const plan = result.rows.map((row) => row['QUERY PLAN'].trim());
          plans.push({ sql, plan, fullScan: plan.some((line) => bigScan.test(line)) });
        }
      } finally {
        client.release();
      }
      return plans;
    },
    description: `PostgreSQL database loaded with COPY from that file (${
      loaded.cached ? 'cached' : `loaded now in ${Math.round(loaded.loadMs / 1000)} s`
    }; bench cluster with ${loaded.settings.join(', ')}, fsync off)`,
    async close() {
      await designKysely.destroy();
      await naiveKysely.destroy();
      await loaded.cluster.stop();
    },
  };
}

/** A pool whose clients rewrite each statement's text before PostgreSQL sees it. */
function rewritingPool(pool: pg.Pool, rewrite: (sql: string) => string) {
  return {
    async connect() {
      const client = await pool.connect();
      return new Proxy(client, {
        get(target, property) {
          const value: unknown = Reflect.get(target, property, target);
          if (property === 'query' && typeof value === 'function') {
            return (text: unknown, ...rest: unknown[]) =>
              value.call(target, typeof text === 'string' ? rewrite(text) : text, ...rest);
          }
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
    end: () => pool.end(),
  };
}
