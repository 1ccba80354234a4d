/**
 * Money for the platform console's forms: amounts are typed in the currency's units ("0.30", "¥100" as
 * "100") and stored as integer minor units, with the currency's own number of decimals. Reading what was
 * typed is the counter's own rule (`parseMajorAmount` from @countertop/shared); an empty field means "none".
 */
import { formatMoney, minorUnitDigits, parseMajorAmount } from '@countertop/shared';

/** "12.5" usd → 1250; "100" jpy → 100; "" → null; anything else (or too many decimals) → undefined. */
export function parseAmountToMinor(text: string, currency: string): number | null | undefined {
  if (text.trim() === '') return null;
  return parseMajorAmount(text, currency) ?? undefined;
}

/** 1250 usd → "12.50"; 100 jpy → "100" (for form fields). */
export function minorToInput(amountMinor: number | null, currency: string): string {
  if (amountMinor === null) return '';
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(amountMinor);
  const padded = String(amountMinor).padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** 150 bps → "1.5 %". */
export function bpsToPercent(bps: number): string {
  return `${(bps / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;
}

/** A fee plan in words: "2 % + $0.25 (at least $0.10, at most $5.00)". */
export function describePlan(plan: Record<string, unknown>, currency: string): string {
  const num = (key: string) => (typeof plan[key] === 'number' ? (plan[key] as number) : null);
  const parts = [bpsToPercent(num('bps') ?? 0)];
  if (num('fixedMinor')) parts.push(`+ ${formatMoney(num('fixedMinor') ?? 0, currency)}`);
  const limits = [
    ...(num('minMinor') ? [`at least ${formatMoney(num('minMinor') ?? 0, currency)}`] : []),
    ...(num('maxMinor') !== null ? [`at most ${formatMoney(num('maxMinor') ?? 0, currency)}`] : []),
  ];
  return `${parts.join(' ')}${limits.length ? ` (${limits.join(', ')})` : ''}`;
}
