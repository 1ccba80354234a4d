// Payouts that do not arrive: a payout that fails (status `failed`, Stripe's `failure_code` and
// `failure_message`, a `payout_failure` balance transaction that returns the amount to the balance, named by
// `failure_balance_transaction`; events payout.failed and payout.updated) or that is canceled (status
// `canceled`, a `payout_cancel` balance transaction; payout.canceled and payout.updated)
// (https://docs.stripe.com/payouts#payout-failures, https://docs.stripe.com/api/payouts/failures). A payout can
// fail while pending or after it was reported paid (banks return payouts up to a few business days later).
// Controls: POST /_emulator/payouts/:id/outcome {outcome: 'failed' | 'canceled', failure_code?} decides a given
// payout now; POST /_emulator/accounts/:id/payouts/next_outcome {outcome, failure_code?} makes the next payout of
// that account (the platform's id for the platform) fail or be canceled when it would have been paid.
import type { Context } from 'hono';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { answerJson, readControlBody } from '../core/control.ts';
import { invalidRequest, resourceMissing } from '../core/errors.ts';
import { createBalanceTransaction } from './ledger.ts';

/** Stripe's payout failure codes and their messages (https://docs.stripe.com/api/payouts/failures). */
export const PAYOUT_FAILURES = {
  account_closed: 'The bank account has been closed.',
  account_frozen: 'The bank account has been frozen.',
  bank_account_restricted:
    'The bank account has restrictions on either the type, or the number, of payouts allowed. This normally indicates that the bank account is a savings or other non-checking account.',
  bank_ownership_changed:
    'The destination bank account is no longer valid because its branch has changed ownership.',
  could_not_process: 'The bank could not process this payout.',
  debit_not_authorized:
    'Debit transactions are not approved on the bank account. (Stripe requires bank accounts to be set up for both credit and debit payouts.)',
  declined: 'The bank has declined this transfer. Please contact the bank before retrying.',
  incorrect_account_holder_address:
    'Your bank notified us that the bank account holder address on file is incorrect.',
  incorrect_account_holder_name:
    'Your bank notified us that the bank account holder name on file is incorrect.',
  incorrect_account_holder_tax_id:
    'Your bank notified us that the bank account holder tax ID on file is incorrect.',
  insufficient_funds: 'Your Stripe account has insufficient funds to cover the payout.',
  invalid_account_number: 'The routing number seems correct, but the account number is invalid.',
  invalid_currency:
    'The bank was unable to process this payout because of its currency. This is probably because the bank account cannot accept payments in that currency.',
  no_account:
    'The bank account details on file are probably incorrect. No bank account could be located with those details.',
  unsupported_card: 'The bank no longer supports payouts to this card.',
} as const;

export type PayoutFailureCode = keyof typeof PAYOUT_FAILURES;
const FAILURE_CODES = Object.keys(PAYOUT_FAILURES) as [PayoutFailureCode, ...PayoutFailureCode[]];

export interface PayoutOutcome {
  outcome: 'failed' | 'canceled';
  failure_code?: PayoutFailureCode | undefined;
}

const nextOutcomeKey = (account: string) => `payout_next_outcome:${account}`;

/** The outcome set for the account's next payout, if any (it is used up). */
export function takeNextPayoutOutcome(ctx: RequestContext, account: string): PayoutOutcome | undefined {
  const raw = ctx.store.getKv(nextOutcomeKey(account));
  if (raw === undefined) return undefined;
  ctx.store.deleteKv(nextOutcomeKey(account));
  return JSON.parse(raw) as PayoutOutcome;
}

function emitChange(
  ctx: RequestContext,
  account: string,
  before: Stripe.Payout,
  after: Stripe.Payout,
  type: 'payout.failed' | 'payout.canceled',
): void {
  const previous: Record<string, unknown> = {};
  for (const key of ['status', 'failure_code', 'failure_message', 'failure_balance_transaction'] as const) {
    if (before[key] !== after[key]) previous[key] = before[key];
  }
  ctx.emit(type, after, { account, previousAttributes: previous });
  ctx.emit('payout.updated', after, { account, previousAttributes: previous });
}

