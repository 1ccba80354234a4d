// The PaymentIntent transitions that write, applying payment-intent-state-machine.ts's rules to the store:
// confirm (a charge; a decline back to requires_payment_method with last_payment_error; an authorization;
// or an immediate capture), capture (balance transaction, Stripe fee, application fee, destination
// transfer), cancel (releasing an uncaptured authorization) and the expiry of authorizations whose
// capture_before has passed; each with its events. A captured charge paid with one of Stripe's dispute test
// cards is disputed a moment later (disputes.ts). Shared by the /v1 handlers (payment-intents.ts) and card
// presentment on a reader (payment-intent-card-present.ts), so both charge the same way.
import type Stripe from 'stripe';
import type { RequestContext } from '../core/api.ts';
import { resourceMissing, type StripeErrorBody, unexpectedState } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { createCharge } from './charges.ts';
import { processingFee } from './currency.ts';
import { scheduleTestCardDispute } from './disputes.ts';
import { applicationId, createApplicationFee, createBalanceTransaction, createTransfer } from './ledger.ts';
import { assertPaymentMethodTypeAllowed, confirmationTerms } from './payment-intent-state-machine.ts';
import { cardOf, createPaymentMethod } from './payment-methods.ts';
import { type Decline, TEST_PAYMENT_METHOD_TOKENS } from './test-cards.ts';

const DAY_SECONDS = 86_400;

/** What the emulator remembers beside a PaymentIntent (not part of Stripe's object). */
interface PaymentIntentNotes {
  /** The amount before an on-reader tip. */
  baseAmount?: number;
  tipAmount?: number;
  readerId?: string | null;
  locationId?: string | null;
  incrementCount?: number;
}

export function readNotes(ctx: RequestContext, paymentIntentId: string): PaymentIntentNotes {
  const raw = ctx.store.getKv(`pi_meta:${paymentIntentId}`);
  return raw ? (JSON.parse(raw) as PaymentIntentNotes) : {};
}

export function writeNotes(ctx: RequestContext, paymentIntentId: string, notes: PaymentIntentNotes): void {
  ctx.store.setKv(`pi_meta:${paymentIntentId}`, JSON.stringify(notes));
}

/** A PaymentIntent of `account`, or 404 naming `param`. */
export function requirePaymentIntent(
  ctx: RequestContext,
  account: string,
  id: string,
  param = 'intent',
): Stripe.PaymentIntent {
  const pi = ctx.store.find<Stripe.PaymentIntent>('payment_intent', id, account);
  if (!pi) throw resourceMissing('payment_intent', id, param);
  return pi;
}

export function latestChargeOf(
  ctx: RequestContext,
  account: string,
  pi: Stripe.PaymentIntent,
): Stripe.Charge | undefined {
  return pi.latest_charge
    ? ctx.store.find<Stripe.Charge>('charge', String(pi.latest_charge), account)
    : undefined;
}

export function savePaymentIntent(ctx: RequestContext, pi: Stripe.PaymentIntent): Stripe.PaymentIntent {
  ctx.store.update(pi);
  return pi;
}

/** The PaymentMethod `id` names: a `pm_card_*` test token (a new card PaymentMethod) or a stored one. */
export function resolvePaymentMethod(
  ctx: RequestContext,
  account: string,
  pi: Stripe.PaymentIntent,
  id: string,
): Stripe.PaymentMethod {
  const token = TEST_PAYMENT_METHOD_TOKENS[id];
  if (token) {
    assertPaymentMethodTypeAllowed(pi, 'card');
    return createPaymentMethod(ctx, account, 'card', token);
  }
  const pm = ctx.store.find<Stripe.PaymentMethod>('payment_method', id, account);
  if (!pm) throw resourceMissing('payment_method', id, 'payment_method');
  assertPaymentMethodTypeAllowed(pi, pm.type);
  return pm;
}

/** A confirmation's outcome: the PaymentIntent, and for a decline the card_error body (answered with 402). */
export interface ConfirmationResult {
  paymentIntent: Stripe.PaymentIntent;
  error?: StripeErrorBody;
}

function lastPaymentError(
  decline: Decline,
  charge: Stripe.Charge,
  pm: Stripe.PaymentMethod,
): Stripe.PaymentIntent.LastPaymentError {
  return {
    type: 'card_error',
    code: decline.code as Stripe.PaymentIntent.LastPaymentError.Code,
    ...(decline.decline_code ? { decline_code: decline.decline_code } : {}),
    message: decline.message,
    charge: charge.id,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
    payment_method: pm,
    ...(charge.outcome?.advice_code ? { advice_code: charge.outcome.advice_code } : {}),
    ...(charge.outcome?.network_decline_code
      ? { network_decline_code: charge.outcome.network_decline_code }
      : {}),
  };
}

