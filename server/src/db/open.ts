/**
 * Opens the configured database: PostgreSQL when DATABASE_URL is set, else the SQLite file at
 * DATABASE_PATH. Both apply pending migrations first. The SQLite handle is returned too, for the online
 * backup tool; nothing else outside `db/` sees a driver.
 */
import type { Database } from './database.ts';
import { openPostgresDatabase } from './postgres/open.ts';
import { openSqliteDatabase } from './sqlite/open.ts';

export type DatabaseLocation = { url: string } | { path: string };

export interface OpenedDatabase {
  database: Database;
  migrationsApplied: string[];
  /** Where it is, for people (the URL without its password). */
  description: string;
}

/** `postgres://user:***@host:port/db`: a URL fit for logs. */
export function redactDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export async function openConfiguredDatabase(location: DatabaseLocation): Promise<OpenedDatabase> {
  if ('url' in location) {
    const { database, migrationsApplied } = await openPostgresDatabase(location.url);
    return { database, migrationsApplied, description: `PostgreSQL at ${redactDatabaseUrl(location.url)}` };
  }
  const { database, migrationsApplied } = openSqliteDatabase(location.path);
  return { database, migrationsApplied, description: `SQLite file ${location.path}` };
}
