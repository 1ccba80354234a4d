/**
 * Applies `migrations/sqlite/NNNN_name.sql` in numeric order. `PRAGMA user_version` records the last applied
 * number; each file runs in its own transaction together with the version bump, so a failing file
 * leaves the database at the previous version. Files are append-only: never edit an applied one.
 */
import { fileURLToPath } from 'node:url';
import { loadMigrations as loadMigrationFiles, type Migration } from '../migrations.ts';
import type { Db } from './open.ts';

export type { Migration };

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/sqlite/', import.meta.url));

/** The SQLite migrations (or those of `dir`), in order. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return loadMigrationFiles(dir);
}

export function currentVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/** Applies every pending migration; returns the names applied (empty when up to date). */
export function migrate(db: Db, dir: string = MIGRATIONS_DIR): string[] {
  const migrations = loadMigrations(dir);
  const from = currentVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new Error(`Database is at schema version ${from}, newer than this build's ${latest}`);
  }
  const applied: string[] = [];
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.name);
  }
  return applied;
}
