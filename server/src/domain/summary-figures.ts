/**
 * The rows a sales summary reads and the figures it computes (pure): what one sale, refund and closed
 * drawer shift add to each figure, the figures' definitions as formulas (Square's: Net sales = Gross sales −
 * Refunds − Discounts), the checks that a sale's amounts add up, and placing rows on local dates.
 *
 * - Gross sales are without tax: a sale whose prices include tax adds its subtotal minus that tax.
 * - A refund is split into its tax part (`taxMinor`, which comes off Tax) and the rest (which is Refunds),
 *   so Total collected = Net sales + Tax + Tips stays the money taken minus the money given back.
 * - Card and cash: what each tender took (a card's tip included) minus what was refunded to it.
 */
import type { SaleStatus } from '@countertop/shared';
import {
  createLocalClock,
  daysBetween,
  type LocalClock,
  type LocalDate,
  type LocalDateRange,
} from './local-day.ts';

// ---------------------------------------------------------------------------------------------
// Input rows

/** A line of a sale as sold: `amountMinor` is `quantity × unitPriceMinor`, before discounts. */
export interface SaleRecordLine {
  /** Catalog product id; null for a keyed amount. Lines group by this id (and variant), else by description. */
  itemId: string | null;
  variantId?: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  amountMinor: number;
  /** The modifiers sold with each unit. */
  modifiers?: readonly { modifierId: string | null; name: string; priceDeltaMinor: number }[];
  /** Its own discount plus its share of the sale's (default 0). */
  discountMinor?: number;
  /** The line's own discount, as applied. */
  lineDiscount?: { discountId: string | null; name: string; discountMinor: number } | null;
}

/** One payment of a sale: a card (with its tip and Stripe's fee) or cash. */
export interface SalePaymentRecord {
  method: 'card' | 'cash';
  /** The part of the sale it paid, before any tip. */
  amountMinor: number;
  tipMinor: number;
  /** Stripe's processing fee of a card payment; null while not known (0 for cash). */
  stripeFeeMinor: number | null;
  cardBrand: string | null;
  readMethod: string | null;
}

/**
 * One sale, as the summary needs it. Invariants (checked for counted sales; a violation throws a
 * RangeError naming the sale): every amount is a non-negative integer; `totalMinor = subtotalMinor −
 * discountMinor + taxMinor (when added, not included) + tipMinor` and is what was captured; when there are
 * lines, their amounts sum to `subtotalMinor`.
 */
export interface SaleRecord {
  id: string;
  locationId: string;
  status: SaleStatus;
  /** ISO code as Stripe writes it (`usd`, `jpy`); grouped case-insensitively, reported lower-case. */
  currency: string;
  /** Sum of the lines before discounts, as priced (tax included where prices include it), without tip. */
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  /** True when the prices included the tax (default false: added on top). */
  taxIncluded?: boolean;
  tipMinor: number;
  totalMinor: number;
  /** The platform's application fee (on its card payments). */
  applicationFeeMinor: number;
  /** Stripe's processing fee of a sale paid directly by card; null while not yet known. */
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
  /** The discount on the whole sale, as applied. */
  saleDiscount?: { discountId: string | null; name: string; discountMinor: number } | null;
  /** How it was paid; default: one card payment of the whole sale with its tip and Stripe fee. */
  payments?: readonly SalePaymentRecord[];
  /** e.g. MISSION-1-42 (sales before receipt numbers have none). */
  receiptNumber?: string | null;
}

export type RefundStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

/** Refund statuses whose money has left the merchant. */
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
  /** Money given back, > 0. */
  amountMinor: number;
  /** Part of the sale's application fee the platform gave back with this refund (0 if none). */
  applicationFeeRefundedMinor: number;
  status: RefundStatus;
  createdAtMs: number;
  stripeRefundId: string | null;
  reason: string | null;
  /** The tax it gave back (default 0). */
  taxMinor?: number;
  /** To a card or in cash (default card). */
  method?: 'card' | 'cash';
}

/** A closed drawer shift: its over/short counts on the local date it closed. */
export interface ShiftRecord {
  locationId: string;
  currency: string;
  closedAtMs: number;
  overShortMinor: number;
}

// ---------------------------------------------------------------------------------------------
// Figures

