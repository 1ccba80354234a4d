/**
 * Kysely on better-sqlite3, with two changes from Kysely's own SqliteDialect:
 *
 * - Statements are prepared once per distinct SQL text and reused (Kysely's driver prepares on every
 *   query; preparing costs more than running the small statements a checkout makes).
 * - Using the database's root connection while a transaction is open fails at once. SQLite has a single
 *   connection, held by the open transaction until it ends, so such a query would wait forever for it:
 *   a deadlock. Inside `database.transaction(work)`, work must use the transaction's repositories.
 */
import type { Database as SqliteHandle, Statement } from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { isInsideTransaction } from '../transaction-scope.ts';

/** Distinct statements kept prepared; beyond this the oldest is dropped (IN lists vary in length). */
const STATEMENT_CACHE_SIZE = 1_000;

export class CachedSqliteDialect implements Dialect {
  constructor(private readonly handle: SqliteHandle) {}
  createDriver(): Driver {
    return new CachedSqliteDriver(this.handle);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}

class CachedSqliteDriver implements Driver {
  readonly #connection: CachedSqliteConnection;
  readonly #mutex = new ConnectionMutex();

  constructor(private readonly handle: SqliteHandle) {
    this.#connection = new CachedSqliteConnection(handle);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (isInsideTransaction()) {
      throw new Error(
        'A query used the root database connection inside a transaction; use the repositories the transaction provides.',
      );
    }
    await this.#mutex.lock();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.handle.close();
  }
}

class CachedSqliteConnection implements DatabaseConnection {
  readonly #statements = new Map<string, Statement>();

  constructor(private readonly handle: SqliteHandle) {}

  #prepare(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.handle.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.#prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as R[] });
    const { changes, lastInsertRowid } = statement.run(parameters);
    return Promise.resolve({
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    });
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.#prepare(compiledQuery.sql);
    for (const row of statement.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/** One holder at a time, in arrival order. */
class ConnectionMutex {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | null = null;

  async lock(): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
  }

  unlock(): void {
    const release = this.#release;
    this.#release = null;
    release?.();
  }
}
