/**
 * Formatting for the merchant view: changes in percent from basis points, local times, labels for Stripe's
 * card read methods and for sale statuses. Money is `formatMoney` from @countertop/shared.
 */

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
