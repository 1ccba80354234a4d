// Emulates /v1/refunds: create (by charge or payment_intent; full or partial; `refund_application_fee`
// proportional fee refund fr_; `reverse_transfer` proportional transfer reversal trr_), retrieve, update
// (metadata), list (charge / payment_intent / created filters), cancel (only `requires_action`, which
// card refunds never reach). The 4000000000005126 card's refunds fail asynchronously (~100 ms later:
// status failed, failure_reason expired_or_canceled_card, refund.failed). Interac charges cannot be refunded
// through the API (in person only; `createRefund(..., { inPerson: true })` is for the Terminal emulation).
// A charged-back charge cannot be refunded (400 charge_disputed). Does NOT emulate refunds to customer
// balance or refund instructions emails.
import type Stripe from 'stripe';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { invalidRequest, resourceMissing } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { paginateStored } from '../core/list.ts';
import { mergeMetadata } from '../core/metadata.ts';
import { matchesCreated, p } from '../core/params.ts';
import type { Store } from '../core/store.ts';
import { formatAmount } from './currency.ts';
import { disputeOfCharge } from './dispute-lifecycle.ts';
import { createBalanceTransaction, proportional, refundApplicationFee, reverseTransfer } from './ledger.ts';
import { cardOf } from './payment-methods.ts';

interface RefundParams {
  charge?: string | undefined;
  payment_intent?: string | undefined;
  amount?: number | undefined;
  reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer' | undefined;
  metadata?: Record<string, string> | null | undefined;
  refund_application_fee?: boolean | undefined;
  reverse_transfer?: boolean | undefined;
}

const FAIL_DELAY_MS = 100;
/** Per-emulator (per store) scheduler of asynchronous refund failures. */
const failureSchedulers = new WeakMap<Store, (account: string, refundId: string) => void>();

