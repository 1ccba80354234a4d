// SQLite-backed object store (better-sqlite3): one generic table of Stripe objects keyed by id and owning
// account, plus a key/value table, idempotency records and webhook deliveries. Objects are stored as the
// JSON Stripe would return; lists are newest first by insertion sequence. Does NOT index JSON fields: filters
// run in JS over one account's objects of one type (fine at emulator scale).
import Database from 'better-sqlite3';

export interface StripeObjectLike {
  id: string;
  object: string;
}

interface ObjectRow {
  id: string;
  account: string;
  type: string;
  json: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS objects (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  account TEXT NOT NULL,
  type TEXT NOT NULL,
  created INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS objects_account_type ON objects (account, type, seq);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (
  account TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, key TEXT NOT NULL,
  params TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, request_id TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (account, method, path, key)
);
CREATE TABLE IF NOT EXISTS deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL, endpoint_id TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  next_attempt_ms INTEGER NOT NULL,
  log TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS deliveries_status ON deliveries (status, id);
CREATE INDEX IF NOT EXISTS idempotency_created ON idempotency (created_ms);
`;

export class Store {
  readonly db: Database.Database;

  constructor(path = ':memory:') {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
  }

  /** Runs `fn` in one SQLite transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  insert<T extends StripeObjectLike>(account: string, obj: T): T {
    const created = (obj as { created?: unknown }).created;
    this.db
      .prepare('INSERT INTO objects (id, account, type, created, json) VALUES (?, ?, ?, ?, ?)')
      .run(obj.id, account, obj.object, typeof created === 'number' ? created : 0, JSON.stringify(obj));
    return obj;
  }

  /** Replaces an existing object's JSON (the owning account never changes). */
  update<T extends StripeObjectLike>(obj: T): T {
    const res = this.db.prepare('UPDATE objects SET json = ? WHERE id = ?').run(JSON.stringify(obj), obj.id);
    if (res.changes !== 1) throw new Error(`emulator store: update of unknown object ${obj.id}`);
    return obj;
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM objects WHERE id = ?').run(id);
  }

  /** The object with this id if it exists, is of `type` and (when given) belongs to `account`. */
  find<T extends StripeObjectLike>(type: string, id: string, account?: string): T | undefined {
    const row = this.db.prepare('SELECT id, account, type, json FROM objects WHERE id = ?').get(id) as
      | ObjectRow
      | undefined;
    if (!row || row.type !== type || (account !== undefined && row.account !== account)) return undefined;
    return JSON.parse(row.json) as T;
  }

  /** Any object by id regardless of type/account (used for `expand`). */
  findById(id: string): { account: string; object: StripeObjectLike } | undefined {
    const row = this.db.prepare('SELECT id, account, type, json FROM objects WHERE id = ?').get(id) as
      | ObjectRow
      | undefined;
    return row ? { account: row.account, object: JSON.parse(row.json) as StripeObjectLike } : undefined;
  }

  accountOf(id: string): string | undefined {
    const row = this.db.prepare('SELECT account FROM objects WHERE id = ?').get(id) as
      | { account: string }
      | undefined;
    return row?.account;
  }

  /** All objects of a type for an account (or every account when `account` is null), newest first. */
  all<T extends StripeObjectLike>(type: string, account: string | null): T[] {
    const rows = (
      account === null
        ? this.db.prepare('SELECT json FROM objects WHERE type = ? ORDER BY seq DESC').all(type)
        : this.db
            .prepare('SELECT json FROM objects WHERE account = ? AND type = ? ORDER BY seq DESC')
            .all(account, type)
    ) as { json: string }[];
    return rows.map((r) => JSON.parse(r.json) as T);
  }

  /** Every distinct account that owns objects of this type. */
  accountsWith(type: string): string[] {
    const rows = this.db.prepare('SELECT DISTINCT account FROM objects WHERE type = ?').all(type) as {
      account: string;
    }[];
    return rows.map((r) => r.account);
  }

  counts(): Record<string, number> {
    const rows = this.db.prepare('SELECT type, COUNT(*) AS n FROM objects GROUP BY type').all() as {
      type: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.type, r.n]));
  }

  getKv(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM kv WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return row?.value;
  }

  setKv(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  wipe(): void {
    this.db.exec('DELETE FROM objects; DELETE FROM kv; DELETE FROM idempotency; DELETE FROM deliveries;');
  }

  close(): void {
    this.db.close();
  }
}
