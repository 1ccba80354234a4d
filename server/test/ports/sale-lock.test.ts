// The SaleLock contract against each implementation: in-process, and the database lease on both backends.
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { openPostgresDatabase } from '../../src/db/postgres/open.ts';
import { createDatabaseSaleLock } from '../../src/locks/database-sale-lock.ts';
import { createInProcessSaleLock } from '../../src/locks/sale-lock.ts';
import { createPostgresDatabase, openTestDatabase, TEST_BACKENDS } from '../support/databases.ts';
import { describeSaleLockContract } from './sale-lock.contract.ts';

const toClose: Database[] = [];
afterAll(async () => {
  for (const database of toClose) await database.close();
});

describeSaleLockContract('in-process', () => ({
  makeLocks: async (count) => Array.from({ length: count }, () => createInProcessSaleLock()),
  sharedAcrossInstances: false,
}));

for (const backend of TEST_BACKENDS) {
  describeSaleLockContract(`database lease (${backend})`, () => ({
    async makeLocks(count) {
      if (backend === 'sqlite') {
        // One SQLite file is one process here: the locks share its database.
        const { database } = await openTestDatabase('sqlite');
        toClose.push(database);
        return Array.from({ length: count }, () => createDatabaseSaleLock(database));
      }
      // PostgreSQL: each lock has its own connection pool, as separate server processes would.
      const url = await createPostgresDatabase();
      const locks = [];
      for (let i = 0; i < count; i += 1) {
        const { database } = await openPostgresDatabase(url, { poolSize: 2 });
        toClose.push(database);
        locks.push(createDatabaseSaleLock(database));
      }
      return locks;
    },
    sharedAcrossInstances: true,
  }));
}

describe('database lease: a crashed holder', () => {
  it('blocks the sale only until its lease expires', async () => {
    const { database, close } = await openTestDatabase('sqlite');
    try {
      let now = 1_000_000;
      // A holder that "crashed": its lease row stays, nobody renews or releases it.
      expect(await database.repos.saleLocks.tryAcquire('sale_x', 'dead-process:1', now, now + 30_000)).toBe(
        true,
      );
      const lock = createDatabaseSaleLock(database, { leaseMs: 30_000, maxWaitMs: 100, nowMs: () => now });
      await expect(lock.withLock('sale_x', async () => 'too early')).rejects.toThrow(
        /Another register or server/,
      );
      now += 30_000;
      await expect(lock.withLock('sale_x', async () => 'taken over')).resolves.toBe('taken over');
    } finally {
      await close();
    }
  });
});
