/**
 * Cashier wording for payment failures (pure): maps Stripe error codes and decline codes to a short
 * sentence a cashier can read out, with the next step. Unknown codes fall back to a generic decline.
 */

const DECLINE_MESSAGES: Readonly<Record<string, string>> = {
  insufficient_funds: 'Declined: insufficient funds. Ask for another card.',
  lost_card: 'Declined: the card is reported lost. Ask for another card.',
  stolen_card: 'Declined: the card is reported stolen. Ask for another card.',
  expired_card: 'Declined: the card has expired. Ask for another card.',
  incorrect_pin: 'Declined: incorrect PIN. Ask the customer to try again.',
  pin_try_exceeded: 'Declined: too many PIN attempts. Ask for another card.',
  invalid_pin: 'Declined: incorrect PIN. Ask the customer to try again.',
  offline_pin_required: 'The card needs its PIN. Ask the customer to insert the card and enter the PIN.',
  online_or_offline_pin_required:
    'The card needs its PIN. Ask the customer to insert the card and enter the PIN.',
  call_issuer: 'Declined by the bank. Ask the customer to call their bank, or use another card.',
  do_not_honor: 'Declined by the bank. Ask for another card.',
  fraudulent: 'Declined by the bank. Ask for another card.',
  withdrawal_count_limit_exceeded: 'Declined: the card is over its limit. Ask for another card.',
  card_velocity_exceeded: 'Declined: the card is over its limit. Ask for another card.',
  processing_error: 'The card could not be processed. Try the card again.',
  card_not_supported: 'This card type is not accepted. Ask for another card.',
  currency_not_supported: 'This card cannot pay in this currency. Ask for another card.',
  generic_decline: 'Declined by the bank. Ask for another card.',
};

const CODE_MESSAGES: Readonly<Record<string, string>> = {
  expired_card: DECLINE_MESSAGES.expired_card ?? '',
  incorrect_pin: DECLINE_MESSAGES.incorrect_pin ?? '',
  processing_error: DECLINE_MESSAGES.processing_error ?? '',
  terminal_reader_timeout: 'The reader timed out. Start the payment again.',
  terminal_reader_offline: 'The reader is offline. Check its connection, then try again.',
  terminal_reader_busy: 'The reader is busy with another payment.',
  customer_canceled: 'The customer canceled on the reader.',
};

/** A sentence for the cashier, from Stripe's `code` and optional `decline_code`. */
export function cashierMessage(code: string | null, declineCode: string | null): string {
  if (declineCode && DECLINE_MESSAGES[declineCode]) return DECLINE_MESSAGES[declineCode];
  if (code && CODE_MESSAGES[code]) return CODE_MESSAGES[code];
  if (code === 'card_declined' || declineCode) return 'Declined by the bank. Ask for another card.';
  return 'The payment did not go through. Try again or use another card.';
}
