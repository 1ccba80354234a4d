/**
 * Merchant reports: reads our sales and refunds for the viewer's locations, maps the rows to the pure
 * domain's inputs and calls it — the daily summary with its comparison, ranges, the day-by-day series,
 * the sales list and a sale's detail, CSV exports, uncaptured authorizations — and, through the reporting
 * gateway, Stripe's side: recording each captured sale's Stripe processing fee from its balance
 * transaction, the balance and payouts, and the reconciliation of a day against Stripe's objects.
 * Days are local days in each location's time zone (`domain/local-day.ts`).
 */
import type {
  AuthorizationsResponse,
  BalanceResponse,
  DailySummaryQuery,
  DailySummaryResponse,
  ExportQuery,
  MerchantContextResponse,
  MerchantRefund,
  MerchantSaleDetail,
  MerchantSaleSummary,
  PayoutDetailResponse,
  RangeSummaryQuery,
  RangeSummaryResponse,
  ReconciliationQuery,
  ReconciliationResponse,
  SalesPageResponse,
  SalesSearchQuery,
  SeriesQuery,
  SeriesResponse,
} from '@countertop/shared';
import type { Location } from '../db/locations.repo.ts';
import type { PaymentsRepo } from '../db/payments.repo.ts';
import {
  decodeSalesCursor,
  encodeSalesCursor,
  type JournalRefund,
  type ReportSale,
  type ReportsRepo,
} from '../db/reports.repo.ts';
import type { FoundationRepos } from '../db/repos.ts';
import type { SalesRepo } from '../db/sales.repo.ts';
import { buildDailySummaryCsv, buildRefundsCsv, buildSalesCsv, csvFileName } from '../domain/csv.ts';
import {
  addDays,
  type BoundsMs,
  checkLocalDateRange,
  dayBoundsMs,
  formatLocalDateTime,
  isValidLocalDate,
  type LocalDate,
  type LocalDateRange,
  localDayOf,
  MAX_RANGE_DAYS,
  monthBounds,
  sameWeekdayLastWeek,
  unionRangeBoundsMs,
  weekBounds,
} from '../domain/local-day.ts';
import {
  reconcile,
  recordedSalesFrom,
  type StripeBalanceTransactionLike,
  stripeProcessingFeeOf,
} from '../domain/reconciliation.ts';
import {
  type RefundRecord,
  type SaleRecord,
  summarizeDailySeries,
  summarizeDayWithComparison,
  summarizeSales,
} from '../domain/sales-summary.ts';
import { conflict, invalidRequest, notFound } from '../errors.ts';
import type { Clock, Logger } from '../runtime.ts';
import { type AccountContext, isGatewayError } from '../stripe/gateway.ts';
import type { ReportingGateway } from '../stripe/reporting.ts';
import { locationsInScope, type MerchantViewer } from './merchant-access.ts';
import { buildReceiptView, renderReceiptHtml } from './receipts.service.ts';

export interface ReportsServiceDeps {
  repos: FoundationRepos & { reports: ReportsRepo; sales: SalesRepo; payments: PaymentsRepo };
  reporting: ReportingGateway;
  clock: Clock;
  log: Logger;
}

/** Reconciliation looks one hour either side of the day, so edge-of-day objects still match. */
const EDGE_MS = 3_600_000;
/** A card-present authorization we have no Stripe deadline for is assumed to expire 2 days after it. */
const ESTIMATED_AUTHORIZATION_MS = 2 * 86_400_000;
/** Authorizations with less than this left are flagged. */
const NEAR_DEADLINE_MS = 24 * 3_600_000;
/** Sales list default: the last 30 days. */
const DEFAULT_LIST_DAYS = 30;

export interface CsvFile {
  fileName: string;
  body: string;
}

export function accountContextOf(viewer: MerchantViewer): AccountContext {
  return { stripeAccountId: viewer.account.stripeAccountId, chargeType: viewer.account.chargeType };
}

