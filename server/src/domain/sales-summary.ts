/**
 * The merchant's sales summary (pure): the figures a Square merchant knows — gross sales, discounts, net
 * sales, tax, tips, refunds, total collected, fees, net to the merchant, counts and average sale — for a
 * range of local dates, plus breakdowns (card brand × entry method, item, staff member, hour, location), a
 * day-by-day series for charts, and the comparison with the same weekday last week.
 *
 * Rules that hold for every figure:
 * - Integer minor units only (cents, yen); no floats, no rounding except where a figure says so.
 * - Each row is placed on the local date of its own instant in its own location's time zone, so "all
 *   locations" stays right when locations sit in different zones. Rows outside the range, and rows of
 *   locations missing from `timeZoneByLocation` (the scope of the report), are left out; the caller may
 *   pass a superset (e.g. one query over `unionRangeBoundsMs`).
 * - Currencies are never added together: everything is grouped per currency (`currencies[]`, sorted by
 *   code). A location normally has one currency; a merchant's "all locations" view may have several.
 * - A sale counts once its money was captured: status `succeeded`, `partially_refunded` or `refunded`. A
 *   later refund does not un-count the sale on its own day; the refund counts on the day it was made.
 *   Authorised but uncaptured sales (`requires_capture`) are reported apart and in no figure.
 * - A refund counts when its status is `succeeded` or `pending` (the money has left the merchant's
 *   balance); `failed` and `canceled` refunds count nowhere. Refunds are "refunds by amount" (Square's
 *   term): they are not allocated to items, tax or tips, so they reduce total collected, not net sales,
 *   and breakdowns hold sales only.
 * - Stripe keeps its processing fee when a payment is refunded, so refunds carry no Stripe fee; the
 *   platform's application fee is returned only as far as the refund says (`applicationFeeRefundedMinor`,
 *   per the platform's refund policy).
 */
import type { SaleStatus } from '@countertop/shared';
import {
  createLocalClock,
  daysBetween,
  type LocalClock,
  type LocalDate,
  type LocalDateRange,
  listLocalDates,
  sameWeekdayLastWeek,
} from './local-day.ts';

// ---------------------------------------------------------------------------------------------
// Input rows

/** A line of a sale as sold: `amountMinor` is `quantity × unitPriceMinor`, before discounts. */
export interface SaleRecordLine {
  /** Catalog product id; null for a keyed amount. Lines group by this id, else by description. */
  itemId: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  amountMinor: number;
}

/**
 * One sale, as the summary needs it. Invariants (checked for counted sales; a violation throws a
 * RangeError naming the sale): every amount is a non-negative integer; `totalMinor = subtotalMinor −
 * discountMinor + taxMinor + tipMinor` and is what was captured; when there are lines, their amounts sum to
 * `subtotalMinor`.
 */
export interface SaleRecord {
  id: string;
  locationId: string;
  status: SaleStatus;
  /** ISO code as Stripe writes it (`usd`, `jpy`); grouped case-insensitively, reported lower-case. */
  currency: string;
  /** Sum of the lines before discounts, without tax or tip. */
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  tipMinor: number;
  totalMinor: number;
  /** The platform's application fee on the charge. */
  applicationFeeMinor: number;
  /** Stripe's processing fee from the charge's balance transaction; null while not yet known. */
  stripeFeeMinor: number | null;
  /** The instant that places the sale on a day and an hour. */
  createdAtMs: number;
  staffId: string;
  /** Card brand from the charge (`visa`, `mastercard`, `interac`…), null if unknown. */
  cardBrand: string | null;
  /** Stripe's `read_method` (`contactless_emv`, `contact_emv`, `magnetic_stripe_track2`…), null if unknown. */
  readMethod: string | null;
  paymentIntentId: string | null;
  lines: readonly SaleRecordLine[];
}

export type RefundStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

/** Refund statuses whose money has left the merchant's balance. */
export const COUNTED_REFUND_STATUSES: ReadonlySet<RefundStatus> = new Set(['pending', 'succeeded']);

/** Sale statuses whose money was captured. */
export const CAPTURED_SALE_STATUSES: ReadonlySet<SaleStatus> = new Set([
  'succeeded',
  'partially_refunded',
  'refunded',
]);

