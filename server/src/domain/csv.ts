/**
 * CSV exports (pure): an RFC 4180 writer and the builders for the sales, refunds and daily-summary exports.
 *
 * Writer rules:
 * - Records end with CRLF (also the last one); a field is quoted when it holds a comma, a double quote,
 *   CR or LF, and a double quote inside it is doubled (RFC 4180 §2).
 * - Every record must have as many fields as the header; a mismatch throws.
 * - Spreadsheet formula injection (OWASP "CSV Injection"): a text cell starting with `=`, `+`, `-`, `@`,
 *   tab or CR could run as a formula when the file is opened in Excel, LibreOffice or Google Sheets, so
 *   such a cell gets a leading apostrophe (`=HYPERLINK(…)` → `'=HYPERLINK(…)`), which makes spreadsheets
 *   show it as text. Plain decimal numbers (`-12.50`, the money columns) are exempt: they cannot be a
 *   formula and must stay numbers. This changes what the cell holds, by design, for untrusted text
 *   (item descriptions, refund reasons, ids).
 * - Number cells must be integers (counts); money goes through `formatMinorAsDecimal`, never a float.
 * - Money columns are decimal strings with exactly the currency's minor-unit digits and no symbol or
 *   grouping: `1234` USD cents → `12.34`, `1234` JPY → `1234`, `1234` KWD fils → `1.234`.
 * - Instants are written in the location's time zone with the offset (`2026-03-08T23:30:00-04:00`), next
 *   to the local date the row counts on, and the zone is named (`time_zone`).
 * - Ids have their names beside them (`location_name`, `staff_name`) for people reading the file.
 * - Output is UTF-8 text; `byteOrderMark: true` prepends U+FEFF so Excel detects UTF-8 (item names with
 *   accents, ¥ signs in descriptions).
 */
import { minorUnitDigits } from '@countertop/shared';
import { formatLocalDateTime, type LocalDateRange, localDayOf } from './local-day.ts';
import type { DailyFiguresRow, RefundRecord, SALES_FIGURE_KEYS, SaleRecord } from './sales-summary.ts';
import { ORIGINAL_FIGURE_KEYS, paymentsOfSale, SHOP_FIGURE_KEYS } from './summary-figures.ts';

export type CsvCell = string | number | null;

const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** Prefixes `'` to text a spreadsheet would read as a formula (see the module comment). */
export function neutralizeFormula(text: string): string {
  const first = text.charAt(0);
  if (!FORMULA_TRIGGERS.has(first) || PLAIN_DECIMAL.test(text)) return text;
  return `'${text}`;
}

/** One field, guarded against formula injection, quoted when RFC 4180 requires it. `null` is empty. */
export function formatCsvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (!Number.isSafeInteger(cell)) {
      throw new RangeError(
        `CSV number cells must be integers, got ${cell}; format money with formatMinorAsDecimal`,
      );
    }
    return String(cell);
  }
  const text = neutralizeFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface CsvOptions {
  /** Prepend U+FEFF so Excel opens the file as UTF-8. Default false. */
  byteOrderMark?: boolean;
}

/** Names written beside the ids (`location_name`, `staff_name`); an id without a name leaves the cell empty. */
export interface CsvNames {
  locations?: Readonly<Record<string, string>>;
  staff?: Readonly<Record<string, string>>;
}

function nameOf(names: Readonly<Record<string, string>> | undefined, id: string): string | null {
  return names && Object.hasOwn(names, id) ? (names[id] ?? null) : null;
}

/** A whole CSV document: the header record, then one record per row, each ending in CRLF. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  options: CsvOptions = {},
): string {
  if (header.length === 0) throw new RangeError('a CSV needs at least one column');
  const records = [header, ...rows].map((row, index) => {
    if (row.length !== header.length) {
      throw new RangeError(`CSV row ${index} has ${row.length} fields, the header has ${header.length}`);
    }
    return `${row.map(formatCsvField).join(',')}\r\n`;
  });
  return (options.byteOrderMark === true ? '\uFEFF' : '') + records.join('');
}

/** Minor units as a plain decimal string in the currency's digits: 1234 usd → `12.34`, −5 usd → `-0.05`. */
export function formatMinorAsDecimal(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new RangeError(`amount must be an integer number of minor units, got ${amountMinor}`);
  }
  const digits = minorUnitDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const magnitude = String(Math.abs(amountMinor));
  if (digits === 0) return sign + magnitude;
  const padded = magnitude.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** A download name such as `sales-2026-03-01-to-2026-03-31.csv` (or `sales-2026-03-08.csv` for one day). */
