/**
 * What every Stripe write of a checkout is keyed and scoped by. Idempotency keys are derived from our own
 * ids only, so a retry of the same step (by the browser, the server, stripe-node or the recovery sweeper)
 * always reuses its key and can never charge twice.
 */
import type { Account } from '../../db/repositories/accounts.repo.ts';
import type { AccountContext } from '../../stripe/payments.port.ts';

export const idempotencyKeys = {
  createPaymentIntent: (saleId: string, attemptKey: string) => `${saleId}-attempt_${attemptKey}-create`,
  setReaderDisplay: (saleId: string, attemptKey: string) => `${saleId}-attempt_${attemptKey}-display`,
  updatePaymentIntent: (saleId: string, attemptKey: string) => `${saleId}-attempt_${attemptKey}-update`,
  process: (saleId: string, attemptKey: string) => `${saleId}-attempt_${attemptKey}-process`,
  capture: (saleId: string, paymentIntentId: string) => `${saleId}-${paymentIntentId}-capture`,
  cancelAction: (saleId: string, attemptKey: string) => `${saleId}-attempt_${attemptKey}-cancel_action`,
  cancel: (saleId: string, paymentIntentId: string) => `${saleId}-${paymentIntentId}-cancel`,
};

/** Whose Stripe objects a sale's calls touch (the connected account's, or the platform's). */
export function accountContext(account: Account): AccountContext {
  return { stripeAccountId: account.stripeAccountId, chargeType: account.chargeType };
}
