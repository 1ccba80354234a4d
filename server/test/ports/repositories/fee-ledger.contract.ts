import { describe, expect, it } from 'vitest';
import type { StripeFeeRecord } from '../../../src/db/repositories/fee-ledger.repo.ts';
import { DAY_MS, DAY0, HOUR_MS, type RepositoriesHarness, UTC_DAY0 } from './harness.ts';

export function describeFeeLedgerContract(h: RepositoriesHarness) {
  const { merchant, insertSale, paidSale, refundOf } = h;

  describe('application fee ledger (triggers, console fee reports)', () => {
    /** Two merchants with their Stripe ids fixed (rollups are ordered by Stripe account id). */
    async function feeMerchants() {
      const a = await merchant({ stripeAccountId: 'acct_fee_a' });
      const b = await merchant({ stripeAccountId: 'acct_fee_b' });
      return { a, b };
    }
    const fee = (overrides: Partial<StripeFeeRecord> & { id: string }): StripeFeeRecord => ({
      chargeId: null,
      stripeAccountId: 'acct_fee_a',
      currency: 'usd',
      amountMinor: 0,
      amountRefundedMinor: 0,
      createdAtMs: DAY0,
      ...overrides,
    });
    const day = (
      utcDay: number,
      stripeAccountId: string,
      feesCount: number,
      collected: number,
      refunded = 0,
    ) => ({
      utcDay,
      stripeAccountId,
      currency: 'usd',
      feesCount,
      collectedMinor: collected,
      refundedMinor: refunded,
    });

    it('a captured sale with a charge enters the ledger: whole days from rollups, a partial first day from rows', async () => {
      const { a, b } = await feeMerchants();
      // Sales that do not enter: not captured, captured without a charge, captured with no fee.
      await insertSale(a, { createdAtMs: DAY0 + 2 * HOUR_MS, applicationFeeMinor: 999 });
      await paidSale(
        a,
        { createdAtMs: DAY0 + 2 * HOUR_MS, applicationFeeMinor: 999 },
        { patch: { chargeId: null } },
      );
      const zero = await paidSale(a, { createdAtMs: DAY0 + 2 * HOUR_MS, applicationFeeMinor: 0 });
      expect(await h.repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([]);

      const early = await paidSale(a, { createdAtMs: DAY0 + 30 * 60_000, applicationFeeMinor: 40 });
      const late = await paidSale(a, { createdAtMs: DAY0 + 9 * HOUR_MS, applicationFeeMinor: 57 });
      await paidSale(b, { createdAtMs: DAY0 + 12 * HOUR_MS, applicationFeeMinor: 100 });
      await paidSale(a, { createdAtMs: DAY0 + DAY_MS + HOUR_MS, applicationFeeMinor: 7 });

      expect(await h.repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([
        day(UTC_DAY0, 'acct_fee_a', 2, 97),
        day(UTC_DAY0, 'acct_fee_b', 1, 100),
        day(UTC_DAY0 + 1, 'acct_fee_a', 1, 7),
      ]);
      // From 01:00: the first day from the ledger rows captured since then, the next from its rollup.
      expect(await h.repos.feeLedger.totalsSince(DAY0 + HOUR_MS, null)).toStrictEqual([
        day(UTC_DAY0, 'acct_fee_a', 1, 57),
        day(UTC_DAY0, 'acct_fee_b', 1, 100),
        day(UTC_DAY0 + 1, 'acct_fee_a', 1, 7),
      ]);
      expect(await h.repos.feeLedger.totalsSince(DAY0 + HOUR_MS, 'acct_fee_a')).toStrictEqual([
        day(UTC_DAY0, 'acct_fee_a', 1, 57),
        day(UTC_DAY0 + 1, 'acct_fee_a', 1, 7),
      ]);
      expect(await h.repos.feeLedger.totalsSince(DAY0, 'acct_fee_b')).toStrictEqual([
        day(UTC_DAY0, 'acct_fee_b', 1, 100),
      ]);
      expect(await h.repos.feeLedger.totalsSince(DAY0 + DAY_MS, null)).toStrictEqual([
        day(UTC_DAY0 + 1, 'acct_fee_a', 1, 7),
      ]);
      // Summed per bucket in the database: a whole day before the last bound goes to the last bound at or
      // before it, labelled with that bound; later days stay per day; a partial first day keeps its own.
      expect(await h.repos.feeLedger.totalsSince(DAY0, null, [UTC_DAY0 - 3, UTC_DAY0 + 30])).toStrictEqual([
        day(UTC_DAY0 - 3, 'acct_fee_a', 3, 104),
        day(UTC_DAY0 - 3, 'acct_fee_b', 1, 100),
      ]);
      const twoBuckets = [UTC_DAY0 - 3, UTC_DAY0 + 1, UTC_DAY0 + 2];
      expect(await h.repos.feeLedger.totalsSince(DAY0, null, twoBuckets)).toStrictEqual([
        day(UTC_DAY0 - 3, 'acct_fee_a', 2, 97),
        day(UTC_DAY0 - 3, 'acct_fee_b', 1, 100),
        day(UTC_DAY0 + 1, 'acct_fee_a', 1, 7),
      ]);
      // A day at or after the last bound (here the second day) is its own row.
      expect(await h.repos.feeLedger.totalsSince(DAY0, null, [UTC_DAY0 - 3, UTC_DAY0 + 1])).toStrictEqual([
        day(UTC_DAY0 - 3, 'acct_fee_a', 2, 97),
        day(UTC_DAY0 - 3, 'acct_fee_b', 1, 100),
        day(UTC_DAY0 + 1, 'acct_fee_a', 1, 7),
      ]);
      expect(
        await h.repos.feeLedger.totalsSince(DAY0 + HOUR_MS, 'acct_fee_a', [UTC_DAY0 - 3, UTC_DAY0 + 30]),
      ).toStrictEqual([day(UTC_DAY0, 'acct_fee_a', 1, 57), day(UTC_DAY0 - 3, 'acct_fee_a', 1, 7)]);

      // Not seen by Stripe yet: every recorded fee is a mismatch, oldest sale first (the zero fee is not).
      const mismatches = await h.repos.feeLedger.mismatchesSince(DAY0, 'acct_fee_a');
      expect(mismatches.slice(0, 2)).toStrictEqual([
        { saleId: early.id, recordedFeeMinor: 40, stripeFeeMinor: null },
        { saleId: late.id, recordedFeeMinor: 57, stripeFeeMinor: null },
      ]);
      expect(mismatches.map((m) => m.saleId)).not.toContain(zero.id);
      expect((await h.repos.feeLedger.mismatchesSince(DAY0, null)).length).toBe(4);
      expect((await h.repos.feeLedger.mismatchesSince(DAY0 + 10 * HOUR_MS, null)).length).toBe(2);

      // A changed fee on a captured sale moves the ledger and its rollup.
      await h.raw.sales.update(late.id, { applicationFeeMinor: 50 }, DAY0 + 20 * HOUR_MS);
      expect((await h.repos.feeLedger.totalsSince(DAY0, 'acct_fee_a'))[0]).toStrictEqual(
        day(UTC_DAY0, 'acct_fee_a', 2, 90),
      );
    });

    it('refunds’ returned fees count while the refund does (pending or succeeded)', async () => {
      const { a } = await feeMerchants();
      const sale = await paidSale(a, {
        createdAtMs: DAY0 + HOUR_MS,
        applicationFeeMinor: 57,
        totalMinor: 1_000,
      });
      await h.raw.refunds.insertRefund(
        refundOf(sale.id, { id: 'rfd_1', amountMinor: 300 }),
        DAY0 + 2 * HOUR_MS,
      );
      await h.raw.refunds.updateRefund(
        'rfd_1',
        { status: 'succeeded', stripeRefundId: 're_1', applicationFeeRefundedMinor: 17 },
        DAY0 + 2 * HOUR_MS,
      );
      await h.raw.refunds.insertRefund(
        refundOf(sale.id, { id: 'rfd_2', amountMinor: 200 }),
        DAY0 + 3 * HOUR_MS,
      );
      await h.raw.refunds.updateRefund('rfd_2', { status: 'pending', applicationFeeRefundedMinor: 11 }, DAY0);
      expect(await h.repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([
        day(UTC_DAY0, 'acct_fee_a', 1, 57, 28),
      ]);
      expect(await h.repos.feeLedger.totalsSince(DAY0 + 30 * 60_000, null)).toStrictEqual([
        day(UTC_DAY0, 'acct_fee_a', 1, 57, 28),
      ]);
      await h.raw.refunds.updateRefund('rfd_2', { status: 'failed' }, DAY0 + 4 * HOUR_MS);
      expect(await h.repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([
        day(UTC_DAY0, 'acct_fee_a', 1, 57, 17),
      ]);
      await h.raw.sales.update(sale.id, { status: 'partially_refunded' }, DAY0 + 4 * HOUR_MS);
      expect(await h.repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([
        day(UTC_DAY0, 'acct_fee_a', 1, 57, 17),
      ]);
    });

    it('recordStripeFees: Stripe’s figures replace ours, move the fee’s day, add fees without a sale, record the span', async () => {
      const { a, b } = await feeMerchants();
      const sale = await paidSale(a, { createdAtMs: DAY0 + HOUR_MS, applicationFeeMinor: 57 });
      const other = await paidSale(a, { createdAtMs: DAY0 + 2 * HOUR_MS, applicationFeeMinor: 40 });
      const dest = await paidSale(b, { createdAtMs: DAY0 + 3 * HOUR_MS, applicationFeeMinor: 90 });
      await h.raw.refunds.insertRefund(refundOf(sale.id, { id: 'rfd_1' }), DAY0 + 2 * HOUR_MS);
      await h.raw.refunds.updateRefund(
        'rfd_1',
        { status: 'succeeded', applicationFeeRefundedMinor: 17 },
        DAY0,
      );
      expect(await h.repos.feeLedger.syncState()).toBeNull();

      await h.db.transaction((tx) =>
        tx.feeLedger.recordStripeFees(
          [
            // Stripe saw more refunded (20 > 17) and dates the fee on the next day.
            fee({
              id: 'fee_1',
              chargeId: sale.chargeId,
              amountMinor: 57,
              amountRefundedMinor: 20,
              createdAtMs: DAY0 + DAY_MS + 5_000,
            }),
            // A different amount than we recorded: a mismatch.
            fee({
              id: 'fee_2',
              chargeId: other.chargeId,
              amountMinor: 45,
              createdAtMs: DAY0 + 2 * HOUR_MS,
            }),
            // A fee no sale of ours recorded.
            fee({
              id: 'fee_orphan',
              chargeId: 'ch_orphan',
              amountMinor: 33,
              createdAtMs: DAY0 + 5 * HOUR_MS,
            }),
            // A destination charge: keyed by the platform charge our sale records.
            fee({
              id: 'fee_dest',
              chargeId: 'py_connected',
              originatingChargeId: dest.chargeId,
              stripeAccountId: 'acct_fee_b',
              amountMinor: 90,
              createdAtMs: DAY0 + 3 * HOUR_MS,
            }),
          ],
          { fromMs: DAY0, throughMs: DAY0 + 2 * DAY_MS },
        ),
      );
      expect(await h.repos.feeLedger.syncState()).toStrictEqual({
        fromMs: DAY0,
        throughMs: DAY0 + 2 * DAY_MS,
      });
      expect(await h.repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([
        day(UTC_DAY0, 'acct_fee_a', 2, 45 + 33),
        day(UTC_DAY0, 'acct_fee_b', 1, 90),
        day(UTC_DAY0 + 1, 'acct_fee_a', 1, 57, 20),
      ]);
      expect(await h.repos.feeLedger.mismatchesSince(DAY0, null)).toStrictEqual([
        { saleId: other.id, recordedFeeMinor: 40, stripeFeeMinor: 45 },
      ]);
      // A refund recorded after the sync raises the refunded amount above Stripe's (max of the two).
      await h.raw.refunds.insertRefund(refundOf(sale.id, { id: 'rfd_2' }), DAY0 + DAY_MS);
      await h.raw.refunds.updateRefund(
        'rfd_2',
        { status: 'succeeded', applicationFeeRefundedMinor: 10 },
        DAY0,
      );
      expect((await h.repos.feeLedger.totalsSince(DAY0 + DAY_MS, 'acct_fee_a'))[0]).toStrictEqual(
        day(UTC_DAY0 + 1, 'acct_fee_a', 1, 57, 27),
      );

      // Outside a transaction it is atomic by itself; a key twice in one call: the later one wins.
      await h.repos.feeLedger.recordStripeFees(
        [
          fee({ id: 'fee_2', chargeId: other.chargeId, amountMinor: 41, createdAtMs: DAY0 + 2 * HOUR_MS }),
          fee({ id: 'fee_2', chargeId: other.chargeId, amountMinor: 40, createdAtMs: DAY0 + 2 * HOUR_MS }),
        ],
        { fromMs: DAY0, throughMs: DAY0 + 3 * DAY_MS },
      );
      expect(await h.repos.feeLedger.syncState()).toStrictEqual({
        fromMs: DAY0,
        throughMs: DAY0 + 3 * DAY_MS,
      });
      expect(await h.repos.feeLedger.mismatchesSince(DAY0, null)).toStrictEqual([]);
      expect((await h.repos.feeLedger.totalsSince(DAY0, 'acct_fee_a'))[0]).toStrictEqual(
        day(UTC_DAY0, 'acct_fee_a', 2, 40 + 33),
      );
    });
  });
}