export function csvFileName(kind: 'sales' | 'refunds' | 'daily-summary', range: LocalDateRange): string {
  const dates = range.from === range.to ? range.from : `${range.from}-to-${range.to}`;
  return `${kind}-${dates}.csv`;
}

function timeZoneOf(
  timeZoneByLocation: Readonly<Record<string, string>>,
  locationId: string,
  rowId: string,
): string {
  const timeZone = Object.hasOwn(timeZoneByLocation, locationId) ? timeZoneByLocation[locationId] : undefined;
  if (timeZone === undefined) throw new RangeError(`${rowId}: no time zone for location ${locationId}`);
  return timeZone;
}

export const SALES_CSV_HEADER = [
  'sale_id',
  'local_date',
  'created_at',
  'location_id',
  'location_name',
  'time_zone',
  'staff_id',
  'staff_name',
  'status',
  'currency',
  'subtotal',
  'discount',
  'tax',
  'tip',
  'total',
  'application_fee',
  'stripe_fee',
  'card_brand',
  'entry_method',
  'payment_intent_id',
  'items',
  'receipt_number',
  'tax_included',
  'card',
  'cash',
  'discounts',
] as const;

/** A line as the exports write it: `2 × Latte (Large) + Oat, Extra shot`. */
export function lineText(line: SaleRecord['lines'][number]): string {
  const modifiers = (line.modifiers ?? []).map((modifier) => modifier.name);
  return `${line.quantity} × ${line.description}${modifiers.length > 0 ? ` + ${modifiers.join(', ')}` : ''}`;
}

/**
 * The sales export: one record per sale, in the order given, amounts in the sale's currency,
 * `stripe_fee` empty while unknown, `items` as `2 × Latte (Large) + Oat; 1 × Muffin`, what card and cash
 * took (tips included), and the discounts given (`name amount; …`). Every location must have a time zone
 * in `timeZoneByLocation`.
 */
export function buildSalesCsv(
  sales: readonly SaleRecord[],
  timeZoneByLocation: Readonly<Record<string, string>>,
  options: CsvOptions & { names?: CsvNames } = {},
): string {
  const rows = sales.map((sale) => {
    const timeZone = timeZoneOf(timeZoneByLocation, sale.locationId, `sale ${sale.id}`);
    const money = (amountMinor: number) => formatMinorAsDecimal(amountMinor, sale.currency);
    return [
      sale.id,
      localDayOf(sale.createdAtMs, timeZone),
      formatLocalDateTime(sale.createdAtMs, timeZone),
      sale.locationId,
      nameOf(options.names?.locations, sale.locationId),
      timeZone,
      sale.staffId,
      nameOf(options.names?.staff, sale.staffId),
      sale.status,
      sale.currency.toUpperCase(),
      money(sale.subtotalMinor),
      money(sale.discountMinor),
      money(sale.taxMinor),
      money(sale.tipMinor),
      money(sale.totalMinor),
      money(sale.applicationFeeMinor),
      sale.stripeFeeMinor === null ? null : money(sale.stripeFeeMinor),
      sale.cardBrand,
      sale.readMethod,
      sale.paymentIntentId,
      sale.lines.map(lineText).join('; '),
      sale.receiptNumber ?? null,
      sale.taxIncluded ? 'yes' : 'no',
      money(takenBy(sale, 'card')),
      money(takenBy(sale, 'cash')),
      discountsOf(sale)
        .map((discount) => `${discount.name} ${money(discount.discountMinor)}`)
        .join('; '),
    ];
  });
  return toCsv(SALES_CSV_HEADER, rows, options);
}

function takenBy(sale: SaleRecord, method: 'card' | 'cash'): number {
  return paymentsOfSale(sale)
    .filter((payment) => payment.method === method)
    .reduce((sum, payment) => sum + payment.amountMinor + payment.tipMinor, 0);
}

