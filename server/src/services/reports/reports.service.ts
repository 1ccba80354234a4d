/**
 * Merchant reports, one service in two halves: what our own database answers (sales-reports.ts: summaries,
 * series, the sales list and detail, receipts, CSV exports) and what asks Stripe in the request because it
 * shows Stripe's live state (stripe-reports.ts: authorizations, balance and payouts, reconciliation). The
 * Stripe fee backfill (stripe-fees.ts) runs as a scheduled job. Days are local days in each location's
 * time zone (domain/local-day.ts).
 */
import type { Database } from '../../db/database.ts';
import type { Clock, Logger } from '../../runtime.ts';
import type { ReportingGateway } from '../../stripe/reporting.port.ts';
import { createSalesReports } from './sales-reports.ts';
import { createReportScope } from './scope.ts';
import { createStripeFeeBackfill } from './stripe-fees.ts';
import { createStripeReports } from './stripe-reports.ts';

export interface ReportsServiceDeps {
  database: Database;
  reporting: ReportingGateway;
  clock: Clock;
  log: Logger;
}

export function createReportsService(deps: ReportsServiceDeps) {
  const scope = createReportScope(deps);
  return {
    ...createSalesReports({ database: deps.database, scope, clock: deps.clock }),
    ...createStripeReports({ ...deps, scope }),
    ...createStripeFeeBackfill(deps),
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
