/**
 * Disputes in the merchant's reports: the day's dispute figures for the daily summary, the disputes CSV, and
 * the dispute half of the reconciliation against Stripe (chargebacks and reversals on the balance that carries
 * them, matched to our sales through the dispute's charge). What the viewer may see follows the disputes list:
 * a manager only their locations' disputes; the owner also disputes of charges that are none of our sales.
 */
import type { DisputeDayFigures, ExportQuery, ReconciliationDifference } from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { DisputeRecord } from '../../db/repositories/disputes.repo.ts';
import type { Location } from '../../db/repositories/locations.repo.ts';
import { buildDisputesCsv, disputeDayFigures } from '../../domain/dispute-figures.ts';
import { reconcileDisputes } from '../../domain/dispute-reconciliation.ts';
import {
  addDays,
  type BoundsMs,
  checkLocalDateRange,
  isValidLocalDate,
  type LocalDate,
  localDayOf,
  MAX_RANGE_DAYS,
  unionRangeBoundsMs,
} from '../../domain/local-day.ts';
import { invalidRequest } from '../../errors.ts';
import type { Clock } from '../../runtime.ts';
import type { DisputesGateway } from '../../stripe/disputes.port.ts';
import type { CreatedWindow } from '../../stripe/reporting.port.ts';
import { locationsInScope, type MerchantViewer } from '../merchant-access.ts';
import { moneyOfDisputes } from './dispute-views.ts';

/** Which disputes of the viewer's account a report about `locations` covers. */
function scopeFilter(viewer: MerchantViewer, locations: readonly Location[], locationId: string | undefined) {
  const ids = new Set(locations.map((location) => location.id));
  const wholeAccount = viewer.kind !== 'manager' && (locationId === undefined || locationId === 'all');
  return (dispute: { locationId: string | null }) =>
    dispute.locationId === null ? wholeAccount : ids.has(dispute.locationId);
}

function zones(locations: readonly Location[]) {
  const byId = new Map(locations.map((location) => [location.id, location.timeZone]));
  const fallback = locations[0]?.timeZone ?? 'UTC';
  return (locationId: string | null) => (locationId === null ? fallback : (byId.get(locationId) ?? fallback));
}

function windowOf(from: LocalDate, to: LocalDate, locations: readonly Location[]): BoundsMs {
  const timeZones = locations.length > 0 ? locations.map((location) => location.timeZone) : ['UTC'];
  return unionRangeBoundsMs({ from, to }, timeZones);
}