/** One refund (full or partial) of a sale. Its day is the day of the refund, not of the sale. */
export interface RefundRecord {
  id: string;
  saleId: string;
  /** The sale's location (the refund is reported there, in that location's time zone). */
  locationId: string;
  currency: string;
  /** Money returned to the card, > 0. */
  amountMinor: number;
  /** Part of the sale's application fee the platform gave back with this refund (0 if none). */
  applicationFeeRefundedMinor: number;
  status: RefundStatus;
  createdAtMs: number;
  stripeRefundId: string | null;
  reason: string | null;
}

// ---------------------------------------------------------------------------------------------
// Output

/**
 * The summary figures, all in minor units of one currency, over counted sales and counted refunds:
 *
 * - `grossSalesMinor`: Σ subtotal of counted sales (item prices × quantities; no tax, tip or discount).
 * - `discountsMinor`: Σ discount of counted sales.
 * - `netSalesMinor` = gross sales − discounts.
 * - `taxMinor`, `tipsMinor`: Σ tax, Σ tip of counted sales.
 * - `refundsMinor`: Σ amount of counted refunds made in the period (whatever day their sale was).
 * - `totalCollectedMinor` = net sales + tax + tips − refunds (= Σ totals captured − refunds); may be < 0.
 * - `stripeFeesMinor`: Σ known Stripe processing fees of counted sales (see `stripeFeesUnknownCount`).
 * - `applicationFeesMinor`: Σ platform application fees of counted sales.
 * - `applicationFeeRefundsMinor`: Σ application fee returned with counted refunds in the period.
 * - `netToMerchantMinor` = total collected − Stripe fees − application fees + application fee refunds:
 *   what the period adds to the merchant's Stripe balance.
 * - `salesCount`, `refundsCount`: counted sales and counted refunds.
 * - `averageSaleMinor` = net sales ÷ sales count, rounded half up to a whole minor unit; 0 with no sales.
 */
export interface SalesFigures {
  grossSalesMinor: number;
  discountsMinor: number;
  netSalesMinor: number;
  taxMinor: number;
  tipsMinor: number;
  refundsMinor: number;
  totalCollectedMinor: number;
  stripeFeesMinor: number;
  applicationFeesMinor: number;
  applicationFeeRefundsMinor: number;
  netToMerchantMinor: number;
  salesCount: number;
  refundsCount: number;
  averageSaleMinor: number;
}

/** The figures in the order a summary shows them (also the daily-summary CSV's column order). */
export const SALES_FIGURE_KEYS = [
  'grossSalesMinor',
  'discountsMinor',
  'netSalesMinor',
  'taxMinor',
  'tipsMinor',
  'refundsMinor',
  'totalCollectedMinor',
  'stripeFeesMinor',
  'applicationFeesMinor',
  'applicationFeeRefundsMinor',
  'netToMerchantMinor',
  'salesCount',
  'refundsCount',
  'averageSaleMinor',
] as const satisfies readonly (keyof SalesFigures)[];

/** Counted sales of one slice of a breakdown (refunds are not allocated to slices). */
export interface SalesBucket {
  salesCount: number;
  grossSalesMinor: number;
  discountsMinor: number;
  netSalesMinor: number;
  taxMinor: number;
  tipsMinor: number;
  /** Σ totals captured (net sales + tax + tips). */
  totalMinor: number;
}

export interface PaymentMethodBreakdown extends SalesBucket {
  cardBrand: string | null;
  readMethod: string | null;
}

export interface ItemBreakdown {
  itemId: string | null;
  /** The description on the most recent sale of the item. */
  description: string;
  quantity: number;
  /** Σ line amounts (before discounts, which apply to the whole sale). */
  grossSalesMinor: number;
  /** Counted sales containing the item. */
  salesCount: number;
}

export interface StaffBreakdown extends SalesBucket {
  staffId: string;
}

export interface HourBreakdown extends SalesBucket {
  /** Local hour 0–23 in the sale's location. A fall-back day's repeated hour adds into one slot. */
  hour: number;
}

export interface LocationBreakdown extends SalesBucket {
  locationId: string;
  timeZone: string;
}

export interface CurrencySummary {
  currency: string;
  figures: SalesFigures;
  /** Counted sales whose Stripe fee is not known yet: while > 0, fees and net to merchant are provisional. */
  stripeFeesUnknownCount: number;
  /** Sales authorised but not captured (`requires_capture`) in the period: in no figure above. */
  uncapturedAuthorizations: { count: number; amountMinor: number };
  /** By card brand × entry method, largest total first. */
  byPaymentMethod: PaymentMethodBreakdown[];
  /** By item, largest gross first. */
  byItem: ItemBreakdown[];
  /** By staff member, largest total first. */
  byStaff: StaffBreakdown[];
  /** Always 24 slots, hour 0 to 23. */
  byHour: HourBreakdown[];
  /** By location, in location id order. */
  byLocation: LocationBreakdown[];
}

