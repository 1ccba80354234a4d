/**
 * The reports benchmark's database on PostgreSQL: the very history `scale-database.ts` generated for
 * SQLite (so both backends answer the same questions over the same rows), bulk-loaded with COPY into a
 * database of a bench cluster kept under `os.tmpdir()/countertop-bench/postgres/` between runs.
 *
 * The schema comes from the real PostgreSQL migrations (`openPostgresDatabase`). For speed the load runs
 * with the migrations' secondary indexes dropped (their definitions kept from `pg_indexes` and re-created
 * after the load, so the final schema is exactly the migrations') and with triggers — foreign keys and the
 * report-rollup invalidation — off for the loading session (`session_replication_role = replica`; every row
 * comes from a database where those held). Each table streams from SQLite row by row into
 * `COPY … FROM STDIN` (text format). Then identity sequences move past the loaded ids, `VACUUM ANALYZE`.
 * Stored rollup days are not copied (reports build them on first read, as on SQLite).
 *
 * The database's name is a digest of the SQLite file's name (sales count, shape, schema, generator
 * version); a comment on the database marks a finished load, so an interrupted one is dropped and redone.
 * When the SQLite file was upgraded in place from an earlier schema, the database loaded from it under its
 * former name is renamed and upgraded by the same migrations (`openPostgresDatabase`) instead of reloaded.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openPostgresDatabase } from '../../src/db/postgres/open.ts';
import { type PostgresCluster, startPostgresCluster } from '../../test/support/postgres-cluster.ts';
import { FULL_SHAPE, QUICK_SHAPE, type ScaleDatabase, scaleDatabase } from './scale-database.ts';

/** Tables the load leaves empty: the migration bookkeeping (already there) and rollups built on read. */
const NOT_COPIED = new Set(['schema_migrations', 'report_day_rollups', 'report_month_rollups']);
const LOADED_MARK = 'countertop bench: loaded';
/** Bytes of COPY text sent per write. */
const CHUNK_CHARS = 1 << 20;

export interface ScalePostgres {
  cluster: PostgresCluster;
  url: string;
  cached: boolean;
  loadMs: number;
  /** Settings the bench cluster runs with (for the setup line). */
  settings: string[];
}

/**
 * Memory for a 10M-sale history on a machine with a few GiB free; fsync off because the data is
 * regenerated, not kept safe (a crash mid-run loses the cluster, and the next run loads it again).
 */
const BENCH_SETTINGS = [
  'shared_buffers=2GB',
  'effective_cache_size=8GB',
  'work_mem=32MB',
  'maintenance_work_mem=1GB',
  'max_wal_size=16GB',
  'checkpoint_timeout=30min',
];

