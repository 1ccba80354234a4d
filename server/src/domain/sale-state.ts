/**
 * Sale status machine (pure). A sale's status is derived from facts (the PaymentIntent's status and
 * last error, as retrieved from Stripe), never guessed; the transitions table says which moves are legal,
 * so a stale or out-of-order observation can never drag a sale backwards (e.g. succeeded → processing).
 */
import type { PaymentIntentStatus, SaleStatus } from '@countertop/shared';

/** Legal moves from each status. Staying in the same status is always allowed (a no-op). */
export const SALE_TRANSITIONS: Readonly<Record<SaleStatus, readonly SaleStatus[]>> = {
  open: ['awaiting_payment', 'processing', 'requires_capture', 'succeeded', 'payment_failed', 'canceled'],
  awaiting_payment: ['processing', 'requires_capture', 'succeeded', 'payment_failed', 'canceled'],
  processing: ['awaiting_payment', 'requires_capture', 'succeeded', 'payment_failed', 'canceled'],
  requires_capture: ['succeeded', 'canceled'],
  payment_failed: ['awaiting_payment', 'processing', 'requires_capture', 'succeeded', 'canceled'],
  succeeded: ['partially_refunded', 'refunded'],
  partially_refunded: ['refunded'],
  refunded: [],
  canceled: [],
};

export function canTransition(from: SaleStatus, to: SaleStatus): boolean {
  return from === to || SALE_TRANSITIONS[from].includes(to);
}

export type { PaymentIntentStatus };

/**
 * What a sale's status is, given its PaymentIntent:
 * requires_payment_method → awaiting_payment, or payment_failed when it carries a last_payment_error
 * (the card was declined and the same PaymentIntent awaits another card); requires_confirmation /
 * requires_action / processing → processing (a card is on the reader); the rest map one to one.
 */
export function saleStatusForPaymentIntent(
  status: PaymentIntentStatus,
  hasLastPaymentError: boolean,
): SaleStatus {
  switch (status) {
    case 'requires_payment_method':
      return hasLastPaymentError ? 'payment_failed' : 'awaiting_payment';
    case 'requires_confirmation':
    case 'requires_action':
    case 'processing':
      return 'processing';
    case 'requires_capture':
      return 'requires_capture';
    case 'succeeded':
      return 'succeeded';
    case 'canceled':
      return 'canceled';
  }
}

/**
 * The status to store after observing `observed`: the observation when the move is legal, otherwise the
 * current status (a late or stale observation is ignored).
 */
export function nextSaleStatus(current: SaleStatus, observed: SaleStatus): SaleStatus {
  return canTransition(current, observed) ? observed : current;
}
