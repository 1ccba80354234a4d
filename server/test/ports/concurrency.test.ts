/**
 * The read-then-write checks, run concurrently from two server processes' worth of connections: on
 * PostgreSQL two Database instances (two connection pools) on one database; on SQLite the one Database a
 * file has (its single connection runs one transaction at a time), for parity. Each check must come out
 * the same on both: exactly one of two racing refunds that do not both fit, one sale under a daily limit
 * that fits one, one sale per (register, clientSaleId), one claim per webhook event (sign-in attempts:
 * security/sign-in-limits.test.ts).
 *
 * On PostgreSQL the transactions are made to overlap on purpose: both are open before either checks
 * (a barrier), and the first one through waits, between its read and its write, until the other is seen
 * blocked on a lock (pg_stat_activity): the worst interleaving, every time. A control run without the lock
 * shows that this harness does produce the race when nothing prevents it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import type { Repositories } from '../../src/db/repositories/index.ts';
import type { JournalRefund } from '../../src/db/repositories/refunds.repo.ts';
import type { NewSale, SaleRecord } from '../../src/db/repositories/sales.repo.ts';
import { AppError, conflict, invalidRequest, notFound } from '../../src/errors.ts';
import { createManualClock } from '../../src/runtime.ts';
import { enforceRiskLimits } from '../../src/services/risk-limits.ts';
import { TEST_BACKENDS } from '../support/databases.ts';
import { buildAccount, buildLocation, buildRegister } from '../support/factories.ts';
import { type BackendDatabase, openBackendDatabase } from './backend-databases.ts';

/** Resolves for everyone once `parties` have arrived (1: never waits). */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived >= parties) open();
    await opened;
  };
}

function outcomes<T>(settled: PromiseSettledResult<T>[]) {
  return {
    fulfilled: settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
    rejected: settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : [])),
  };
}

const REFUNDABLE_STATUSES = new Set(['succeeded', 'partially_refunded']);

/** refunds.service.ts's `countedRefunds`. */
async function countedRefunds(repos: Repositories, saleId: string): Promise<JournalRefund[]> {
  return (await repos.refunds.refundsOfSales([saleId])).filter(
    (refund) => refund.status === 'pending' || refund.status === 'succeeded',
  );
}