export interface SalesSummary {
  range: LocalDateRange;
  currencies: CurrencySummary[];
}

export interface SummaryInput {
  range: LocalDateRange;
  /** The locations in scope and their IANA time zones. Rows of other locations are left out. */
  timeZoneByLocation: Readonly<Record<string, string>>;
  sales: readonly SaleRecord[];
  refunds: readonly RefundRecord[];
}

// ---------------------------------------------------------------------------------------------
// Accumulation

interface Totals {
  gross: number;
  discounts: number;
  tax: number;
  tips: number;
  total: number;
  stripeFees: number;
  stripeFeesUnknown: number;
  applicationFees: number;
  refunds: number;
  applicationFeeRefunds: number;
  salesCount: number;
  refundsCount: number;
}

function emptyTotals(): Totals {
  return {
    gross: 0,
    discounts: 0,
    tax: 0,
    tips: 0,
    total: 0,
    stripeFees: 0,
    stripeFeesUnknown: 0,
    applicationFees: 0,
    refunds: 0,
    applicationFeeRefunds: 0,
    salesCount: 0,
    refundsCount: 0,
  };
}

function addSale(totals: Totals, sale: SaleRecord): void {
  totals.gross += sale.subtotalMinor;
  totals.discounts += sale.discountMinor;
  totals.tax += sale.taxMinor;
  totals.tips += sale.tipMinor;
  totals.total += sale.totalMinor;
  totals.applicationFees += sale.applicationFeeMinor;
  if (sale.stripeFeeMinor === null) totals.stripeFeesUnknown += 1;
  else totals.stripeFees += sale.stripeFeeMinor;
  totals.salesCount += 1;
}

function addRefund(totals: Totals, refund: RefundRecord): void {
  totals.refunds += refund.amountMinor;
  totals.applicationFeeRefunds += refund.applicationFeeRefundedMinor;
  totals.refundsCount += 1;
}

function toFigures(totals: Totals): SalesFigures {
  const netSales = totals.gross - totals.discounts;
  const totalCollected = netSales + totals.tax + totals.tips - totals.refunds;
  return {
    grossSalesMinor: totals.gross,
    discountsMinor: totals.discounts,
    netSalesMinor: netSales,
    taxMinor: totals.tax,
    tipsMinor: totals.tips,
    refundsMinor: totals.refunds,
    totalCollectedMinor: totalCollected,
    stripeFeesMinor: totals.stripeFees,
    applicationFeesMinor: totals.applicationFees,
    applicationFeeRefundsMinor: totals.applicationFeeRefunds,
    netToMerchantMinor:
      totalCollected - totals.stripeFees - totals.applicationFees + totals.applicationFeeRefunds,
    salesCount: totals.salesCount,
    refundsCount: totals.refundsCount,
    averageSaleMinor: totals.salesCount === 0 ? 0 : divideSignedRoundHalfUp(netSales, totals.salesCount),
  };
}

function toBucket(totals: Totals): SalesBucket {
  const netSales = totals.gross - totals.discounts;
  return {
    salesCount: totals.salesCount,
    grossSalesMinor: totals.gross,
    discountsMinor: totals.discounts,
    netSalesMinor: netSales,
    taxMinor: totals.tax,
    tipsMinor: totals.tips,
    totalMinor: totals.total,
  };
}

/** `numerator / denominator` rounded half away from zero (half up in magnitude), integers only. */
export function divideSignedRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0) {
    throw new RangeError(`cannot divide ${numerator} by ${denominator}`);
  }
  const negative = numerator < 0 !== denominator < 0;
  const absNumerator = BigInt(Math.abs(numerator));
  const absDenominator = BigInt(Math.abs(denominator));
  const magnitude = (absNumerator * 2n + absDenominator) / (absDenominator * 2n);
  return Number(negative ? -magnitude : magnitude);
}

