import { describe, expect, it } from 'vitest';
import { PAYOUT_FAILURE_WORDS, payoutFailureInWords, payoutFailureMail } from './payout-failures.ts';

/** Stripe's payout failure codes (https://docs.stripe.com/api/payouts/failures). */
const STRIPE_FAILURE_CODES = [
  'account_closed',
  'account_frozen',
  'bank_account_restricted',
  'bank_ownership_changed',
  'could_not_process',
  'debit_not_authorized',
  'declined',
  'incorrect_account_holder_address',
  'incorrect_account_holder_name',
  'incorrect_account_holder_tax_id',
  'insufficient_funds',
  'invalid_account_number',
  'invalid_currency',
  'no_account',
  'unsupported_card',
];

describe('payout failures in words', () => {
  it('words every failure code Stripe documents, each as a sentence', () => {
    expect(Object.keys(PAYOUT_FAILURE_WORDS).sort()).toEqual([...STRIPE_FAILURE_CODES].sort());
    for (const code of STRIPE_FAILURE_CODES) {
      expect(payoutFailureInWords('failed', code, 'stripe says')).toMatch(/^[A-Z].*\.$/);
    }
  });

  it("keeps Stripe's message for a code it does not know yet, and words a cancellation", () => {
    expect(payoutFailureInWords('failed', 'brand_new_code', 'The bank said no.')).toBe(
      'The payout failed: The bank said no.',
    );
    expect(payoutFailureInWords('failed', null, null)).toMatch(/gave no reason/);
    expect(payoutFailureInWords('canceled', null, null)).toMatch(/canceled/);
  });

  it("writes the owner's e-mail with the amount in the currency's units", () => {
    const mail = payoutFailureMail({
      businessName: 'Kissa',
      status: 'failed',
      amountMinor: 12_000,
      currency: 'jpy',
      arrivalDateMs: Date.UTC(2026, 2, 12),
      failureCode: 'invalid_currency',
      failureMessage: null,
      reviewUrl: 'https://pos.example/merchant',
    });
    expect(mail.subject).toBe('Kissa: a payout of ¥12,000 failed');
    expect(mail.text).toContain('expected on 2026-03-12 failed');
    expect(mail.text).toContain("Stripe's code: invalid_currency.");
  });
});