function discountsOf(sale: SaleRecord): { name: string; discountMinor: number }[] {
  return [
    ...sale.lines.flatMap((line) => (line.lineDiscount ? [line.lineDiscount] : [])),
    ...(sale.saleDiscount ? [sale.saleDiscount] : []),
  ].filter((discount) => discount.discountMinor > 0);
}

export const REFUNDS_CSV_HEADER = [
  'refund_id',
  'sale_id',
  'local_date',
  'created_at',
  'location_id',
  'location_name',
  'time_zone',
  'status',
  'currency',
  'amount',
  'application_fee_refunded',
  'reason',
  'stripe_refund_id',
  'method',
  'tax',
] as const;

/** The refunds export: one record per refund, dated by the refund (not its sale) in its location's zone. */
export function buildRefundsCsv(
  refunds: readonly RefundRecord[],
  timeZoneByLocation: Readonly<Record<string, string>>,
  options: CsvOptions & { names?: CsvNames } = {},
): string {
  const rows = refunds.map((refund) => {
    const timeZone = timeZoneOf(timeZoneByLocation, refund.locationId, `refund ${refund.id}`);
    return [
      refund.id,
      refund.saleId,
      localDayOf(refund.createdAtMs, timeZone),
      formatLocalDateTime(refund.createdAtMs, timeZone),
      refund.locationId,
      nameOf(options.names?.locations, refund.locationId),
      timeZone,
      refund.status,
      refund.currency.toUpperCase(),
      formatMinorAsDecimal(refund.amountMinor, refund.currency),
      formatMinorAsDecimal(refund.applicationFeeRefundedMinor, refund.currency),
      refund.reason,
      refund.stripeRefundId,
      refund.method ?? 'card',
      formatMinorAsDecimal(refund.taxMinor ?? 0, refund.currency),
    ];
  });
  return toCsv(REFUNDS_CSV_HEADER, rows, options);
}

/** CSV column of each summary figure, in `SALES_FIGURE_KEYS` order. */
const FIGURE_COLUMNS: Record<(typeof SALES_FIGURE_KEYS)[number], string> = {
  grossSalesMinor: 'gross_sales',
  discountsMinor: 'discounts',
  netSalesMinor: 'net_sales',
  taxMinor: 'tax',
  tipsMinor: 'tips',
  refundsMinor: 'refunds',
  totalCollectedMinor: 'total_collected',
  stripeFeesMinor: 'stripe_fees',
  applicationFeesMinor: 'application_fees',
  applicationFeeRefundsMinor: 'application_fee_refunds',
  netToMerchantMinor: 'net_to_merchant',
  salesCount: 'sales_count',
  refundsCount: 'refunds_count',
  averageSaleMinor: 'average_sale',
  cardMinor: 'card',
  cashMinor: 'cash',
  drawerOverShortMinor: 'drawer_over_short',
};

const COUNT_FIGURES = new Set<string>(['salesCount', 'refundsCount']);

/** The original columns first (their positions unchanged), then what the shop added. */
export const DAILY_SUMMARY_CSV_HEADER = [
  'local_date',
  'currency',
  ...ORIGINAL_FIGURE_KEYS.map((key) => FIGURE_COLUMNS[key]),
  'stripe_fees_unknown_count',
  ...SHOP_FIGURE_KEYS.map((key) => FIGURE_COLUMNS[key]),
] as const;

/**
 * The daily-summary export: one record per local date and currency (from `summarizeDailySeries`, so a
 * single day or any range), figures as defined on `SalesFigures`; counts as integers, money as decimals.
 */
export function buildDailySummaryCsv(series: readonly DailyFiguresRow[], options: CsvOptions = {}): string {
  const cell = (row: DailyFiguresRow, key: (typeof SALES_FIGURE_KEYS)[number]) =>
    COUNT_FIGURES.has(key) ? row.figures[key] : formatMinorAsDecimal(row.figures[key], row.currency);
  const rows = series.map((row) => [
    row.date,
    row.currency.toUpperCase(),
    ...ORIGINAL_FIGURE_KEYS.map((key) => cell(row, key)),
    row.stripeFeesUnknownCount,
    ...SHOP_FIGURE_KEYS.map((key) => cell(row, key)),
  ]);
  return toCsv(DAILY_SUMMARY_CSV_HEADER, rows, options);
}
