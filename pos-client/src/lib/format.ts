/**
 * Formatting for people, through Intl with the locale of the UI language in the location's country
 * (`localeFor` in lib/i18n/language.ts) and, for instants, the location's time zone. Money is shared
 * `formatMoney`; `createFormatters` binds all of it to one locale and zone.
 */
import { formatMoney } from '@countertop/shared';

/** "weekly" → "Weekly"; a missing or empty text → "Unknown". */
export function capitalize(text: string | null): string {
  if (!text) return 'Unknown';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The zone's name in words, e.g. "Pacific Time" (en) or "アメリカ太平洋時間" (ja); the IANA id if Intl has none. */
export function timeZoneName(timeZone: string, locale: string, at = new Date()): string {
  if (/^(Etc\/)?(UTC|GMT|Universal|Zulu)$/.test(timeZone)) return 'UTC';
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'longGeneric' }).formatToParts(
      at,
    );
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

/** A calendar date `YYYY-MM-DD` as a Date at UTC midnight (format it with `timeZone: 'UTC'`). */
function calendarDate(localDate: string): Date {
  const [year, month, day] = localDate.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
}

export interface Formatters {
  locale: string;
  /** The zone times are shown in (the location's), or null for UTC. */
  timeZone: string | null;
  money(amountMinor: number, currency: string): string;
  /** An instant as date and time in the zone, e.g. "Mar 10, 2026, 9:05 AM". */
  dateTime(iso: string): string;
  /** An instant as a time of day in the zone, e.g. "9:05 AM". */
  time(iso: string): string;
  /** A calendar day `YYYY-MM-DD` in words, e.g. "Tue, Mar 10, 2026" (no zone shift). */
  day(localDate: string): string;
  /** A month `YYYY-MM`, e.g. "March 2026". */
  month(localMonth: string): string;
  /** A plain number, e.g. 1,234. */
  number(value: number): string;
  /** The zone's name in words ("Pacific Time"), or "UTC". */
  zoneName(): string;
}

/** The same formatters for the same locale and zone (every component on a screen asks for them). */
const formattersByPlace = new Map<string, Formatters>();

/** `make()` once, on first use: building an Intl formatter costs far more than formatting with it. */
function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => {
    if (made === undefined) made = make();
    return made;
  };
}

export function createFormatters(locale: string, timeZone: string | null): Formatters {
  const key = `${locale}|${timeZone ?? ''}`;
  const existing = formattersByPlace.get(key);
  if (existing) return existing;
  const zone = timeZone ?? 'UTC';
  const dateTime = once(
    () => new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }),
  );
  const time = once(() => new Intl.DateTimeFormat(locale, { timeZone: zone, timeStyle: 'short' }));
  const day = once(
    () =>
      new Intl.DateTimeFormat(locale, {
        timeZone: 'UTC',
        weekday: 'short',
        year: 'numeric',
        month: 'short',
        day: 'numeric',
      }),
  );
  const month = once(
    () => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long' }),
  );
  const number = once(() => new Intl.NumberFormat(locale));
  const formatters: Formatters = {
    locale,
    timeZone,
    money: (amountMinor, currency) => formatMoney(amountMinor, currency, locale),
    dateTime: (iso) => dateTime().format(new Date(iso)),
    time: (iso) => time().format(new Date(iso)),
    day: (localDate) => day().format(calendarDate(localDate)),
    month: (localMonth) => month().format(calendarDate(`${localMonth}-01`)),
    number: (value) => number().format(value),
    zoneName: () => (timeZone ? timeZoneName(timeZone, locale) : 'UTC'),
  };
  formattersByPlace.set(key, formatters);
  return formatters;
}