for (const backend of TEST_BACKENDS) {
  const overlapping = backend === 'postgres';
  describe(`concurrency (${backend}: ${overlapping ? 'two connection pools on one database' : 'one database'})`, () => {
    let opened: BackendDatabase;
    let a: Database;
    let b: Database;
    const clock = createManualClock();
    let sequence = 0;
    const nextId = (prefix: string) => {
      sequence += 1;
      return `${prefix}_${sequence}`;
    };

    beforeEach(async () => {
      opened = await openBackendDatabase(backend);
      a = opened.database;
      b = await opened.openPeer();
      // Two processes on PostgreSQL; one Database on SQLite.
      expect(a === b).toBe(!overlapping);
    });
    afterEach(async () => {
      await opened.close();
    });

    /** The first caller waits until another connection is blocked on a lock (PostgreSQL); others go on. */
    function firstThroughWaitsForBlockedOther(): () => Promise<void> {
      let used = false;
      return async () => {
        if (used || !opened.waitForLockWaiter) return;
        used = true;
        await opened.waitForLockWaiter();
      };
    }

    async function counter(limits: { maxDailyMinor: number | null } = { maxDailyMinor: null }) {
      const ctx = { repos: a.repos, clock };
      const account = await buildAccount(ctx);
      const location = await buildLocation(ctx, account, { timeZone: 'America/Los_Angeles' });
      const register = await buildRegister(ctx, location);
      const staff = await a.repos.staff.insert(
        {
          id: nextId('stf'),
          accountId: account.id,
          displayName: 'Cashier',
          role: 'manager',
          pinHash: 'hash',
          pinSalt: 'salt',
          locationIds: [location.id],
        },
        clock.nowMs(),
      );
      const product = await a.repos.products.insert(
        { id: nextId('prd'), accountId: account.id, name: 'Item', priceMinor: 1_000, category: null },
        clock.nowMs(),
      );
      if (limits.maxDailyMinor !== null) {
        await a.repos.console.setRiskLimits(
          account.id,
          { maxSaleMinor: null, maxDailyMinor: limits.maxDailyMinor },
          1,
        );
      }
      const newSale = (overrides: Partial<NewSale> = {}): NewSale => {
        const id = overrides.id ?? nextId('sale');
        return {
          id,
          accountId: account.id,
          locationId: location.id,
          registerId: register.id,
          staffId: staff.id,
          clientSaleId: `client-${id}`,
          status: 'open',
          currency: account.currency,
          description: null,
          captureMethod: 'manual',
          subtotalMinor: 1_000,
          taxMinor: 0,
          tipMinor: 0,
          totalMinor: 1_000,
          applicationFeeMinor: 25,
          createdAtMs: clock.nowMs(),
          lines: [
            {
              position: 0,
              productId: product.id,
              description: 'Item',
              quantity: 1,
              unitPriceMinor: 1_000,
              amountMinor: 1_000,
            },
          ],
          ...overrides,
        };
      };
      return { account, location, register, staff, newSale };
    }

    async function paidSale(totalMinor: number): Promise<SaleRecord> {
      const { newSale } = await counter();
      const sale = await a.repos.sales.insert(newSale({ totalMinor, subtotalMinor: totalMinor }));
      if (!sale) throw new Error('fixture sale not inserted');
      return a.repos.sales.update(
        sale.id,
        { status: 'succeeded', paymentIntentId: `pi_${sale.id}`, chargeId: `ch_${sale.id}`, capturedAtMs: 1 },
        clock.nowMs(),
      );
    }

    // 1. Refund totals ----------------------------------------------------------------------------------

    /**
     * refunds.service.ts `refundSale`'s transaction, call for call: lock the sale, read it, Σ its counted
     * refunds, refuse what does not fit, journal the refund. `lock: false` is the control (no lock).
     */
    function refundTransaction(
      database: Database,
      saleId: string,
      amountMinor: number,
      hooks: { afterBegin: () => Promise<void>; beforeWrite: () => Promise<void>; lock?: boolean },
    ): Promise<string> {
      const refundId = nextId('rfd');
      return database.transaction(async (tx) => {
        await hooks.afterBegin();
        if (hooks.lock !== false) await tx.sales.lockForUpdate(saleId);
        const sale = await tx.sales.findById(saleId);
        if (!sale) throw notFound('sale_not_found', 'No such sale.');
        if (!REFUNDABLE_STATUSES.has(sale.status) || sale.paymentIntentId === null) {
          throw conflict('conflict', 'Only a paid sale can be refunded.');
        }
        const left =
          sale.totalMinor -
          (await countedRefunds(tx, saleId)).reduce((sum, refund) => sum + refund.amountMinor, 0);
        if (left <= 0) throw conflict('conflict', 'This sale has already been refunded in full.');
        if (amountMinor > left) {
          throw invalidRequest(`At most ${left} (minor units) is left to refund on this sale.`);
        }
        await hooks.beforeWrite();
        await tx.refunds.insertRefund(
          {
            id: refundId,
            saleId,
            refundKey: `key-${refundId}`,
            stripeIdempotencyKey: `acct-refund_${refundId}`,
            amountMinor,
            reason: 'requested_by_customer',
            requestedByStaffId: null,
            requestedByUserId: null,
            requestedByLabel: 'Manager',
          },
          clock.nowMs(),
        );
        return refundId;
      });
    }

    async function expectOneRefundOf600(saleId: string, settled: PromiseSettledResult<string>[]) {
      const { fulfilled, rejected } = outcomes(settled);
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toBeInstanceOf(AppError);
      expect(rejected[0] instanceof AppError && rejected[0].message).toBe(
        'At most 400 (minor units) is left to refund on this sale.',
      );
      expect(await a.repos.refunds.refundedTotals([saleId])).toStrictEqual(new Map([[saleId, 600]]));
      expect((await b.repos.refunds.refundsOfSales([saleId])).map((refund) => refund.id)).toStrictEqual(
        fulfilled,
      );
    }

    it('refunds: of two concurrent refunds of 600 on a sale of 1000, exactly one is journaled (worst interleaving)', async () => {
      const sale = await paidSale(1_000);
      const bothOpen = barrier(overlapping ? 2 : 1);
      const hold = firstThroughWaitsForBlockedOther();
      const settled = await Promise.allSettled([
        refundTransaction(a, sale.id, 600, { afterBegin: bothOpen, beforeWrite: hold }),
        refundTransaction(b, sale.id, 600, { afterBegin: bothOpen, beforeWrite: hold }),
      ]);
      await expectOneRefundOf600(sale.id, settled);
    });

    it('refunds: free-running rounds give one refund each time', async () => {
      for (let round = 0; round < 5; round += 1) {
        const sale = await paidSale(1_000);
        const bothOpen = barrier(overlapping ? 2 : 1);
        const go = async () => {};
        const settled = await Promise.allSettled([
          refundTransaction(a, sale.id, 600, { afterBegin: bothOpen, beforeWrite: go }),
          refundTransaction(b, sale.id, 600, { afterBegin: bothOpen, beforeWrite: go }),
        ]);
        await expectOneRefundOf600(sale.id, settled);
      }
    });

    it('refunds, control: without lockForUpdate both read before either writes, and both refunds go through on PostgreSQL', async () => {
      const sale = await paidSale(1_000);
      const bothOpen = barrier(overlapping ? 2 : 1);
      const bothRead = barrier(overlapping ? 2 : 1);
      const settled = await Promise.allSettled([
        refundTransaction(a, sale.id, 600, { afterBegin: bothOpen, beforeWrite: bothRead, lock: false }),
        refundTransaction(b, sale.id, 600, { afterBegin: bothOpen, beforeWrite: bothRead, lock: false }),
      ]);
      // The race the lock prevents (SQLite's single connection serializes the two transactions anyway).
      expect(outcomes(settled).fulfilled).toHaveLength(overlapping ? 2 : 1);
      expect((await a.repos.refunds.refundedTotals([sale.id])).get(sale.id)).toBe(overlapping ? 1_200 : 600);
    });

    // 2. Daily risk limit -------------------------------------------------------------------------------

    /** Repositories whose `console.salesTotalOfAccount` runs `after` once it has read the total. */
    function afterDailyTotal(tx: Repositories, after: () => Promise<void>): Repositories {
      return new Proxy(tx, {
        get(target, name, receiver) {
          const repo: unknown = Reflect.get(target, name, receiver);
          if (name !== 'console' || typeof repo !== 'object' || repo === null) return repo;
          return new Proxy(repo, {
            get(inner, method, innerReceiver) {
              const value: unknown = Reflect.get(inner, method, innerReceiver);
              if (method !== 'salesTotalOfAccount' || typeof value !== 'function') return value;
              return async (...args: unknown[]) => {
                const total: unknown = await value.apply(inner, args);
                await after();
                return total;
              };
            },
          });
        },
      });
    }

    /** new-sale.ts's recording transaction: the risk limits, then the sale. */
    function recordSale(
      database: Database,
      fixture: Awaited<ReturnType<typeof counter>>,
      sale: NewSale,
      hooks: { afterBegin: () => Promise<void>; afterTotal: () => Promise<void> },
    ): Promise<SaleRecord | null> {
      return database.transaction(async (tx) => {
        await hooks.afterBegin();
        await enforceRiskLimits(afterDailyTotal(tx, hooks.afterTotal), {
          accountId: fixture.account.id,
          businessName: fixture.account.businessName,
          currency: fixture.account.currency,
          locationId: fixture.location.id,
          timeZone: fixture.location.timeZone,
          totalMinor: sale.totalMinor,
          nowMs: clock.nowMs(),
        });
        return tx.sales.insert(sale);
      });
    }

    async function expectOneSaleUnderLimit(
      fixture: Awaited<ReturnType<typeof counter>>,
      settled: PromiseSettledResult<SaleRecord | null>[],
    ) {
      const { fulfilled, rejected } = outcomes(settled);
      expect(fulfilled).toHaveLength(1);
      expect(fulfilled[0]).not.toBeNull();
      expect(rejected).toHaveLength(1);
      expect(rejected[0] instanceof AppError && rejected[0].code).toBe('risk_limit_exceeded');
      const day = { from: clock.nowMs() - 86_400_000, to: clock.nowMs() + 86_400_000 };
      expect(await a.repos.console.salesTotalOfAccount(fixture.account.id, day.from, day.to)).toBe(1_000);
      expect(await b.repos.sales.listByRegisterSince(fixture.register.id, 0)).toHaveLength(1);
    }

    it('daily risk limit: of two concurrent sales of 1000 under a limit of 1500, exactly one is recorded (worst interleaving)', async () => {
      const fixture = await counter({ maxDailyMinor: 1_500 });
      const bothOpen = barrier(overlapping ? 2 : 1);
      const hold = firstThroughWaitsForBlockedOther();
      // A status that counts toward the day (see the report: checkout records sales as `open`, which does not).
      const sale = () => fixture.newSale({ status: 'awaiting_payment' });
      const settled = await Promise.allSettled([
        recordSale(a, fixture, sale(), { afterBegin: bothOpen, afterTotal: hold }),
        recordSale(b, fixture, sale(), { afterBegin: bothOpen, afterTotal: hold }),
      ]);
      await expectOneSaleUnderLimit(fixture, settled);
    });

    it('daily risk limit: free-running rounds record one sale each time', async () => {
      for (let round = 0; round < 5; round += 1) {
        const fixture = await counter({ maxDailyMinor: 1_500 });
        const bothOpen = barrier(overlapping ? 2 : 1);
        const go = async () => {};
        const sale = () => fixture.newSale({ status: 'awaiting_payment' });
        const settled = await Promise.allSettled([
          recordSale(a, fixture, sale(), { afterBegin: bothOpen, afterTotal: go }),
          recordSale(b, fixture, sale(), { afterBegin: bothOpen, afterTotal: go }),
        ]);
        await expectOneSaleUnderLimit(fixture, settled);
      }
    });

    // 3. Sign-in throttles: security/sign-in-limits.test.ts sends 50 parallel PINs, console passwords and
    // pairing codes split across two connection pools on both backends (the limiter's buckets).

    // 4. clientSaleId replays ---------------------------------------------------------------------------

    async function expectOneSale(
      fixture: Awaited<ReturnType<typeof counter>>,
      clientSaleId: string,
      results: (SaleRecord | null)[],
      ids: string[],
    ) {
      const stored = results.filter((result): result is SaleRecord => result !== null);
      expect(stored).toHaveLength(1);
      expect(results.filter((result) => result === null)).toHaveLength(1);
      const winner = stored[0];
      expect((await a.repos.sales.findByClientSaleId(fixture.register.id, clientSaleId))?.id).toBe(
        winner?.id,
      );
      const loser = ids.find((id) => id !== winner?.id) ?? '';
      expect(await b.repos.sales.findById(loser)).toBeUndefined();
      expect(await b.repos.reports.findSale(loser)).toBeUndefined();
      expect((await a.repos.reports.findSale(winner?.id ?? ''))?.lines).toHaveLength(1);
      expect(await a.repos.sales.listByRegisterSince(fixture.register.id, 0)).toHaveLength(1);
    }

    it('clientSaleId replay: the same sale inserted from both at once is stored once; the other insert returns null', async () => {
      for (let round = 0; round < 5; round += 1) {
        const fixture = await counter();
        const sale = fixture.newSale();
        const ids = [`${sale.id}_a`, `${sale.id}_b`];
        const results = await Promise.all([
          a.repos.sales.insert({ ...sale, id: ids[0] ?? '' }),
          b.repos.sales.insert({ ...sale, id: ids[1] ?? '' }),
        ]);
        await expectOneSale(fixture, sale.clientSaleId, results, ids);
      }
    });

    it('clientSaleId replay in transactions: the second insert waits for the first; null after its commit, stored after its rollback', async () => {
      for (const firstCommits of [true, false]) {
        const fixture = await counter();
        const sale = fixture.newSale();
        const bothOpen = barrier(overlapping ? 2 : 1);
        const hold = firstThroughWaitsForBlockedOther();
        let firstInserted = '';
        const attempt = (database: Database, id: string) =>
          database.transaction(async (tx) => {
            await bothOpen();
            const stored = await tx.sales.insert({ ...sale, id });
            if (stored && firstInserted === '') {
              firstInserted = id;
              await hold();
              if (!firstCommits) throw new Error('the first recording failed');
            }
            return stored;
          });
        const settled = await Promise.allSettled([attempt(a, `${sale.id}_a`), attempt(b, `${sale.id}_b`)]);
        const { fulfilled, rejected } = outcomes(settled);
        const survivor = await a.repos.sales.findByClientSaleId(fixture.register.id, sale.clientSaleId);
        if (firstCommits) {
          expect(rejected).toStrictEqual([]);
          expect(fulfilled.filter((result) => result === null)).toHaveLength(1);
          expect(survivor?.id).toBe(firstInserted);
        } else {
          expect(rejected).toHaveLength(1);
          expect(fulfilled).toHaveLength(1);
          expect(fulfilled[0]).not.toBeNull();
          expect(survivor?.id).toBe(fulfilled[0]?.id);
          expect(survivor?.id).not.toBe(firstInserted);
        }
        expect(await b.repos.sales.listByRegisterSince(fixture.register.id, 0)).toHaveLength(1);
      }
    });

    // 5. Webhook claims ---------------------------------------------------------------------------------

    it('webhook claim: the same event claimed from both at once is claimed once', async () => {
      for (let round = 0; round < 10; round += 1) {
        const eventId = `evt_${round}`;
        const claims = await Promise.all([
          a.repos.webhookEvents.claim(eventId, 'payment_intent.succeeded', 'acct_1', clock.nowMs()),
          b.repos.webhookEvents.claim(eventId, 'payment_intent.succeeded', 'acct_1', clock.nowMs()),
        ]);
        expect(claims.filter(Boolean)).toHaveLength(1);
      }
      expect(await a.repos.webhookEvents.count()).toBe(10);
    });

    it('webhook claim in transactions: the second waits for the first; false after its commit, true after its rollback', async () => {
      for (const firstCommits of [true, false]) {
        const eventId = `evt_tx_${firstCommits}`;
        const bothOpen = barrier(overlapping ? 2 : 1);
        const hold = firstThroughWaitsForBlockedOther();
        let claimedFirst = false;
        const handle = (database: Database) =>
          database.transaction(async (tx) => {
            await bothOpen();
            const claimed = await tx.webhookEvents.claim(eventId, 'charge.refunded', null, clock.nowMs());
            if (claimed && !claimedFirst) {
              claimedFirst = true;
              await hold();
              if (!firstCommits) throw new Error('the event’s effects failed');
            }
            return claimed;
          });
        const { fulfilled, rejected } = outcomes(await Promise.allSettled([handle(a), handle(b)]));
        if (firstCommits) {
          expect(rejected).toStrictEqual([]);
          expect(fulfilled.sort()).toStrictEqual([false, true]);
        } else {
          // The failed handling gave the event up: the other delivery claims and applies it.
          expect(rejected).toHaveLength(1);
          expect(fulfilled).toStrictEqual([true]);
        }
        expect(await b.repos.webhookEvents.has(eventId)).toBe(true);
      }
    });
  });
}
