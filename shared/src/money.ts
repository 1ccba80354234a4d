/**
 * Money is always an integer count of the currency's minor unit (`amountMinor`): cents for USD,
 * yen for JPY (a zero-decimal currency). Never a float.
 */

/** ISO 4217 currencies Stripe treats as zero-decimal: the amount is in whole units. */
const ZERO_DECIMAL_CURRENCIES = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Stripe's three-decimal currencies: amounts are in thousandths, and must end in 0. */
export const THREE_DECIMAL_CURRENCIES = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Largest amount Stripe accepts in one charge: eight digits of minor units. */
export const MAX_AMOUNT_MINOR = 99_999_999;

export type Currency = string;

/** How many decimal digits the currency's minor unit has (0 for JPY, 2 for USD, 3 for KWD). */
export function minorUnitDigits(currency: Currency): number {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL_CURRENCIES.has(code)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(code)) return 3;
  return 2;
}

function assertMinorUnits(amountMinor: number): void {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new RangeError(`amount must be an integer number of minor units, got ${amountMinor}`);
  }
}

/**
 * One `Intl.NumberFormat` per locale and currency: building one costs far more than formatting with it
 * (a counter's first screen formats a price per product tile), and a formatter's output never changes.
 */
const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(locale: string, currency: Currency, digits: number): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    moneyFormats.set(key, format);
  }
  return format;
}

/** Formats an amount for people, e.g. 1099 usd → "$10.99", 1099 jpy → "¥1,099". */
export function formatMoney(amountMinor: number, currency: Currency, locale = 'en-US'): string {
  assertMinorUnits(amountMinor);
  const digits = minorUnitDigits(currency);
  return moneyFormat(locale, currency, digits).format(amountMinor / 10 ** digits);
}

/**
 * Parses what a cashier typed ("10.99", "1,099", "5") into minor units without floating point.
 * Returns null when the text is not an amount in that currency.
 */
export function parseMajorAmount(text: string, currency: Currency): number | null {
  const digits = minorUnitDigits(currency);
  const cleaned = text.trim().replace(/[,\s]/g, '');
  const pattern = digits === 0 ? /^(\d+)$/ : new RegExp(`^(\\d*)(?:\\.(\\d{0,${digits}}))?$`);
  const match = pattern.exec(cleaned);
  if (!match || cleaned === '' || cleaned === '.') return null;
  const whole = match[1] === '' || match[1] === undefined ? '0' : match[1];
  const fraction = (match[2] ?? '').padEnd(digits, '0');
  const amountMinor = Number(whole) * 10 ** digits + (digits === 0 ? 0 : Number(fraction));
  return Number.isSafeInteger(amountMinor) ? amountMinor : null;
}
