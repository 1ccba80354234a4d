/**
 * The Stripe processing fee of each captured sale, recorded from its charge's balance transaction by a
 * scheduled job (never by a report request: reads are reads). Per account with sales still missing their
 * fee in the lookback window, one listing of balance transactions covers all of them. Reports count the
 * sales whose fee is not known yet, so the figures say how complete they are.
 */
import type { Database } from '../../db/database.ts';
import { stripeProcessingFeeOf } from '../../domain/reconciliation.ts';
import type { Clock, Logger } from '../../runtime.ts';
import type { ReportingGateway } from '../../stripe/reporting.port.ts';

/** Captured sales this recent are looked at (Stripe's balance transaction exists within seconds). */
const LOOKBACK_MS = 35 * 86_400_000;
/** Balance transactions are listed from a little before the first sale to a little after the last. */
const EDGE_MS = 3_600_000;

export interface StripeFeeBackfillReport {
  accounts: number;
  recorded: number;
  /** Accounts whose listing failed this time (retried next run). */
  errors: number;
}

export function createStripeFeeBackfill(deps: {
  database: Database;
  reporting: ReportingGateway;
  clock: Clock;
  log: Logger;
}) {
  const { database, reporting, clock, log } = deps;
  const { repos } = database;
  return {
    async backfillStripeFees(): Promise<StripeFeeBackfillReport> {
      const report: StripeFeeBackfillReport = { accounts: 0, recorded: 0, errors: 0 };
      const nowMs = clock.nowMs();
      for (const missing of await repos.reports.accountsMissingStripeFees(nowMs - LOOKBACK_MS)) {
        report.accounts += 1;
        const account = await repos.accounts.findById(missing.accountId);
        if (!account) continue;
        try {
          const transactions = await reporting.listBalanceTransactions(
            { stripeAccountId: account.stripeAccountId, chargeType: account.chargeType },
            {
              gteSeconds: Math.floor((missing.fromMs - EDGE_MS) / 1000),
              ltSeconds: Math.ceil(Math.min(nowMs + EDGE_MS, missing.toMs + 2 * 86_400_000) / 1000),
            },
          );
          const bySource = new Map(
            transactions.flatMap((transaction) =>
              transaction.source === null ? [] : [[transaction.source, transaction] as const],
            ),
          );
          const sales = await repos.reports.salesMissingStripeFee(
            account.id,
            missing.fromMs,
            missing.toMs + 1,
          );
          for (const sale of sales) {
            const transaction = sale.chargeId === null ? undefined : bySource.get(sale.chargeId);
            if (transaction === undefined) continue;
            await repos.reports.recordStripeFee(sale.id, stripeProcessingFeeOf(transaction), transaction.id);
            report.recorded += 1;
          }
        } catch (error) {
          report.errors += 1;
          log(`stripe-fees: could not read balance transactions for ${account.id}: ${String(error)}`, 'warn');
        }
      }
      return report;
    },
  };
}