/** Creates a refund on `account` (validate-first). `inPerson` allows Interac (reader refund_payment). */
export function createRefund(
  ctx: RequestContext,
  account: string,
  params: RefundParams,
  opts: { inPerson?: boolean } = {},
): Stripe.Refund {
  if (params.charge === undefined && params.payment_intent === undefined) {
    throw invalidRequest(
      'One of the following params should be provided for this request: payment_intent or charge.',
      {
        code: 'parameter_missing',
        param: 'charge',
      },
    );
  }
  let charge: Stripe.Charge | undefined;
  let pi: Stripe.PaymentIntent | undefined;
  if (params.payment_intent !== undefined) {
    pi = ctx.store.find<Stripe.PaymentIntent>('payment_intent', params.payment_intent, account);
    if (!pi) throw resourceMissing('payment_intent', params.payment_intent, 'payment_intent');
    if (!pi.latest_charge) {
      throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
        code: 'charge_not_refundable',
        param: 'payment_intent',
      });
    }
    charge = ctx.store.find<Stripe.Charge>('charge', String(pi.latest_charge), account);
    if (params.charge !== undefined && params.charge !== charge?.id) {
      throw invalidRequest('The charge does not belong to the given payment_intent.', { param: 'charge' });
    }
  } else if (params.charge !== undefined) {
    charge = ctx.store.find<Stripe.Charge>('charge', params.charge, account);
    if (!charge) throw resourceMissing('charge', params.charge, 'charge');
  }
  if (!charge) throw resourceMissing('charge', params.charge ?? '', 'charge');
  if (charge.status !== 'succeeded') {
    throw invalidRequest(`Charge ${charge.id} has failed and cannot be refunded.`, {
      code: 'charge_not_refundable',
      param: 'charge',
    });
  }
  if (!charge.captured) {
    throw invalidRequest(
      `Charge ${charge.id} has not been captured. Cancel the PaymentIntent to release an uncaptured authorization instead of refunding it.`,
      { code: 'charge_not_refundable', param: 'charge' },
    );
  }
  if (charge.payment_method_details?.type === 'interac_present' && !opts.inPerson) {
    throw invalidRequest(
      'Interac (interac_present) payments can only be refunded in person: present the card on a reader (refund_payment reader action or the Terminal SDK collectRefundPaymentMethod).',
      { code: 'charge_not_refundable', param: 'charge' },
    );
  }
  // A charged-back payment cannot be refunded; an inquiry (no funds withdrawn yet) still can be
  // (https://docs.stripe.com/api/disputes/object#dispute_object-is_charge_refundable).
  const dispute = charge.disputed ? disputeOfCharge(ctx, account, charge.id) : undefined;
  if (dispute !== undefined && !dispute.is_charge_refundable) {
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, {
      code: 'charge_disputed',
      param: 'charge',
    });
  }
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0 || charge.refunded) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
      code: 'charge_already_refunded',
      param: 'charge',
    });
  }
  const amount = params.amount ?? remaining;
  if (amount < 1) throw invalidRequest('Refund amount must be at least 1.', { param: 'amount' });
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      { code: 'amount_too_large', param: 'amount' },
    );
  }
  const transfer = charge.transfer
    ? ctx.store.find<Stripe.Transfer>('transfer', String(charge.transfer), ctx.platformId)
    : undefined;
  if (params.reverse_transfer && !transfer) {
    throw invalidRequest(
      `Charge ${charge.id} has no transfer to reverse (reverse_transfer applies to destination charges).`,
      {
        param: 'reverse_transfer',
      },
    );
  }
  const fee = charge.application_fee
    ? ctx.store.find<Stripe.ApplicationFee>('application_fee', String(charge.application_fee), ctx.platformId)
    : undefined;
  const fullRefund = amount === remaining;

  // All checks done: mutate.
  const id = newId('re');
  const bt = createBalanceTransaction(ctx, account, {
    amount: -amount,
    currency: charge.currency,
    type: 'refund',
    source: id,
  });
  let reversalId: string | null = null;
  if (params.reverse_transfer && transfer) {
    const left = transfer.amount - transfer.amount_reversed;
    const share = fullRefund
      ? left
      : Math.min(left, proportional(transfer.amount, amount, charge.amount_captured));
    if (share > 0) reversalId = reverseTransfer(ctx, transfer, share, { sourceRefund: id }).reversal.id;
  }
  if (params.refund_application_fee && fee) {
    const left = fee.amount - fee.amount_refunded;
    const share = fullRefund
      ? left
      : Math.min(left, proportional(fee.amount, amount, charge.amount_captured));
    if (share > 0) refundApplicationFee(ctx, fee, share);
  }
  const refund: Stripe.Refund = {
    id,
    object: 'refund',
    amount,
    balance_transaction: bt.id,
    charge: charge.id,
    created: ctx.now(),
    currency: charge.currency,
    customer: null,
    customer_account: null,
    destination_details: cardDestinationDetails(ctx, charge),
    metadata: mergeMetadata({}, params.metadata),
    payment_intent:
      typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null),
    payment_method: charge.payment_method,
    reason: params.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: reversalId,
  };
  ctx.store.insert(account, refund);
  const refunded = charge.amount_refunded + amount;
  const nextCharge: Stripe.Charge = {
    ...charge,
    amount_refunded: refunded,
    refunded: refunded >= charge.amount,
  };
  ctx.store.update(nextCharge);
  ctx.emit('refund.created', refund, { account });
  ctx.emit('charge.refunded', nextCharge, {
    account,
    previousAttributes: { amount_refunded: charge.amount_refunded, refunded: charge.refunded },
  });
  if (charge.payment_method && cardOf(ctx, charge.payment_method).refundFails) {
    failureSchedulers.get(ctx.store)?.(account, id);
  }
  return refund;
}

/**
 * Where a card refund goes: Stripe reports every card payment, in person or online, as `type: 'card'`
 * (Refund.destination_details has no card_present or interac_present entry). `card.type` is `reversal` while
 * the charge's funds are still pending (the authorization is reversed before settlement) and `refund` after.
 */
function cardDestinationDetails(
  ctx: RequestContext,
  charge: Stripe.Charge,
): Stripe.Refund.DestinationDetails {
  const bt = charge.balance_transaction
    ? ctx.store.find<Stripe.BalanceTransaction>('balance_transaction', String(charge.balance_transaction))
    : undefined;
  const settled = bt !== undefined && bt.available_on <= ctx.now();
  return { type: 'card', card: { type: settled ? 'refund' : 'reversal' } };
}

