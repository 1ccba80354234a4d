import type { SaleStatus } from '@countertop/shared';
import { describe, expect, it } from 'vitest';
import { cashierMessage } from './decline-messages.ts';
import {
  canTransition,
  nextSaleStatus,
  type PaymentIntentStatus,
  saleStatusForPaymentIntent,
} from './sale-state.ts';

describe(saleStatusForPaymentIntent.name, () => {
  it.each<[PaymentIntentStatus, boolean, SaleStatus]>([
    ['requires_payment_method', false, 'awaiting_payment'],
    ['requires_payment_method', true, 'payment_failed'],
    ['requires_confirmation', false, 'processing'],
    ['processing', false, 'processing'],
    ['requires_capture', false, 'requires_capture'],
    ['succeeded', false, 'succeeded'],
    ['canceled', false, 'canceled'],
  ])('maps %s (last error: %s) to %s', (piStatus, hasError, expected) => {
    expect(saleStatusForPaymentIntent(piStatus, hasError)).toBe(expected);
  });
});

describe(canTransition.name, () => {
  it.each<[SaleStatus, SaleStatus, boolean]>([
    ['open', 'awaiting_payment', true],
    ['awaiting_payment', 'payment_failed', true],
    ['payment_failed', 'awaiting_payment', true],
    ['requires_capture', 'succeeded', true],
    ['succeeded', 'succeeded', true],
    ['succeeded', 'refunded', true],
    ['succeeded', 'processing', false],
    ['succeeded', 'canceled', false],
    ['canceled', 'succeeded', false],
    ['requires_capture', 'awaiting_payment', false],
    ['refunded', 'succeeded', false],
  ])('%s → %s is %s', (from, to, expected) => {
    expect(canTransition(from, to)).toBe(expected);
  });
});

describe(nextSaleStatus.name, () => {
  it('ignores a stale observation that would move a paid sale backwards', () => {
    expect(nextSaleStatus('succeeded', 'requires_capture')).toBe('succeeded');
  });

  it('applies a legal observation', () => {
    expect(nextSaleStatus('processing', 'requires_capture')).toBe('requires_capture');
  });
});

describe(cashierMessage.name, () => {
  it.each([
    ['card_declined', 'insufficient_funds', 'Declined: insufficient funds. Ask for another card.'],
    ['card_declined', 'lost_card', 'Declined: the card is reported lost. Ask for another card.'],
    ['expired_card', null, 'Declined: the card has expired. Ask for another card.'],
    ['card_declined', 'some_new_code', 'Declined by the bank. Ask for another card.'],
    ['terminal_reader_timeout', null, 'The reader timed out. Start the payment again.'],
    [null, null, 'The payment did not go through. Try again or use another card.'],
  ])('code %s / decline %s reads "%s"', (code, declineCode, expected) => {
    expect(cashierMessage(code, declineCode)).toBe(expected);
  });
});