export function createDisputeReports({
  database,
  disputes,
  clock,
}: {
  database: Database;
  disputes: DisputesGateway;
  clock: Clock;
}) {
  const { repos } = database;

  return {
    /** A local day's dispute figures (per currency) for the daily summary. */
    async dayFigures(
      viewer: MerchantViewer,
      locationId: string | undefined,
      date: LocalDate,
    ): Promise<DisputeDayFigures[]> {
      const locations = locationsInScope(viewer, locationId);
      const inScope = scopeFilter(viewer, locations, locationId);
      const window = windowOf(date, date, locations);
      const [records, transactions] = await Promise.all([
        repos.disputes.openedOrClosedInWindow(viewer.account.id, window.startMs, window.endMs),
        repos.disputes.transactionsInWindow(viewer.account.id, window.startMs, window.endMs),
      ]);
      return disputeDayFigures({
        date,
        zoneOf: zones(viewer.locations),
        disputes: records.filter(inScope).map((dispute) => ({
          id: dispute.id,
          currency: dispute.currency,
          amountMinor: dispute.amountMinor,
          locationId: dispute.locationId,
          status: dispute.status,
          openedAtMs: dispute.stripeCreatedAtMs,
          closedAtMs: dispute.closedAtMs,
        })),
        transactions: transactions.filter(inScope).map((transaction) => ({
          ...transaction,
          createdAtMs: transaction.stripeCreatedAtMs,
        })),
      });
    },

    /** Disputes opened in a range of local dates (default: the last 30 days), one row each. */
    async disputesCsv(
      viewer: MerchantViewer,
      query: ExportQuery,
    ): Promise<{ fileName: string; body: string }> {
      const locations = locationsInScope(viewer, query.locationId);
      for (const [name, value] of [
        ['from', query.from],
        ['to', query.to],
      ] as const) {
        if (value !== undefined && !isValidLocalDate(value)) {
          throw invalidRequest(`${name} is not a real date (YYYY-MM-DD): ${value}`);
        }
      }
      const to = query.to ?? localDayOf(clock.nowMs(), locations[0]?.timeZone ?? 'UTC');
      const from = query.from ?? addDays(to, -29);
      const check = checkLocalDateRange({ from, to }, MAX_RANGE_DAYS);
      if (!check.ok) throw invalidRequest(check.reason);
      const inScope = scopeFilter(viewer, locations, query.locationId);
      const zoneOf = zones(viewer.locations);
      const window = windowOf(from, to, locations);
      const opened = (
        await repos.disputes.openedOrClosedInWindow(viewer.account.id, window.startMs, window.endMs)
      )
        .filter(inScope)
        .filter((dispute) => {
          const day = localDayOf(dispute.stripeCreatedAtMs, zoneOf(dispute.locationId));
          return day >= from && day <= to;
        });
      const money = await moneyOfDisputes(repos, opened);
      const rows = opened.map((dispute: DisputeRecord) => ({
        ...dispute,
        openedAtMs: dispute.stripeCreatedAtMs,
        money: money.get(dispute.id) ?? { withdrawnMinor: 0, reinstatedMinor: 0, feesMinor: 0, netMinor: 0 },
        timeZone: zoneOf(dispute.locationId),
      }));
      const fileName = `disputes-${from === to ? from : `${from}-to-${to}`}.csv`;
      return { fileName, body: buildDisputesCsv(rows, { byteOrderMark: true }) };
    },

    /**
     * The dispute half of a day's reconciliation: Stripe's dispute balance transactions in `window` against
     * ours. `saleOfCharge` names our sale of a captured charge of the day's sales.
     */
    async reconcile(
      viewer: MerchantViewer,
      locations: readonly Location[],
      locationId: string | undefined,
      period: BoundsMs,
      padded: BoundsMs,
    ): Promise<{ differences: ReconciliationDifference[]; stripeCount: number }> {
      const inScope = scopeFilter(viewer, locations, locationId);
      const window: CreatedWindow = {
        gteSeconds: Math.floor(padded.startMs / 1000),
        ltSeconds: Math.ceil(padded.endMs / 1000),
      };
      const account = {
        stripeAccountId: viewer.account.stripeAccountId,
        chargeType: viewer.account.chargeType,
      };
      const [stripe, ours] = await Promise.all([
        disputes.listDisputeTransactions(account, window),
        repos.disputes.transactionsInWindow(viewer.account.id, padded.startMs, padded.endMs),
      ]);
      const disputeIds = [...new Set([...stripe.map((t) => t.disputeId), ...ours.map((t) => t.disputeId)])];
      const known = new Map<string, DisputeRecord>();
      for (const disputeId of disputeIds) {
        const record = await repos.disputes.find(disputeId);
        if (record && record.accountId === viewer.account.id) known.set(disputeId, record);
      }
      // Keep other locations' disputes out of a one-location view (a dispute we do not know stays in the
      // owner's whole-account view only).
      const visible = (disputeId: string) => {
        const record = known.get(disputeId);
        return inScope({ locationId: record?.locationId ?? null });
      };
      const saleIdsOfCharges = await repos.reports.saleIdsOfStripeObjects(
        viewer.account.id,
        stripe.map((transaction) => transaction.chargeId),
      );
      const result = reconcileDisputes({
        period,
        stripe: stripe.filter((transaction) => visible(transaction.disputeId)),
        recorded: ours
          .filter((transaction) => visible(transaction.disputeId))
          .map((transaction) => ({ ...transaction, createdMs: transaction.stripeCreatedAtMs })),
        saleOfCharge: (chargeId) => saleIdsOfCharges.get(chargeId) ?? null,
        saleOfDispute: (disputeId) => known.get(disputeId)?.saleId ?? null,
      });
      return {
        differences: result.differences,
        stripeCount: stripe.filter((transaction) => visible(transaction.disputeId)).length,
      };
    },
  };
}

export type DisputeReports = ReturnType<typeof createDisputeReports>;