/**
 * Confirms with the attached payment method: a charge, then declined, authorized or captured. `resolved` is
 * the PaymentMethod the caller has just resolved for this request, if any (it is not read again when it is
 * the one attached).
 */
export function confirmPaymentIntent(
  ctx: RequestContext,
  account: string,
  confirming: Stripe.PaymentIntent,
  resolved?: Stripe.PaymentMethod,
): ConfirmationResult {
  const pmId =
    typeof confirming.payment_method === 'string' ? confirming.payment_method : confirming.payment_method?.id;
  const pm =
    pmId === undefined
      ? undefined
      : resolved?.id === pmId
        ? resolved
        : ctx.store.find<Stripe.PaymentMethod>('payment_method', pmId, account);
  if (!pm) {
    throw unexpectedState(
      `You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with ${confirming.id}, specify a payment method attached to this customer along with the customer ID.`,
    );
  }
  const card = cardOf(ctx, pm.id);
  const notes = readNotes(ctx, confirming.id);
  const baseAmount = notes.baseAmount ?? confirming.amount;
  const decline = card.decline ?? null;
  const terms = confirmationTerms(confirming, {
    type: pm.type,
    brand: card.brand,
    declined: decline !== null,
    baseAmount,
    tipAmount: notes.tipAmount ?? 0,
  });
  let pi: Stripe.PaymentIntent = { ...confirming, amount: terms.amount, amount_details: terms.amountDetails };
  const charge = createCharge(ctx, account, {
    pi,
    pm,
    card,
    decline,
    readerId: notes.readerId ?? null,
    locationId: notes.locationId ?? null,
    captureBefore: terms.authorizeOnly ? ctx.now() + terms.authorizationWindowDays * DAY_SECONDS : null,
    incrementalSupported: terms.incrementalAuthorizationSupported,
  });
  pi = { ...pi, latest_charge: charge.id };

  if (decline) {
    const lastError = lastPaymentError(decline, charge, pm);
    pi = { ...pi, status: 'requires_payment_method', payment_method: null, last_payment_error: lastError };
    savePaymentIntent(ctx, pi);
    writeNotes(ctx, pi.id, { ...notes, tipAmount: 0, baseAmount });
    ctx.emit('charge.failed', charge, { account });
    ctx.emit('payment_intent.payment_failed', pi, { account });
    const { payment_method: pmObject, ...rest } = lastError;
    return {
      paymentIntent: pi,
      error: {
        ...rest,
        type: 'card_error',
        message: decline.message,
        payment_intent: pi,
        payment_method: pmObject,
      } as StripeErrorBody,
    };
  }

  pi = { ...pi, last_payment_error: null };
  if (terms.authorizeOnly) {
    pi = { ...pi, status: 'requires_capture', amount_capturable: pi.amount };
    savePaymentIntent(ctx, pi);
    ctx.emit('charge.succeeded', charge, { account });
    ctx.emit('payment_intent.amount_capturable_updated', pi, { account });
    return { paymentIntent: pi };
  }
  savePaymentIntent(ctx, pi);
  const settled = settleCapture(ctx, account, pi, charge, pi.amount);
  ctx.emit('charge.succeeded', settled.charge, { account });
  ctx.emit('payment_intent.succeeded', settled.pi, { account });
  return { paymentIntent: settled.pi };
}

/**
 * Captures `amountMinor` of an authorized charge: balance transaction with the Stripe fee, the application
 * fee of a direct charge, the transfer of a destination charge. Emits no event (callers emit their own).
 */
