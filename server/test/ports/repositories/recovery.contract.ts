import { describe, expect, it } from 'vitest';
import { buildReader } from '../../support/factories.ts';
import type { RepositoriesHarness } from './harness.ts';

export function describeRecoveryContract(h: RepositoriesHarness) {
  const { ctx, merchant, insertSale } = h;

  describe('recovery', () => {
    it('listUnfinishedSales: sales being paid, last touched at or before the cutoff, with their attempts', async () => {
      const m = await merchant();
      const reader = await buildReader(ctx(), m.location);
      const attempt = (id: string, saleId: string) => ({
        id,
        saleId,
        attemptKey: `key-${id}`,
        readerId: reader.id,
        integration: 'js_sdk' as const,
      });
      const s1 = await insertSale(m, { id: 'sale_1', createdAtMs: 1_000 });
      await h.raw.payments.insert(attempt('pa_1', s1.id), 1_100);
      await h.raw.payments.insert(attempt('pa_2', s1.id), 1_200);
      await h.raw.payments.update('pa_2', { paymentIntentId: 'pi_2', status: 'started' }, 1_250);
      await h.raw.sales.update(s1.id, { status: 'awaiting_payment' }, 1_300);
      const s2 = await insertSale(m, { id: 'sale_2', createdAtMs: 2_000 });
      await h.raw.sales.update(s2.id, { status: 'payment_failed' }, 2_100);
      const s3 = await insertSale(m, { id: 'sale_3', createdAtMs: 3_000 });
      await h.raw.payments.insert(attempt('pa_3', s3.id), 3_100);
      await h.raw.payments.update('pa_3', { status: 'start_failed', errorCode: 'stripe_unavailable' }, 3_150);
      await h.raw.sales.update(s3.id, { status: 'processing' }, 3_200);
      await insertSale(m, { id: 'sale_open', createdAtMs: 1_000 });
      const done = await insertSale(m, { id: 'sale_done', createdAtMs: 1_000 });
      await h.raw.sales.update(done.id, { status: 'succeeded' }, 1_000);
      const late = await insertSale(m, { id: 'sale_late', createdAtMs: 1_000 });
      await h.raw.sales.update(late.id, { status: 'requires_capture' }, 9_000);

      expect(await h.repos.recovery.listUnfinishedSales(3_200)).toStrictEqual([
        {
          id: 'sale_1',
          accountId: m.account.id,
          status: 'awaiting_payment',
          paymentIntentId: null,
          createdAtMs: 1_000,
          updatedAtMs: 1_300,
          oldestUnresolvedAttemptMs: 1_100,
          lastActivityMs: 1_200,
          attempts: 2,
        },
        {
          id: 'sale_2',
          accountId: m.account.id,
          status: 'payment_failed',
          paymentIntentId: null,
          createdAtMs: 2_000,
          updatedAtMs: 2_100,
          oldestUnresolvedAttemptMs: null,
          lastActivityMs: 2_000,
          attempts: 0,
        },
        {
          id: 'sale_3',
          accountId: m.account.id,
          status: 'processing',
          paymentIntentId: null,
          createdAtMs: 3_000,
          updatedAtMs: 3_200,
          oldestUnresolvedAttemptMs: 3_100,
          lastActivityMs: 3_100,
          attempts: 1,
        },
      ]);
      expect((await h.repos.recovery.listUnfinishedSales(3_199)).map((sale) => sale.id)).toStrictEqual([
        'sale_1',
        'sale_2',
      ]);
      expect((await h.repos.recovery.listUnfinishedSales(9_000)).map((sale) => sale.id)).toContain(
        'sale_late',
      );
    });

    it('linkPaymentIntent links the sale and its attempts without one, once', async () => {
      const m = await merchant();
      const reader = await buildReader(ctx(), m.location);
      const sale = await insertSale(m, { id: 'sale_1', createdAtMs: 1_000 });
      const base = { saleId: sale.id, readerId: reader.id, integration: 'js_sdk' as const };
      await h.raw.payments.insert({ ...base, id: 'pa_1', attemptKey: 'k1' }, 1_100);
      await h.raw.payments.insert({ ...base, id: 'pa_2', attemptKey: 'k2' }, 1_200);
      await h.raw.payments.update('pa_2', { paymentIntentId: 'pi_other' }, 1_250);
      expect(await h.repos.recovery.linkPaymentIntent(sale.id, 'pi_found', 4_000)).toBe(true);
      const linked = await h.raw.sales.findById(sale.id);
      expect(linked?.paymentIntentId).toBe('pi_found');
      expect(linked?.updatedAtMs).toBe(4_000);
      expect((await h.raw.payments.findById('pa_1'))?.paymentIntentId).toBe('pi_found');
      expect((await h.raw.payments.findById('pa_1'))?.updatedAtMs).toBe(4_000);
      expect((await h.raw.payments.findById('pa_2'))?.paymentIntentId).toBe('pi_other');
      expect(await h.repos.recovery.linkPaymentIntent(sale.id, 'pi_again', 5_000)).toBe(false);
      expect((await h.raw.sales.findById(sale.id))?.paymentIntentId).toBe('pi_found');
    });

    it('cancelUnstartedSale cancels a sale without a PaymentIntent and its open attempts; false otherwise', async () => {
      const m = await merchant();
      const reader = await buildReader(ctx(), m.location);
      const sale = await insertSale(m, { id: 'sale_1' });
      await h.raw.sales.update(sale.id, { status: 'awaiting_payment' }, 1_000);
      const base = { saleId: sale.id, readerId: reader.id, integration: 'js_sdk' as const };
      await h.raw.payments.insert({ ...base, id: 'pa_1', attemptKey: 'k1' }, 1_100);
      await h.raw.payments.insert({ ...base, id: 'pa_2', attemptKey: 'k2' }, 1_200);
      await h.raw.payments.update('pa_2', { status: 'start_failed' }, 1_250);
      expect(await h.repos.recovery.cancelUnstartedSale(sale.id, 5_000)).toBe(true);
      expect((await h.raw.sales.findById(sale.id))?.status).toBe('canceled');
      expect((await h.raw.sales.findById(sale.id))?.updatedAtMs).toBe(5_000);
      expect((await h.raw.payments.findById('pa_1'))?.status).toBe('canceled');
      expect((await h.raw.payments.findById('pa_2'))?.status).toBe('start_failed');
      expect(await h.repos.recovery.cancelUnstartedSale(sale.id, 6_000)).toBe(false);

      const started = await insertSale(m, { id: 'sale_2' });
      await h.raw.sales.update(started.id, { status: 'awaiting_payment', paymentIntentId: 'pi_2' }, 1_000);
      expect(await h.repos.recovery.cancelUnstartedSale(started.id, 6_000)).toBe(false);
      const processing = await insertSale(m, { id: 'sale_3' });
      await h.raw.sales.update(processing.id, { status: 'processing' }, 1_000);
      expect(await h.repos.recovery.cancelUnstartedSale(processing.id, 6_000)).toBe(false);
      expect((await h.raw.sales.findById(processing.id))?.status).toBe('processing');
    });

    it('accountIdsWithSalesSince (distinct, sorted) and salePaymentIntents', async () => {
      const m = await merchant({ stripeAccountId: 'acct_rec_b' });
      const n = await merchant({ stripeAccountId: 'acct_rec_a' });
      const a = await insertSale(m, { createdAtMs: 1_000 });
      await insertSale(m, { createdAtMs: 2_000 });
      await insertSale(n, { createdAtMs: 999 });
      await h.raw.sales.update(a.id, { status: 'awaiting_payment', paymentIntentId: 'pi_a' }, 2_000);
      expect(await h.repos.recovery.accountIdsWithSalesSince(1_000)).toStrictEqual([m.account.id]);
      expect(await h.repos.recovery.accountIdsWithSalesSince(0)).toStrictEqual(
        [m.account.id, n.account.id].sort(),
      );
      const intents = await h.repos.recovery.salePaymentIntents(m.account.id);
      expect(intents.size).toBe(2);
      expect(intents.get(a.id)).toStrictEqual({ paymentIntentId: 'pi_a', status: 'awaiting_payment' });
      expect([...intents.values()].filter((v) => v.paymentIntentId === null)).toStrictEqual([
        { paymentIntentId: null, status: 'open' },
      ]);
      expect(await h.repos.recovery.salePaymentIntents('acc_none')).toStrictEqual(new Map());
    });

    it('recordAnomaly once per (kind, PaymentIntent); resolveAnomaly; listAnomalies newest first, filtered', async () => {
      const m = await merchant();
      const other = await merchant();
      const anomaly = (
        id: string,
        kind: 'duplicate_charge' | 'orphan_charge' | 'capture_deadline',
        pi: string,
      ) => ({
        id,
        kind,
        accountId: m.account.id,
        saleId: null,
        paymentIntentId: pi,
        chargeId: null,
        amountMinor: 1_000,
        currency: 'usd',
        deadlineS: null,
      });
      expect(
        await h.repos.recovery.recordAnomaly(
          { ...anomaly('anm_1', 'duplicate_charge', 'pi_1'), saleId: 'sale_x', chargeId: 'ch_1' },
          1_000,
        ),
      ).toBe(true);
      expect(
        await h.repos.recovery.recordAnomaly(anomaly('anm_dup', 'duplicate_charge', 'pi_1'), 2_000),
      ).toBe(false);
      expect(
        await h.repos.recovery.recordAnomaly(
          { ...anomaly('anm_2', 'capture_deadline', 'pi_1'), deadlineS: 1_768_000_000 },
          3_000,
        ),
      ).toBe(true);
      expect(
        await h.repos.recovery.recordAnomaly(
          { ...anomaly('anm_3', 'orphan_charge', 'pi_3'), accountId: other.account.id },
          3_000,
        ),
      ).toBe(true);

      const all = await h.repos.recovery.listAnomalies();
      expect(all.map((a) => a.id)).toStrictEqual(['anm_2', 'anm_3', 'anm_1']);
      expect(all[2]).toStrictEqual({
        id: 'anm_1',
        kind: 'duplicate_charge',
        accountId: m.account.id,
        saleId: 'sale_x',
        paymentIntentId: 'pi_1',
        chargeId: 'ch_1',
        amountMinor: 1_000,
        currency: 'usd',
        deadlineS: null,
        status: 'open',
        detectedAtMs: 1_000,
        resolvedAtMs: null,
      });
      expect(all[0]?.deadlineS).toBe(1_768_000_000);

      await h.repos.recovery.resolveAnomaly('duplicate_charge', 'pi_1', 4_000);
      await h.repos.recovery.resolveAnomaly('duplicate_charge', 'pi_1', 5_000);
      const resolved = await h.repos.recovery.listAnomalies({ status: 'resolved' });
      expect(resolved.map((a) => [a.id, a.status, a.resolvedAtMs])).toStrictEqual([
        ['anm_1', 'resolved', 4_000],
      ]);
      expect((await h.repos.recovery.listAnomalies({ status: 'open' })).map((a) => a.id)).toStrictEqual([
        'anm_2',
        'anm_3',
      ]);
      expect(
        (await h.repos.recovery.listAnomalies({ status: 'open', accountId: m.account.id })).map((a) => a.id),
      ).toStrictEqual(['anm_2']);
    });
  });
}
