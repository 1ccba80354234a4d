/**
 * The reports benchmark's database, cached: the history of `scale-history.ts` for a shape (N sales, M
 * merchants, L locations), generated once and reused.
 *
 * The file is cached under `os.tmpdir()/countertop-bench/` keyed by sale count, schema version and
 * GENERATOR_VERSION (bump it when the data shape changes), written to `*.partial` and renamed when done so
 * an interrupted run is never reused. A cached file of the same data on an earlier schema (its key the
 * digest of the first migrations as they are now: none edited since) is upgraded in place by the migrations
 * added since, as a deployed database would be, rather than generated again. Run directly to generate in
 * the background: `tsx bench/lib/scale-database.ts [--quick]`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadMigrations, migrate } from '../../src/db/sqlite/migrate.ts';
import { openDatabase } from '../../src/db/sqlite/open.ts';
import { GENERATOR_VERSION, generateHistory, HISTORY_DAYS, HISTORY_END_MS } from './scale-history.ts';

const DAY_MS = 86_400_000;

export interface ScaleShape {
  sales: number;
  merchants: number;
  locations: number;
}

export const FULL_SHAPE: ScaleShape = { sales: 10_000_000, merchants: 1_000, locations: 3_000 };
export const QUICK_SHAPE: ScaleShape = { sales: 1_000_000, merchants: 100, locations: 300 };

/** What the benchmark needs to know about a generated file. */
export interface ScaleMeta extends ScaleShape {
  /** The history covers [startMs, endMs). */
  startMs: number;
  endMs: number;
  generationMs: number;
  generatorVersion: number;
  schemaVersion: number;
  counts: Record<string, number>;
  /** File names this one had on earlier schemas, oldest first (upgraded in place by later migrations). */
  upgradedFrom?: string[];
}

export interface ScaleDatabase {
  path: string;
  meta: ScaleMeta;
  /** True when an existing file was reused. */
  cached: boolean;
}

/**
 * Schema version and a digest of the first `count` migrations' text (all by default): an edited migration
 * invalidates the cache too.
 */
function schemaKey(count = loadMigrations().length): string {
  const digest = createHash('sha256');
  for (const migration of loadMigrations().slice(0, count)) digest.update(migration.sql);
  return `s${count}-${digest.digest('hex').slice(0, 8)}`;
}

export function cachePathFor(shape: ScaleShape, key = schemaKey()): string {
  return join(
    tmpdir(),
    'countertop-bench',
    `reports-${shape.sales}-m${shape.merchants}-l${shape.locations}-${key}-g${GENERATOR_VERSION}.db`,
  );
}

/**
 * The newest cached file of the same data on an earlier schema, upgraded in place by the migrations added
 * since and renamed to `path`; null when there is none.
 */
function upgradeEarlier(shape: ScaleShape, path: string, log: (line: string) => void): ScaleMeta | null {
  const latest = loadMigrations().length;
  for (let count = latest - 1; count >= 1; count -= 1) {
    const earlier = cachePathFor(shape, schemaKey(count));
    if (!existsSync(earlier) || !existsSync(`${earlier}.json`)) continue;
    const started = performance.now();
    const db = openDatabase(earlier);
    const applied = migrate(db);
    db.close();
    const former = JSON.parse(readFileSync(`${earlier}.json`, 'utf8')) as ScaleMeta;
    const meta: ScaleMeta = {
      ...former,
      schemaVersion: latest,
      upgradedFrom: [...(former.upgradedFrom ?? []), basename(earlier)],
    };
    renameSync(earlier, path);
    writeFileSync(`${path}.json`, JSON.stringify(meta, null, 2));
    rmSync(`${earlier}.json`, { force: true });
    log(
      `upgraded ${basename(earlier)} in place (${applied.join(', ') || 'no migration pending'}) in ${Math.round(performance.now() - started)} ms`,
    );
    return meta;
  }
  return null;
}

/** The cached database of this shape, generating it first when missing or stale. */
export function scaleDatabase(shape: ScaleShape, log: (line: string) => void = () => {}): ScaleDatabase {
  const path = cachePathFor(shape);
  const metaPath = `${path}.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    return { path, meta: JSON.parse(readFileSync(metaPath, 'utf8')) as ScaleMeta, cached: true };
  }
  const upgraded = upgradeEarlier(shape, path, log);
  if (upgraded !== null) return { path, meta: upgraded, cached: true };
  mkdirSync(join(tmpdir(), 'countertop-bench'), { recursive: true });
  const partial = `${path}.partial`;
  for (const file of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(file, { force: true });
  const started = performance.now();
  const db = openDatabase(partial);
  const counts = generateHistory(db, shape, log);
  db.close();
  const meta: ScaleMeta = {
    ...shape,
    startMs: HISTORY_END_MS - HISTORY_DAYS * DAY_MS,
    endMs: HISTORY_END_MS,
    generationMs: performance.now() - started,
    generatorVersion: GENERATOR_VERSION,
    schemaVersion: loadMigrations().length,
    counts,
  };
  renameSync(partial, path);
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  return { path, meta, cached: false };
}

// `tsx bench/lib/scale-database.ts [--quick]`: generate the cached file ahead of a run.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const shape = process.argv.includes('--quick') ? QUICK_SHAPE : FULL_SHAPE;
  const result = scaleDatabase(shape, (line) => console.log(line));
  console.log(JSON.stringify({ path: result.path, cached: result.cached, meta: result.meta }, null, 2));
}
