/**
 * Money for the platform console's forms: amounts are typed in the currency's units ("0.30", "¥100" as
 * "100") and stored as integer minor units, with the currency's own number of decimals.
 */
import { formatMoney, minorUnitDigits } from '@countertop/shared';

/** "12.5" usd → 1250; "100" jpy → 100; "" → null; anything else (or too many decimals) → undefined. */
export function parseAmountToMinor(text: string, currency: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const digits = minorUnitDigits(currency);
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
  if (!pattern.test(trimmed)) return undefined;
  const [whole = '0', fraction = ''] = trimmed.split('.');
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** 1250 usd → "12.50"; 100 jpy → "100" (for form fields). */
export function minorToInput(amountMinor: number | null, currency: string): string {
  if (amountMinor === null) return '';
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(amountMinor);
  const padded = String(amountMinor).padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

export function money(amountMinor: number, currency: string): string {
  return formatMoney(amountMinor, currency);
}

/** 150 bps → "1.5 %". */
export function bpsToPercent(bps: number): string {
  return `${(bps / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;
}