function assertAmount(value: number, what: string, owner: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${owner}: ${what} must be a non-negative integer of minor units, got ${value}`);
  }
}

/** Throws a RangeError naming the sale when its amounts do not add up. */
export function assertSaleAddsUp(sale: SaleRecord): void {
  const owner = `sale ${sale.id}`;
  for (const key of [
    'subtotalMinor',
    'discountMinor',
    'taxMinor',
    'tipMinor',
    'totalMinor',
    'applicationFeeMinor',
  ] as const) {
    assertAmount(sale[key], key, owner);
  }
  if (sale.stripeFeeMinor !== null) assertAmount(sale.stripeFeeMinor, 'stripeFeeMinor', owner);
  const expected = sale.subtotalMinor - sale.discountMinor + sale.taxMinor + sale.tipMinor;
  if (sale.totalMinor !== expected) {
    throw new RangeError(
      `${owner}: total ${sale.totalMinor} ≠ subtotal − discount + tax + tip = ${expected}`,
    );
  }
  if (sale.lines.length > 0) {
    let linesMinor = 0;
    for (const line of sale.lines) {
      assertAmount(line.amountMinor, 'line amountMinor', owner);
      linesMinor += line.amountMinor;
    }
    if (linesMinor !== sale.subtotalMinor) {
      throw new RangeError(`${owner}: lines sum to ${linesMinor} but subtotal is ${sale.subtotalMinor}`);
    }
  }
}

function assertRefundValid(refund: RefundRecord): void {
  const owner = `refund ${refund.id}`;
  assertAmount(refund.amountMinor, 'amountMinor', owner);
  assertAmount(refund.applicationFeeRefundedMinor, 'applicationFeeRefundedMinor', owner);
  if (refund.amountMinor === 0) throw new RangeError(`${owner}: amountMinor must be > 0`);
}

/** Places rows on local dates within the range, each in its own location's zone. */
class DayPlacer {
  private readonly clocks = new Map<string, LocalClock>();

  private readonly range: LocalDateRange;
  private readonly timeZoneByLocation: Readonly<Record<string, string>>;

  constructor(range: LocalDateRange, timeZoneByLocation: Readonly<Record<string, string>>) {
    if (daysBetween(range.from, range.to) < 0) {
      throw new RangeError(`range ends before it starts: ${range.from} … ${range.to}`);
    }
    this.range = range;
    this.timeZoneByLocation = timeZoneByLocation;
    for (const locationId of Object.keys(timeZoneByLocation)) this.clockOf(locationId); // a bad zone fails here
  }

  /** One clock per zone (its offset cache then serves every location in that zone). */
  clockOf(locationId: string): LocalClock | null {
    if (!Object.hasOwn(this.timeZoneByLocation, locationId)) return null;
    const timeZone = this.timeZoneByLocation[locationId];
    if (timeZone === undefined) return null;
    let clock = this.clocks.get(timeZone);
    if (clock === undefined) {
      clock = createLocalClock(timeZone);
      this.clocks.set(timeZone, clock);
    }
    return clock;
  }

  /** The row's local date if it is in scope and in range, else null. */
  dateOf(locationId: string, instantMs: number): LocalDate | null {
    const clock = this.clockOf(locationId);
    if (clock === null) return null;
    const date = clock.localDayOf(instantMs);
    return date >= this.range.from && date <= this.range.to ? date : null;
  }
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

interface CurrencyAccumulator {
  totals: Totals;
  uncaptured: { count: number; amountMinor: number };
  byPaymentMethod: Map<string, { cardBrand: string | null; readMethod: string | null; totals: Totals }>;
  byItem: Map<string, { itemId: string | null; item: ItemBreakdown; lastSeenMs: number }>;
  byStaff: Map<string, Totals>;
  byHour: Totals[];
  byLocation: Map<string, Totals>;
}

function emptyCurrencyAccumulator(): CurrencyAccumulator {
  return {
    totals: emptyTotals(),
    uncaptured: { count: 0, amountMinor: 0 },
    byPaymentMethod: new Map(),
    byItem: new Map(),
    byStaff: new Map(),
    byHour: Array.from({ length: 24 }, emptyTotals),
    byLocation: new Map(),
  };
}

const byTotalThenKey =
  <T extends { totalMinor: number }>(keyOf: (row: T) => string) =>
  (a: T, b: T): number =>
    b.totalMinor - a.totalMinor || compareStrings(keyOf(a), keyOf(b));

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The summary of a range of local dates (a day, week, month or custom range) with every breakdown.
 * See the module comment and `SalesFigures` for what each figure counts.
 */
export function summarizeSales(input: SummaryInput): SalesSummary {
  const placer = new DayPlacer(input.range, input.timeZoneByLocation);
  const currencies = new Map<string, CurrencyAccumulator>();

  for (const sale of input.sales) {
    const captured = CAPTURED_SALE_STATUSES.has(sale.status);
    if (!captured && sale.status !== 'requires_capture') continue;
    if (placer.dateOf(sale.locationId, sale.createdAtMs) === null) continue;
    const acc = getOrCreate(currencies, sale.currency.toLowerCase(), emptyCurrencyAccumulator);
    if (!captured) {
      assertAmount(sale.totalMinor, 'totalMinor', `sale ${sale.id}`);
      acc.uncaptured.count += 1;
      acc.uncaptured.amountMinor += sale.totalMinor;
      continue;
    }
    assertSaleAddsUp(sale);
    addSale(acc.totals, sale);
    const methodKey = `${sale.cardBrand ?? ''}\u0000${sale.readMethod ?? ''}`;
    addSale(
      getOrCreate(acc.byPaymentMethod, methodKey, () => ({
        cardBrand: sale.cardBrand,
        readMethod: sale.readMethod,
        totals: emptyTotals(),
      })).totals,
      sale,
    );
    addSale(getOrCreate(acc.byStaff, sale.staffId, emptyTotals), sale);
    addSale(getOrCreate(acc.byLocation, sale.locationId, emptyTotals), sale);
    const clock = placer.clockOf(sale.locationId);
    const hourTotals = clock === null ? undefined : acc.byHour[clock.hourOfDay(sale.createdAtMs)];
    if (hourTotals !== undefined) addSale(hourTotals, sale);
    const itemsInSale = new Set<string>();
    for (const line of sale.lines) {
      const key = line.itemId === null ? `description:${line.description}` : `item:${line.itemId}`;
      const entry = getOrCreate(acc.byItem, key, () => ({
        itemId: line.itemId,
        item: {
          itemId: line.itemId,
          description: line.description,
          quantity: 0,
          grossSalesMinor: 0,
          salesCount: 0,
        },
        lastSeenMs: sale.createdAtMs,
      }));
      entry.item.quantity += line.quantity;
      entry.item.grossSalesMinor += line.amountMinor;
      if (!itemsInSale.has(key)) entry.item.salesCount += 1;
      itemsInSale.add(key);
      if (sale.createdAtMs > entry.lastSeenMs) {
        entry.lastSeenMs = sale.createdAtMs;
        entry.item.description = line.description;
      }
    }
  }

  for (const refund of input.refunds) {
    if (!COUNTED_REFUND_STATUSES.has(refund.status)) continue;
    if (placer.dateOf(refund.locationId, refund.createdAtMs) === null) continue;
    assertRefundValid(refund);
    addRefund(
      getOrCreate(currencies, refund.currency.toLowerCase(), emptyCurrencyAccumulator).totals,
      refund,
    );
  }

  return {
    range: { ...input.range },
    currencies: [...currencies.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([currency, acc]) => ({
        currency,
        figures: toFigures(acc.totals),
        stripeFeesUnknownCount: acc.totals.stripeFeesUnknown,
        uncapturedAuthorizations: acc.uncaptured,
        byPaymentMethod: [...acc.byPaymentMethod.values()]
          .map(({ cardBrand, readMethod, totals }) => ({ cardBrand, readMethod, ...toBucket(totals) }))
          .sort(byTotalThenKey((row) => `${row.cardBrand ?? ''}\u0000${row.readMethod ?? ''}`)),
        byItem: [...acc.byItem.entries()]
          .sort(
            ([keyA, a], [keyB, b]) =>
              b.item.grossSalesMinor - a.item.grossSalesMinor || compareStrings(keyA, keyB),
          )
          .map(([, entry]) => entry.item),
        byStaff: [...acc.byStaff.entries()]
          .map(([staffId, totals]) => ({ staffId, ...toBucket(totals) }))
          .sort(byTotalThenKey((row) => row.staffId)),
        byHour: acc.byHour.map((totals, hour) => ({ hour, ...toBucket(totals) })),
        byLocation: [...acc.byLocation.entries()]
          .sort(([a], [b]) => compareStrings(a, b))
          .map(([locationId, totals]) => ({
            locationId,
            timeZone: input.timeZoneByLocation[locationId] ?? '',
            ...toBucket(totals),
          })),
      })),
  };
}

// ---------------------------------------------------------------------------------------------
// Day-by-day series (charts, the daily-summary CSV)

export interface DailyFiguresRow {
  date: LocalDate;
  currency: string;
  figures: SalesFigures;
  stripeFeesUnknownCount: number;
}

/**
 * The figures of each local date of the range, per currency, with every date present (zeros on days
 * without activity) so charts have no holes. Sorted by currency, then date. Each day's row equals
 * `summarizeSales` of that single day.
 */
export function summarizeDailySeries(input: SummaryInput): DailyFiguresRow[] {
  const dates = listLocalDates(input.range);
  const placer = new DayPlacer(input.range, input.timeZoneByLocation);
  const byCurrency = new Map<string, Map<LocalDate, Totals>>();
  const totalsFor = (currency: string, date: LocalDate) =>
    getOrCreate(
      getOrCreate(byCurrency, currency, () => new Map<LocalDate, Totals>()),
      date,
      emptyTotals,
    );

  for (const sale of input.sales) {
    if (!CAPTURED_SALE_STATUSES.has(sale.status)) continue;
    const date = placer.dateOf(sale.locationId, sale.createdAtMs);
    if (date === null) continue;
    assertSaleAddsUp(sale);
    addSale(totalsFor(sale.currency.toLowerCase(), date), sale);
  }
  for (const refund of input.refunds) {
    if (!COUNTED_REFUND_STATUSES.has(refund.status)) continue;
    const date = placer.dateOf(refund.locationId, refund.createdAtMs);
    if (date === null) continue;
    assertRefundValid(refund);
    addRefund(totalsFor(refund.currency.toLowerCase(), date), refund);
  }

  return [...byCurrency.keys()].sort(compareStrings).flatMap((currency) =>
    dates.map((date) => {
      const totals = byCurrency.get(currency)?.get(date) ?? emptyTotals();
      return { date, currency, figures: toFigures(totals), stripeFeesUnknownCount: totals.stripeFeesUnknown };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Comparison

export interface FigureChange {
  current: number;
  previous: number;
  /** current − previous. */
  delta: number;
  /** delta ÷ |previous| in basis points (10 000 = +100 %), rounded half away from zero; null when previous is 0. */
  changeBps: number | null;
}

export interface CurrencyComparison {
  currency: string;
  figures: Record<keyof SalesFigures, FigureChange>;
}

const ZERO_FIGURES: SalesFigures = toFigures(emptyTotals());

/**
 * Figure-by-figure change from `previous` to `current`, per currency present in either (a currency
 * missing on one side counts as all zeros there). Sorted by currency.
 */
export function compareSummaries(current: SalesSummary, previous: SalesSummary): CurrencyComparison[] {
  const currencies = new Set([...current.currencies, ...previous.currencies].map((entry) => entry.currency));
  return [...currencies].sort(compareStrings).map((currency) => {
    const now = current.currencies.find((entry) => entry.currency === currency)?.figures ?? ZERO_FIGURES;
    const before = previous.currencies.find((entry) => entry.currency === currency)?.figures ?? ZERO_FIGURES;
    const figures = {} as Record<keyof SalesFigures, FigureChange>;
    for (const key of SALES_FIGURE_KEYS) {
      const delta = now[key] - before[key];
      figures[key] = {
        current: now[key],
        previous: before[key],
        delta,
        changeBps: before[key] === 0 ? null : divideSignedRoundHalfUp(delta * 10_000, Math.abs(before[key])),
      };
    }
    return { currency, figures };
  });
}

export interface DailySummary {
  date: LocalDate;
  /** The same weekday one week earlier. */
  comparedWith: LocalDate;
  summary: SalesSummary;
  previous: SalesSummary;
  comparison: CurrencyComparison[];
}

/**
 * A day's summary and its comparison with the same weekday last week, from rows covering both days
 * (e.g. one query over the union of both days' bounds; extra rows are ignored).
 */
export function summarizeDayWithComparison(input: {
  date: LocalDate;
  timeZoneByLocation: Readonly<Record<string, string>>;
  sales: readonly SaleRecord[];
  refunds: readonly RefundRecord[];
}): DailySummary {
  const comparedWith = sameWeekdayLastWeek(input.date);
  const rows = { timeZoneByLocation: input.timeZoneByLocation, sales: input.sales, refunds: input.refunds };
  const summary = summarizeSales({ ...rows, range: { from: input.date, to: input.date } });
  const previous = summarizeSales({ ...rows, range: { from: comparedWith, to: comparedWith } });
  return {
    date: input.date,
    comparedWith,
    summary,
    previous,
    comparison: compareSummaries(summary, previous),
  };
}