export function settleCapture(
  ctx: RequestContext,
  account: string,
  pi: Stripe.PaymentIntent,
  charge: Stripe.Charge,
  amountMinor: number,
): { pi: Stripe.PaymentIntent; charge: Stripe.Charge } {
  const currency = pi.currency;
  const method = charge.payment_method_details?.type ?? 'card_present';
  const fee = pi.application_fee_amount === null ? null : Math.min(pi.application_fee_amount, amountMinor);
  const direct = account !== ctx.platformId;
  const feeDetails: Stripe.BalanceTransaction.FeeDetail[] = [
    {
      amount: processingFee(amountMinor, currency, method),
      application: null,
      currency,
      description: 'Stripe processing fees',
      type: 'stripe_fee',
    },
  ];
  let applicationFee: Stripe.ApplicationFee | null = null;
  if (direct && fee) {
    applicationFee = createApplicationFee(ctx, {
      connectedAccount: account,
      amount: fee,
      currency,
      charge: charge.id,
      originatingCharge: null,
    });
    feeDetails.push({
      amount: fee,
      application: applicationId(ctx),
      currency,
      description: 'Application fee',
      type: 'application_fee',
    });
  }
  const bt = createBalanceTransaction(ctx, account, {
    amount: amountMinor,
    currency,
    type: 'charge',
    source: charge.id,
    description: pi.description,
    feeDetails,
  });
  let next: Stripe.Charge = {
    ...charge,
    captured: true,
    amount_captured: amountMinor,
    amount_refunded: charge.amount_refunded + (charge.amount - amountMinor),
    balance_transaction: bt.id,
    application_fee: applicationFee?.id ?? null,
    application_fee_amount: fee,
  };
  let transferGroup = pi.transfer_group;
  if (pi.transfer_data?.destination) {
    const destination = String(pi.transfer_data.destination);
    transferGroup = transferGroup ?? `group_${pi.id}`;
    const explicit = pi.transfer_data.amount;
    const transferAmount =
      explicit === undefined || explicit === null ? amountMinor : Math.min(explicit, amountMinor);
    const { transfer, fee: destinationFee } = createTransfer(ctx, {
      amount: transferAmount,
      currency,
      destination,
      sourceTransaction: charge.id,
      transferGroup,
      ...(explicit === undefined || explicit === null
        ? fee
          ? { applicationFee: { amount: fee, originatingCharge: charge.id } }
          : {}
        : {}),
      availableOn: bt.available_on,
    });
    next = {
      ...next,
      transfer: transfer.id,
      transfer_group: transferGroup,
      application_fee: destinationFee?.id ?? null,
    };
  }
  ctx.store.update(next);
  const nextPi: Stripe.PaymentIntent = {
    ...pi,
    status: 'succeeded',
    amount_received: amountMinor,
    amount_capturable: 0,
    application_fee_amount: fee,
    transfer_group: transferGroup,
  };
  savePaymentIntent(ctx, nextPi);
  scheduleTestCardDispute(ctx, account, next);
  return { pi: nextPi, charge: next };
}

/** Cancels a PaymentIntent, releasing an uncaptured authorization (a refund of the uncaptured charge). */
export function cancelPaymentIntent(
  ctx: RequestContext,
  account: string,
  pi: Stripe.PaymentIntent,
  reason: Stripe.PaymentIntent.CancellationReason,
  chargeEvent: 'charge.refunded' | 'charge.expired',
): Stripe.PaymentIntent {
  const charge = pi.status === 'requires_capture' ? latestChargeOf(ctx, account, pi) : undefined;
  if (charge) {
    const refund: Stripe.Refund = {
      id: newId('re'),
      object: 'refund',
      amount: charge.amount,
      balance_transaction: null,
      charge: charge.id,
      created: ctx.now(),
      currency: charge.currency,
      customer: null,
      customer_account: null,
      metadata: {},
      payment_intent: pi.id,
      payment_method: charge.payment_method,
      reason: chargeEvent === 'charge.expired' ? 'expired_uncaptured_charge' : null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    };
    ctx.store.insert(account, refund);
    const released: Stripe.Charge = { ...charge, amount_refunded: charge.amount, refunded: true };
    ctx.store.update(released);
    ctx.emit(chargeEvent, released, {
      account,
      previousAttributes: { amount_refunded: charge.amount_refunded, refunded: false },
    });
  }
  const next: Stripe.PaymentIntent = {
    ...pi,
    status: 'canceled',
    canceled_at: ctx.now(),
    cancellation_reason: reason,
    amount_capturable: 0,
  };
  savePaymentIntent(ctx, next);
  ctx.emit('payment_intent.canceled', next, { account });
  return next;
}

/** Cancels (`automatic`, charge.expired) every uncaptured authorization whose capture_before is ≤ `toSec`. */
export function expireUncapturedAuthorizations(ctx: RequestContext, toSec: number): void {
  for (const account of ctx.store.accountsWith('payment_intent')) {
    for (const pi of ctx.store.all<Stripe.PaymentIntent>('payment_intent', account)) {
      if (pi.status !== 'requires_capture' || !pi.latest_charge) continue;
      const details = latestChargeOf(ctx, account, pi)?.payment_method_details;
      const captureBefore = details?.card_present?.capture_before ?? details?.card?.capture_before;
      if (captureBefore !== undefined && captureBefore <= toSec)
        cancelPaymentIntent(ctx, account, pi, 'automatic', 'charge.expired');
    }
  }
}
