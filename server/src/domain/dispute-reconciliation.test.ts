import { describe, expect, it } from 'vitest';
import { reconcileDisputes } from './dispute-reconciliation.ts';

const DAY_START = Date.UTC(2026, 2, 10, 7);
const period = { startMs: DAY_START, endMs: DAY_START + 86_400_000 };
const at = DAY_START + 3_600_000;
const withdrawal = {
  id: 'txn_1',
  disputeId: 'du_1',
  amountMinor: -4200,
  feeMinor: 1500,
  currency: 'usd',
  createdMs: at,
};

describe('reconciling disputes', () => {
  const saleOfCharge = (chargeId: string) => (chargeId === 'ch_1' ? 'sale_1' : null);
  const saleOfDispute = (disputeId: string) => (disputeId === 'du_1' ? 'sale_1' : null);

  it('matches Stripe’s chargeback withdrawal with ours', () => {
    expect(
      reconcileDisputes({
        period,
        stripe: [{ ...withdrawal, chargeId: 'ch_1', reportingCategory: 'dispute' }],
        recorded: [withdrawal],
        saleOfCharge,
        saleOfDispute,
      }),
    ).toEqual({ differences: [], matchedCount: 1 });
  });

  it('reports what only one side has, and amounts or fees that differ', () => {
    const { differences, matchedCount } = reconcileDisputes({
      period,
      stripe: [
        { ...withdrawal, chargeId: 'ch_1', reportingCategory: 'dispute', feeMinor: 2000 },
        { ...withdrawal, id: 'txn_2', disputeId: 'du_9', chargeId: 'ch_9', reportingCategory: 'dispute' },
        {
          ...withdrawal,
          id: 'txn_3',
          disputeId: 'du_8',
          chargeId: 'ch_1',
          reportingCategory: 'dispute',
          createdMs: period.endMs + 10,
        },
      ],
      recorded: [withdrawal, { ...withdrawal, id: 'txn_4', amountMinor: 4200, feeMinor: -1500 }],
      saleOfCharge,
      saleOfDispute,
    });
    expect(matchedCount).toBe(0);
    expect(differences.map((d) => [d.kind, d.stripeObjectId, d.saleId])).toEqual([
      ['fee_mismatch', 'txn_1', 'sale_1'],
      ['missing_in_our_records', 'txn_2', null],
      ['missing_in_stripe', 'txn_4', 'sale_1'],
    ]);
    expect(differences[1]?.message).toContain('matches none of our sales');
    expect(differences[2]?.message).toContain('chargeback reversal');
  });
});
