import { describe, expect, it } from 'vitest';
import type { DisputeState } from '../../../src/db/repositories/disputes.repo.ts';
import type { RepositoriesHarness } from './harness.ts';

/** The disputes repository with sales (the rest of it: money-events.repo.test.ts, which has no sales). */
export function describeDisputesContract(h: RepositoriesHarness) {
  const { merchant, paidSale } = h;

  describe('disputes', () => {
    it('findBySale: the sale’s disputes by id, as saved; none for another sale', async () => {
      const m = await merchant();
      const sale = await paidSale(m);
      const other = await paidSale(m);
      const state = (id: string, saleId: string | null): DisputeState => ({
        id,
        accountId: m.account.id,
        saleId,
        locationId: m.location.id,
        carriedBy: 'connected_account',
        chargeId: `ch_${saleId ?? 'none'}`,
        paymentIntentId: saleId === null ? null : `pi_${saleId}`,
        amountMinor: 1_000,
        currency: 'usd',
        reason: 'fraudulent',
        status: 'needs_response',
        evidenceDueByMs: 9_000,
        hasEvidence: false,
        pastDue: false,
        submissionCount: 0,
        chargeRefundable: true,
        evidence: { receipt: null },
        stripeCreatedAtMs: 2_000,
        closedAtMs: null,
      });
      await h.raw.disputes.save(state('du_2', sale.id), 3_000);
      await h.raw.disputes.save(state('du_1', sale.id), 4_000);
      await h.raw.disputes.save(state('du_3', null), 4_000);
      expect(await h.repos.disputes.findBySale(sale.id)).toStrictEqual([
        { ...state('du_1', sale.id), recordedAtMs: 4_000, updatedAtMs: 4_000 },
        { ...state('du_2', sale.id), recordedAtMs: 3_000, updatedAtMs: 3_000 },
      ]);
      expect(await h.repos.disputes.findBySale(other.id)).toStrictEqual([]);
    });
  });
}
