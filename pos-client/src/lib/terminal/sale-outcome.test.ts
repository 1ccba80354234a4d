// Reading the outcome off the server's sale, and decline wording for the cashier.
import { describe, expect, it } from 'vitest';
import { makeSale } from '../../testing/fake-counter-server.ts';
import { declineReason, outcomeFromSale } from './sale-outcome.ts';

describe('outcomeFromSale', () => {
  it.each([
    ['open', null],
    ['awaiting_payment', null],
    ['processing', null],
    ['requires_capture', null],
    ['succeeded', 'approved'],
    ['refunded', 'approved'],
    ['canceled', 'canceled'],
  ] as const)('reads a %s sale as %s', (status, kind) => {
    expect(outcomeFromSale(makeSale({ status }))?.kind ?? null).toBe(kind);
  });

  it('reads a failed payment with a decline as declined, with the reason', () => {
    const sale = makeSale({
      status: 'payment_failed',
      lastError: { code: 'card_declined', declineCode: 'stolen_card', message: 'Declined.' },
    });
    expect(outcomeFromSale(sale)).toMatchObject({
      kind: 'declined',
      reason: 'the card is reported stolen',
      declineCode: 'stolen_card',
    });
  });

  it('reads a customer cancel on a server-driven reader as canceled by the customer', () => {
    const sale = makeSale({
      status: 'payment_failed',
      lastError: {
        code: 'customer_canceled',
        declineCode: null,
        message: 'The customer canceled on the reader.',
      },
    });
    expect(outcomeFromSale(sale)).toMatchObject({ kind: 'canceled', byCustomer: true });
  });
});

describe('declineReason', () => {
  it('prefers the decline code, then the error code, then the server message', () => {
    expect(declineReason({ code: 'card_declined', declineCode: 'insufficient_funds', message: 'x' })).toBe(
      'insufficient funds',
    );
    expect(declineReason({ code: 'expired_card', declineCode: null, message: 'x' })).toBe(
      'the card has expired',
    );
    expect(
      declineReason({ code: 'something_new', declineCode: 'brand_new', message: 'Ask for another card.' }),
    ).toBe('Ask for another card.');
    expect(declineReason({ code: 'new_code', declineCode: null, message: 'Declined: try later.' })).toBe(
      'try later.',
    );
    expect(declineReason(null)).toBe('the card was not accepted');
  });
});