export function toSaleRecord(sale: ReportSale): SaleRecord {
  return {
    id: sale.id,
    locationId: sale.locationId,
    status: sale.status,
    currency: sale.currency,
    subtotalMinor: sale.subtotalMinor,
    discountMinor: 0,
    taxMinor: sale.taxMinor,
    tipMinor: sale.tipMinor,
    totalMinor: sale.totalMinor,
    applicationFeeMinor: sale.applicationFeeMinor,
    stripeFeeMinor: sale.stripeFeeMinor,
    createdAtMs: sale.createdAtMs,
    staffId: sale.staffId,
    cardBrand: sale.cardBrand,
    readMethod: sale.readMethod,
    paymentIntentId: sale.paymentIntentId,
    lines: sale.lines.map((line) => ({
      itemId: line.productId,
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      amountMinor: line.amountMinor,
    })),
  };
}

export function toRefundRecord(refund: JournalRefund): RefundRecord {
  return {
    id: refund.id,
    saleId: refund.saleId,
    locationId: refund.locationId,
    currency: refund.currency,
    amountMinor: refund.amountMinor,
    applicationFeeRefundedMinor: refund.applicationFeeRefundedMinor,
    status: refund.status,
    createdAtMs: refund.createdAtMs,
    stripeRefundId: refund.stripeRefundId,
    reason: refund.reason,
  };
}

function timeZonesOf(locations: readonly Location[]): Record<string, string> {
  return Object.fromEntries(locations.map((location) => [location.id, location.timeZone]));
}

function requireDate(text: string, name: string): LocalDate {
  if (!isValidLocalDate(text)) throw invalidRequest(`${name} is not a real date (YYYY-MM-DD): ${text}`);
  return text;
}

function checkRange(range: LocalDateRange): LocalDateRange {
  const check = checkLocalDateRange(range, MAX_RANGE_DAYS);
  if (!check.ok) throw invalidRequest(check.reason);
  return range;
}