/**
 * The summary figures, all in minor units of one currency, over counted sales, refunds and shifts (see
 * `SALES_FIGURE_DEFINITIONS` in @countertop/shared for the words):
 *
 * - `grossSalesMinor` = Σ (subtotal − tax included) of counted sales.
 * - `discountsMinor` = Σ discounts of counted sales.
 * - `refundsMinor` = Σ (amount − tax part) of counted refunds in the period.
 * - `netSalesMinor` = gross sales − refunds − discounts.
 * - `taxMinor` = Σ tax of counted sales − Σ tax parts of counted refunds.
 * - `tipsMinor` = Σ tips of counted sales.
 * - `totalCollectedMinor` = net sales + tax + tips (= Σ totals captured − Σ refunds).
 * - `cardMinor`, `cashMinor`: taken by that tender (tips included) − refunded to it; they add up to total
 *   collected.
 * - `stripeFeesMinor`: Σ known Stripe fees of counted sales' card payments (see `stripeFeesUnknownCount`).
 * - `applicationFeesMinor`, `applicationFeeRefundsMinor`: the platform's fees of counted sales, and the part
 *   given back with counted refunds.
 * - `netToMerchantMinor` = total collected − Stripe fees − application fees + application fee refunds.
 * - `drawerOverShortMinor` = Σ over/short of the drawer shifts closed in the period.
 * - `salesCount`, `refundsCount`; `averageSaleMinor` = net sales ÷ sales count, half up (0 with no sales).
 */
export interface SalesFigures {
  grossSalesMinor: number;
  discountsMinor: number;
  refundsMinor: number;
  netSalesMinor: number;
  taxMinor: number;
  tipsMinor: number;
  totalCollectedMinor: number;
  cardMinor: number;
  cashMinor: number;
  stripeFeesMinor: number;
  applicationFeesMinor: number;
  applicationFeeRefundsMinor: number;
  netToMerchantMinor: number;
  drawerOverShortMinor: number;
  salesCount: number;
  refundsCount: number;
  averageSaleMinor: number;
}

