/**
 * Online backup of the SQLite database, safe while the server runs: SQLite's backup API (better-sqlite3's
 * `db.backup()`) copies a consistent snapshot page by page, letting the server keep writing meanwhile.
 *   pnpm --filter @countertop/server backup --to /backups/countertop-2026-11-26.db
 * Uses DATABASE_PATH; refuses to overwrite an existing file. Restore by stopping the server and copying
 * the backup over the database file (remove its -wal/-shm files first).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/sqlite/open.ts';
import { loadEnvOrExit } from '../env.ts';

const USAGE = 'Usage: backup --to FILE';

/** Runs the command; returns the exit code. Exported for tests. */
export async function runBackup(
  args: string[],
  options: { databasePath: string; print: (line: string) => void },
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
  if (!existsSync(options.databasePath)) {
    options.print(`No database at ${options.databasePath}`);
    return 1;
  }
  const db = openDatabase(options.databasePath);
  try {
    const { totalPages } = await db.backup(target);
    options.print(`Backed up ${options.databasePath} to ${target} (${totalPages} pages)`);
    return 0;
  } catch (error) {
    options.print(`Backup failed: ${String(error)}`);
    return 1;
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = loadEnvOrExit();
  process.exitCode = await runBackup(process.argv.slice(2), {
    databasePath: env.databasePath,
    print: (line) => console.log(line),
  });
}
