/**
 * The merchant's sales summary (pure): the figures a Square merchant knows — gross sales, discounts,
 * refunds, net sales (gross − refunds − discounts), tax, tips, total collected, card and cash, fees, net to
 * the merchant, the drawers' over/short, counts and average sale — for a range of local dates, plus
 * breakdowns (card brand × entry method, tender, item and variant, modifier, discount, staff member, hour,
 * location), a day-by-day series for charts, and the comparison with the same weekday last week. What one
 * row adds to each figure is summary-figures.ts.
 *
 * Rules that hold for every figure:
 * - Integer minor units only (cents, yen); no floats, no rounding except where a figure says so.
 * - Each row is placed on the local date of its own instant in its own location's time zone, so "all
 *   locations" stays right when locations sit in different zones. Rows outside the range, and rows of
 *   locations missing from `timeZoneByLocation` (the scope of the report), are left out; the caller may
 *   pass a superset (e.g. one query over `unionRangeBoundsMs`).
 * - Currencies are never added together: everything is grouped per currency (`currencies[]`, sorted by
 *   code). A location normally has one currency; a merchant's "all locations" view may have several.
 * - A sale counts once its money was taken: status `succeeded`, `partially_refunded` or `refunded`. A
 *   later refund does not un-count the sale on its own day; the refund counts on the day it was made.
 *   Authorised but uncaptured sales (`requires_capture`) are reported apart and in no figure.
 * - A refund counts when its status is `succeeded` or `pending` (the money has left the merchant);
 *   `failed` and `canceled` refunds count nowhere. Refunds are by amount (Square's "refunds by amount"):
 *   not allocated to items, so breakdowns hold sales only; their tax part comes off Tax, the rest is Refunds.
 * - Stripe keeps its processing fee when a payment is refunded, so refunds carry no Stripe fee; the
 *   platform's application fee is returned only as far as the refund says (`applicationFeeRefundedMinor`,
 *   per the platform's refund policy). Cash carries no fee of either kind.
 *
 * Size: the figures and their definitions share one set of sums; they are kept side by side.
 */

import { type LocalDate, type LocalDateRange, listLocalDates, sameWeekdayLastWeek } from './local-day.ts';
import {
  addRefund,
  addSale,
  assertAmount,
  assertRefundValid,
  assertSaleAddsUp,
  CAPTURED_SALE_STATUSES,
  COUNTED_REFUND_STATUSES,
  compareStrings,
  DayPlacer,
  divideSignedRoundHalfUp,
  emptyTotals,
  getOrCreate,
  paymentsOfSale,
  type RefundRecord,
  SALES_FIGURE_KEYS,
  type SaleRecord,
  type SalesBucket,
  type SalesFigures,
  type ShiftRecord,
  type Totals,
  toBucket,
  toFigures,
} from './summary-figures.ts';

export type {
  RefundRecord,
  RefundStatus,
  SalePaymentRecord,
  SaleRecord,
  SaleRecordLine,
  SalesBucket,
  SalesFigures,
  ShiftRecord,
} from './summary-figures.ts';
export {
  assertSaleAddsUp,
  CAPTURED_SALE_STATUSES,
  COUNTED_REFUND_STATUSES,
  divideSignedRoundHalfUp,
  SALES_FIGURE_KEYS,
};

// ---------------------------------------------------------------------------------------------
// Output

export interface PaymentMethodBreakdown extends SalesBucket {
  cardBrand: string | null;
  readMethod: string | null;
}

export interface ItemBreakdown {
  itemId: string | null;
  variantId: string | null;
  /** The description on the most recent sale of the item (and variant). */
  description: string;
  quantity: number;
  /** Σ line amounts (before discounts, tax included where prices include it). */
  grossSalesMinor: number;
  /** Σ the lines' discounts (their own and their share of sale discounts). */
  discountsMinor: number;
  /** Counted sales containing the item. */
  salesCount: number;
}

export interface ModifierBreakdown {
  modifierId: string | null;
  name: string;
  /** Units sold with it. */
  quantity: number;
  /** What it added to prices: Σ delta × units. */
  amountMinor: number;
}

