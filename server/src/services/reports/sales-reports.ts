/**
 * Merchant reports from our own database only (no Stripe call in a request): the daily summary with its
 * comparison, ranges, the day-by-day series, the sales list and a sale's detail, the receipt, and the CSV
 * exports. Stripe's processing fee of a sale is whatever the fee backfill job has recorded so far; the
 * summaries count the sales whose fee is not known yet (`stripeFeesUnknownCount`), so a merchant sees how
 * complete the fee figures are.
 */
import {
  type DailySummaryQuery,
  type DailySummaryResponse,
  type ExportQuery,
  type MerchantContextResponse,
  type MerchantRefund,
  type MerchantSaleDetail,
  type MerchantSaleSummary,
  type RangeSummaryQuery,
  type RangeSummaryResponse,
  SALES_FIGURE_DEFINITIONS,
  type SalesPageResponse,
  type SalesSearchQuery,
  type SeriesQuery,
  type SeriesResponse,
} from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { Location } from '../../db/repositories/locations.repo.ts';
import type { JournalRefund } from '../../db/repositories/refunds.repo.ts';
import { decodeSalesCursor, encodeSalesCursor, type ReportSale } from '../../db/repositories/reports.repo.ts';
import { standingView } from '../../domain/account-standing.ts';
import {
  buildDailySummaryCsv,
  buildRefundsCsv,
  buildSalesCsv,
  csvFileName,
  lineText,
} from '../../domain/csv.ts';
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
  addShifts,
  compareSummaries,
  finishSummary,
  type SaleRecord,
  type SalesSummary,
  type SummaryAccumulator,
  summarizeDailySeries,
} from '../../domain/sales-summary.ts';
import { conflict, invalidRequest, notFound } from '../../errors.ts';
import type { Clock } from '../../runtime.ts';
import { paymentsOf, saleView, toApiDiscount, toApiLines } from '../checkout/api-sale.ts';
import {
  canEditWholeCatalog,
  locationsInScope,
  type MerchantViewer,
  requireViewerPermission,
} from '../merchant-access.ts';
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

