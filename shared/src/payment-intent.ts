/**
 * Stripe's PaymentIntent `status` values, the one definition for client and server. The counter never
 * decides a payment from it (the server's sale is the truth the drivers report); it types what the
 * Terminal SDK hands back. The server's Stripe gateway and its sale-state rules are to import it from here.
 */
export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'succeeded'
  | 'canceled';
