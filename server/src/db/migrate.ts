/**
 * Applies `migrations/NNNN_name.sql` in numeric order. `PRAGMA user_version` records the last applied
 * number; each file runs in its own transaction together with the version bump, so a failing file
 * leaves the database at the previous version. Files are append-only: never edit an applied one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './open.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Reads and orders the migration files; throws on duplicate or malformed numbering. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => {
      const match = MIGRATION_FILE.exec(name);
      if (!match?.[1]) throw new Error(`Migration file name must look like 0001_name.sql: ${name}`);
      return { version: Number(match[1]), name, sql: readFileSync(join(dir, name), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 0001, 0002, … without gaps; found ${migration.name}`);
    }
  });
  return migrations;
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
