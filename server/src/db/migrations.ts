/**
 * Numbered, append-only migration files, one folder per backend (`migrations/sqlite/`,
 * `migrations/postgres/`) with the same numbers and names: `NNNN_name.sql` changes both schemas the same
 * way, each in its own dialect. Never edit an applied file; add the next number to both folders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Reads and orders the migration files; throws on duplicate or malformed numbering. */
export function loadMigrations(dir: string | URL): Migration[] {
  const path = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const migrations = readdirSync(path)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => {
      const match = MIGRATION_FILE.exec(name);
      if (!match?.[1]) throw new Error(`Migration file name must look like 0001_name.sql: ${name}`);
      return { version: Number(match[1]), name, sql: readFileSync(join(path, name), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 0001, 0002, … without gaps; found ${migration.name}`);
    }
  });
  return migrations;
}