/** The account's standing for the merchant review (the console's view without its English sentence). */
function merchantStanding(standing: Parameters<typeof standingView>[0]): MerchantContextResponse['standing'] {
  const { text: _text, ...view } = standingView(standing);
  return view;
}

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
  const locationNamesOf = (locations: readonly Location[]) =>
    Object.fromEntries(locations.map((location) => [location.id, location.name]));
  /** Display names of the staff who made these sales (someone since moved elsewhere included). */
  async function staffNamesOf(
    accountId: string,
    locations: readonly Location[],
    staffIds: readonly string[],
  ): Promise<Record<string, string>> {
    const names = await repos.staff.namesAtLocations(
      accountId,
      locations.map((location) => location.id),
    );
    for (const id of new Set(staffIds)) {
      if (names.has(id)) continue;
      const staff = await repos.staff.findById(id);
      if (staff && staff.accountId === accountId) names.set(id, staff.displayName);
    }
    return Object.fromEntries(names);
  }
  const withDefinitions = <T extends object>(summary: T) => ({
    ...summary,
    definitions: { ...SALES_FIGURE_DEFINITIONS },
  });

  function saleSummaryOf(
    sale: ReportSale,
    timeZone: string,
    staffNames: Map<string, string>,
    refundedMinor: number,
    record: SaleRecord,
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
      itemsSummary: record.lines.map(lineText).join(', '),
      receiptNumber: sale.receiptNumber,
      tenderMethods: [
        ...new Set<'card' | 'cash'>(
          (record.payments ?? [{ method: 'card' as const }]).map((payment) => payment.method),
        ),
      ],
      discountMinor: sale.discountMinor,
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

  /**
   * The summaries of several ranges of the same locations, read together: whole past months from the month
   * rollups, other dates from the day rollups, and one read of drawer shifts (a daily summary is its day
   * and last week's: 2 reads, not 4).
   */
  async function summariesOf(
    viewer: MerchantViewer,
    locations: readonly Location[],
    ranges: readonly LocalDateRange[],
  ): Promise<SalesSummary[]> {
    const zones = timeZonesOf(locations);
    const edges = ranges.flatMap((range) => [range.from, range.to]).sort();
    const span = { from: edges[0] ?? '', to: edges.at(-1) ?? '' };
    const [accumulators, shifts] = await Promise.all([
      scope.accumulatorsOfRanges(viewer, locations, ranges),
      scope.shifts(viewer, locations, scope.windowOf(span, locations)),
    ]);
    return ranges.map((range, index) => {
      const total: SummaryAccumulator = accumulators[index] ?? new Map();
      // Shifts of the whole span: each range keeps those closed on its own dates.
      addShifts(total, range, zones, shifts);
      return finishSummary(range, zones, total);
    });
  }

  async function summaryOf(viewer: MerchantViewer, locations: readonly Location[], range: LocalDateRange) {
    const [summary] = await summariesOf(viewer, locations, [range]);
    return summary!;
  }

  async function seriesOf(viewer: MerchantViewer, locations: readonly Location[], range: LocalDateRange) {
    requireViewerPermission(viewer, 'reports');
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
        viewer: {
          kind: viewer.kind,
          name: viewer.name,
          canRefund: viewer.policy.refunds && viewer.permissions.has('refunds'),
          canSeeAccountFigures: viewer.policy.accountFigures,
          permissions: [...viewer.permissions],
          canEditCatalog: canEditWholeCatalog(viewer),
          canManageTeam: viewer.kind !== 'staff',
        },
        account: {
          id: viewer.account.id,
          businessName: viewer.account.businessName,
          currency: viewer.account.currency,
        },
        standing: merchantStanding(viewer.account.standing),
        locations: viewer.locations.map((location) => ({
          id: location.id,
          name: location.name,
          timeZone: location.timeZone,
        })),
        // The staff list: everyone for the owner; a manager's locations' staff for a manager.
        staff: [
          ...(await (viewer.seesWholeAccount
            ? reports.staffNames(viewer.account.id)
            : repos.staff.namesAtLocations(
                viewer.account.id,
                viewer.locations.map((location) => location.id),
              ))),
        ].map(([id, displayName]) => ({ id, displayName })),
        todayByLocation: Object.fromEntries(
          viewer.locations.map((location) => [location.id, localDayOf(nowMs, location.timeZone)]),
        ),
      };
    },

    async dailySummary(
      viewer: MerchantViewer,
      query: DailySummaryQuery,
    ): Promise<Omit<DailySummaryResponse, 'disputes'>> {
      requireViewerPermission(viewer, 'reports');
      const locations = locationsInScope(viewer, query.locationId);
      const date = query.date === undefined ? scope.today(locations) : requireDate(query.date, 'date');
      const comparedWith = sameWeekdayLastWeek(date);
      // The two days only, not the week between them; each from its rollups where the day is over.
      const [summary, previous] = (await summariesOf(viewer, locations, [
        { from: date, to: date },
        { from: comparedWith, to: comparedWith },
      ])) as [SalesSummary, SalesSummary];
      const daily = {
        date,
        comparedWith,
        summary,
        previous,
        comparison: compareSummaries(summary, previous),
      };
      return {
        ...daily,
        summary: withDefinitions(daily.summary),
        previous: withDefinitions(daily.previous),
        locationId: query.locationId ?? null,
      };
    },

    async rangeSummary(viewer: MerchantViewer, query: RangeSummaryQuery): Promise<RangeSummaryResponse> {
      requireViewerPermission(viewer, 'reports');
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
      const summary = await summaryOf(viewer, locations, range);
      return { locationId: query.locationId ?? null, summary: withDefinitions(summary) };
    },

    async series(viewer: MerchantViewer, query: SeriesQuery): Promise<SeriesResponse> {
      const locations = locationsInScope(viewer, query.locationId);
      const to = query.date === undefined ? scope.today(locations) : requireDate(query.date, 'date');
      const range = checkRange({ from: addDays(to, -(query.days - 1)), to });
      return {
        locationId: query.locationId ?? null,
        range,
        series: await seriesOf(viewer, locations, range),
        definitions: { ...SALES_FIGURE_DEFINITIONS },
      };
    },

    async listSales(viewer: MerchantViewer, query: SalesSearchQuery): Promise<SalesPageResponse> {
      requireViewerPermission(viewer, 'reports');
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
      const [staffNames, refunded, records] = await Promise.all([
        reports.staffNames(viewer.account.id),
        repos.refunds.refundedTotals(page.sales.map((sale) => sale.id)),
        scope.withPayments(page.sales),
      ]);
      const last = page.sales.at(-1);
      return {
        sales: page.sales.map((sale, index) =>
          saleSummaryOf(
            sale,
            zones[sale.locationId] ?? 'UTC',
            staffNames,
            refunded.get(sale.id) ?? 0,
            records[index] ?? toSaleRecord(sale),
          ),
        ),
        nextCursor:
          page.hasMore && last ? encodeSalesCursor({ createdAtMs: last.createdAtMs, id: last.id }) : null,
      };
    },

    /** The sale's detail from our records (its tenders, refunds, attempts and Stripe fee as recorded). */
    async saleDetail(viewer: MerchantViewer, saleId: string): Promise<MerchantSaleDetail> {
      requireViewerPermission(viewer, 'reports');
      const { sale, location } = await visibleSale(viewer, saleId);
      const full = await repos.sales.findById(saleId);
      if (!full) throw notFound('sale_not_found', 'No such sale.');
      const [refunds, staffNames, view, [record]] = await Promise.all([
        repos.refunds.refundsOfSales([saleId]),
        reports.staffNames(viewer.account.id),
        saleView(repos, full),
        scope.withPayments([sale]),
      ]);
      const parts = await repos.sales.listCardParts(saleId);
      const attempts = (
        await Promise.all(
          [saleId, ...parts.map((part) => part.id)].map((id) => repos.payments.listBySale(id)),
        )
      ).flat();
      // Readers by their label (a reader removed since is looked up by id all the same, when kept).
      const readerLabels = new Map<string, string | null>();
      for (const readerId of new Set(attempts.map((attempt) => attempt.readerId))) {
        if (readerId === null) continue;
        const reader = await repos.readers.findById(readerId);
        readerLabels.set(readerId, reader && reader.accountId === viewer.account.id ? reader.label : null);
      }
      const refundedMinor = refunds
        .filter((refund) => refund.status === 'pending' || refund.status === 'succeeded')
        .reduce((sum, refund) => sum + refund.amountMinor, 0);
      const captured = sale.status === 'succeeded' || sale.status === 'partially_refunded';
      const cardDetails = full.cardDetails ?? parts.find((part) => part.cardDetails)?.cardDetails ?? null;
      return {
        ...saleSummaryOf(sale, location.timeZone, staffNames, refundedMinor, record ?? toSaleRecord(sale)),
        locationName: location.name,
        timeZone: location.timeZone,
        description: full.description,
        lines: toApiLines(full),
        subtotalMinor: sale.subtotalMinor,
        saleDiscount: toApiDiscount(full.saleDiscount),
        taxMinor: sale.taxMinor,
        taxIncluded: full.taxIncluded,
        taxes: view.taxes,
        tenders: view.tenders,
        applicationFeeMinor: sale.applicationFeeMinor,
        stripeFeeMinor: sale.stripeFeeMinor,
        refundableMinor: captured ? Math.max(0, sale.totalMinor - refundedMinor) : 0,
        paymentIntentId: sale.paymentIntentId,
        chargeId: sale.chargeId,
        balanceTransactionId: sale.balanceTransactionId,
        paymentMethodType: cardDetails?.type ?? null,
        attempts: attempts.map((attempt) => ({
          id: attempt.id,
          status: attempt.status,
          integration: attempt.integration,
          readerId: attempt.readerId,
          readerLabel: attempt.readerId === null ? null : (readerLabels.get(attempt.readerId) ?? null),
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
      requireViewerPermission(viewer, 'reports');
      const { location } = await visibleSale(viewer, saleId);
      const full = await repos.sales.findById(saleId);
      if (!full) throw notFound('sale_not_found', 'No such sale.');
      if (!PAID_STATUSES.has(full.status)) {
        throw conflict('conflict', 'A receipt is available once the sale is paid.');
      }
      return renderReceiptHtml(
        buildReceiptView(full, viewer.account.businessName, location, await paymentsOf(repos, full)),
      );
    },

    async salesCsv(viewer: MerchantViewer, query: ExportQuery): Promise<CsvFile> {
      requireViewerPermission(viewer, 'reports');
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
      const sales = await scope.withPayments(
        inWindow.filter((sale) => {
          const date = localDayOf(sale.createdAtMs, zones[sale.locationId] ?? 'UTC');
          return date >= range.from && date <= range.to;
        }),
      );
      return {
        fileName: csvFileName('sales', range),
        body: buildSalesCsv(sales, zones, {
          byteOrderMark: true,
          names: {
            locations: locationNamesOf(locations),
            staff: await staffNamesOf(
              viewer.account.id,
              locations,
              sales.map((sale) => sale.staffId),
            ),
          },
        }),
      };
    },

    async refundsCsv(viewer: MerchantViewer, query: ExportQuery): Promise<CsvFile> {
      requireViewerPermission(viewer, 'reports');
      const locations = locationsInScope(viewer, query.locationId);
      const range = exportRange(query, locations);
      const window = scope.windowOf(range, locations);
      const zones = timeZonesOf(locations);
      const inWindow = await repos.refunds.refundsInWindow(
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
        body: buildRefundsCsv(refunds, zones, {
          byteOrderMark: true,
          names: { locations: locationNamesOf(locations) },
        }),
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
