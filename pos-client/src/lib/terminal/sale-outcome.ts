/**
 * Reads a payment's outcome off the server's sale (the single source of truth), and words decline
 * reasons for a cashier in the UI language. Shared by both drivers.
 */
// Its strings (declines) load with it, not with the counter's first screen.
import '../i18n/later.ts';
import type { Sale, SaleError } from '@countertop/shared';
import { t } from '../i18n/i18n.ts';
import type { PaymentOutcome } from './driver.ts';

/** Stripe decline codes → the key of their wording (counter:decline.*). */
const DECLINE_WORDS: Record<string, string> = {
  insufficient_funds: 'insufficient_funds',
  generic_decline: 'generic_decline',
  do_not_honor: 'generic_decline',
  call_issuer: 'call_issuer',
  lost_card: 'lost_card',
  stolen_card: 'stolen_card',
  expired_card: 'expired_card',
  incorrect_pin: 'incorrect_pin',
  pin_try_exceeded: 'pin_try_exceeded',
  offline_pin_required: 'pin_required',
  online_or_offline_pin_required: 'pin_required',
  withdrawal_count_limit_exceeded: 'over_limit',
  processing_error: 'processing_error',
  fraudulent: 'generic_decline',
  card_not_supported: 'card_not_supported',
  currency_not_supported: 'currency_not_supported',
};

/** Stripe error codes (without a decline code) → the key of their wording. */
const CODE_WORDS: Record<string, string> = {
  expired_card: 'expired_card',
  processing_error: 'processing_error',
  incorrect_pin: 'incorrect_pin',
  card_declined: 'generic_decline',
};

const CUSTOMER_CANCEL_CODES = new Set(['canceled_by_customer', 'customer_canceled']);

/** "insufficient funds", "the card has expired", … — what to say after "Declined:". */
export function declineReason(error: Pick<SaleError, 'code' | 'declineCode' | 'message'> | null): string {
  const notAccepted = t('counter:decline.not_accepted');
  if (!error) return notAccepted;
  const key = (error.declineCode ? DECLINE_WORDS[error.declineCode] : undefined) ?? CODE_WORDS[error.code];
  if (key) return t(`counter:decline.${key}`);
  // The server's message is a whole sentence ("Declined: … Ask for another card."); the panel adds "Declined:".
  return error.message.replace(/^Declined:?\s*/i, '') || notAccepted;
}

/**
 * The outcome a sale in its current status stands for, or null while the payment is still under way
 * (`open`, `awaiting_payment`, `processing`, or an authorization the server has yet to capture).
 */
export function outcomeFromSale(sale: Sale): PaymentOutcome | null {
  switch (sale.status) {
    case 'succeeded':
    case 'refunded':
    case 'partially_refunded':
      return { kind: 'approved', sale };
    case 'canceled':
      return { kind: 'canceled', sale, byCustomer: false };
    case 'payment_failed':
      if (sale.lastError && CUSTOMER_CANCEL_CODES.has(sale.lastError.code)) {
        return { kind: 'canceled', sale, byCustomer: true };
      }
      return {
        kind: 'declined',
        sale,
        reason: declineReason(sale.lastError),
        declineCode: sale.lastError?.declineCode ?? null,
      };
    default:
      return null;
  }
}
