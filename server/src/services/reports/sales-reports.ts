/**
 * Merchant reports from our own database only (no Stripe call in a request): the daily summary with its
 * comparison, ranges, the day-by-day series, the sales list and a sale's detail, the receipt, and the CSV
 * exports. Stripe's processing fee of a sale is whatever the fee backfill job has recorded so far; the
 * summaries count the sales whose fee is not known yet (`stripeFeesUnknownCount`), so a merchant sees how
 * complete the fee figures are.
 */
import type {
  DailySummaryQuery,
  DailySummaryResponse,
  ExportQuery,
  MerchantContextResponse,
  MerchantRefund,
  MerchantSaleDetail,
  MerchantSaleSummary,
  RangeSummaryQuery,
  RangeSummaryResponse,
  SalesPageResponse,
  SalesSearchQuery,
  SeriesQuery,
  SeriesResponse,
} from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { Location } from '../../db/repositories/locations.repo.ts';
import {
  decodeSalesCursor,
  encodeSalesCursor,
  type JournalRefund,
  type ReportSale,
} from '../../db/repositories/reports.repo.ts';
import { buildDailySummaryCsv, buildRefundsCsv, buildSalesCsv, csvFileName } from '../../domain/csv.ts';
import {
  addDays,
  formatLocalDateTime,
  type LocalDateRange,
  localDayOf,
  monthBounds,
  sameWeekdayLastWeek,
  weekBounds,
} from '../../domain/local-day.ts';
import {
  summarizeDailySeries,
  summarizeDayWithComparison,
  summarizeSales,
} from '../../domain/sales-summary.ts';
import { conflict, invalidRequest, notFound } from '../../errors.ts';
import type { Clock } from '../../runtime.ts';
import { locationsInScope, type MerchantViewer } from '../merchant-access.ts';
import { buildReceiptView, renderReceiptHtml } from '../receipts.service.ts';
import {
  type CsvFile,
  checkRange,
  type ReportScope,
  requireDate,
  timeZonesOf,
  toRefundRecord,
  toSaleRecord,
} from './scope.ts';

/** Sales list default: the last 30 days. */
const DEFAULT_LIST_DAYS = 30;

const PAID_STATUSES = new Set(['succeeded', 'partially_refunded', 'refunded']);

