/**
 * Reads a payment's outcome off the server's sale (the single source of truth), and words decline
 * reasons for a cashier. Pure; shared by both drivers.
 */
import type { Sale, SaleError } from '@countertop/shared';
import type { PaymentOutcome } from './driver.ts';

const DECLINE_WORDS: Record<string, string> = {
  insufficient_funds: 'insufficient funds',
  generic_decline: 'the bank declined the card',
  do_not_honor: 'the bank declined the card',
  call_issuer: 'the bank asks the customer to call them',
  lost_card: 'the card is reported lost',
  stolen_card: 'the card is reported stolen',
  expired_card: 'the card has expired',
  incorrect_pin: 'wrong PIN',
  pin_try_exceeded: 'too many wrong PINs',
  offline_pin_required: 'the card needs a PIN',
  online_or_offline_pin_required: 'the card needs a PIN',
  withdrawal_count_limit_exceeded: 'the card is over its limit',
  processing_error: 'a processing error at the bank',
  fraudulent: 'the bank declined the card',
  card_not_supported: 'this card type is not supported',
  currency_not_supported: 'the card does not support this currency',
};

const CODE_WORDS: Record<string, string> = {
  expired_card: 'the card has expired',
  processing_error: 'a processing error at the bank',
  incorrect_pin: 'wrong PIN',
  card_declined: 'the bank declined the card',
};

const CUSTOMER_CANCEL_CODES = new Set(['canceled_by_customer', 'customer_canceled']);

/** "insufficient funds", "the card has expired", … — what to say after "Declined:". */
export function declineReason(error: Pick<SaleError, 'code' | 'declineCode' | 'message'> | null): string {
  if (!error) return 'the card was not accepted';
  if (error.declineCode && DECLINE_WORDS[error.declineCode]) return DECLINE_WORDS[error.declineCode]!;
  if (CODE_WORDS[error.code]) return CODE_WORDS[error.code]!;
  // The server's message is a whole sentence ("Declined: … Ask for another card."); the panel adds "Declined:".
  return error.message.replace(/^Declined:?\s*/i, '') || 'the card was not accepted';
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