export interface DiscountBreakdown {
  discountId: string | null;
  name: string;
  /** Times given (a line's own, or a sale's). */
  count: number;
  amountMinor: number;
}

export interface TenderBreakdown {
  method: 'card' | 'cash';
  /** Payments taken with it. */
  count: number;
  /** Taken, tips included. */
  amountMinor: number;
  tipsMinor: number;
  /** Refunded to it in the period. */
  refundsMinor: number;
  /** amount − refunds. */
  netMinor: number;
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
  /** By item and variant, largest gross first. */
  byItem: ItemBreakdown[];
  /** By modifier, largest amount first, then name. */
  byModifier: ModifierBreakdown[];
  /** By discount, largest amount first, then name. */
  byDiscount: DiscountBreakdown[];
  /** Card, then cash (those with any activity). */
  byTender: TenderBreakdown[];
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
  /** Closed drawer shifts (their over/short counts on the day they closed). */
  shifts?: readonly ShiftRecord[];
}

// ---------------------------------------------------------------------------------------------
// Accumulation

/** An item's figures and the sale its description comes from (the latest: by time, then smallest id). */
export interface ItemEntry {
  item: ItemBreakdown;
  lastSeenMs: number;
  lastSeenId: string;
}

/** Whether sale (ms, id) comes after (otherMs, otherId) for the item description: later, or as late with a smaller id. */
export function isLaterSale(ms: number, id: string, otherMs: number, otherId: string): boolean {
  return ms > otherMs || (ms === otherMs && compareStrings(id, otherId) < 0);
}

/** One currency's sums and breakdowns (summary-body.ts stores and merges them). */
export interface CurrencyAccumulator {
  totals: Totals;
  uncaptured: { count: number; amountMinor: number };
  byPaymentMethod: Map<string, { cardBrand: string | null; readMethod: string | null; totals: Totals }>;
  byItem: Map<string, ItemEntry>;
  byModifier: Map<string, ModifierBreakdown>;
  byDiscount: Map<string, DiscountBreakdown>;
  byTender: Map<'card' | 'cash', TenderBreakdown>;
  byStaff: Map<string, Totals>;
  byHour: Totals[];
  byLocation: Map<string, Totals>;
}

export function emptyCurrencyAccumulator(): CurrencyAccumulator {
  return {
    totals: emptyTotals(),
    uncaptured: { count: 0, amountMinor: 0 },
    byPaymentMethod: new Map(),
    byItem: new Map(),
    byModifier: new Map(),
    byDiscount: new Map(),
    byTender: new Map(),
    byStaff: new Map(),
    byHour: Array.from({ length: 24 }, emptyTotals),
    byLocation: new Map(),
  };
}

const byTotalThenKey =
  <T extends { totalMinor: number }>(keyOf: (row: T) => string) =>
  (a: T, b: T): number =>
    b.totalMinor - a.totalMinor || compareStrings(keyOf(a), keyOf(b));

export function emptyTender(method: 'card' | 'cash'): TenderBreakdown {
  return { method, count: 0, amountMinor: 0, tipsMinor: 0, refundsMinor: 0, netMinor: 0 };
}

