/** Pure helpers of the shop's merchant screens: amounts and rates typed in forms, CSV import problems. */
import { type CsvRowError, CsvRowErrorSchema, minorUnitDigits, parseMajorAmount } from '@countertop/shared';
import { ApiError } from '../../../lib/api-client.ts';

/** An amount in minor units as a person types it in a field: 450 usd → "4.50", 480 jpy → "480". */
export function amountText(amountMinor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const absolute = Math.abs(amountMinor);
  if (digits === 0) return `${sign}${absolute}`;
  const whole = Math.floor(absolute / 10 ** digits);
  const fraction = String(absolute % 10 ** digits).padStart(digits, '0');
  return `${sign}${whole}.${fraction}`;
}

/** A typed price in minor units (null: not an amount). */
export function parsePrice(text: string, currency: string): number | null {
  return parseMajorAmount(text, currency);
}

/** A typed price delta, which may be negative ("-0.50"). */
export function parseDelta(text: string, currency: string): number | null {
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const amount = parseMajorAmount(negative ? trimmed.slice(1) : trimmed.replace(/^\+/, ''), currency);
  if (amount === null) return null;
  return negative ? -amount : amount;
}

/** A typed percentage in basis points: "10" → 1000, "8.5" → 850, "0.25" → 25 (null: not 0–100 %). */
export function parsePercent(text: string): number | null {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/\s*%$/, ''));
  if (!match) return null;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bps <= 10_000 ? bps : null;
}

/** Basis points as a percentage to type: 1000 → "10", 863 → "8.63". */
export function percentText(bps: number): string {
  const whole = Math.floor(bps / 100);
  const fraction = bps % 100;
  if (fraction === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

/** The refused rows of a CSV import (400 `csv_invalid`), else null. */
export function csvRowErrors(failure: unknown): CsvRowError[] | null {
  if (!(failure instanceof ApiError) || failure.code !== 'csv_invalid') return null;
  const rows = failure.details?.rows;
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((row) => {
    const parsed = CsvRowErrorSchema.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  });
}
