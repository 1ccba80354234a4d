/**
 * The sale lock held in the database, for server processes that share one database: a lease row per
 * sale (repositories/sale-locks.repo.ts). Within this process, callers queue in memory first (no database
 * round trip to wait on a neighbour); the one at the head takes the lease, renews it every third of its
 * length while it works, and deletes it when done. A process that dies mid-step leaves its lease to
 * expire, after which another process may take the sale. No database transaction is held while the
 * lease is: the lease is what spans the step's Stripe calls.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { createInProcessSaleLock, type SaleLock } from './sale-lock.ts';

export interface DatabaseSaleLockOptions {
  /** How long a lease lasts unless renewed (default 30 s): the longest a crashed holder blocks a sale. */
  leaseMs?: number;
  /** How long a step waits for another process's lease before giving up (default 60 s). */
  maxWaitMs?: number;
  /** Wall clock for leases (processes compare expiry times, so this is real time, not a test clock). */
  nowMs?: () => number;
}

const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createDatabaseSaleLock(database: Database, options: DatabaseSaleLockOptions = {}): SaleLock {
  const leaseMs = options.leaseMs ?? 30_000;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const nowMs = options.nowMs ?? Date.now;
  const processId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const inProcess = createInProcessSaleLock();
  const locks = database.repos.saleLocks;
  let acquisitions = 0;

  async function acquire(saleId: string, holder: string): Promise<void> {
    const giveUpAt = performance.now() + maxWaitMs;
    let pollMs = FIRST_POLL_MS;
    for (;;) {
      const now = nowMs();
      if (await locks.tryAcquire(saleId, holder, now, now + leaseMs)) return;
      if (performance.now() >= giveUpAt) {
        throw new AppError(
          'conflict',
          'Another register or server is still working on this sale. Check the sale again in a moment.',
        );
      }
      await sleep(pollMs);
      pollMs = Math.min(MAX_POLL_MS, pollMs * 2);
    }
  }

  return {
    withLock(saleId, work) {
      return inProcess.withLock(saleId, async () => {
        acquisitions += 1;
        const holder = `${processId}:${acquisitions}`;
        await acquire(saleId, holder);
        const renewal = setInterval(() => {
          void locks.renew(saleId, holder, nowMs() + leaseMs).catch(() => undefined);
        }, leaseMs / 3);
        renewal.unref();
        try {
          return await work();
        } finally {
          clearInterval(renewal);
          await locks.release(saleId, holder).catch(() => undefined);
        }
      });
    },
  };
}
