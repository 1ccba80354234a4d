// Test card table (https://docs.stripe.com/terminal/references/testing, https://docs.stripe.com/testing): card
// numbers presented on a reader (card_present / interac_present) and `pm_card_*` test PaymentMethod tokens
// for online `card` confirmation, mapped to brand/funding and outcome. Stripe documents its dispute cards
// (…0259 fraudulent, …2685 product not received, …1976 inquiry) for online payments only; the emulator
// disputes them the same way when they are presented on a reader. Unknown numbers are approved with a
// brand guessed from the IIN. Does NOT emulate test amounts (.01/.05…), PIN prompts beyond the reported
// cardholder_verification_method, or 3-D Secure cards.

export interface Decline {
  code: string;
  decline_code?: string;
  message: string;
}

export interface TestCard {
  number: string;
  brand: string;
  funding: 'credit' | 'debit' | 'prepaid';
  country: string;
  decline?: Decline;
  /** The payment succeeds but refunds later fail (4000000000005126). */
  refundFails?: boolean;
  /** The payment succeeds, then is disputed (https://docs.stripe.com/testing#disputes). */
  dispute?: { reason: string; inquiry: boolean };
  cvm: 'none' | 'offline_pin' | 'online_pin' | 'signature';
}

const GENERIC: Decline = {
  code: 'card_declined',
  decline_code: 'generic_decline',
  message: 'Your card was declined.',
};

const SPECIAL: Record<string, Omit<TestCard, 'number'>> = {
  '4000000000000002': { brand: 'visa', funding: 'credit', country: 'US', decline: GENERIC, cvm: 'none' },
  '4000000000009995': {
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    decline: {
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    },
    cvm: 'none',
  },
  '4000000000009987': {
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    decline: { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' },
    cvm: 'none',
  },
  '4000000000009979': {
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    decline: { code: 'card_declined', decline_code: 'stolen_card', message: 'Your card was declined.' },
    cvm: 'none',
  },
  '4000000000000069': {
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    decline: { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' },
    cvm: 'none',
  },
  '4000000000000119': {
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    decline: {
      code: 'processing_error',
      decline_code: 'processing_error',
      message: 'An error occurred while processing your card. Try again in a little bit.',
    },
    cvm: 'none',
  },
  '4000000000005126': { brand: 'visa', funding: 'credit', country: 'US', refundFails: true, cvm: 'none' },
  '4000000000000259': {
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    dispute: { reason: 'fraudulent', inquiry: false },
    cvm: 'none',
  },
  '4000000000002685': {
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    dispute: { reason: 'product_not_received', inquiry: false },
    cvm: 'none',
  },
  '4000000000001976': {
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    dispute: { reason: 'fraudulent', inquiry: true },
    cvm: 'none',
  },
  '4242424242424242': { brand: 'visa', funding: 'credit', country: 'US', cvm: 'none' },
  '4000056655665556': { brand: 'visa', funding: 'debit', country: 'US', cvm: 'none' },
  '5555555555554444': { brand: 'mastercard', funding: 'credit', country: 'US', cvm: 'none' },
  '5200828282828210': { brand: 'mastercard', funding: 'debit', country: 'US', cvm: 'none' },
  '5105105105105100': { brand: 'mastercard', funding: 'prepaid', country: 'US', cvm: 'none' },
  '378282246310005': { brand: 'amex', funding: 'credit', country: 'US', cvm: 'none' },
  '371449635398431': { brand: 'amex', funding: 'credit', country: 'US', cvm: 'none' },
  '6011111111111117': { brand: 'discover', funding: 'credit', country: 'US', cvm: 'none' },
  '6011000990139424': { brand: 'discover', funding: 'credit', country: 'US', cvm: 'none' },
  '3056930009020004': { brand: 'diners', funding: 'credit', country: 'US', cvm: 'none' },
  '36227206271667': { brand: 'diners', funding: 'credit', country: 'US', cvm: 'none' },
  '3566002020360505': { brand: 'jcb', funding: 'credit', country: 'JP', cvm: 'none' },
  '6200000000000005': { brand: 'unionpay', funding: 'credit', country: 'CN', cvm: 'none' },
  '4506445006931933': { brand: 'interac', funding: 'debit', country: 'CA', cvm: 'online_pin' },
  '4001007020000002': { brand: 'visa', funding: 'credit', country: 'US', cvm: 'offline_pin' },
  '4000008260000075': { brand: 'visa', funding: 'credit', country: 'GB', cvm: 'offline_pin' },
  '4001000360000005': { brand: 'visa', funding: 'credit', country: 'US', cvm: 'online_pin' },
  '4000002760000008': { brand: 'visa', funding: 'credit', country: 'DE', cvm: 'online_pin' },
};

function brandFromIin(number: string): string {
  if (number.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  if (/^3(0|6|8|9)/.test(number)) return 'diners';
  if (/^35/.test(number)) return 'jcb';
  if (/^62/.test(number)) return 'unionpay';
  return 'unknown';
}

export function lookupCard(number: string): TestCard {
  const special = SPECIAL[number];
  if (special) return { number, ...special };
  return { number, brand: brandFromIin(number), funding: 'credit', country: 'US', cvm: 'none' };
}

/** `pm_card_*` test tokens accepted as `payment_method` for online card payments. */
export const TEST_PAYMENT_METHOD_TOKENS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_mastercard_debit: '5200828282828210',
  pm_card_mastercard_prepaid: '5105105105105100',
  pm_card_amex: '378282246310005',
  pm_card_discover: '6011111111111117',
  pm_card_diners: '3056930009020004',
  pm_card_jcb: '3566002020360505',
  pm_card_unionpay: '6200000000000005',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_visa_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedLostCard: '4000000000009987',
  pm_card_visa_chargeDeclinedLostCard: '4000000000009987',
  pm_card_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_visa_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_visa_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_visa_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_refundFail: '4000000000005126',
  pm_card_createDispute: '4000000000000259',
  pm_card_createDisputeProductNotReceived: '4000000000002685',
  pm_card_createDisputeInquiry: '4000000000001976',
};

/** EMV application data per brand for receipts (AID = dedicated file name, preferred name). */
export function emvApplication(brand: string): { aid: string; name: string } {
  switch (brand) {
    case 'visa':
      return { aid: 'A0000000031010', name: 'Visa Credit' };
    case 'mastercard':
      return { aid: 'A0000000041010', name: 'Mastercard' };
    case 'amex':
      return { aid: 'A000000025010801', name: 'American Express' };
    case 'discover':
    case 'diners':
      return { aid: 'A0000001523010', name: 'Discover' };
    case 'jcb':
      return { aid: 'A0000000651010', name: 'JCB Credit' };
    case 'unionpay':
      return { aid: 'A000000333010101', name: 'UnionPay Credit' };
    case 'interac':
      return { aid: 'A0000002771010', name: 'Interac' };
    default:
      return { aid: 'A0000000000000', name: 'Card' };
  }
}