/** A counted sale's lines into the item, modifier and discount breakdowns. */
function addLines(acc: CurrencyAccumulator, sale: SaleRecord): void {
  const itemsInSale = new Set<string>();
  const addDiscount = (discount: { discountId: string | null; name: string; discountMinor: number }) => {
    if (discount.discountMinor <= 0) return;
    const key = discount.discountId === null ? `custom:${discount.name}` : `discount:${discount.discountId}`;
    const entry = getOrCreate(acc.byDiscount, key, () => ({
      discountId: discount.discountId,
      name: discount.name,
      count: 0,
      amountMinor: 0,
    }));
    entry.count += 1;
    entry.amountMinor += discount.discountMinor;
  };
  for (const line of sale.lines) {
    const variantId = line.variantId ?? null;
    const key =
      line.itemId === null ? `description:${line.description}` : `item:${line.itemId}:${variantId ?? ''}`;
    const entry = getOrCreate(acc.byItem, key, () => ({
      item: {
        itemId: line.itemId,
        variantId,
        description: line.description,
        quantity: 0,
        grossSalesMinor: 0,
        discountsMinor: 0,
        salesCount: 0,
      },
      lastSeenMs: sale.createdAtMs,
      lastSeenId: sale.id,
    }));
    entry.item.quantity += line.quantity;
    entry.item.grossSalesMinor += line.amountMinor;
    entry.item.discountsMinor += line.discountMinor ?? 0;
    if (!itemsInSale.has(key)) entry.item.salesCount += 1;
    itemsInSale.add(key);
    if (isLaterSale(sale.createdAtMs, sale.id, entry.lastSeenMs, entry.lastSeenId)) {
      entry.lastSeenMs = sale.createdAtMs;
      entry.lastSeenId = sale.id;
      entry.item.description = line.description;
    }
    for (const modifier of line.modifiers ?? []) {
      const modifierKey =
        modifier.modifierId === null ? `name:${modifier.name}` : `modifier:${modifier.modifierId}`;
      const row = getOrCreate(acc.byModifier, modifierKey, () => ({
        modifierId: modifier.modifierId,
        name: modifier.name,
        quantity: 0,
        amountMinor: 0,
      }));
      row.quantity += line.quantity;
      row.amountMinor += modifier.priceDeltaMinor * line.quantity;
    }
    if (line.lineDiscount) addDiscount(line.lineDiscount);
  }
  if (sale.saleDiscount) addDiscount(sale.saleDiscount);
}

/**
 * What a summary adds up, per currency (lower case): mergeable, so that a range can be summed from the
 * accumulators of its location-days (the report rollups) and give exactly what one pass over the raw rows
 * gives. Drawer shifts are not in it (`addShifts`).
 */
export type SummaryAccumulator = Map<string, CurrencyAccumulator>;

/** The sales and refunds of the input (not its shifts) into an accumulator. */
export function accumulateSummary(input: Omit<SummaryInput, 'shifts'>): SummaryAccumulator {
  const placer = new DayPlacer(input.range, input.timeZoneByLocation);
  const currencies: SummaryAccumulator = new Map();

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
    const payments = paymentsOfSale(sale);
    // By the sale's (first) card; a sale paid in cash only has neither brand nor entry method.
    const firstCard = payments.find((payment) => payment.method === 'card');
    const cardBrand = firstCard ? firstCard.cardBrand : null;
    const readMethod = firstCard ? firstCard.readMethod : null;
    addSale(
      getOrCreate(acc.byPaymentMethod, `${cardBrand ?? ''}\u0000${readMethod ?? ''}`, () => ({
        cardBrand,
        readMethod,
        totals: emptyTotals(),
      })).totals,
      sale,
    );
    for (const payment of payments) {
      const tender = getOrCreate(acc.byTender, payment.method, () => emptyTender(payment.method));
      tender.count += 1;
      tender.amountMinor += payment.amountMinor + payment.tipMinor;
      tender.tipsMinor += payment.tipMinor;
    }
    addSale(getOrCreate(acc.byStaff, sale.staffId, emptyTotals), sale);
    addSale(getOrCreate(acc.byLocation, sale.locationId, emptyTotals), sale);
    const clock = placer.clockOf(sale.locationId);
    const hourTotals = clock === null ? undefined : acc.byHour[clock.hourOfDay(sale.createdAtMs)];
    if (hourTotals !== undefined) addSale(hourTotals, sale);
    addLines(acc, sale);
  }

  for (const refund of input.refunds) {
    if (!COUNTED_REFUND_STATUSES.has(refund.status)) continue;
    if (placer.dateOf(refund.locationId, refund.createdAtMs) === null) continue;
    assertRefundValid(refund);
    const acc = getOrCreate(currencies, refund.currency.toLowerCase(), emptyCurrencyAccumulator);
    addRefund(acc.totals, refund);
    const method = refund.method ?? 'card';
    const tender = getOrCreate(acc.byTender, method, () => emptyTender(method));
    tender.refundsMinor += refund.amountMinor;
  }
  return currencies;
}

