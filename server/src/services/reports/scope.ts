/**
 * What every merchant report shares: the viewer's locations and their days, the window of UTC instants a
 * range of local days covers, the rows of a window (our sales and refunds, as the domain reads them), and
 * date checks with the messages a merchant sees.
 */
import type { Database } from '../../db/database.ts';
import type { Location } from '../../db/repositories/locations.repo.ts';
import type { JournalRefund } from '../../db/repositories/refunds.repo.ts';
import type { ReportDayRollup, ReportMonthRollup } from '../../db/repositories/report-rollups.repo.ts';
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
  listLocalDates,
  localDayOf,
  MAX_RANGE_DAYS,
  monthsStartingIn,
  rangeBoundsMs,
  unionRangeBoundsMs,
} from '../../domain/local-day.ts';
import {
  accumulateSummary,
  type RefundRecord,
  type SalePaymentRecord,
  type SaleRecord,
  type ShiftRecord,
  type SummaryAccumulator,
} from '../../domain/sales-summary.ts';
import {
  mergeStoredSummary,
  mergeSummaryAccumulators,
  readStoredSummary,
  type StoredSummary,
  serializeSummaryAccumulator,
} from '../../domain/summary-body.ts';
import { invalidRequest } from '../../errors.ts';
import type { Clock, Logger } from '../../runtime.ts';
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

