/**
 * The fees-earned report's order and totals: rows newest period first, then business name (as the
 * platform owner reads them, `Intl.Collator`), account id and currency; totals per currency, in currency
 * order. One definition for the server's answer and anything that checks it.
 */
import type { FeesEarnedResponse, FeesEarnedRow } from './api/platform.ts';

type FeesEarnedTotals = FeesEarnedResponse['totals'][number];

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The rows in the report's order, and their sums per currency. */
export function orderFeesEarned(rows: Iterable<FeesEarnedRow>): {
  rows: FeesEarnedRow[];
  totals: FeesEarnedTotals[];
} {
  // One collator for every comparison (`localeCompare` builds one per call); made here, not at import,
  // so that a bundle importing shared without this function carries none of it.
  const byName = new Intl.Collator();
  const sorted = [...rows].sort(
    (a, b) =>
      byCodeUnits(b.period, a.period) ||
      byName.compare(a.businessName, b.businessName) ||
      byCodeUnits(a.accountId, b.accountId) ||
      byCodeUnits(a.currency, b.currency),
  );
  const totals = new Map<string, FeesEarnedTotals>();
  for (const row of sorted) {
    const sum = totals.get(row.currency) ?? {
      currency: row.currency,
      feesCount: 0,
      collectedMinor: 0,
      refundedMinor: 0,
      netMinor: 0,
    };
    sum.feesCount += row.feesCount;
    sum.collectedMinor += row.collectedMinor;
    sum.refundedMinor += row.refundedMinor;
    sum.netMinor += row.netMinor;
    totals.set(row.currency, sum);
  }
  return { rows: sorted, totals: [...totals.values()].sort((a, b) => byCodeUnits(a.currency, b.currency)) };
}
