/**
 * The Database port: what services and jobs see of storage. Repositories answer one statement at a time
 * (each its own implicit transaction); `transaction(work)` runs several as one unit of work, handing
 * `work` repositories bound to that transaction. Work inside a transaction touches only the database:
 * never a Stripe call or another wait on the outside world, so a transaction is short and holds no lock
 * while Stripe answers.
 *
 * One implementation serves both backends: repositories are written once with the Kysely query builder
 * (`repositories/`), over SQLite (`sqlite/`) or PostgreSQL (`postgres/`).
 */
import type { Kysely } from 'kysely';
import { createRepositories, type Repositories, type RepositoryContext } from './repositories/index.ts';
import type { DatabaseSchema } from './schema.ts';
import { isInsideTransaction, openTransaction } from './transaction-scope.ts';

export type DatabaseDialect = 'sqlite' | 'postgres';

export interface Database {
  readonly dialect: DatabaseDialect;
  /** Repositories outside any transaction. */
  readonly repos: Repositories;
  /** Runs `work` in one transaction: all of it is committed, or none of it (when `work` throws). */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** True when a trivial query answers. */
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** A Database over a Kysely instance of either dialect. */
export function createKyselyDatabase(
  kysely: Kysely<DatabaseSchema>,
  dialect: DatabaseDialect,
  close: () => Promise<void>,
): Database {
  const context: RepositoryContext = { dialect, saleLines: new Map() };
  const repos = createRepositories(kysely, context);
  return {
    dialect,
    repos,
    async transaction(work) {
      if (isInsideTransaction()) {
        throw new Error(
          'A transaction was started inside another; pass the outer transaction along instead.',
        );
      }
      const marker = { open: true };
      try {
        return await kysely
          .transaction()
          .execute((trx) => openTransaction.run(marker, () => work(createRepositories(trx, context))));
      } finally {
        marker.open = false;
      }
    },
    async isHealthy() {
      try {
        await kysely.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
        return true;
      } catch {
        return false;
      }
    },
    close,
  };
}