/** The payout failed: its amount comes back to the balance (a `payout_failure` balance transaction). */
export function failPayout(
  ctx: RequestContext,
  account: string,
  payout: Stripe.Payout,
  code: PayoutFailureCode,
): Stripe.Payout {
  if (payout.status !== 'pending' && payout.status !== 'in_transit' && payout.status !== 'paid') {
    throw invalidRequest(`Payout ${payout.id} has a status of ${payout.status} and can no longer fail.`);
  }
  const bt = createBalanceTransaction(ctx, account, {
    amount: payout.amount,
    currency: payout.currency,
    type: 'payout_failure',
    source: payout.id,
    description: `REFUND FOR PAYOUT (${payout.description ?? 'STRIPE PAYOUT'})`,
    availableOn: ctx.now(),
  });
  const failed: Stripe.Payout = {
    ...payout,
    status: 'failed',
    failure_code: code,
    failure_message: PAYOUT_FAILURES[code],
    failure_balance_transaction: bt.id,
  };
  ctx.store.update(failed);
  emitChange(ctx, account, payout, failed, 'payout.failed');
  return failed;
}

/** The payout is canceled before it is sent: its amount comes back (a `payout_cancel` balance transaction). */
export function cancelPayout(ctx: RequestContext, account: string, payout: Stripe.Payout): Stripe.Payout {
  if (payout.status !== 'pending') {
    throw invalidRequest(
      `Payout ${payout.id} cannot be canceled: only pending payouts can be canceled (status: ${payout.status}).`,
    );
  }
  const bt = createBalanceTransaction(ctx, account, {
    amount: payout.amount,
    currency: payout.currency,
    type: 'payout_cancel',
    source: payout.id,
    availableOn: ctx.now(),
  });
  const canceled: Stripe.Payout = { ...payout, status: 'canceled', failure_balance_transaction: bt.id };
  ctx.store.update(canceled);
  emitChange(ctx, account, payout, canceled, 'payout.canceled');
  return canceled;
}

/** Applies an outcome to a payout that would otherwise be paid now. */
export function applyPayoutOutcome(
  ctx: RequestContext,
  account: string,
  payout: Stripe.Payout,
  outcome: PayoutOutcome,
): Stripe.Payout {
  if (outcome.outcome === 'canceled') return cancelPayout(ctx, account, payout);
  return failPayout(ctx, account, payout, outcome.failure_code ?? 'could_not_process');
}

const outcomeBody = z.strictObject({
  outcome: z.enum(['failed', 'canceled']),
  failure_code: z.enum(FAILURE_CODES).optional(),
});

export function registerPayoutFailureControls(api: EmulatorApi): void {
  const origin = (c: Context) => new URL(c.req.url).origin;

  api.hono.post('/_emulator/payouts/:id/outcome', (c) =>
    answerJson(c, async () => {
      const body = await readControlBody(c, outcomeBody);
      const id = c.req.param('id');
      const account = api.store.accountOf(id);
      const payout = account === undefined ? undefined : api.store.find<Stripe.Payout>('payout', id, account);
      if (account === undefined || payout === undefined) throw resourceMissing('payout', id);
      return api.withContext(account, { origin: origin(c) }, (ctx) =>
        applyPayoutOutcome(ctx, account, payout, body),
      );
    }),
  );

  api.hono.post('/_emulator/accounts/:id/payouts/next_outcome', (c) =>
    answerJson(c, async () => {
      const body = await readControlBody(c, outcomeBody);
      const account = c.req.param('id');
      if (!api.store.exists('account', account)) throw resourceMissing('account', account);
      api.store.setKv(nextOutcomeKey(account), JSON.stringify(body));
      return { account, next_payout: body };
    }),
  );
}
