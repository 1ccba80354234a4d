/**
 * Formatting for the merchant view: money in the account's currency (zero-decimal currencies right),
 * changes in percent from basis points, local times and labels for Stripe's card read methods.
 */
import { formatMoney } from '@countertop/shared';

export function money(amountMinor: number, currency: string): string {
  return formatMoney(amountMinor, currency);
}

/** `+12.5%`, `−3%`, or `—` when there is nothing to compare with. */
export function changePercent(changeBps: number | null): string {
  if (changeBps === null) return '—';
  const percent = changeBps / 100;
  const sign = percent > 0 ? '+' : percent < 0 ? '−' : '';
  return `${sign}${Math.abs(percent).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
}

const READ_METHODS: Record<string, string> = {
  contactless_emv: 'Contactless',
  contact_emv: 'Chip',
  contactless_magstripe_mode: 'Contactless (magstripe)',
  magnetic_stripe_fallback: 'Swipe (fallback)',
  magnetic_stripe_track2: 'Swipe',
};

export function entryMethod(readMethod: string | null): string {
  if (readMethod === null) return 'Unknown';
  return READ_METHODS[readMethod] ?? readMethod;
}

export function capitalize(text: string | null): string {
  if (!text) return 'Unknown';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `2026-03-10T09:05:00-07:00` → `09:05`. */
export function localClock(localTime: string): string {
  return localTime.slice(11, 16);
}

/** `2026-03-10T09:05:00-07:00` → `2026-03-10 09:05`. */
export function localDateTime(localTime: string): string {
  return `${localTime.slice(0, 10)} ${localTime.slice(11, 16)}`;
}

export const STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  awaiting_payment: 'Awaiting payment',
  processing: 'Processing',
  requires_capture: 'Authorized (not captured)',
  succeeded: 'Paid',
  payment_failed: 'Payment failed',
  canceled: 'Canceled',
  refunded: 'Refunded',
  partially_refunded: 'Partially refunded',
};

/** Minor units from what a person typed in the currency's major units ("3.50" USD → 350); null if invalid. */
export function parseMajorAmount(text: string, digits: number): number | null {
  const trimmed = text.trim();
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
  if (!pattern.test(trimmed)) return null;
  const [whole = '0', fraction = ''] = trimmed.split('.');
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