/** Closed drawer shifts of the range (their over/short) into an accumulator. */
export function addShifts(
  currencies: SummaryAccumulator,
  range: LocalDateRange,
  timeZoneByLocation: Readonly<Record<string, string>>,
  shifts: readonly ShiftRecord[],
): void {
  const placer = new DayPlacer(range, timeZoneByLocation);
  for (const shift of shifts) {
    if (placer.dateOf(shift.locationId, shift.closedAtMs) === null) continue;
    getOrCreate(currencies, shift.currency.toLowerCase(), emptyCurrencyAccumulator).totals.overShort +=
      shift.overShortMinor;
  }
}

/** The summary of an accumulator (sorted breakdowns, figures). */
export function finishSummary(
  range: LocalDateRange,
  timeZoneByLocation: Readonly<Record<string, string>>,
  currencies: SummaryAccumulator,
): SalesSummary {
  return {
    range: { ...range },
    currencies: [...currencies.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([currency, acc]) => ({
        currency,
        figures: toFigures(acc.totals),
        stripeFeesUnknownCount: acc.totals.stripeFeesUnknown,
        uncapturedAuthorizations: { ...acc.uncaptured },
        byPaymentMethod: [...acc.byPaymentMethod.values()]
          .map(({ cardBrand, readMethod, totals }) => ({ cardBrand, readMethod, ...toBucket(totals) }))
          .sort(byTotalThenKey((row) => `${row.cardBrand ?? ''}\u0000${row.readMethod ?? ''}`)),
        byItem: [...acc.byItem.entries()]
          .sort(
            ([keyA, a], [keyB, b]) =>
              b.item.grossSalesMinor - a.item.grossSalesMinor || compareStrings(keyA, keyB),
          )
          .map(([, entry]) => ({ ...entry.item })),
        byModifier: [...acc.byModifier.entries()]
          .sort(
            ([keyA, a], [keyB, b]) =>
              b.amountMinor - a.amountMinor ||
              b.quantity - a.quantity ||
              compareStrings(a.name, b.name) ||
              compareStrings(keyA, keyB),
          )
          .map(([, row]) => ({ ...row })),
        byDiscount: [...acc.byDiscount.entries()]
          .sort(
            ([keyA, a], [keyB, b]) =>
              b.amountMinor - a.amountMinor || compareStrings(a.name, b.name) || compareStrings(keyA, keyB),
          )
          .map(([, row]) => ({ ...row })),
        byTender: (['card', 'cash'] as const).flatMap((method) => {
          const tender = acc.byTender.get(method);
          return tender ? [{ ...tender, netMinor: tender.amountMinor - tender.refundsMinor }] : [];
        }),
        byStaff: [...acc.byStaff.entries()]
          .map(([staffId, totals]) => ({ staffId, ...toBucket(totals) }))
          .sort(byTotalThenKey((row) => row.staffId)),
        byHour: acc.byHour.map((totals, hour) => ({ hour, ...toBucket(totals) })),
        byLocation: [...acc.byLocation.entries()]
          .sort(([a], [b]) => compareStrings(a, b))
          .map(([locationId, totals]) => ({
            locationId,
            timeZone: timeZoneByLocation[locationId] ?? '',
            ...toBucket(totals),
          })),
      })),
  };
}

/**
 * The summary of a range of local dates (a day, week, month or custom range) with every breakdown.
 * See the module comment and `SalesFigures` for what each figure counts.
 */
export function summarizeSales(input: SummaryInput): SalesSummary {
  const currencies = accumulateSummary(input);
  addShifts(currencies, input.range, input.timeZoneByLocation, input.shifts ?? []);
  return finishSummary(input.range, input.timeZoneByLocation, currencies);
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
  for (const shift of input.shifts ?? []) {
    const date = placer.dateOf(shift.locationId, shift.closedAtMs);
    if (date !== null) totalsFor(shift.currency.toLowerCase(), date).overShort += shift.overShortMinor;
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
  shifts?: readonly ShiftRecord[];
}): DailySummary {
  const comparedWith = sameWeekdayLastWeek(input.date);
  const rows = {
    timeZoneByLocation: input.timeZoneByLocation,
    sales: input.sales,
    refunds: input.refunds,
    shifts: input.shifts ?? [],
  };
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
