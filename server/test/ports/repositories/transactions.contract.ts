import { describe, expect, it } from 'vitest';
import type { Repositories } from '../../../src/db/repositories/index.ts';
import { buildAccount } from '../../support/factories.ts';
import {
  DAY0,
  errorMessage,
  HOUR_MS,
  type RepositoriesHarness,
  recordingDatabase,
  within,
} from './harness.ts';

export function describeTransactionsContract(h: RepositoriesHarness) {
  const { ctx, merchant, newSale, paidSale, refundOf } = h;

  describe('transactions', () => {
    it('commit: repositories bound to the transaction see its writes; everyone sees them after', async () => {
      const account = await buildAccount(ctx());
      const result = await h.db.transaction(async (tx) => {
        await tx.console.setRiskLimits(account.id, { maxSaleMinor: 1_000, maxDailyMinor: null }, 2_000);
        await tx.webhookEvents.claim('evt_1', 'x', null, 2_000);
        return {
          extras: await tx.console.accountExtras(account.id),
          claimed: await tx.webhookEvents.has('evt_1'),
        };
      });
      expect(result.extras.maxSaleMinor).toBe(1_000);
      expect(result.claimed).toBe(true);
      expect((await h.repos.console.accountExtras(account.id)).maxSaleMinor).toBe(1_000);
      expect(await h.repos.webhookEvents.has('evt_1')).toBe(true);
    });

    it('work that throws leaves nothing written (several tables, trigger-kept ones included)', async () => {
      const m = await merchant({ stripeAccountId: 'acct_tx' });
      await expect(
        h.db.transaction(async (tx) => {
          const sale = await tx.sales.insert(newSale(m, { id: 'sale_tx', createdAtMs: DAY0 + HOUR_MS }));
          if (!sale) throw new Error('not inserted');
          await tx.sales.update(
            sale.id,
            { status: 'succeeded', chargeId: 'ch_tx', capturedAtMs: DAY0 + HOUR_MS },
            DAY0 + HOUR_MS,
          );
          await tx.refunds.insertRefund(refundOf(sale.id, { id: 'rfd_tx' }), DAY0 + HOUR_MS);
          await tx.webhookEvents.claim('evt_tx', 'x', null, 1);
          await tx.audit.record({
            actorUserId: null,
            actorLabel: 'system',
            accountId: m.account.id,
            action: 'x',
            target: 'y',
            details: {},
            atMs: 1,
          });
          expect(await tx.feeLedger.totalsSince(DAY0, null)).toHaveLength(1);
          throw new Error('work failed');
        }),
      ).rejects.toThrow('work failed');
      expect(await h.repos.sales.findById('sale_tx')).toBeUndefined();
      expect(await h.repos.refunds.findRefund('rfd_tx')).toBeUndefined();
      expect(await h.repos.webhookEvents.has('evt_tx')).toBe(false);
      expect(await h.repos.audit.list()).toStrictEqual([]);
      expect(await h.repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([]);
      // The clientSaleId is free again.
      expect(
        (await h.repos.sales.insert(newSale(m, { id: 'sale_tx2', clientSaleId: 'client-sale_tx' })))?.id,
      ).toBe('sale_tx2');
    });

    it('using the root repositories inside a transaction’s work fails fast, and rolls the work back', async () => {
      const account = await buildAccount(ctx());
      const outcome = await within(
        h.db.transaction(async (tx) => {
          await tx.console.setRiskLimits(account.id, { maxSaleMinor: 1_000, maxDailyMinor: null }, 2_000);
          await h.db.repos.accounts.count();
          return 'the root connection answered';
        }),
        5_000,
      );
      expect(errorMessage(outcome)).toMatch(/root database connection inside a transaction/);
      expect((await h.repos.console.accountExtras(account.id)).maxSaleMinor).toBeNull();
      // The connection was given back: the database still answers, inside and outside transactions.
      expect(await h.repos.accounts.count()).toBe(1);
      expect(await h.db.transaction((tx) => tx.accounts.count())).toBe(1);
    });

    it('a transaction started inside another fails fast', async () => {
      const outcome = await within(
        h.db.transaction(async () => h.db.transaction(async (inner) => inner.accounts.count())),
        5_000,
      );
      expect(errorMessage(outcome)).toMatch(/transaction was started inside another/);
      expect(await h.repos.accounts.count()).toBe(0);
    });

    it('lockForUpdate: a second transaction locking the sale waits for the first to commit, then sees its refund', async () => {
      const m = await merchant();
      const sale = await paidSale(m, { totalMinor: 1_000 });
      const peer = recordingDatabase(await h.opened.openPeer(), h.called);
      const events: string[] = [];
      const at = new Map<string, number>();
      const mark = (event: string) => {
        events.push(event);
        at.set(event, performance.now());
      };
      /** refunds.service's check: lock the sale, Σ counted refunds, journal 600 if it fits. */
      const refundIfFits = async (tx: Repositories, id: string) => {
        const counted = (await tx.refunds.refundsOfSales([sale.id])).filter(
          (refund) => refund.status === 'pending' || refund.status === 'succeeded',
        );
        const left = sale.totalMinor - counted.reduce((sum, refund) => sum + refund.amountMinor, 0);
        if (600 > left) return `refused: ${left} left`;
        await tx.refunds.insertRefund(refundOf(sale.id, { id, amountMinor: 600 }), 5_000);
        return 'refunded';
      };
      let allowCommit: () => void = () => {};
      const commitAllowed = new Promise<void>((resolve) => {
        allowCommit = resolve;
      });
      let reportLocked: () => void = () => {};
      const firstLocked = new Promise<void>((resolve) => {
        reportLocked = resolve;
      });
      const first = h.db.transaction(async (tx) => {
        await tx.sales.lockForUpdate(sale.id);
        mark('first:locked');
        const outcome = await refundIfFits(tx, 'rfd_first');
        reportLocked();
        await commitAllowed;
        mark('first:committing');
        return outcome;
      });
      await firstLocked;
      const second = peer.transaction(async (tx) => {
        await tx.sales.lockForUpdate(sale.id);
        mark('second:locked');
        return refundIfFits(tx, 'rfd_second');
      });
      try {
        if (h.opened.waitForLockWaiter) {
          // PostgreSQL: the second transaction is blocked on the sale's row lock.
          await h.opened.waitForLockWaiter(5_000);
        } else {
          // SQLite: no row locks; give a second transaction every chance to run before the first ends.
          for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setTimeout(resolve, 2));
        }
        expect(events).toStrictEqual(['first:locked']);
      } finally {
        allowCommit();
      }
      expect(await Promise.all([first, second])).toStrictEqual(['refunded', 'refused: 400 left']);
      expect(events).toStrictEqual(['first:locked', 'first:committing', 'second:locked']);
      expect(at.get('second:locked')).toBeGreaterThan(at.get('first:committing') ?? Number.POSITIVE_INFINITY);
      expect(await h.repos.refunds.refundedTotals([sale.id])).toStrictEqual(new Map([[sale.id, 600]]));
    });
  });
}