/** The figures of the original summary, in the order a summary shows them. */
export const ORIGINAL_FIGURE_KEYS = [
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

/** The figures the shop added: money by tender, and the drawers' over/short. */
export const SHOP_FIGURE_KEYS = [
  'cardMinor',
  'cashMinor',
  'drawerOverShortMinor',
] as const satisfies readonly (keyof SalesFigures)[];

/** Every figure, the original ones first. */
export const SALES_FIGURE_KEYS = [...ORIGINAL_FIGURE_KEYS, ...SHOP_FIGURE_KEYS] as const;

/** Counted sales of one slice of a breakdown (refunds are not allocated to slices). */
export interface SalesBucket {
  salesCount: number;
  /** Without tax. */
  grossSalesMinor: number;
  discountsMinor: number;
  /** gross − discounts (refunds are not allocated to slices). */
  netSalesMinor: number;
  taxMinor: number;
  tipsMinor: number;
  /** Σ totals captured (net + tax + tips). */
  totalMinor: number;
}

export interface Totals {
  gross: number;
  discounts: number;
  tax: number;
  tips: number;
  total: number;
  card: number;
  cash: number;
  stripeFees: number;
  stripeFeesUnknown: number;
  applicationFees: number;
  refunds: number;
  refundsTax: number;
  applicationFeeRefunds: number;
  overShort: number;
  salesCount: number;
  refundsCount: number;
}

export function emptyTotals(): Totals {
  return {
    gross: 0,
    discounts: 0,
    tax: 0,
    tips: 0,
    total: 0,
    card: 0,
    cash: 0,
    stripeFees: 0,
    stripeFeesUnknown: 0,
    applicationFees: 0,
    refunds: 0,
    refundsTax: 0,
    applicationFeeRefunds: 0,
    overShort: 0,
    salesCount: 0,
    refundsCount: 0,
  };
}

/** How a sale was paid (the default: one card payment of all of it). */
export function paymentsOfSale(sale: SaleRecord): readonly SalePaymentRecord[] {
  return (
    sale.payments ?? [
      {
        method: 'card',
        amountMinor: sale.totalMinor - sale.tipMinor,
        tipMinor: sale.tipMinor,
        stripeFeeMinor: sale.stripeFeeMinor,
        cardBrand: sale.cardBrand,
        readMethod: sale.readMethod,
      },
    ]
  );
}

/** The sale's gross sales: its subtotal without the tax its prices included. */
export function grossOfSale(sale: SaleRecord): number {
  return sale.subtotalMinor - (sale.taxIncluded ? sale.taxMinor : 0);
}

export function addSale(totals: Totals, sale: SaleRecord): void {
  totals.gross += grossOfSale(sale);
  totals.discounts += sale.discountMinor;
  totals.tax += sale.taxMinor;
  totals.tips += sale.tipMinor;
  totals.total += sale.totalMinor;
  totals.applicationFees += sale.applicationFeeMinor;
  let unknownFee = false;
  for (const payment of paymentsOfSale(sale)) {
    const taken = payment.amountMinor + payment.tipMinor;
    if (payment.method === 'cash') {
      totals.cash += taken;
      continue;
    }
    totals.card += taken;
    if (payment.stripeFeeMinor === null) unknownFee = true;
    else totals.stripeFees += payment.stripeFeeMinor;
  }
  if (unknownFee) totals.stripeFeesUnknown += 1;
  totals.salesCount += 1;
}

export function addRefund(totals: Totals, refund: RefundRecord): void {
  const taxPart = refund.taxMinor ?? 0;
  totals.refunds += refund.amountMinor - taxPart;
  totals.refundsTax += taxPart;
  if ((refund.method ?? 'card') === 'cash') totals.cash -= refund.amountMinor;
  else totals.card -= refund.amountMinor;
  totals.applicationFeeRefunds += refund.applicationFeeRefundedMinor;
  totals.refundsCount += 1;
}

export function toFigures(totals: Totals): SalesFigures {
  const netSales = totals.gross - totals.refunds - totals.discounts;
  const tax = totals.tax - totals.refundsTax;
  const totalCollected = netSales + tax + totals.tips;
  return {
    grossSalesMinor: totals.gross,
    discountsMinor: totals.discounts,
    refundsMinor: totals.refunds,
    netSalesMinor: netSales,
    taxMinor: tax,
    tipsMinor: totals.tips,
    totalCollectedMinor: totalCollected,
    cardMinor: totals.card,
    cashMinor: totals.cash,
    stripeFeesMinor: totals.stripeFees,
    applicationFeesMinor: totals.applicationFees,
    applicationFeeRefundsMinor: totals.applicationFeeRefunds,
    netToMerchantMinor:
      totalCollected - totals.stripeFees - totals.applicationFees + totals.applicationFeeRefunds,
    drawerOverShortMinor: totals.overShort,
    salesCount: totals.salesCount,
    refundsCount: totals.refundsCount,
    averageSaleMinor: totals.salesCount === 0 ? 0 : divideSignedRoundHalfUp(netSales, totals.salesCount),
  };
}

export function toBucket(totals: Totals): SalesBucket {
  return {
    salesCount: totals.salesCount,
    grossSalesMinor: totals.gross,
    discountsMinor: totals.discounts,
    netSalesMinor: totals.gross - totals.discounts,
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

export function assertAmount(value: number, what: string, owner: string): void {
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
  const expected =
    sale.subtotalMinor - sale.discountMinor + (sale.taxIncluded ? 0 : sale.taxMinor) + sale.tipMinor;
  if (sale.totalMinor !== expected) {
    throw new RangeError(
      `${owner}: total ${sale.totalMinor} ≠ subtotal − discount + tax added + tip = ${expected}`,
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
  if (sale.payments !== undefined) {
    const paid = sale.payments.reduce((sum, payment) => sum + payment.amountMinor + payment.tipMinor, 0);
    if (paid !== sale.totalMinor)
      throw new RangeError(`${owner}: payments take ${paid}, total is ${sale.totalMinor}`);
  }
}

export function assertRefundValid(refund: RefundRecord): void {
  const owner = `refund ${refund.id}`;
  assertAmount(refund.amountMinor, 'amountMinor', owner);
  assertAmount(refund.applicationFeeRefundedMinor, 'applicationFeeRefundedMinor', owner);
  assertAmount(refund.taxMinor ?? 0, 'taxMinor', owner);
  if (refund.amountMinor === 0) throw new RangeError(`${owner}: amountMinor must be > 0`);
  if ((refund.taxMinor ?? 0) > refund.amountMinor)
    throw new RangeError(`${owner}: tax part above its amount`);
}

/** Places rows on local dates within the range, each in its own location's zone. */
export class DayPlacer {
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

export function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
