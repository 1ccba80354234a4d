/**
 * Online backup of the database, safe while the servers run; refuses to overwrite an existing file.
 *   pnpm --filter @countertop/server backup --to /backups/countertop-2026-11-26.db
 * - SQLite (DATABASE_PATH): SQLite's backup API (better-sqlite3's `db.backup()`) copies a consistent
 *   snapshot page by page, letting the server keep writing meanwhile. Restore by stopping the server and
 *   copying the backup over the database file (remove its -wal/-shm files first).
 * - PostgreSQL (DATABASE_URL): `pg_dump --format=custom` (a consistent snapshot in one transaction).
 *   Restore into an empty database with `pg_restore --dbname <url> FILE`. PostgreSQL's own tools (and
 *   continuous archiving, for point-in-time recovery) are the way to back up a busy platform.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DatabaseLocation } from '../db/open.ts';
import { openDatabase } from '../db/sqlite/open.ts';
import { loadEnvOrExit } from '../env.ts';

const USAGE = 'Usage: backup --to FILE';

/** Runs the command; returns the exit code. Exported for tests. */
export async function runBackup(
  args: string[],
  options: { database: DatabaseLocation; print: (line: string) => void },
): Promise<number> {
  let to: string | undefined;
  try {
    to = parseArgs({ args, options: { to: { type: 'string' } }, strict: true }).values.to;
  } catch {
    options.print(USAGE);
    return 2;
  }
  if (!to) {
    options.print(USAGE);
    return 2;
  }
  const target = resolve(to);
  if (existsSync(target)) {
    options.print(`Refusing to overwrite ${target}`);
    return 2;
  }
  if ('url' in options.database) return dumpPostgres(options.database.url, target, options.print);
  const databasePath = options.database.path;
  if (!existsSync(databasePath)) {
    options.print(`No database at ${databasePath}`);
    return 1;
  }
  const db = openDatabase(databasePath);
  try {
    const { totalPages } = await db.backup(target);
    options.print(`Backed up ${databasePath} to ${target} (${totalPages} pages)`);
    return 0;
  } catch (error) {
    options.print(`Backup failed: ${String(error)}`);
    return 1;
  } finally {
    db.close();
  }
}

/** PostgreSQL: pg_dump's custom format (compressed; pg_restore restores it, whole or in part). */
function dumpPostgres(url: string, target: string, print: (line: string) => void): number {
  const result = spawnSync('pg_dump', ['--format=custom', '--file', target, '--dbname', url], {
    encoding: 'utf8',
  });
  if (result.error && 'code' in result.error && result.error.code === 'ENOENT') {
    print(
      'pg_dump was not found: install PostgreSQL\'s client tools (Debian/Ubuntu: apt-get install postgresql-client), or run: pg_dump --format=custom --file FILE --dbname "$DATABASE_URL"',
    );
    return 1;
  }
  if (result.status !== 0) {
    print(`Backup failed: ${result.stderr.trim() || `pg_dump exited with ${result.status}`}`);
    return 1;
  }
  print(`Backed up the PostgreSQL database to ${target} (pg_dump custom format; restore with pg_restore)`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = loadEnvOrExit();
  process.exitCode = await runBackup(process.argv.slice(2), {
    database: env.databaseUrl ? { url: env.databaseUrl } : { path: env.databasePath },
    print: (line) => console.log(line),
  });
}
