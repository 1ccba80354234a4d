import { describe, expect, it } from 'vitest';
import { buildReader } from '../../support/factories.ts';
import type { RepositoriesHarness } from './harness.ts';

export function describePaymentsContract(h: RepositoriesHarness) {
  const { ctx, merchant, insertSale } = h;

  describe('payments', () => {
    it('insert numbers attempts per sale; listBySale by attempt number; latestForSale the last one', async () => {
      const m = await merchant();
      const reader = await buildReader(ctx(), m.location);
      const sale = await insertSale(m);
      const otherSale = await insertSale(m);
      const attempt = (id: string) => ({
        id,
        saleId: sale.id,
        attemptKey: `key-${id}`,
        readerId: reader.id,
        integration: 'js_sdk' as const,
      });
      // Ids and times chosen so that neither sorts like the journal order.
      const c = await h.repos.payments.insert(attempt('pa_c'), 5_000);
      const a = await h.repos.payments.insert(attempt('pa_a'), 5_000);
      await h.repos.payments.insert({ ...attempt('pa_x'), saleId: otherSale.id }, 1_000);
      const b = await h.repos.payments.insert(attempt('pa_b'), 4_000);
      expect(c).toStrictEqual({
        id: 'pa_c',
        saleId: sale.id,
        attemptKey: 'key-pa_c',
        paymentIntentId: null,
        readerId: reader.id,
        integration: 'js_sdk',
        status: 'pending',
        errorCode: null,
        declineCode: null,
        errorMessage: null,
        failedChargeId: null,
        createdAtMs: 5_000,
        updatedAtMs: 5_000,
      });
      expect(await h.repos.payments.findById('pa_c')).toStrictEqual(c);
      expect(await h.repos.payments.findByAttemptKey('key-pa_a')).toStrictEqual(a);
      expect(await h.repos.payments.findById('pa_none')).toBeUndefined();
      expect(await h.repos.payments.findByAttemptKey('key-none')).toBeUndefined();
      expect(await h.repos.payments.listBySale(sale.id)).toStrictEqual([c, a, b]);
      expect(await h.repos.payments.latestForSale(sale.id)).toStrictEqual(b);
      expect(await h.repos.payments.latestForSale('sale_none')).toBeUndefined();
      expect(await h.repos.payments.listBySale('sale_none')).toStrictEqual([]);
    });

    it('update changes the patched fields only and returns what findById reads', async () => {
      const m = await merchant();
      const reader = await buildReader(ctx(), m.location);
      const sale = await insertSale(m);
      const attempt = await h.raw.payments.insert(
        {
          id: 'pa_1',
          saleId: sale.id,
          attemptKey: 'k1',
          readerId: reader.id,
          integration: 'server_driven',
        },
        1_000,
      );
      const started = await h.repos.payments.update(
        'pa_1',
        { paymentIntentId: 'pi_1', status: 'started' },
        2_000,
      );
      expect(started).toStrictEqual({
        ...attempt,
        paymentIntentId: 'pi_1',
        status: 'started',
        updatedAtMs: 2_000,
      });
      expect(await h.repos.payments.findById('pa_1')).toStrictEqual(started);
      const failed = await h.repos.payments.update(
        'pa_1',
        {
          status: 'failed',
          errorCode: 'card_declined',
          declineCode: 'insufficient_funds',
          errorMessage: 'Declined',
          failedChargeId: 'ch_failed',
        },
        3_000,
      );
      expect(failed).toStrictEqual({
        ...started,
        status: 'failed',
        errorCode: 'card_declined',
        declineCode: 'insufficient_funds',
        errorMessage: 'Declined',
        failedChargeId: 'ch_failed',
        updatedAtMs: 3_000,
      });
      expect(await h.repos.payments.findById('pa_1')).toStrictEqual(failed);
      await expect(h.repos.payments.update('pa_none', { status: 'failed' }, 1)).rejects.toThrow(
        /No payment attempt/,
      );
    });
  });
}