export function createReportsService(deps: ReportsServiceDeps) {
  const { repos, reporting, clock, log } = deps;
  const reports = repos.reports;

  /** Today in the zone of the first location in scope (the one a single-location view is about). */
  function today(locations: readonly Location[]): LocalDate {
    const zone = locations[0]?.timeZone ?? 'UTC';
    return localDayOf(clock.nowMs(), zone);
  }

  function windowOf(range: LocalDateRange, locations: readonly Location[]): BoundsMs {
    // An account with no locations yet has no sales; any zone gives the same (empty) answer.
    const zones = locations.length > 0 ? locations.map((location) => location.timeZone) : ['UTC'];
    return unionRangeBoundsMs(range, zones);
  }

  function rows(viewer: MerchantViewer, locations: readonly Location[], window: BoundsMs) {
    const ids = locations.map((location) => location.id);
    const sales = reports.salesInWindow(viewer.account.id, ids, window.startMs, window.endMs);
    const refunds = reports.refundsInWindow(viewer.account.id, ids, window.startMs, window.endMs);
    return { sales: sales.map(toSaleRecord), refunds: refunds.map(toRefundRecord) };
  }

  /**
   * Records Stripe's processing fee for captured sales in the window that lack it, from the account's
   * balance transactions (one listing, not a call per sale). Best effort: a Stripe failure is logged and
   * the figures say how many fees are still unknown.
   */
  async function recordStripeFees(viewer: MerchantViewer, window: BoundsMs): Promise<void> {
    const missing = reports.salesMissingStripeFee(viewer.account.id, window.startMs, window.endMs);
    if (missing.length === 0) return;
    const nowMs = clock.nowMs();
    const untilMs = Math.max(window.startMs + 1000, Math.min(nowMs + EDGE_MS, window.endMs + 2 * 86_400_000));
    let transactions: StripeBalanceTransactionLike[];
    try {
      transactions = await reporting.listBalanceTransactions(accountContextOf(viewer), {
        gteSeconds: Math.floor((window.startMs - EDGE_MS) / 1000),
        ltSeconds: Math.ceil(untilMs / 1000),
      });
    } catch (error) {
      log(`reports: could not read balance transactions for ${viewer.account.id}: ${String(error)}`);
      return;
    }
    const bySource = new Map(
      transactions.flatMap((transaction) =>
        transaction.source === null ? [] : [[transaction.source, transaction] as const],
      ),
    );
    for (const sale of missing) {
      const transaction = sale.chargeId === null ? undefined : bySource.get(sale.chargeId);
      if (transaction === undefined) continue;
      reports.recordStripeFee(sale.id, stripeProcessingFeeOf(transaction), transaction.id);
    }
  }

  function saleSummaryOf(
    sale: ReportSale,
    timeZone: string,
    staffNames: Map<string, string>,
    refundedMinor: number,
  ): MerchantSaleSummary {
    return {
      id: sale.id,
      status: sale.status,
      currency: sale.currency,
      totalMinor: sale.totalMinor,
      tipMinor: sale.tipMinor,
      refundedMinor,
      createdAt: new Date(sale.createdAtMs).toISOString(),
      localTime: formatLocalDateTime(sale.createdAtMs, timeZone),
      locationId: sale.locationId,
      staffId: sale.staffId,
      staffName: staffNames.get(sale.staffId) ?? sale.staffId,
      card:
        sale.cardBrand && sale.cardLast4
          ? { brand: sale.cardBrand, last4: sale.cardLast4, readMethod: sale.readMethod }
          : null,
      itemsSummary: sale.lines.map((line) => `${line.quantity} × ${line.description}`).join(', '),
    };
  }

  function refundView(refund: JournalRefund, timeZone: string): MerchantRefund {
    return {
      id: refund.id,
      saleId: refund.saleId,
      amountMinor: refund.amountMinor,
      applicationFeeRefundedMinor: refund.applicationFeeRefundedMinor,
      currency: refund.currency,
      reason: refund.reason,
      status: refund.status,
      stripeRefundId: refund.stripeRefundId,
      requestedBy: refund.requestedByLabel,
      failureMessage: refund.failureMessage,
      createdAt: new Date(refund.createdAtMs).toISOString(),
      localTime: formatLocalDateTime(refund.createdAtMs, timeZone),
    };
  }

  /** The sale if the viewer may see it (its location is in scope), else 404 sale_not_found. */
  function visibleSale(viewer: MerchantViewer, saleId: string): { sale: ReportSale; location: Location } {
    const sale = reports.findSale(saleId);
    const location = sale && viewer.locations.find((candidate) => candidate.id === sale.locationId);
    if (!sale || sale.accountId !== viewer.account.id || !location) {
      throw notFound('sale_not_found', 'No such sale.');
    }
    return { sale, location };
  }

  function exportRange(query: ExportQuery, locations: readonly Location[]): LocalDateRange {
    const day = today(locations);
    const from = query.from === undefined ? (query.to ?? day) : requireDate(query.from, 'from');
    const to = query.to === undefined ? from : requireDate(query.to, 'to');
    return checkRange({ from, to });
  }

  return {
    context(viewer: MerchantViewer): MerchantContextResponse {
      const nowMs = clock.nowMs();
      return {
        viewer: { kind: viewer.kind, name: viewer.name, canRefund: viewer.kind !== 'support' },
        account: {
          id: viewer.account.id,
          businessName: viewer.account.businessName,
          currency: viewer.account.currency,
        },
        locations: viewer.locations.map((location) => ({
          id: location.id,
          name: location.name,
          timeZone: location.timeZone,
        })),
        staff: [...reports.staffNames(viewer.account.id)].map(([id, displayName]) => ({ id, displayName })),
        todayByLocation: Object.fromEntries(
          viewer.locations.map((location) => [location.id, localDayOf(nowMs, location.timeZone)]),
        ),
      };
    },

    async dailySummary(viewer: MerchantViewer, query: DailySummaryQuery): Promise<DailySummaryResponse> {
      const locations = locationsInScope(viewer, query.locationId);
      const date = query.date === undefined ? today(locations) : requireDate(query.date, 'date');
      const comparedWith = sameWeekdayLastWeek(date);
      await recordStripeFees(viewer, windowOf({ from: comparedWith, to: date }, locations));
      // The two days only, not the week between them (a busy merchant's week is 7× the rows).
      const day = rows(viewer, locations, windowOf({ from: date, to: date }, locations));
      const weekBefore = rows(
        viewer,
        locations,
        windowOf({ from: comparedWith, to: comparedWith }, locations),
      );
      const daily = summarizeDayWithComparison({
        date,
        timeZoneByLocation: timeZonesOf(locations),
        sales: [...weekBefore.sales, ...day.sales],
        refunds: [...weekBefore.refunds, ...day.refunds],
      });
      return { ...daily, locationId: query.locationId ?? null };
    },

    async rangeSummary(viewer: MerchantViewer, query: RangeSummaryQuery): Promise<RangeSummaryResponse> {
      const locations = locationsInScope(viewer, query.locationId);
      const zone = locations[0]?.timeZone ?? 'UTC';
      const date = query.date === undefined ? today(locations) : requireDate(query.date, 'date');
      let range: LocalDateRange;
      if (query.period === 'week') range = weekBounds(date, zone);
      else if (query.period === 'month') range = monthBounds(date, zone);
      else if (query.period === 'custom') {
        if (query.from === undefined || query.to === undefined) {
          throw invalidRequest('A custom range needs both from and to.');
        }
        range = checkRange({ from: requireDate(query.from, 'from'), to: requireDate(query.to, 'to') });
      } else range = { from: date, to: date };
      range = { from: range.from, to: range.to };
      const window = windowOf(range, locations);
      await recordStripeFees(viewer, window);
      const summary = summarizeSales({
        range,
        timeZoneByLocation: timeZonesOf(locations),
        ...rows(viewer, locations, window),
      });
      return { locationId: query.locationId ?? null, summary };
    },

    async series(viewer: MerchantViewer, query: SeriesQuery): Promise<SeriesResponse> {
      const locations = locationsInScope(viewer, query.locationId);
      const to = query.date === undefined ? today(locations) : requireDate(query.date, 'date');
      const range = checkRange({ from: addDays(to, -(query.days - 1)), to });
      const window = windowOf(range, locations);
      await recordStripeFees(viewer, window);
      const series = summarizeDailySeries({
        range,
        timeZoneByLocation: timeZonesOf(locations),
        ...rows(viewer, locations, window),
      });
      return { locationId: query.locationId ?? null, range, series };
    },

    listSales(viewer: MerchantViewer, query: SalesSearchQuery): SalesPageResponse {
      const locations = locationsInScope(viewer, query.locationId);
      const to = query.to === undefined ? today(locations) : requireDate(query.to, 'to');
      const from =
        query.from === undefined ? addDays(to, -(DEFAULT_LIST_DAYS - 1)) : requireDate(query.from, 'from');
      const range = checkRange({ from, to });
      const window = windowOf(range, locations);
      const after = query.cursor === undefined ? undefined : decodeSalesCursor(query.cursor);
      if (after === null) throw invalidRequest('cursor is not one this server issued.');
      const page = reports.searchSales({
        accountId: viewer.account.id,
        locationIds: locations.map((location) => location.id),
        startMs: window.startMs,
        endMs: window.endMs,
        status: query.status,
        staffId: query.staffId,
        last4: query.last4,
        amountMinor: query.amountMinor,
        after,
        limit: query.limit,
      });
      const zones = timeZonesOf(locations);
      const staffNames = reports.staffNames(viewer.account.id);
      const refunded = reports.refundedTotals(page.sales.map((sale) => sale.id));
      const last = page.sales.at(-1);
      return {
        sales: page.sales.map((sale) =>
          saleSummaryOf(sale, zones[sale.locationId] ?? 'UTC', staffNames, refunded.get(sale.id) ?? 0),
        ),
        nextCursor:
          page.hasMore && last ? encodeSalesCursor({ createdAtMs: last.createdAtMs, id: last.id }) : null,
      };
    },

    async saleDetail(viewer: MerchantViewer, saleId: string): Promise<MerchantSaleDetail> {
      const visible = visibleSale(viewer, saleId);
      let sale = visible.sale;
      if (sale.stripeFeeMinor === null && sale.chargeId !== null) {
        await recordStripeFees(viewer, { startMs: sale.createdAtMs, endMs: sale.createdAtMs + 1 });
        sale = reports.findSale(saleId) ?? sale;
      }
      return this.detailOf(viewer, sale.id);
    },

    /** The sale's detail from our records only (no Stripe call). */
    detailOf(viewer: MerchantViewer, saleId: string): MerchantSaleDetail {
      const { sale, location } = visibleSale(viewer, saleId);
      const full = repos.sales.findById(saleId);
      const refunds = reports.refundsOfSales([saleId]);
      const refundedMinor = refunds
        .filter((refund) => refund.status === 'pending' || refund.status === 'succeeded')
        .reduce((sum, refund) => sum + refund.amountMinor, 0);
      const captured = sale.status === 'succeeded' || sale.status === 'partially_refunded';
      const staffNames = reports.staffNames(viewer.account.id);
      return {
        ...saleSummaryOf(sale, location.timeZone, staffNames, refundedMinor),
        locationName: location.name,
        timeZone: location.timeZone,
        description: full?.description ?? null,
        lines: sale.lines.map((line) => ({
          description: line.description,
          quantity: line.quantity,
          unitPriceMinor: line.unitPriceMinor,
          amountMinor: line.amountMinor,
        })),
        subtotalMinor: sale.subtotalMinor,
        taxMinor: sale.taxMinor,
        applicationFeeMinor: sale.applicationFeeMinor,
        stripeFeeMinor: sale.stripeFeeMinor,
        refundableMinor: captured ? Math.max(0, sale.totalMinor - refundedMinor) : 0,
        paymentIntentId: sale.paymentIntentId,
        chargeId: sale.chargeId,
        balanceTransactionId: sale.balanceTransactionId,
        paymentMethodType: full?.cardDetails?.type ?? null,
        attempts: repos.payments.listBySale(saleId).map((attempt) => ({
          id: attempt.id,
          status: attempt.status,
          integration: attempt.integration,
          readerId: attempt.readerId,
          paymentIntentId: attempt.paymentIntentId,
          errorCode: attempt.errorCode,
          declineCode: attempt.declineCode,
          errorMessage: attempt.errorMessage,
          createdAt: new Date(attempt.createdAtMs).toISOString(),
        })),
        refunds: refunds.map((refund) => refundView(refund, location.timeZone)),
        receiptUrl: `/api/merchant/sales/${encodeURIComponent(sale.id)}/receipt`,
      };
    },

    /** The printable receipt of a paid sale (the counter's receipt, for the merchant's records). */
    receiptHtml(viewer: MerchantViewer, saleId: string): string {
      const { location } = visibleSale(viewer, saleId);
      const full = repos.sales.findById(saleId);
      if (!full) throw notFound('sale_not_found', 'No such sale.');
      if (!['succeeded', 'partially_refunded', 'refunded'].includes(full.status)) {
        throw conflict('conflict', 'A receipt is available once the sale is paid.');
      }
      return renderReceiptHtml(buildReceiptView(full, viewer.account.businessName, location));
    },

    async salesCsv(viewer: MerchantViewer, query: ExportQuery): Promise<CsvFile> {
      const locations = locationsInScope(viewer, query.locationId);
      const range = exportRange(query, locations);
      const window = windowOf(range, locations);
      await recordStripeFees(viewer, window);
      const zones = timeZonesOf(locations);
      const sales = reports
        .salesInWindow(
          viewer.account.id,
          locations.map((location) => location.id),
          window.startMs,
          window.endMs,
        )
        .filter((sale) => {
          const date = localDayOf(sale.createdAtMs, zones[sale.locationId] ?? 'UTC');
          return date >= range.from && date <= range.to;
        })
        .map(toSaleRecord);
      return {
        fileName: csvFileName('sales', range),
        body: buildSalesCsv(sales, zones, { byteOrderMark: true }),
      };
    },

    refundsCsv(viewer: MerchantViewer, query: ExportQuery): CsvFile {
      const locations = locationsInScope(viewer, query.locationId);
      const range = exportRange(query, locations);
      const window = windowOf(range, locations);
      const zones = timeZonesOf(locations);
      const refunds = reports
        .refundsInWindow(
          viewer.account.id,
          locations.map((location) => location.id),
          window.startMs,
          window.endMs,
        )
        .filter((refund) => {
          const date = localDayOf(refund.createdAtMs, zones[refund.locationId] ?? 'UTC');
          return date >= range.from && date <= range.to;
        })
        .map(toRefundRecord);
      return {
        fileName: csvFileName('refunds', range),
        body: buildRefundsCsv(refunds, zones, { byteOrderMark: true }),
      };
    },

    async dailySummaryCsv(viewer: MerchantViewer, query: ExportQuery): Promise<CsvFile> {
      const locations = locationsInScope(viewer, query.locationId);
      const range = exportRange(query, locations);
      const window = windowOf(range, locations);
      await recordStripeFees(viewer, window);
      const series = summarizeDailySeries({
        range,
        timeZoneByLocation: timeZonesOf(locations),
        ...rows(viewer, locations, window),
      });
      return {
        fileName: csvFileName('daily-summary', range),
        body: buildDailySummaryCsv(series, { byteOrderMark: true }),
      };
    },

    /** Authorised, never captured sales; those with under 24 h before Stripe releases the hold are flagged. */
    async authorizations(
      viewer: MerchantViewer,
      query: { locationId?: string | undefined },
    ): Promise<AuthorizationsResponse> {
      const locations = locationsInScope(viewer, query.locationId);
      const sales = reports.uncapturedSales(
        viewer.account.id,
        locations.map((location) => location.id),
      );
      const nowMs = clock.nowMs();
      const authorizations = await Promise.all(
        sales.map(async (sale) => {
          let captureBeforeMs: number | null = null;
          if (sale.chargeId !== null) {
            try {
              const charge = await reporting.retrieveCharge(accountContextOf(viewer), sale.chargeId);
              captureBeforeMs = charge.captureBefore === null ? null : charge.captureBefore * 1000;
            } catch (error) {
              log(`reports: could not read charge ${sale.chargeId}: ${String(error)}`);
            }
          }
          const deadlineMs = captureBeforeMs ?? sale.createdAtMs + ESTIMATED_AUTHORIZATION_MS;
          return {
            saleId: sale.id,
            locationId: sale.locationId,
            currency: sale.currency,
            amountMinor: sale.totalMinor,
            createdAt: new Date(sale.createdAtMs).toISOString(),
            paymentIntentId: sale.paymentIntentId,
            captureBefore: new Date(deadlineMs).toISOString(),
            captureBeforeSource: captureBeforeMs === null ? ('estimate' as const) : ('stripe' as const),
            nearDeadline: deadlineMs - nowMs < NEAR_DEADLINE_MS,
          };
        }),
      );
      return { authorizations };
    },

    /** A payout and what it contains (charges, refunds, fees), each tied to our sale where it is one. */
    async payoutDetail(viewer: MerchantViewer, payoutId: string): Promise<PayoutDetailResponse> {
      const stripeAccountId = viewer.account.stripeAccountId;
      let payout: Awaited<ReturnType<ReportingGateway['retrievePayout']>>;
      try {
        payout = await reporting.retrievePayout(stripeAccountId, payoutId);
      } catch (error) {
        if (isGatewayError(error) && error.code === 'not_found')
          throw notFound('not_found', 'No such payout.');
        throw error;
      }
      const transactions = await reporting.listPayoutTransactions(stripeAccountId, payoutId);
      const saleIds = reports.saleIdsOfStripeObjects(
        viewer.account.id,
        transactions.flatMap((transaction) => (transaction.source === null ? [] : [transaction.source])),
      );
      return {
        payout: {
          id: payout.id,
          amountMinor: payout.amountMinor,
          currency: payout.currency,
          status: payout.status,
          arrivalDate: new Date(payout.arrivalDate * 1000).toISOString(),
          created: new Date(payout.created * 1000).toISOString(),
          method: payout.method,
          transactionCount: transactions.length,
        },
        transactions: transactions.map((transaction) => ({
          id: transaction.id,
          type: transaction.type,
          amountMinor: transaction.amount,
          feeMinor: transaction.fee,
          netMinor: transaction.net,
          currency: transaction.currency,
          source: transaction.source,
          saleId: transaction.source === null ? null : (saleIds.get(transaction.source) ?? null),
        })),
      };
    },

    async balance(viewer: MerchantViewer): Promise<BalanceResponse> {
      const stripeAccountId = viewer.account.stripeAccountId;
      const [balance, schedule, payouts] = await Promise.all([
        reporting.retrieveBalance(stripeAccountId),
        reporting.retrievePayoutSchedule(stripeAccountId),
        reporting.listPayouts(stripeAccountId, 20),
      ]);
      const counted = await Promise.all(
        payouts.map(async (payout) => {
          try {
            return await reporting.countPayoutTransactions(stripeAccountId, payout.id);
          } catch {
            return null;
          }
        }),
      );
      return {
        available: balance.available,
        pending: balance.pending,
        schedule,
        payouts: payouts.map((payout, index) => ({
          id: payout.id,
          amountMinor: payout.amountMinor,
          currency: payout.currency,
          status: payout.status,
          arrivalDate: new Date(payout.arrivalDate * 1000).toISOString(),
          created: new Date(payout.created * 1000).toISOString(),
          method: payout.method,
          transactionCount: counted[index] ?? null,
        })),
      };
    },

    /**
     * A local day (one location, or all in scope) reconciled against Stripe's charges, refunds,
     * application fees and balance transactions created within the day ± 1 hour.
     */
    async reconciliation(
      viewer: MerchantViewer,
      query: ReconciliationQuery,
    ): Promise<ReconciliationResponse> {
      const locations = locationsInScope(viewer, query.locationId);
      const date = query.date === undefined ? today(locations) : requireDate(query.date, 'date');
      const period =
        locations.length === 1 && locations[0]
          ? dayBoundsMs(date, locations[0].timeZone)
          : windowOf({ from: date, to: date }, locations);
      await recordStripeFees(viewer, period);
      const padded = { startMs: period.startMs - EDGE_MS, endMs: period.endMs + EDGE_MS };
      const locationIds = locations.map((location) => location.id);
      const ours = reports.salesInWindow(viewer.account.id, locationIds, padded.startMs, padded.endMs);
      const refundsInDay = reports.refundsInWindow(
        viewer.account.id,
        locationIds,
        padded.startMs,
        padded.endMs,
      );
      const allRefundsOfSales = reports.refundsOfSales(ours.map((sale) => sale.id));
      const refundSaleIds = [...new Set(refundsInDay.map((refund) => refund.saleId))].filter(
        (saleId) => !ours.some((sale) => sale.id === saleId),
      );
      const refundedSales = refundSaleIds.flatMap((saleId) => reports.findSale(saleId) ?? []);
      const saleRecords = [...ours, ...refundedSales].map(toSaleRecord);
      const refundRecords = [
        ...new Map(
          [...allRefundsOfSales, ...refundsInDay, ...reports.refundsOfSales(refundSaleIds)].map((refund) => [
            refund.id,
            toRefundRecord(refund),
          ]),
        ).values(),
      ];

      const account = accountContextOf(viewer);
      const window = {
        gteSeconds: Math.floor(padded.startMs / 1000),
        ltSeconds: Math.ceil(padded.endMs / 1000),
      };
      const [charges, refunds, applicationFees, balanceTransactions] = await Promise.all([
        reporting.listCharges(account, window),
        reporting.listRefunds(account, window),
        reporting.listApplicationFees(account, window),
        reporting.listBalanceTransactions(account, window),
      ]);
      // Keep Stripe objects of sales at other locations of this account out of a one-location view.
      const otherLocationSaleIds = new Set<string>();
      if (query.locationId !== undefined && query.locationId !== 'all') {
        for (const charge of charges) {
          const saleId = charge.metadata.sale_id;
          if (saleId === undefined) continue;
          const sale = reports.findSale(saleId);
          if (sale && sale.accountId === viewer.account.id && !locationIds.includes(sale.locationId)) {
            otherLocationSaleIds.add(saleId);
          }
        }
      }
      const droppedCharges = new Set(
        charges
          .filter((charge) => otherLocationSaleIds.has(charge.metadata.sale_id ?? ''))
          .map((charge) => charge.id),
      );
      const stripe = {
        charges: charges.filter((charge) => !droppedCharges.has(charge.id)),
        refunds: refunds.filter((refund) => refund.charge === null || !droppedCharges.has(refund.charge)),
        applicationFees: applicationFees.filter((fee) => !droppedCharges.has(fee.charge)),
        balanceTransactions: balanceTransactions.filter(
          (transaction) => transaction.source === null || !droppedCharges.has(transaction.source),
        ),
      };
      const result = reconcile({
        period,
        sales: recordedSalesFrom(saleRecords, refundRecords),
        refunds: refundRecords,
        stripe,
      });
      return {
        date,
        locationId: query.locationId ?? null,
        differences: result.differences,
        matchedSalesCount: result.matchedSalesCount,
        matchedRefundsCount: result.matchedRefundsCount,
        stripeObjects: {
          charges: stripe.charges.length,
          refunds: stripe.refunds.length,
          applicationFees: stripe.applicationFees.length,
          balanceTransactions: stripe.balanceTransactions.length,
        },
      };
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