export async function scalePostgres(
  generated: ScaleDatabase,
  log: (line: string) => void = () => {},
): Promise<ScalePostgres> {
  const cluster = await startPostgresCluster({
    keepIn: join(tmpdir(), 'countertop-bench', 'postgres'),
    settings: BENCH_SETTINGS,
  });
  try {
    const databaseNameOf = (file: string) =>
      `bench_${createHash('sha256').update(basename(file)).digest('hex').slice(0, 16)}`;
    const name = databaseNameOf(generated.path);
    const url = withDatabase(cluster.adminUrl, name);
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    let upgradedFrom: string | null = null;
    try {
      const markOf = async (database: string) =>
        (
          await admin.query<{ mark: string | null }>(
            `SELECT shobj_description(oid, 'pg_database') AS mark FROM pg_database WHERE datname = $1`,
            [database],
          )
        ).rows[0]?.mark;
      const mark = await markOf(name);
      if (mark?.startsWith(LOADED_MARK)) {
        return { cluster, url, cached: true, loadMs: 0, settings: BENCH_SETTINGS };
      }
      if (mark !== undefined) {
        log(`dropping ${name}: an earlier load did not finish`);
        await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      }
      for (const former of [...(generated.meta.upgradedFrom ?? [])].reverse()) {
        const formerName = databaseNameOf(former);
        if ((await markOf(formerName))?.startsWith(LOADED_MARK)) {
          await admin.query(`ALTER DATABASE "${formerName}" RENAME TO "${name}"`);
          upgradedFrom = former;
          break;
        }
      }
      if (upgradedFrom === null) await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    if (upgradedFrom !== null) {
      // The rows are those of the upgraded SQLite file: only the migrations added since are applied.
      const started = performance.now();
      const upgraded = await openPostgresDatabase(url, { poolSize: 1 });
      await upgraded.database.close();
      log(`upgraded the load of ${upgradedFrom} in place in ${Math.round(performance.now() - started)} ms`);
      return { cluster, url, cached: true, loadMs: 0, settings: BENCH_SETTINGS };
    }
    const started = performance.now();
    const migrated = await openPostgresDatabase(url, { poolSize: 1 });
    await migrated.database.close();
    await load(url, generated.path, log);
    const loadMs = performance.now() - started;
    const marker = new pg.Client({ connectionString: cluster.adminUrl });
    await marker.connect();
    try {
      await marker.query(`COMMENT ON DATABASE "${name}" IS '${LOADED_MARK} in ${Math.round(loadMs)} ms'`);
    } finally {
      await marker.end();
    }
    return { cluster, url, cached: false, loadMs, settings: BENCH_SETTINGS };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

async function load(url: string, sqlitePath: string, log: (line: string) => void): Promise<void> {
  const source = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET session_replication_role = replica');
    const indexes = (
      await client.query<{ name: string; definition: string }>(
        `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
         WHERE i.schemaname = 'public'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      )
    ).rows;
    for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);

    const tables = (
      await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
      )
    ).rows.map((row) => row.table_name);
    for (const table of tables) {
      if (NOT_COPIED.has(table)) continue;
      const sqliteColumns = new Set(
        source
          .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
          .all()
          .map((row) => row.name),
      );
      if (sqliteColumns.size === 0) continue;
      const columns = (
        await client.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns
           WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
          [table],
        )
      ).rows
        .map((row) => row.column_name)
        .filter((column) => sqliteColumns.has(column));
      const tableStarted = performance.now();
      const copied = await copyTable(client, source, table, columns);
      if (copied > 0) {
        log(`COPY ${table}: ${copied} rows in ${Math.round(performance.now() - tableStarted)} ms`);
      }
    }

    const indexesStarted = performance.now();
    for (const index of indexes) await client.query(index.definition);
    log(`${indexes.length} indexes built in ${Math.round(performance.now() - indexesStarted)} ms`);
    const identities = (
      await client.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND is_identity = 'YES'`,
      )
    ).rows;
    for (const { table_name: table, column_name: column } of identities) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence('"${table}"', '${column}'), coalesce(max("${column}"), 0) + 1, false) FROM "${table}"`,
      );
    }
    const vacuumStarted = performance.now();
    await client.query('VACUUM ANALYZE');
    log(`VACUUM ANALYZE in ${Math.round(performance.now() - vacuumStarted)} ms`);
  } finally {
    await client.end();
    source.close();
  }
}

/** Streams one table from SQLite into COPY; returns the rows sent. */
async function copyTable(
  client: pg.Client,
  source: Database.Database,
  table: string,
  columns: string[],
): Promise<number> {
  const quoted = columns.map((column) => `"${column}"`).join(', ');
  const rows = source.prepare(`SELECT ${quoted} FROM "${table}"`).raw(true);
  const stream = client.query(copyFrom(`COPY "${table}" (${quoted}) FROM STDIN`));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let count = 0;
  let chunk = '';
  for (const row of rows.iterate() as Iterable<unknown[]>) {
    chunk += `${row.map(copyText).join('\t')}\n`;
    count += 1;
    if (chunk.length >= CHUNK_CHARS) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  if (chunk.length > 0) stream.write(chunk);
  stream.end();
  await finished;
  return count;
}

/** One value in COPY's text format: `\N` for null, backslash escapes for the separators. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  return String(value).replace(/[\\\t\n\r]/g, (character) =>
    character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r',
  );
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

// `tsx bench/lib/scale-postgres.ts [--quick]`: load the cached PostgreSQL copy ahead of a run.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const shape = process.argv.includes('--quick') ? QUICK_SHAPE : FULL_SHAPE;
  const loaded = await scalePostgres(
    scaleDatabase(shape, (line) => console.log(line)),
    (line) => console.log(line),
  );
  console.log(
    `${loaded.url}: ${loaded.cached ? 'cached' : `loaded in ${Math.round(loaded.loadMs / 1000)} s`}`,
  );
  await loaded.cluster.stop();
}
