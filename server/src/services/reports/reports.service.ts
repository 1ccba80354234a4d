/**
 * Merchant reports, one service in two halves: what our own database answers (sales-reports.ts: summaries,
 * series, the sales list and detail, receipts, CSV exports) and what asks Stripe in the request because it
 * shows Stripe's live state (stripe-reports.ts: authorizations, balance and payouts, reconciliation). The
 * Stripe fee backfill (stripe-fees.ts) runs as a scheduled job. Days are local days in each location's
 * time zone (domain/local-day.ts).
 */
import type { DailySummaryQuery, DailySummaryResponse } from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { Clock, Logger } from '../../runtime.ts';
import type { DisputesGateway } from '../../stripe/disputes.port.ts';
import type { ReportingGateway } from '../../stripe/reporting.port.ts';
import { createDisputeReports } from '../disputes/dispute-reports.ts';
import type { MerchantViewer } from '../merchant-access.ts';
import { createSalesReports } from './sales-reports.ts';
import { createReportScope } from './scope.ts';
import { createStripeFeeBackfill } from './stripe-fees.ts';
import { createStripeReports } from './stripe-reports.ts';

export interface ReportsServiceDeps {
  database: Database;
  reporting: ReportingGateway;
  disputes: DisputesGateway;
  clock: Clock;
  log: Logger;
}

export function createReportsService(deps: ReportsServiceDeps) {
  const scope = createReportScope(deps);
  const disputeReports = createDisputeReports({
    database: deps.database,
    disputes: deps.disputes,
    clock: deps.clock,
  });
  const sales = createSalesReports({ database: deps.database, scope, clock: deps.clock });
  return {
    ...sales,
    ...createStripeReports({ ...deps, scope, disputeReports }),
    ...createStripeFeeBackfill(deps),
    /** The daily summary with the day's disputes beside the sales figures (services/disputes/dispute-reports.ts). */
    async dailySummary(viewer: MerchantViewer, query: DailySummaryQuery): Promise<DailySummaryResponse> {
      const daily = await sales.dailySummary(viewer, query);
      return { ...daily, disputes: await disputeReports.dayFigures(viewer, query.locationId, daily.date) };
    },
    disputesCsv: disputeReports.disputesCsv,
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
