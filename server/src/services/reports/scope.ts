/**
 * What every merchant report shares: the viewer's locations and their days, the window of UTC instants a
 * range of local days covers, the rows of a window (our sales and refunds, as the domain reads them), and
 * date checks with the messages a merchant sees.
 */
import type { Database } from '../../db/database.ts';
import type { Location } from '../../db/repositories/locations.repo.ts';
import type { JournalRefund } from '../../db/repositories/refunds.repo.ts';
import type { ReportDayRollup } from '../../db/repositories/report-rollups.repo.ts';
import type { ReportSale } from '../../db/repositories/reports.repo.ts';
import type { TenderRecord } from '../../db/repositories/tenders.repo.ts';
import {
  addDays,
  type BoundsMs,
  checkLocalDateRange,
  createLocalClock,
  dayBoundsMs,
  isValidLocalDate,
  type LocalClock,
  type LocalDate,
  type LocalDateRange,
  localDayOf,
  MAX_RANGE_DAYS,
  unionRangeBoundsMs,
} from '../../domain/local-day.ts';
import {
  accumulateSummary,
  mergeStoredSummary,
  mergeSummaryAccumulators,
  type RefundRecord,
  readStoredSummary,
  type SalePaymentRecord,
  type SaleRecord,
  type ShiftRecord,
  type SummaryAccumulator,
  serializeSummaryAccumulator,
} from '../../domain/sales-summary.ts';
import { invalidRequest } from '../../errors.ts';
import type { Clock } from '../../runtime.ts';
import type { AccountContext } from '../../stripe/payments.port.ts';
import type { MerchantViewer } from '../merchant-access.ts';

export interface CsvFile {
  fileName: string;
  body: string;
}

const CAPTURED = new Set(['succeeded', 'partially_refunded', 'refunded']);

export function accountContextOf(viewer: MerchantViewer): AccountContext {
  return { stripeAccountId: viewer.account.stripeAccountId, chargeType: viewer.account.chargeType };
}

/**
 * A sale as the summary reads it. `payments`: how a sale paid by tenders was paid (cash, and each card
 * part's amount, tip and Stripe fee); omitted for a sale paid directly by one card.
 */
export function toSaleRecord(sale: ReportSale, payments?: SalePaymentRecord[]): SaleRecord {
  return {
    id: sale.id,
    locationId: sale.locationId,
    status: sale.status,
    currency: sale.currency,
    subtotalMinor: sale.subtotalMinor,
    discountMinor: sale.discountMinor,
    taxIncluded: sale.taxIncluded,
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
      variantId: line.variantId,
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      amountMinor: line.amountMinor,
      modifiers: line.modifiers,
      discountMinor: line.discountMinor,
      lineDiscount: line.lineDiscount,
    })),
    saleDiscount: sale.saleDiscount,
    receiptNumber: sale.receiptNumber,
    ...(payments === undefined ? {} : { payments }),
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
    taxMinor: refund.taxMinor,
    method: refund.method,
  };
}

export function timeZonesOf(locations: readonly Location[]): Record<string, string> {
  return Object.fromEntries(locations.map((location) => [location.id, location.timeZone]));
}

export function requireDate(text: string, name: string): LocalDate {
  if (!isValidLocalDate(text)) throw invalidRequest(`${name} is not a real date (YYYY-MM-DD): ${text}`);
  return text;
}

export function checkRange(range: LocalDateRange): LocalDateRange {
  const check = checkLocalDateRange(range, MAX_RANGE_DAYS);
  if (!check.ok) throw invalidRequest(check.reason);
  return range;
}