function failRefund(ctx: RequestContext, account: string, refundId: string): void {
  const refund = ctx.store.find<Stripe.Refund>('refund', refundId, account);
  if (refund?.status !== 'succeeded') return;
  const bt = createBalanceTransaction(ctx, account, {
    amount: refund.amount,
    currency: refund.currency,
    type: 'refund_failure',
    source: refund.id,
    availableOn: ctx.now(),
  });
  const failed: Stripe.Refund = {
    ...refund,
    status: 'failed',
    failure_reason: 'expired_or_canceled_card',
    failure_balance_transaction: bt.id,
  };
  ctx.store.update(failed);
  const charge = refund.charge
    ? ctx.store.find<Stripe.Charge>('charge', String(refund.charge), account)
    : undefined;
  if (charge) {
    const refunded = Math.max(0, charge.amount_refunded - refund.amount);
    ctx.store.update({ ...charge, amount_refunded: refunded, refunded: refunded >= charge.amount });
  }
  ctx.emit('refund.failed', failed, { account, previousAttributes: { status: 'succeeded' } });
  ctx.emit('refund.updated', failed, { account, previousAttributes: { status: 'succeeded' } });
  ctx.emit('charge.refund.updated', failed, { account, previousAttributes: { status: 'succeeded' } });
}

export function registerRefunds(api: EmulatorApi): void {
  failureSchedulers.set(api.store, (account, refundId) => {
    const timer = setTimeout(() => {
      try {
        api.withContext(account, { origin: '' }, (ctx) => failRefund(ctx, account, refundId));
      } catch (err) {
        api.log(`emulator: refund failure simulation skipped: ${String(err)}`);
      }
    }, FAIL_DELAY_MS);
    timer.unref();
  });

  api.post(
    '/v1/refunds',
    p.obj({
      charge: p.str().optional(),
      payment_intent: p.str().optional(),
      amount: p.int().optional(),
      reason: p.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
      metadata: p.metadata().optional(),
      refund_application_fee: p.bool().optional(),
      reverse_transfer: p.bool().optional(),
      instructions_email: p.str().optional(),
      currency: p.str().optional(),
    }),
    (ctx, params) => createRefund(ctx, ctx.account, params),
  );

  const load = (ctx: RequestContext, id: string) => {
    const refund = ctx.store.find<Stripe.Refund>('refund', id, ctx.account);
    if (!refund) throw resourceMissing('refund', id);
    return refund;
  };

  api.get('/v1/refunds/:id', p.obj({}), (ctx, _params, path) => load(ctx, path.id ?? ''));

  api.post('/v1/refunds/:id', p.obj({ metadata: p.metadata().optional() }), (ctx, params, path) => {
    const refund = load(ctx, path.id ?? '');
    const next = { ...refund, metadata: mergeMetadata(refund.metadata ?? {}, params.metadata) };
    ctx.store.update(next);
    ctx.emit('refund.updated', next, { previousAttributes: { metadata: refund.metadata } });
    return next;
  });

  api.post('/v1/refunds/:id/cancel', p.obj({}), (ctx, _params, path) => {
    const refund = load(ctx, path.id ?? '');
    throw invalidRequest(
      `Refund ${refund.id} cannot be canceled because it has a status of ${refund.status}. Only refunds with a status of requires_action can be canceled.`,
      { param: 'refund' },
    );
  });

  api.get(
    '/v1/refunds',
    p.obj({
      ...p.list,
      charge: p.str().optional(),
      payment_intent: p.str().optional(),
      created: p.createdFilter().optional(),
    }),
    (ctx, params) => {
      return paginateStored<Stripe.Refund>(
        ctx.store,
        'refund',
        ctx.account,
        params,
        '/v1/refunds',
        'refund',
        {
          filter: (r) =>
            (params.charge === undefined || r.charge === params.charge) &&
            (params.payment_intent === undefined || r.payment_intent === params.payment_intent) &&
            matchesCreated(r.created, params.created),
        },
      );
    },
  );
}
