/**
 * Wording for the merchant view: changes in percent from basis points, Stripe's card read methods and the
 * sale statuses in the merchant's words (one place for them: `saleStatus`). Money, dates and times are
 * `useFormatters()`.
 */
import { t } from '../../lib/i18n/i18n.ts';

/** `+12.5%`, `−3%`, or `—` when there is nothing to compare with. */
export function changePercent(changeBps: number | null, locale = 'en'): string {
  if (changeBps === null) return '—';
  const percent = changeBps / 100;
  const sign = percent > 0 ? '+' : percent < 0 ? '−' : '';
  return `${sign}${Math.abs(percent).toLocaleString(locale, { maximumFractionDigits: 1 })}%`;
}

const READ_METHODS = new Set([
  'contactless_emv',
  'contact_emv',
  'contactless_magstripe_mode',
  'magnetic_stripe_fallback',
  'magnetic_stripe_track2',
]);

export function entryMethod(readMethod: string | null): string {
  if (readMethod === null) return t('merchant:entry.unknown');
  return READ_METHODS.has(readMethod) ? t(`merchant:entry.${readMethod}`) : readMethod;
}

export const SALE_STATUSES = [
  'open',
  'awaiting_payment',
  'processing',
  'requires_capture',
  'succeeded',
  'payment_failed',
  'canceled',
  'refunded',
  'partially_refunded',
] as const;

/** A sale's status in the merchant's words, e.g. `partially_refunded` → "Partially refunded". */
export function saleStatus(status: string): string {
  return (SALE_STATUSES as readonly string[]).includes(status) ? t(`merchant:status.${status}`) : status;
}

/** "visa" → "Visa"; a missing brand → "Unknown card". */
export function cardBrand(brand: string | null): string {
  if (!brand) return t('merchant:breakdowns.unknownCard');
  if (brand === 'amex') return 'American Express';
  return brand.charAt(0).toUpperCase() + brand.slice(1);
}