export function createReportScope({ database, clock }: { database: Database; clock: Clock }) {
  const { repos } = database;
  const reports = repos.reports;

  /**
   * Each sale with how it was paid: sales paid by tenders (no PaymentIntent of their own) get their paid
   * tenders, a card tender with its card part's tip, Stripe fee and card; the others were paid by one card.
   */
  async function withPayments(sales: readonly ReportSale[]): Promise<SaleRecord[]> {
    const tendered = sales
      .filter((sale) => sale.paymentIntentId === null && CAPTURED.has(sale.status))
      .map((sale) => sale.id);
    const [tenders, parts]: [Map<string, TenderRecord[]>, Map<string, ReportSale[]>] =
      tendered.length === 0
        ? [new Map(), new Map()]
        : await Promise.all([repos.tenders.listBySales(tendered), reports.cardPartsOf(tendered)]);
    return sales.map((sale) => {
      const ofSale = tenders.get(sale.id);
      if (!ofSale || ofSale.length === 0) return toSaleRecord(sale);
      const partsById = new Map((parts.get(sale.id) ?? []).map((part) => [part.id, part]));
      const payments: SalePaymentRecord[] = [];
      for (const tender of ofSale) {
        if (tender.status !== 'paid') continue;
        const part = tender.cardSaleId === null ? undefined : partsById.get(tender.cardSaleId);
        payments.push({
          method: tender.method,
          amountMinor: tender.amountMinor,
          tipMinor: part?.tipMinor ?? 0,
          stripeFeeMinor: tender.method === 'cash' ? 0 : (part?.stripeFeeMinor ?? null),
          cardBrand: part?.cardBrand ?? null,
          readMethod: part?.readMethod ?? null,
        });
      }
      return toSaleRecord(sale, payments);
    });
  }

  /** One location-day a summary needs: its rollup if stored, else built from the raw rows. */
  interface LocationDay {
    location: Location;
    date: LocalDate;
    bounds: BoundsMs;
    accumulator: SummaryAccumulator | null;
  }

  /**
   * The summary accumulator (sales and refunds; not drawer shifts) of each of the dates over the
   * locations: whole days that are over are read from the rollups (migration 0013); missing ones, and
   * days not over yet, are built from the raw rows (one window read per run of consecutive dates), and the
   * days that are over are stored for the next report. Equal, figure for figure, to `accumulateSummary`
   * over the raw rows.
   */
  async function accumulatorsByDate(
    viewer: MerchantViewer,
    locations: readonly Location[],
    dates: readonly LocalDate[],
  ): Promise<Map<LocalDate, SummaryAccumulator>> {
    const nowMs = clock.nowMs();
    const ids = locations.map((location) => location.id);
    const stored = await repos.reportRollups.daysOf(ids, dates);
    const storedByKey = new Map(stored.map((row) => [`${row.locationId}\u0000${row.localDay}`, row]));
    const byDate = new Map<LocalDate, SummaryAccumulator>(dates.map((date) => [date, new Map()]));
    // Stored days merge straight from their bodies; missing ones are built from the raw rows first.
    const missing: LocationDay[] = [];
    for (const location of locations) {
      for (const date of dates) {
        const row = storedByKey.get(`${location.id}\u0000${date}`);
        const body =
          row !== undefined && row.timeZone === location.timeZone ? readStoredSummary(row.body) : null;
        const into = byDate.get(date);
        if (body !== null && into !== undefined) {
          mergeStoredSummary(into, body);
          continue;
        }
        missing.push({ location, date, bounds: dayBoundsMs(date, location.timeZone), accumulator: null });
      }
    }
    if (missing.length > 0) await buildMissing(viewer, missing, nowMs);
    for (const cell of missing) {
      const into = byDate.get(cell.date);
      if (into !== undefined && cell.accumulator !== null) mergeSummaryAccumulators(into, cell.accumulator);
    }
    return byDate;
  }

  /**
   * Builds the missing location-days from the raw rows and stores those that are over. One window read per
   * run of consecutive dates: a daily summary's day and last week's day are two small reads, not the week.
   */
  async function buildMissing(viewer: MerchantViewer, missing: LocationDay[], nowMs: number): Promise<void> {
    const locations = [...new Map(missing.map((cell) => [cell.location.id, cell.location])).values()];
    const ids = locations.map((location) => location.id);
    // Read before the raw rows: a write committed after this moves the epoch, and the day is not stored.
    const epochs = await repos.reportRollups.epochsOf(ids);
    const windows = runsOfDates(missing.map((cell) => cell.date)).map((run) => {
      const cells = missing.filter((cell) => cell.date >= run.from && cell.date <= run.to);
      return {
        startMs: Math.min(...cells.map((cell) => cell.bounds.startMs)),
        endMs: Math.max(...cells.map((cell) => cell.bounds.endMs)),
      };
    });
    const reads = await Promise.all(
      windows.map(({ startMs, endMs }) =>
        Promise.all([
          reports.salesInWindow(viewer.account.id, ids, startMs, endMs).then(withPayments),
          repos.refunds.refundsInWindow(viewer.account.id, ids, startMs, endMs),
        ]),
      ),
    );
    // A row near a run's edge can fall in two windows (zones differ): each sale and refund counts once.
    const sales = [...new Map(reads.flatMap(([rows]) => rows).map((sale) => [sale.id, sale])).values()];
    const refunds = [
      ...new Map(reads.flatMap(([, rows]) => rows).map((refund) => [refund.id, refund])).values(),
    ];
    const clocks = new Map<string, LocalClock>();
    const clockOf = (location: Location) => {
      let found = clocks.get(location.timeZone);
      if (found === undefined) {
        found = createLocalClock(location.timeZone);
        clocks.set(location.timeZone, found);
      }
      return found;
    };
    const byLocation = new Map(locations.map((location) => [location.id, location]));
    const buckets = new Map<string, { sales: SaleRecord[]; refunds: RefundRecord[] }>(
      missing.map((cell) => [`${cell.location.id}\u0000${cell.date}`, { sales: [], refunds: [] }]),
    );
    const bucketOf = (locationId: string, atMs: number) => {
      const location = byLocation.get(locationId);
      return location && buckets.get(`${locationId}\u0000${clockOf(location).localDayOf(atMs)}`);
    };
    for (const sale of sales) bucketOf(sale.locationId, sale.createdAtMs)?.sales.push(sale);
    for (const refund of refunds) {
      bucketOf(refund.locationId, refund.createdAtMs)?.refunds.push(toRefundRecord(refund));
    }
    const toStore: ReportDayRollup[] = [];
    for (const cell of missing) {
      const bucket = buckets.get(`${cell.location.id}\u0000${cell.date}`) ?? { sales: [], refunds: [] };
      cell.accumulator = accumulateSummary({
        range: { from: cell.date, to: cell.date },
        timeZoneByLocation: { [cell.location.id]: cell.location.timeZone },
        ...bucket,
      });
      if (cell.bounds.endMs <= nowMs) {
        toStore.push({
          locationId: cell.location.id,
          localDay: cell.date,
          timeZone: cell.location.timeZone,
          startMs: cell.bounds.startMs,
          endMs: cell.bounds.endMs,
          body: serializeSummaryAccumulator(cell.accumulator),
        });
      }
    }
    if (toStore.length === 0) return;
    try {
      await database.transaction((tx) => tx.reportRollups.storeIfUnchanged(toStore, epochs));
    } catch {
      // A write raced the store (SQLite: the snapshot moved): the days are built again next time.
    }
  }

  return {
    withPayments,
    accumulatorsByDate,

    /** Today in the zone of the first location in scope (the one a single-location view is about). */
    today(locations: readonly Location[]): LocalDate {
      const zone = locations[0]?.timeZone ?? 'UTC';
      return localDayOf(clock.nowMs(), zone);
    },

    windowOf(range: LocalDateRange, locations: readonly Location[]): BoundsMs {
      // An account with no locations yet has no sales; any zone gives the same (empty) answer.
      const zones = locations.length > 0 ? locations.map((location) => location.timeZone) : ['UTC'];
      return unionRangeBoundsMs(range, zones);
    },

    /** The closed drawer shifts of the locations in the window (their over/short is in the summary). */
    async shifts(
      viewer: MerchantViewer,
      locations: readonly Location[],
      window: BoundsMs,
    ): Promise<ShiftRecord[]> {
      const closed = await repos.drawer.listClosedIn(
        locations.map((location) => location.id),
        window.startMs,
        window.endMs,
      );
      return closed.map((shift) => ({
        locationId: shift.locationId,
        currency: viewer.account.currency,
        closedAtMs: shift.closedAtMs ?? 0,
        overShortMinor: shift.overShortMinor ?? 0,
      }));
    },

    async rows(viewer: MerchantViewer, locations: readonly Location[], window: BoundsMs) {
      const ids = locations.map((location) => location.id);
      const [sales, refunds, closed] = await Promise.all([
        reports.salesInWindow(viewer.account.id, ids, window.startMs, window.endMs),
        repos.refunds.refundsInWindow(viewer.account.id, ids, window.startMs, window.endMs),
        repos.drawer.listClosedIn(ids, window.startMs, window.endMs),
      ]);
      const shifts: ShiftRecord[] = closed.map((shift) => ({
        locationId: shift.locationId,
        currency: viewer.account.currency,
        closedAtMs: shift.closedAtMs ?? 0,
        overShortMinor: shift.overShortMinor ?? 0,
      }));
      return { sales: await withPayments(sales), refunds: refunds.map(toRefundRecord), shifts };
    },
  };
}

export type ReportScope = ReturnType<typeof createReportScope>;

/** Consecutive runs of the dates (any order, repeats allowed), as ranges in date order. */
function runsOfDates(dates: readonly LocalDate[]): LocalDateRange[] {
  const sorted = [...new Set(dates)].sort();
  const runs: LocalDateRange[] = [];
  for (const date of sorted) {
    const last = runs.at(-1);
    if (last !== undefined && addDays(last.to, 1) === date) last.to = date;
    else runs.push({ from: date, to: date });
  }
  return runs;
}
