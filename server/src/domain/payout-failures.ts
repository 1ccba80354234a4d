/**
 * Failed and canceled payouts in plain words (pure): Stripe's payout `failure_code`s
 * (https://docs.stripe.com/api/payouts/failures) as sentences a merchant can act on, and what the owner's
 * e-mail says.
 */
import { formatMoney } from '@countertop/shared';

/** Stripe's payout failure codes → what happened and what to do, for the merchant and the platform. */
export const PAYOUT_FAILURE_WORDS: Readonly<Record<string, string>> = {
  account_closed: 'The bank account has been closed. Add a new bank account in Stripe.',
  account_frozen: 'The bank account has been frozen by the bank. Contact the bank, or add another account.',
  bank_account_restricted:
    'The bank account has restrictions on the kind or number of payouts it takes. Ask the bank, or add another account.',
  bank_ownership_changed:
    'The bank account now belongs to someone else (the bank moved it to another owner). Add the bank account again in Stripe.',
  could_not_process:
    'The bank could not process this payout. Stripe tries again; if it keeps failing, contact the bank.',
  debit_not_authorized:
    'The bank account does not accept debits from Stripe (a debit authorization is missing). Ask the bank to allow them.',
  declined: 'The bank declined this payout. Contact the bank, or add another account.',
  incorrect_account_holder_address:
    "The bank says the account holder's address is wrong. Correct it in Stripe, then the payout can be sent again.",
  incorrect_account_holder_name:
    "The bank says the account holder's name does not match the account. Correct it in Stripe.",
  incorrect_account_holder_tax_id:
    "The bank says the account holder's tax ID does not match the account. Correct it in Stripe.",
  insufficient_funds:
    'The Stripe balance did not cover this payout (refunds or disputes took money back). It is paid once the balance covers it.',
  invalid_account_number: 'The bank account number is wrong. Correct the bank account in Stripe.',
  invalid_currency:
    "The bank account does not take this currency. Add a bank account in the payout's currency.",
  no_account: 'The bank says this account does not exist. Check the account details in Stripe.',
  unsupported_card: 'The debit card does not take payouts. Use another card or a bank account.',
};

/** A payout's failure in words; a code we do not know yet keeps Stripe's own message. */
export function payoutFailureInWords(
  status: 'failed' | 'canceled',
  failureCode: string | null,
  failureMessage: string | null,
): string {
  if (status === 'canceled')
    return 'The payout was canceled before it reached the bank; the money is back in the Stripe balance.';
  const words = failureCode === null ? undefined : PAYOUT_FAILURE_WORDS[failureCode];
  if (words !== undefined) return words;
  if (failureMessage) return `The payout failed: ${failureMessage}`;
  return 'The payout failed and the bank gave no reason. Contact the bank, or Stripe support.';
}

/** The owner's e-mail about a failed or canceled payout. */
export function payoutFailureMail(input: {
  businessName: string;
  status: 'failed' | 'canceled';
  amountMinor: number;
  currency: string;
  arrivalDateMs: number;
  failureCode: string | null;
  failureMessage: string | null;
  reviewUrl: string;
}): { subject: string; text: string } {
  const amount = formatMoney(input.amountMinor, input.currency);
  const what = input.status === 'failed' ? 'failed' : 'was canceled';
  const due = new Date(input.arrivalDateMs).toISOString().slice(0, 10);
  return {
    subject: `${input.businessName}: a payout of ${amount} ${what}`,
    text: [
      `The payout of ${amount} expected on ${due} ${what}.`,
      payoutFailureInWords(input.status, input.failureCode, input.failureMessage),
      ...(input.failureCode ? [`Stripe's code: ${input.failureCode}.`] : []),
      'The money stays in your Stripe balance until a payout reaches the bank.',
      `Payouts: ${input.reviewUrl}`,
    ].join('\n\n'),
  };
}