export function createReportScope({
  database,
  clock,
  log,
}: {
  database: Database;
  clock: Clock;
  log: Logger;
}) {
  const { repos } = database;
  const reports = repos.reports;

  /**
   * Stores built days and months if no write moved their location's epoch. The answer never waits on it: a
   * store that fails (a write racing it, or a real fault) leaves the rows to be built again on the next read,
   * and is logged so that a fault that repeats is seen.
   */
  async function storeRollups(
    rollups: { days: ReportDayRollup[] } | { months: ReportMonthRollup[] },
    epochs: ReadonlyMap<string, number>,
  ): Promise<void> {
    try {
      await database.transaction((tx) => tx.reportRollups.storeIfUnchanged(rollups, epochs));
    } catch (error) {
      const rows = 'days' in rollups ? `${rollups.days.length} day` : `${rollups.months.length} month`;
      log(`reports: ${rows} rollups not stored (built again on the next read): ${String(error)}`, 'warn');
    }
  }

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

  /**
   * A location's month from its first day through `through` (a day over), as one or more ranges ask it:
   * the stored month row it starts from (`base`, or null), and the days after that row it adds.
   */
  interface MonthPrefix {
    location: Location;
    month: string;
    from: LocalDate;
    through: LocalDate;
    ranges: number[];
    base: StoredSummary | null;
    days: LocalDate[];
  }

  /** One location-day a summary needs: its rollup if stored, else built from the raw rows. */
  interface LocationDay {
    location: Location;
    date: LocalDate;
    bounds: BoundsMs;
    accumulator: SummaryAccumulator | null;
  }

  /**
   * Merges the summary accumulator (sales and refunds; not drawer shifts) of each location-day into
   * `into(location, date)`: days that are over are read from the day rollups (migration 0013); missing
   * ones, and days not over yet, are built from the raw rows (one window read per run of consecutive
   * dates), and the days that are over are stored for the next report. Equal, figure for figure, to
   * `accumulateSummary` over the raw rows.
   */
  async function accumulateLocationDays(
    viewer: MerchantViewer,
    cells: readonly { location: Location; date: LocalDate }[],
    into: (location: Location, date: LocalDate) => SummaryAccumulator,
  ): Promise<void> {
    if (cells.length === 0) return;
    const nowMs = clock.nowMs();
    // Only a day that is over can have a row (none is stored before): today's cells skip the read.
    const todayOf = new Map<string, LocalDate>();
    const isOver = ({ location, date }: { location: Location; date: LocalDate }) => {
      let today = todayOf.get(location.id);
      if (today === undefined) {
        today = localDayOf(nowMs, location.timeZone);
        todayOf.set(location.id, today);
      }
      return date < today;
    };
    const over = cells.filter(isOver);
    const stored =
      over.length === 0
        ? []
        : await repos.reportRollups.daysOf(
            [...new Set(over.map((cell) => cell.location.id))],
            [...new Set(over.map((cell) => cell.date))],
          );
    const storedByKey = new Map(stored.map((row) => [`${row.locationId}\u0000${row.localDay}`, row]));
    // Stored days merge straight from their bodies; missing ones are built from the raw rows first.
    const missing: LocationDay[] = [];
    for (const { location, date } of cells) {
      const row = storedByKey.get(`${location.id}\u0000${date}`);
      const body =
        row !== undefined && row.timeZone === location.timeZone ? readStoredSummary(row.body) : null;
      if (body !== null) {
        mergeStoredSummary(into(location, date), body);
        continue;
      }
      missing.push({ location, date, bounds: dayBoundsMs(date, location.timeZone), accumulator: null });
    }
    if (missing.length > 0) await buildMissing(viewer, missing, nowMs);
    for (const cell of missing) {
      if (cell.accumulator !== null)
        mergeSummaryAccumulators(into(cell.location, cell.date), cell.accumulator);
    }
  }

  /**
   * The summary accumulator of each range over the locations. Where a range holds a month from its first
   * day, that month's days up to the last one over (in the location's zone) come from the location's month
   * rollup (migration 0014: the month, or the month to date through `through_day`), and only the days after
   * it from the day rollups: a month of the busiest merchant is one row per location, not ~30. A month
   * row missing, shorter than the days now over, or of another zone is built from its days and stored
   * under the epochs read before anything it is built from. Every other date comes from the day rollups.
   */
  async function accumulatorsOfRanges(
    viewer: MerchantViewer,
    locations: readonly Location[],
    ranges: readonly LocalDateRange[],
  ): Promise<SummaryAccumulator[]> {
    const nowMs = clock.nowMs();
    const monthKey = (date: LocalDate) => date.slice(0, 7);
    const lastOverOf = new Map(
      locations.map((location) => [location.id, addDays(localDayOf(nowMs, location.timeZone), -1)]),
    );
    // What each range asks: month prefixes (a location's month from its first day through a day over) and
    // single location-days.
    const prefixes = new Map<string, MonthPrefix>();
    const dayCells: { location: Location; date: LocalDate; range: number }[] = [];
    ranges.forEach((range, index) => {
      for (const location of locations) {
        const lastOver = lastOverOf.get(location.id) ?? range.from;
        const fromMonths = new Set<LocalDate>();
        for (const month of monthsStartingIn(range)) {
          const through = minDate(month.to, range.to, lastOver);
          // A month rollup serves two days or more (a daily summary's day stays with the day rollups).
          if (through <= month.from) continue;
          const key = `${location.id}\u0000${monthKey(month.from)}\u0000${through}`;
          const prefix = prefixes.get(key) ?? {
            location,
            month: monthKey(month.from),
            from: month.from,
            through,
            ranges: [],
            base: null,
            days: [],
          };
          prefix.ranges.push(index);
          prefixes.set(key, prefix);
          for (const date of listLocalDates({ from: month.from, to: through })) fromMonths.add(date);
        }
        for (const date of listLocalDates(range)) {
          if (!fromMonths.has(date)) dayCells.push({ location, date, range: index });
        }
      }
    });

    const storable: MonthPrefix[] = [];
    let epochs: Map<string, number> = new Map();
    if (prefixes.size > 0) {
      const asked = [...prefixes.values()];
      const ids = [...new Set(asked.map((prefix) => prefix.location.id))];
      // Read before the month rows and days: a write committed after this moves the epoch, and a month
      // built from what was read is not stored.
      epochs = await repos.reportRollups.epochsOf(ids);
      const stored = await repos.reportRollups.monthsOf(ids, [
        ...new Set(asked.map((prefix) => prefix.month)),
      ]);
      const storedByKey = new Map(stored.map((row) => [`${row.locationId}\u0000${row.localMonth}`, row]));
      const longest = new Map<string, MonthPrefix>();
      for (const prefix of asked) {
        const key = `${prefix.location.id}\u0000${prefix.month}`;
        const row = storedByKey.get(key);
        // Null when there is no row, it is of another zone, or of an older body format.
        const stored =
          row !== undefined && row.timeZone === prefix.location.timeZone ? readStoredSummary(row.body) : null;
        const storedThrough = stored === null ? null : (row?.throughDay ?? null);
        prefix.base = storedThrough !== null && storedThrough <= prefix.through ? stored : null;
        const after =
          prefix.base === null || storedThrough === null ? prefix.from : addDays(storedThrough, 1);
        prefix.days = after <= prefix.through ? listLocalDates({ from: after, to: prefix.through }) : [];
        // Stored when it holds more days than the row there (one row per month: the longest built).
        if (storedThrough === null || storedThrough < prefix.through) {
          const current = longest.get(key);
          if (current === undefined || current.through < prefix.through) longest.set(key, prefix);
        }
      }
      storable.push(...longest.values());
    }

    // Every location-day needed, read or built once, then added where it is asked.
    const byCell = new Map<string, SummaryAccumulator>();
    const cellKey = (location: Location, date: LocalDate) => `${location.id}\u0000${date}`;
    const cells = new Map<string, { location: Location; date: LocalDate }>();
    for (const { location, date } of dayCells) cells.set(cellKey(location, date), { location, date });
    for (const prefix of prefixes.values()) {
      for (const date of prefix.days)
        cells.set(cellKey(prefix.location, date), { location: prefix.location, date });
    }
    await accumulateLocationDays(viewer, [...cells.values()], (location, date) =>
      accumulatorIn(byCell, cellKey(location, date)),
    );

    const totals: SummaryAccumulator[] = ranges.map(() => new Map());
    const toStore: ReportMonthRollup[] = [];
    const storableSet = new Set(storable);
    for (const prefix of prefixes.values()) {
      const accumulator: SummaryAccumulator = new Map();
      if (prefix.base !== null) mergeStoredSummary(accumulator, prefix.base);
      for (const date of prefix.days) {
        const day = byCell.get(cellKey(prefix.location, date));
        if (day !== undefined) mergeSummaryAccumulators(accumulator, day);
      }
      for (const index of prefix.ranges) {
        const total = totals[index];
        if (total !== undefined) mergeSummaryAccumulators(total, accumulator);
      }
      if (storableSet.has(prefix)) {
        toStore.push({
          locationId: prefix.location.id,
          localMonth: prefix.month,
          throughDay: prefix.through,
          timeZone: prefix.location.timeZone,
          ...rangeBoundsMs({ from: prefix.from, to: prefix.through }, prefix.location.timeZone),
          body: serializeSummaryAccumulator(accumulator),
        });
      }
    }
    for (const { location, date, range } of dayCells) {
      const day = byCell.get(cellKey(location, date));
      const total = totals[range];
      if (day !== undefined && total !== undefined) mergeSummaryAccumulators(total, day);
    }
    if (toStore.length > 0) await storeRollups({ months: toStore }, epochs);
    return totals;
  }

  /**
   * Builds the missing location-days from the raw rows and stores those that are over. One window read per
   * run of consecutive dates: a daily summary's day and last week's day are two small reads, not the week.
   */
  async function buildMissing(viewer: MerchantViewer, missing: LocationDay[], nowMs: number): Promise<void> {
    const locations = [...new Map(missing.map((cell) => [cell.location.id, cell.location])).values()];
    const ids = locations.map((location) => location.id);
    // Read before the raw rows: a write committed after this moves the epoch, and the day is not stored.
    // Not read when no day is over (today's alone is never stored).
    const storable = missing.some((cell) => cell.bounds.endMs <= nowMs);
    const epochs = storable ? await repos.reportRollups.epochsOf(ids) : new Map<string, number>();
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
    if (toStore.length > 0) await storeRollups({ days: toStore }, epochs);
  }

  return {
    withPayments,
    accumulatorsOfRanges,

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

/** The earliest of the dates. */
function minDate(first: LocalDate, ...others: LocalDate[]): LocalDate {
  return [first, ...others].sort()[0] ?? first;
}

/** The accumulator of `key`, added empty first when missing. */
function accumulatorIn<K>(map: Map<K, SummaryAccumulator>, key: K): SummaryAccumulator {
  let found = map.get(key);
  if (found === undefined) {
    found = new Map();
    map.set(key, found);
  }
  return found;
}

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