export function createSalesReports({
  database,
  scope,
  clock,
}: {
  database: Database;
  scope: ReportScope;
  clock: Clock;
}) {
  const { repos } = database;
  const reports = repos.reports;

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
  async function visibleSale(
    viewer: MerchantViewer,
    saleId: string,
  ): Promise<{ sale: ReportSale; location: Location }> {
    const sale = await reports.findSale(saleId);
    const location = sale && viewer.locations.find((candidate) => candidate.id === sale.locationId);
    if (!sale || sale.accountId !== viewer.account.id || !location) {
      throw notFound('sale_not_found', 'No such sale.');
    }
    return { sale, location };
  }

  function exportRange(query: ExportQuery, locations: readonly Location[]): LocalDateRange {
    const day = scope.today(locations);
    const from = query.from === undefined ? (query.to ?? day) : requireDate(query.from, 'from');
    const to = query.to === undefined ? from : requireDate(query.to, 'to');
    return checkRange({ from, to });
  }

  async function seriesOf(viewer: MerchantViewer, locations: readonly Location[], range: LocalDateRange) {
    return summarizeDailySeries({
      range,
      timeZoneByLocation: timeZonesOf(locations),
      ...(await scope.rows(viewer, locations, scope.windowOf(range, locations))),
    });
  }

  return {
    async context(viewer: MerchantViewer): Promise<MerchantContextResponse> {
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
        staff: [...(await reports.staffNames(viewer.account.id))].map(([id, displayName]) => ({
          id,
          displayName,
        })),
        todayByLocation: Object.fromEntries(
          viewer.locations.map((location) => [location.id, localDayOf(nowMs, location.timeZone)]),
        ),
      };
    },

    async dailySummary(viewer: MerchantViewer, query: DailySummaryQuery): Promise<DailySummaryResponse> {
      const locations = locationsInScope(viewer, query.locationId);
      const date = query.date === undefined ? scope.today(locations) : requireDate(query.date, 'date');
      const comparedWith = sameWeekdayLastWeek(date);
      // The two days only, not the week between them (a busy merchant's week is 7× the rows).
      const [day, weekBefore] = await Promise.all([
        scope.rows(viewer, locations, scope.windowOf({ from: date, to: date }, locations)),
        scope.rows(viewer, locations, scope.windowOf({ from: comparedWith, to: comparedWith }, locations)),
      ]);
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
      const date = query.date === undefined ? scope.today(locations) : requireDate(query.date, 'date');
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
      const summary = summarizeSales({
        range,
        timeZoneByLocation: timeZonesOf(locations),
        ...(await scope.rows(viewer, locations, scope.windowOf(range, locations))),
      });
      return { locationId: query.locationId ?? null, summary };
    },

    async series(viewer: MerchantViewer, query: SeriesQuery): Promise<SeriesResponse> {
      const locations = locationsInScope(viewer, query.locationId);
      const to = query.date === undefined ? scope.today(locations) : requireDate(query.date, 'date');
      const range = checkRange({ from: addDays(to, -(query.days - 1)), to });
      return {
        locationId: query.locationId ?? null,
        range,
        series: await seriesOf(viewer, locations, range),
      };
    },

    async listSales(viewer: MerchantViewer, query: SalesSearchQuery): Promise<SalesPageResponse> {
      const locations = locationsInScope(viewer, query.locationId);
      const to = query.to === undefined ? scope.today(locations) : requireDate(query.to, 'to');
      const from =
        query.from === undefined ? addDays(to, -(DEFAULT_LIST_DAYS - 1)) : requireDate(query.from, 'from');
      const range = checkRange({ from, to });
      const window = scope.windowOf(range, locations);
      const after = query.cursor === undefined ? undefined : decodeSalesCursor(query.cursor);
      if (after === null) throw invalidRequest('cursor is not one this server issued.');
      const page = await reports.searchSales({
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
      const [staffNames, refunded] = await Promise.all([
        reports.staffNames(viewer.account.id),
        reports.refundedTotals(page.sales.map((sale) => sale.id)),
      ]);
      const last = page.sales.at(-1);
      return {
        sales: page.sales.map((sale) =>
          saleSummaryOf(sale, zones[sale.locationId] ?? 'UTC', staffNames, refunded.get(sale.id) ?? 0),
        ),
        nextCursor:
          page.hasMore && last ? encodeSalesCursor({ createdAtMs: last.createdAtMs, id: last.id }) : null,
      };
    },

    /** The sale's detail from our records (its refunds, attempts and Stripe fee as recorded). */
    async saleDetail(viewer: MerchantViewer, saleId: string): Promise<MerchantSaleDetail> {
      const { sale, location } = await visibleSale(viewer, saleId);
      const [full, refunds, staffNames, attempts] = await Promise.all([
        repos.sales.findById(saleId),
        reports.refundsOfSales([saleId]),
        reports.staffNames(viewer.account.id),
        repos.payments.listBySale(saleId),
      ]);
      const refundedMinor = refunds
        .filter((refund) => refund.status === 'pending' || refund.status === 'succeeded')
        .reduce((sum, refund) => sum + refund.amountMinor, 0);
      const captured = sale.status === 'succeeded' || sale.status === 'partially_refunded';
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
        attempts: attempts.map((attempt) => ({
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
    async receiptHtml(viewer: MerchantViewer, saleId: string): Promise<string> {
      const { location } = await visibleSale(viewer, saleId);
      const full = await repos.sales.findById(saleId);
      if (!full) throw notFound('sale_not_found', 'No such sale.');
      if (!PAID_STATUSES.has(full.status)) {
        throw conflict('conflict', 'A receipt is available once the sale is paid.');
      }
      return renderReceiptHtml(buildReceiptView(full, viewer.account.businessName, location));
    },

    async salesCsv(viewer: MerchantViewer, query: ExportQuery): Promise<CsvFile> {
      const locations = locationsInScope(viewer, query.locationId);
      const range = exportRange(query, locations);
      const window = scope.windowOf(range, locations);
      const zones = timeZonesOf(locations);
      const inWindow = await reports.salesInWindow(
        viewer.account.id,
        locations.map((location) => location.id),
        window.startMs,
        window.endMs,
      );
      const sales = inWindow
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

    async refundsCsv(viewer: MerchantViewer, query: ExportQuery): Promise<CsvFile> {
      const locations = locationsInScope(viewer, query.locationId);
      const range = exportRange(query, locations);
      const window = scope.windowOf(range, locations);
      const zones = timeZonesOf(locations);
      const inWindow = await reports.refundsInWindow(
        viewer.account.id,
        locations.map((location) => location.id),
        window.startMs,
        window.endMs,
      );
      const refunds = inWindow
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
      return {
        fileName: csvFileName('daily-summary', range),
        body: buildDailySummaryCsv(await seriesOf(viewer, locations, range), { byteOrderMark: true }),
      };
    },
  };
}
