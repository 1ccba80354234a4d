import { describe, expect, it } from 'vitest';
import { orderFeesEarned } from './fees-earned.ts';

const row = (
  period: string,
  businessName: string,
  currency: string,
  collectedMinor: number,
  refundedMinor = 0,
) => ({
  period,
  accountId: `acc_${businessName}`,
  businessName,
  currency,
  feesCount: 1,
  collectedMinor,
  refundedMinor,
  netMinor: collectedMinor - refundedMinor,
});

describe(orderFeesEarned.name, () => {
  it('puts the newest period first, then business names as a reader sorts them', () => {
    const { rows } = orderFeesEarned([
      row('2026-03-08', 'Zeta', 'usd', 30),
      row('2026-03-10', 'beta', 'usd', 45),
      row('2026-03-10', 'Alpha', 'usd', 10),
      row('2026-03-09', 'Émile', 'eur', 5),
      row('2026-03-09', 'Eve', 'eur', 5),
    ]);
    expect(rows.map((r) => `${r.period} ${r.businessName}`)).toEqual([
      '2026-03-10 Alpha',
      '2026-03-10 beta',
      '2026-03-09 Émile',
      '2026-03-09 Eve',
      '2026-03-08 Zeta',
    ]);
  });

  it('sums each currency apart (integer minor units; JPY has no decimals), in currency order', () => {
    const { totals } = orderFeesEarned([
      row('2026-03-10', 'Kissa', 'jpy', 120, 20),
      row('2026-03-10', 'Bean', 'usd', 45),
      row('2026-03-08', 'Bean', 'usd', 30, 5),
    ]);
    expect(totals).toEqual([
      { currency: 'jpy', feesCount: 1, collectedMinor: 120, refundedMinor: 20, netMinor: 100 },
      { currency: 'usd', feesCount: 2, collectedMinor: 75, refundedMinor: 5, netMinor: 70 },
    ]);
    expect(orderFeesEarned([])).toEqual({ rows: [], totals: [] });
  });
});
