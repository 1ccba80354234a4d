/**
 * Test cards offered by the emulator-only "Test card" picker: the test card numbers of Stripe's Terminal
 * testing docs (https://docs.stripe.com/terminal/references/testing).
 */
export const TEST_CARDS: readonly { value: string; label: string }[] = [
  { value: 'visa', label: 'Visa — approved' },
  { value: 'mastercard', label: 'Mastercard — approved' },
  { value: 'amex', label: 'American Express — approved' },
  { value: 'discover', label: 'Discover — approved' },
  { value: 'jcb', label: 'JCB — approved' },
  { value: 'charge_declined', label: 'Declined — generic decline' },
  { value: 'charge_declined_insufficient_funds', label: 'Declined — insufficient funds' },
  { value: 'charge_declined_lost_card', label: 'Declined — lost card' },
  { value: 'charge_declined_stolen_card', label: 'Declined — stolen card' },
  { value: 'charge_declined_expired_card', label: 'Declined — expired card' },
  { value: 'charge_declined_processing_error', label: 'Declined — processing error' },
];
