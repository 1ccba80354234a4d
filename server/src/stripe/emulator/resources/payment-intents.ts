// Emulates PaymentIntents for in-person (card_present / interac_present) and online test-card (`card`,
// `pm_card_*`) payments: create / retrieve (also with client_secret) / update / list / confirm / capture /
// cancel / increment_authorization, the card-present state machine, on-reader tips, Interac single-message
// capture, Connect direct / destination charges (application fees, automatic transfers, on_behalf_of),
// API-version split between `payment_method_types` (< 2026-09-30) and `allowed_payment_method_types`,
// and expiry of uncaptured authorizations when the clock passes `capture_before`. Also exports
// `collectCardPresent` / `confirmCardPresent` for the Terminal emulation. Does NOT emulate customers,
// setup_future_usage, 3-D Secure / next_action, multicapture, overcapture, search or test amounts.
import type Stripe from 'stripe';
import type { z } from 'zod';
import { ApiResponse, type EmulatorApi, type RequestContext } from '../core/api.ts';
import { invalidRequest, resourceMissing, type StripeErrorBody, unexpectedState } from '../core/errors.ts';
import { newId, randomToken } from '../core/ids.ts';
import { paginateStored } from '../core/list.ts';
import { mergeMetadata } from '../core/metadata.ts';
import { matchesCreated, p } from '../core/params.ts';
import { requireConnectedAccount } from './accounts.ts';
import { createCharge } from './charges.ts';
import { formatAmount, minimumAmount, processingFee, SUPPORTED_CURRENCIES } from './currency.ts';
import { applicationId, createApplicationFee, createBalanceTransaction, createTransfer } from './ledger.ts';
import { cardOf, createPaymentMethod } from './payment-methods.ts';
import { TEST_PAYMENT_METHOD_TOKENS } from './test-cards.ts';

const MAX_AMOUNT = 99_999_999;
const DAY = 86_400;
const EDITABLE: Stripe.PaymentIntent.Status[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
];
const CANCELABLE: Stripe.PaymentIntent.Status[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];
const KNOWN_TYPES = ['card', 'card_present', 'interac_present'];

interface PiMeta {
  baseAmount?: number;
  tipAmount?: number;
  readerId?: string | null;
  locationId?: string | null;
  incrementCount?: number;
}

/** API versions compare by their date part (`2026-10-28.endive` → `2026-10-28`). */
export function versionAtLeast(version: string, date: string): boolean {
  return version.slice(0, 10) >= date;
}

function getMeta(ctx: RequestContext, id: string): PiMeta {
  const raw = ctx.store.getKv(`pi_meta:${id}`);
  return raw ? (JSON.parse(raw) as PiMeta) : {};
}

function setMeta(ctx: RequestContext, id: string, meta: PiMeta): void {
  ctx.store.setKv(`pi_meta:${id}`, JSON.stringify(meta));
}

function requirePi(ctx: RequestContext, account: string, id: string): Stripe.PaymentIntent {
  const pi = ctx.store.find<Stripe.PaymentIntent>('payment_intent', id, account);
  if (!pi) throw resourceMissing('payment_intent', id, 'intent');
  return pi;
}

function amountChecks(amount: number, currency: string, param = 'amount'): void {
  if (amount > MAX_AMOUNT) {
    throw invalidRequest(`Amount must be no more than ${formatAmount(MAX_AMOUNT, currency)}`, {
      code: 'amount_too_large',
      param,
    });
  }
  const min = minimumAmount(currency);
  if (amount < min) {
    throw invalidRequest(`Amount must be at least ${formatAmount(min, currency)}`, {
      code: 'amount_too_small',
      param,
    });
  }
}

function currencyCheck(currency: string): string {
  const c = currency.toLowerCase();
  if (!SUPPORTED_CURRENCIES.has(c)) {
    throw invalidRequest(
      `Invalid currency: ${c}. Stripe currently supports these currencies: ${[...SUPPORTED_CURRENCIES].join(', ')}`,
      {
        param: 'currency',
      },
    );
  }
  return c;
}

function typesFor(
  ctx: RequestContext,
  currency: string,
  params: {
    payment_method_types?: string[] | undefined;
    allowed_payment_method_types?: string[] | undefined;
  },
): { types: string[]; allowed: string[] | null; automatic: boolean } {
  const endive = versionAtLeast(ctx.apiVersion, '2026-09-30');
  if (params.payment_method_types !== undefined && endive) {
    throw invalidRequest(
      'The `payment_method_types` parameter is no longer supported as of API version 2026-09-30.endive. Use `allowed_payment_method_types` instead.',
      { code: 'payment_method_types_no_longer_supported', param: 'payment_method_types' },
    );
  }
  if (params.allowed_payment_method_types !== undefined && !versionAtLeast(ctx.apiVersion, '2026-07-29')) {
    throw invalidRequest('Received unknown parameter: allowed_payment_method_types', {
      code: 'parameter_unknown',
      param: 'allowed_payment_method_types',
    });
  }
  if (params.payment_method_types !== undefined && params.allowed_payment_method_types !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: allowed_payment_method_types, payment_method_types.',
      {
        code: 'parameters_exclusive',
        param: 'allowed_payment_method_types',
      },
    );
  }
  if (params.payment_method_types !== undefined) {
    for (const [i, t] of params.payment_method_types.entries()) {
      if (!KNOWN_TYPES.includes(t)) {
        throw invalidRequest(`The payment method type "${t}" is invalid or not supported by the emulator.`, {
          param: `payment_method_types[${i}]`,
        });
      }
      if (t === 'interac_present' && currency !== 'cad') {
        throw invalidRequest(
          `The currency provided (${currency}) is invalid for one or more payment method types on this PaymentIntent. interac_present only supports cad.`,
          {
            param: 'payment_method_types',
          },
        );
      }
    }
    return { types: params.payment_method_types, allowed: null, automatic: false };
  }
  if (params.allowed_payment_method_types !== undefined) {
    // allowed_payment_method_types filters silently: incompatible types are dropped.
    const types = params.allowed_payment_method_types.filter(
      (t) => KNOWN_TYPES.includes(t) && (t !== 'interac_present' || currency === 'cad'),
    );
    if (types.length === 0) {
      throw invalidRequest(
        'None of the provided allowed_payment_method_types can be used with this PaymentIntent.',
        {
          param: 'allowed_payment_method_types',
        },
      );
    }
    return { types, allowed: params.allowed_payment_method_types, automatic: false };
  }
  return { types: ['card'], allowed: null, automatic: true };
}

function methodOptions(
  types: string[],
  input: z.output<typeof pmOptionsSchema> | undefined,
  current: Stripe.PaymentIntent.PaymentMethodOptions | null,
): Stripe.PaymentIntent.PaymentMethodOptions {
  const out: Stripe.PaymentIntent.PaymentMethodOptions = { ...(current ?? {}) };
  if (types.includes('card_present')) {
    const cp = input?.card_present;
    const prev = out.card_present;
    out.card_present = {
      request_extended_authorization:
        cp?.request_extended_authorization ?? prev?.request_extended_authorization ?? false,
      request_incremental_authorization_support:
        cp?.request_incremental_authorization_support ??
        prev?.request_incremental_authorization_support ??
        false,
      ...(cp?.capture_method !== undefined
        ? cp.capture_method === null
          ? {}
          : { capture_method: cp.capture_method }
        : prev?.capture_method
          ? { capture_method: prev.capture_method }
          : {}),
      ...(cp?.routing
        ? { routing: { requested_priority: cp.routing.requested_priority ?? null } }
        : prev?.routing
          ? { routing: prev.routing }
          : {}),
    } as Stripe.PaymentIntent.PaymentMethodOptions.CardPresent;
  }
  if (types.includes('interac_present'))
    out.interac_present = {} as Stripe.PaymentIntent.PaymentMethodOptions.InteracPresent;
  if (types.includes('card') && input?.card) {
    out.card = {
      ...(out.card ?? {}),
      ...(input.card.capture_method ? { capture_method: input.card.capture_method } : {}),
    } as Stripe.PaymentIntent.PaymentMethodOptions.Card;
  }
  return out;
}

const pmOptionsSchema = p.obj({
  card_present: p
    .obj({
      capture_method: p.emptyable(p.enum(['manual', 'manual_preferred'])).optional(),
      request_extended_authorization: p.bool().optional(),
      request_incremental_authorization_support: p.bool().optional(),
      routing: p.obj({ requested_priority: p.enum(['domestic', 'international']).optional() }).optional(),
    })
    .optional(),
  interac_present: p.obj({}).optional(),
  card: p.obj({ capture_method: p.enum(['manual']).optional() }).optional(),
});

const typeParams = {
  payment_method_types: p.arr(p.str()).optional(),
  allowed_payment_method_types: p.arr(p.str()).optional(),
};

function isManual(pi: Stripe.PaymentIntent, pmType: string): boolean {
  if (pmType === 'interac_present') return false; // single-message: always captured immediately
  if (pmType === 'card_present') {
    const cm = pi.payment_method_options?.card_present?.capture_method;
    if (cm === 'manual' || cm === 'manual_preferred') return true;
  }
  if (pmType === 'card' && pi.payment_method_options?.card?.capture_method === 'manual') return true;
  return pi.capture_method === 'manual';
}

function save(ctx: RequestContext, pi: Stripe.PaymentIntent): Stripe.PaymentIntent {
  ctx.store.update(pi);
  return pi;
}

/** Captures `amount` of an authorized charge: balance transaction, fees, Connect money movement. */
function settleCapture(
  ctx: RequestContext,
  account: string,
  pi: Stripe.PaymentIntent,
  charge: Stripe.Charge,
  amount: number,
): { pi: Stripe.PaymentIntent; charge: Stripe.Charge } {
  const currency = pi.currency;
  const method = charge.payment_method_details?.type ?? 'card_present';
  const fee = pi.application_fee_amount === null ? null : Math.min(pi.application_fee_amount, amount);
  const direct = account !== ctx.platformId;
  const feeDetails: Stripe.BalanceTransaction.FeeDetail[] = [
    {
      amount: processingFee(amount, currency, method),
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
      originatingCharge: charge.id,
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
    amount,
    currency,
    type: 'charge',
    source: charge.id,
    description: pi.description,
    feeDetails,
  });
  let next: Stripe.Charge = {
    ...charge,
    captured: true,
    amount_captured: amount,
    amount_refunded: charge.amount_refunded + (charge.amount - amount),
    balance_transaction: bt.id,
    application_fee: applicationFee?.id ?? null,
    application_fee_amount: fee,
  };
  let transferGroup = pi.transfer_group;
  if (pi.transfer_data?.destination) {
    const destination = String(pi.transfer_data.destination);
    transferGroup = transferGroup ?? `group_${pi.id}`;
    const explicit = pi.transfer_data.amount;
    const transferAmount = explicit === undefined || explicit === null ? amount : Math.min(explicit, amount);
    const { transfer, fee: destFee } = createTransfer(ctx, {
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
      application_fee: destFee?.id ?? null,
    };
  }
  ctx.store.update(next);
  const nextPi: Stripe.PaymentIntent = {
    ...pi,
    status: 'succeeded',
    amount_received: amount,
    amount_capturable: 0,
    application_fee_amount: fee,
    transfer_group: transferGroup,
  };
  save(ctx, nextPi);
  return { pi: nextPi, charge: next };
}

function cardErrorBody(
  decline: { code: string; decline_code?: string; message: string },
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

/** Runs a confirmation attempt for the PaymentIntent's attached payment method. */
function runConfirmation(
  ctx: RequestContext,
  account: string,
  piIn: Stripe.PaymentIntent,
): { paymentIntent: Stripe.PaymentIntent; error?: StripeErrorBody } {
  const pmId = typeof piIn.payment_method === 'string' ? piIn.payment_method : piIn.payment_method?.id;
  const pm = pmId ? ctx.store.find<Stripe.PaymentMethod>('payment_method', pmId, account) : undefined;
  if (!pm) {
    throw unexpectedState(
      `You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with ${piIn.id}, specify a payment method attached to this customer along with the customer ID.`,
    );
  }
  const card = cardOf(ctx, pm.id);
  const meta = getMeta(ctx, piIn.id);
  const tip = pm.type === 'card' ? 0 : (meta.tipAmount ?? 0);
  const baseAmount = meta.baseAmount ?? piIn.amount;
  const decline = card.decline ?? null;
  const manual = !decline && isManual(piIn, pm.type);
  const brandWindow = pm.type === 'card' ? 7 : card.brand === 'visa' ? 5 : 2;
  const incrementalSupported =
    manual &&
    pm.type === 'card_present' &&
    piIn.payment_method_options?.card_present?.request_incremental_authorization_support === true &&
    (card.brand === 'visa' || card.brand === 'mastercard');
  let pi: Stripe.PaymentIntent = {
    ...piIn,
    amount: decline ? baseAmount : baseAmount + tip,
    amount_details:
      decline || tip === 0
        ? { ...(piIn.amount_details ?? {}), tip: {} }
        : { ...(piIn.amount_details ?? {}), tip: { amount: tip } },
  };
  const charge = createCharge(ctx, account, {
    pi,
    pm,
    card,
    decline,
    readerId: meta.readerId ?? null,
    locationId: meta.locationId ?? null,
    captureBefore: manual ? ctx.now() + brandWindow * DAY : null,
    incrementalSupported,
  });
  pi = { ...pi, latest_charge: charge.id };

  if (decline) {
    const lastError = cardErrorBody(decline, charge, pm);
    pi = { ...pi, status: 'requires_payment_method', payment_method: null, last_payment_error: lastError };
    save(ctx, pi);
    setMeta(ctx, pi.id, { ...meta, tipAmount: 0, baseAmount });
    ctx.emit('charge.failed', charge, { account });
    ctx.emit('payment_intent.payment_failed', pi, { account });
    const { payment_method: pmObj, ...rest } = lastError;
    return {
      paymentIntent: pi,
      error: {
        ...rest,
        type: 'card_error',
        message: decline.message,
        payment_intent: pi,
        payment_method: pmObj,
      } as StripeErrorBody,
    };
  }

  pi = { ...pi, last_payment_error: null };
  if (manual) {
    pi = { ...pi, status: 'requires_capture', amount_capturable: pi.amount };
    save(ctx, pi);
    ctx.emit('charge.succeeded', charge, { account });
    ctx.emit('payment_intent.amount_capturable_updated', pi, { account });
    return { paymentIntent: pi };
  }
  save(ctx, pi);
  const settled = settleCapture(ctx, account, pi, charge, pi.amount);
  ctx.emit('charge.succeeded', settled.charge, { account });
  ctx.emit('payment_intent.succeeded', settled.pi, { account });
  return { paymentIntent: settled.pi };
}

function assertTypeAllowed(pi: Stripe.PaymentIntent, type: string): void {
  const allowed =
    pi.payment_method_types.includes(type) ||
    (pi.automatic_payment_methods?.enabled === true && type !== 'interac_present');
  if (!allowed) {
    throw invalidRequest(
      `The PaymentMethod provided (${type}) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: ${pi.payment_method_types.join(', ')}. Alternatively, update the allowed payment_method_types for this PaymentIntent to include "${type}".`,
      { code: 'payment_intent_incompatible_payment_method', param: 'payment_method' },
    );
  }
}

/** Card presented on a reader: attaches a card_present / interac_present PaymentMethod (→ requires_confirmation). */
export function collectCardPresent(
  ctx: RequestContext,
  args: {
    accountId: string | null;
    paymentIntentId: string;
    presented: { type: 'card_present' | 'interac_present'; number: string };
    tipAmount?: number;
    readerId: string;
    locationId: string | null;
  },
): Stripe.PaymentIntent {
  const account = args.accountId ?? ctx.platformId;
  const pi = requirePi(ctx, account, args.paymentIntentId);
  if (pi.status !== 'requires_payment_method') {
    throw unexpectedState(
      `This PaymentIntent's payment_method could not be updated because it has a status of ${pi.status}. You may only update the payment_method of a PaymentIntent with one of the following statuses: requires_payment_method.`,
      { payment_intent: pi },
    );
  }
  assertTypeAllowed(pi, args.presented.type);
  if (args.tipAmount !== undefined && (!Number.isInteger(args.tipAmount) || args.tipAmount < 0)) {
    throw invalidRequest('Invalid tip amount: must be a non-negative integer.', { param: 'amount_tip' });
  }
  const tip = args.tipAmount ?? 0;
  if (pi.amount + tip > MAX_AMOUNT) amountChecks(pi.amount + tip, pi.currency, 'amount_tip');
  const pm = createPaymentMethod(ctx, account, args.presented.type, args.presented.number);
  const meta = getMeta(ctx, pi.id);
  setMeta(ctx, pi.id, {
    ...meta,
    baseAmount: pi.amount,
    tipAmount: tip,
    readerId: args.readerId,
    locationId: args.locationId,
  });
  return save(ctx, {
    ...pi,
    payment_method: pm.id,
    status: 'requires_confirmation',
    last_payment_error: null,
  });
}

/** Processes the collected card: approve (requires_capture / succeeded) or decline (back to requires_payment_method). */
export function confirmCardPresent(
  ctx: RequestContext,
  args: { accountId: string | null; paymentIntentId: string },
): { paymentIntent: Stripe.PaymentIntent; error?: StripeErrorBody } {
  const account = args.accountId ?? ctx.platformId;
  const pi = requirePi(ctx, account, args.paymentIntentId);
  if (pi.status !== 'requires_confirmation') {
    throw unexpectedState(
      `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action.`,
      { payment_intent: pi },
    );
  }
  return runConfirmation(ctx, account, pi);
}

function resolvePaymentMethod(
  ctx: RequestContext,
  account: string,
  pi: Stripe.PaymentIntent,
  id: string,
): Stripe.PaymentMethod {
  const token = TEST_PAYMENT_METHOD_TOKENS[id];
  if (token) {
    assertTypeAllowed(pi, 'card');
    return createPaymentMethod(ctx, account, 'card', token);
  }
  const pm = ctx.store.find<Stripe.PaymentMethod>('payment_method', id, account);
  if (!pm) throw resourceMissing('payment_method', id, 'payment_method');
  assertTypeAllowed(pi, pm.type);
  return pm;
}

/** Cancels a PaymentIntent, releasing an uncaptured authorization (refund of the uncaptured charge). */
function cancelIntent(
  ctx: RequestContext,
  account: string,
  pi: Stripe.PaymentIntent,
  reason: Stripe.PaymentIntent.CancellationReason,
  chargeEvent: 'charge.refunded' | 'charge.expired',
): Stripe.PaymentIntent {
  if (pi.status === 'requires_capture' && pi.latest_charge) {
    const charge = ctx.store.find<Stripe.Charge>('charge', String(pi.latest_charge), account);
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
      const next: Stripe.Charge = { ...charge, amount_refunded: charge.amount, refunded: true };
      ctx.store.update(next);
      ctx.emit(chargeEvent, next, {
        account,
        previousAttributes: { amount_refunded: charge.amount_refunded, refunded: false },
      });
    }
  }
  const next: Stripe.PaymentIntent = {
    ...pi,
    status: 'canceled',
    canceled_at: ctx.now(),
    cancellation_reason: reason,
    amount_capturable: 0,
  };
  save(ctx, next);
  ctx.emit('payment_intent.canceled', next, { account });
  return next;
}

function confirmResponse(result: { paymentIntent: Stripe.PaymentIntent; error?: StripeErrorBody }): unknown {
  return result.error ? new ApiResponse(402, { error: result.error }) : result.paymentIntent;
}

export function registerPaymentIntents(api: EmulatorApi): void {
  api.post(
    '/v1/payment_intents',
    p.obj({
      amount: p.int(),
      currency: p.str(),
      ...typeParams,
      automatic_payment_methods: p
        .obj({ enabled: p.bool(), allow_redirects: p.enum(['always', 'never']).optional() })
        .optional(),
      capture_method: p.enum(['automatic', 'automatic_async', 'manual']).optional(),
      confirmation_method: p.enum(['automatic', 'manual']).optional(),
      payment_method_options: pmOptionsSchema.optional(),
      application_fee_amount: p.int().optional(),
      on_behalf_of: p.str().optional(),
      transfer_data: p.obj({ destination: p.str(), amount: p.int().optional() }).optional(),
      transfer_group: p.str().optional(),
      metadata: p.metadata().optional(),
      description: p.str().max(1000).optional(),
      receipt_email: p.str().optional(),
      statement_descriptor: p.str().optional(),
      statement_descriptor_suffix: p.str().max(22).optional(),
      customer: p.str().optional(),
      payment_method: p.str().optional(),
      confirm: p.bool().optional(),
      return_url: p.str().optional(),
    }),
    (ctx, params) => {
      const currency = currencyCheck(params.currency);
      amountChecks(params.amount, currency);
      if (params.customer !== undefined) throw resourceMissing('customer', params.customer, 'customer');
      const { types, allowed, automatic } = typesFor(ctx, currency, params);
      if (
        params.automatic_payment_methods &&
        (params.payment_method_types || params.allowed_payment_method_types)
      ) {
        throw invalidRequest(
          'You may only specify one of these parameters: automatic_payment_methods, allowed_payment_method_types.',
          {
            code: 'parameters_exclusive',
            param: 'automatic_payment_methods',
          },
        );
      }
      if (
        params.statement_descriptor !== undefined &&
        (types.includes('card') || types.includes('card_present'))
      ) {
        throw invalidRequest(
          'The `statement_descriptor` parameter is not supported for card charges. Use `statement_descriptor_suffix` instead.',
          { param: 'statement_descriptor' },
        );
      }
      if (params.transfer_data && !ctx.isPlatform) {
        throw invalidRequest(
          '`transfer_data` cannot be used when creating a PaymentIntent on a connected account (Stripe-Account header).',
          {
            param: 'transfer_data',
          },
        );
      }
      if (params.application_fee_amount !== undefined) {
        if (ctx.isPlatform && !params.transfer_data) {
          throw invalidRequest(
            'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
            { param: 'application_fee_amount' },
          );
        }
        if (params.application_fee_amount < 0 || params.application_fee_amount > params.amount) {
          throw invalidRequest(
            'The application fee amount must be a non-negative integer no greater than the amount.',
            {
              param: 'application_fee_amount',
            },
          );
        }
        if (params.transfer_data?.amount !== undefined) {
          throw invalidRequest(
            'You may only specify one of these parameters: application_fee_amount, transfer_data[amount].',
            {
              code: 'parameters_exclusive',
              param: 'application_fee_amount',
            },
          );
        }
      }
      if (params.transfer_data) {
        const dest = ctx.store.find<Stripe.Account>(
          'account',
          params.transfer_data.destination,
          ctx.platformId,
        );
        if (!dest || dest.id === ctx.platformId) {
          throw resourceMissing(
            'destination',
            params.transfer_data.destination,
            'transfer_data[destination]',
          );
        }
        if ((dest.capabilities as Record<string, string> | undefined)?.transfers !== 'active') {
          throw invalidRequest(
            'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
            { code: 'insufficient_capabilities_for_transfer', param: 'transfer_data[destination]' },
          );
        }
        const ta = params.transfer_data.amount;
        if (ta !== undefined && (ta < 0 || ta > params.amount)) {
          throw invalidRequest(
            'The transfer_data[amount] must be a non-negative integer no greater than the amount.',
            {
              param: 'transfer_data[amount]',
            },
          );
        }
      }
      if (params.on_behalf_of !== undefined) {
        if (!ctx.isPlatform)
          throw invalidRequest('on_behalf_of can only be set by the platform.', { param: 'on_behalf_of' });
        requireConnectedAccount(ctx, params.on_behalf_of, 'on_behalf_of');
      }
      if (!ctx.isPlatform) {
        const acct = ctx.store.find<Stripe.Account>('account', ctx.account);
        if (!acct?.charges_enabled) {
          throw invalidRequest(
            `Your account cannot currently make charges: ${ctx.account} has not completed onboarding (charges_enabled is false). Finish onboarding to enable charges.`,
            { code: 'account_invalid' },
          );
        }
      }
      const id = newId('pi');
      let pi: Stripe.PaymentIntent = {
        id,
        object: 'payment_intent',
        allowed_payment_method_types: allowed as Stripe.PaymentIntent['allowed_payment_method_types'],
        amount: params.amount,
        amount_capturable: 0,
        amount_details: { tip: {} },
        amount_received: 0,
        application: ctx.isPlatform ? null : applicationId(ctx),
        application_fee_amount: params.application_fee_amount ?? null,
        automatic_payment_methods: automatic
          ? { allow_redirects: params.automatic_payment_methods?.allow_redirects ?? 'always', enabled: true }
          : null,
        canceled_at: null,
        cancellation_reason: null,
        capture_method:
          params.capture_method ??
          (versionAtLeast(ctx.apiVersion, '2024-06-20') ? 'automatic_async' : 'automatic'),
        client_secret: `${id}_secret_${randomToken(25)}`,
        confirmation_method: params.confirmation_method ?? 'automatic',
        created: ctx.now(),
        currency,
        customer: null,
        customer_account: null,
        description: params.description ?? null,
        excluded_payment_method_types: null,
        last_payment_error: null,
        latest_charge: null,
        livemode: false,
        managed_payments: null,
        metadata: mergeMetadata({}, params.metadata),
        next_action: null,
        on_behalf_of: params.on_behalf_of ?? null,
        payment_method: null,
        payment_method_configuration_details: null,
        payment_method_options: methodOptions(types, params.payment_method_options, null),
        payment_method_types: types,
        payment_record: null,
        processing: null,
        receipt_email: params.receipt_email ?? null,
        review: null,
        setup_future_usage: null,
        shipping: null,
        source: null,
        statement_descriptor: params.statement_descriptor ?? null,
        statement_descriptor_suffix: params.statement_descriptor_suffix ?? null,
        status: 'requires_payment_method',
        transfer_data: params.transfer_data
          ? ({
              destination: params.transfer_data.destination,
              ...(params.transfer_data.amount !== undefined ? { amount: params.transfer_data.amount } : {}),
            } as Stripe.PaymentIntent.TransferData)
          : null,
        transfer_group: params.transfer_group ?? null,
      };
      let pm: Stripe.PaymentMethod | null = null;
      if (params.payment_method !== undefined) {
        pm = resolvePaymentMethod(ctx, ctx.account, pi, params.payment_method);
        pi = { ...pi, payment_method: pm.id, status: 'requires_confirmation' };
      }
      if (params.confirm && !pm) {
        throw invalidRequest(
          "You cannot confirm this PaymentIntent because it's missing a payment method. Provide `payment_method` together with `confirm=true`.",
          { code: 'payment_intent_unexpected_state', param: 'payment_method' },
        );
      }
      ctx.store.insert(ctx.account, pi);
      ctx.emit('payment_intent.created', pi);
      if (params.confirm) return confirmResponse(runConfirmation(ctx, ctx.account, pi));
      return pi;
    },
  );

  api.get(
    '/v1/payment_intents/:id',
    p.obj({ client_secret: p.str().optional() }),
    (ctx, params, path) => {
      const pi = requirePi(ctx, ctx.account, path.id ?? '');
      if (ctx.apiKey?.startsWith('pk_')) {
        if (params.client_secret !== pi.client_secret) {
          throw invalidRequest(
            'The client_secret provided does not match the client_secret associated with the PaymentIntent.',
            { param: 'client_secret' },
          );
        }
      } else if (params.client_secret !== undefined && params.client_secret !== pi.client_secret) {
        throw invalidRequest(
          'The client_secret provided does not match the client_secret associated with the PaymentIntent.',
          {
            param: 'client_secret',
          },
        );
      }
      return pi;
    },
    { publishable: true },
  );

  api.get(
    '/v1/payment_intents',
    p.obj({
      ...p.list,
      created: p.createdFilter().optional(),
      customer: p.str().optional(),
      customer_account: p.str().optional(),
    }),
    (ctx, params) => {
      return paginateStored<Stripe.PaymentIntent>(
        ctx.store,
        'payment_intent',
        ctx.account,
        params,
        '/v1/payment_intents',
        'payment_intent',
        {
          filter: (pi) =>
            matchesCreated(pi.created, params.created) &&
            (params.customer === undefined || pi.customer === params.customer) &&
            (params.customer_account === undefined || pi.customer_account === params.customer_account),
        },
      );
    },
  );

  api.post(
    '/v1/payment_intents/:id',
    p.obj({
      amount: p.int().optional(),
      currency: p.str().optional(),
      ...typeParams,
      application_fee_amount: p.emptyable(p.int()).optional(),
      capture_method: p.enum(['automatic', 'automatic_async', 'manual']).optional(),
      payment_method_options: pmOptionsSchema.optional(),
      description: p.emptyable(p.str().max(1000)).optional(),
      metadata: p.metadata().optional(),
      receipt_email: p.emptyable(p.str()).optional(),
      statement_descriptor_suffix: p.emptyable(p.str().max(22)).optional(),
      transfer_data: p.obj({ amount: p.int().optional() }).optional(),
      transfer_group: p.str().optional(),
      payment_method: p.str().optional(),
    }),
    (ctx, params, path) => {
      const pi = requirePi(ctx, ctx.account, path.id ?? '');
      const restricted = (
        [
          'amount',
          'currency',
          'application_fee_amount',
          'capture_method',
          'payment_method_options',
          'transfer_data',
          'payment_method',
          'payment_method_types',
          'allowed_payment_method_types',
        ] as const
      ).find((k) => params[k] !== undefined);
      if (restricted && !EDITABLE.includes(pi.status)) {
        throw unexpectedState(
          `This PaymentIntent's ${restricted} could not be updated because it has a status of ${pi.status}. You may only update the ${restricted} of a PaymentIntent with one of the following statuses: ${EDITABLE.join(', ')}.`,
          { param: restricted },
        );
      }
      if (pi.status === 'canceled' || pi.status === 'succeeded') {
        if (params.transfer_group !== undefined || params.statement_descriptor_suffix !== undefined) {
          throw unexpectedState(
            `This PaymentIntent could not be updated because it has a status of ${pi.status}.`,
          );
        }
      }
      const currency = params.currency ? currencyCheck(params.currency) : pi.currency;
      const amount = params.amount ?? pi.amount;
      if (params.amount !== undefined || params.currency !== undefined) amountChecks(amount, currency);
      const typeInput =
        params.payment_method_types !== undefined || params.allowed_payment_method_types !== undefined
          ? typesFor(ctx, currency, params)
          : null;
      const fee =
        params.application_fee_amount === undefined
          ? pi.application_fee_amount
          : params.application_fee_amount;
      if (params.application_fee_amount !== undefined && params.application_fee_amount !== null) {
        if (ctx.isPlatform && !pi.transfer_data) {
          throw invalidRequest(
            'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
            { param: 'application_fee_amount' },
          );
        }
        if (params.application_fee_amount > amount) {
          throw invalidRequest(
            'The application fee amount must be a non-negative integer no greater than the amount.',
            {
              param: 'application_fee_amount',
            },
          );
        }
      }
      if (params.transfer_data && !pi.transfer_data) {
        throw invalidRequest(
          'transfer_data[amount] can only be updated on a PaymentIntent that has transfer_data[destination].',
          {
            param: 'transfer_data[amount]',
          },
        );
      }
      const types = typeInput?.types ?? pi.payment_method_types;
      let next: Stripe.PaymentIntent = {
        ...pi,
        amount,
        currency,
        application_fee_amount: fee,
        capture_method: params.capture_method ?? pi.capture_method,
        payment_method_types: types,
        ...(typeInput
          ? {
              allowed_payment_method_types:
                typeInput.allowed as Stripe.PaymentIntent['allowed_payment_method_types'],
              automatic_payment_methods: null,
            }
          : {}),
        payment_method_options: params.payment_method_options
          ? methodOptions(types, params.payment_method_options, pi.payment_method_options)
          : pi.payment_method_options,
        description: params.description === undefined ? pi.description : params.description,
        metadata: mergeMetadata(pi.metadata, params.metadata),
        receipt_email: params.receipt_email === undefined ? pi.receipt_email : params.receipt_email,
        statement_descriptor_suffix:
          params.statement_descriptor_suffix === undefined
            ? pi.statement_descriptor_suffix
            : params.statement_descriptor_suffix,
        transfer_data:
          params.transfer_data && pi.transfer_data
            ? ({
                ...pi.transfer_data,
                ...(params.transfer_data.amount !== undefined ? { amount: params.transfer_data.amount } : {}),
              } as Stripe.PaymentIntent.TransferData)
            : pi.transfer_data,
        transfer_group: params.transfer_group ?? pi.transfer_group,
      };
      if (params.payment_method !== undefined) {
        const pm = resolvePaymentMethod(ctx, ctx.account, next, params.payment_method);
        next = { ...next, payment_method: pm.id, status: 'requires_confirmation' };
      }
      if (params.amount !== undefined && params.amount !== pi.amount)
        setMeta(ctx, pi.id, { ...getMeta(ctx, pi.id), baseAmount: params.amount });
      return save(ctx, next);
    },
  );

  api.post(
    '/v1/payment_intents/:id/confirm',
    p.obj({
      payment_method: p.str().optional(),
      ...typeParams,
      capture_method: p.enum(['automatic', 'automatic_async', 'manual']).optional(),
      payment_method_options: pmOptionsSchema.optional(),
      receipt_email: p.emptyable(p.str()).optional(),
      return_url: p.str().optional(),
      error_on_requires_action: p.bool().optional(),
      use_stripe_sdk: p.bool().optional(),
    }),
    (ctx, params, path) => {
      let pi = requirePi(ctx, ctx.account, path.id ?? '');
      if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status)) {
        throw unexpectedState(
          `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.`,
          { payment_intent: pi },
        );
      }
      const typeInput =
        params.payment_method_types !== undefined || params.allowed_payment_method_types !== undefined
          ? typesFor(ctx, pi.currency, params)
          : null;
      if (typeInput) pi = { ...pi, payment_method_types: typeInput.types };
      if (params.capture_method) pi = { ...pi, capture_method: params.capture_method };
      if (params.payment_method_options)
        pi = {
          ...pi,
          payment_method_options: methodOptions(
            pi.payment_method_types,
            params.payment_method_options,
            pi.payment_method_options,
          ),
        };
      if (params.receipt_email !== undefined) pi = { ...pi, receipt_email: params.receipt_email };
      if (params.payment_method !== undefined) {
        const pm = resolvePaymentMethod(ctx, ctx.account, pi, params.payment_method);
        pi = { ...pi, payment_method: pm.id, status: 'requires_confirmation' };
      }
      save(ctx, pi);
      return confirmResponse(runConfirmation(ctx, ctx.account, pi));
    },
  );

  api.post(
    '/v1/payment_intents/:id/capture',
    p.obj({
      amount_to_capture: p.int().optional(),
      application_fee_amount: p.int().optional(),
      metadata: p.metadata().optional(),
      statement_descriptor_suffix: p.str().max(22).optional(),
      transfer_data: p.obj({ amount: p.int().optional() }).optional(),
      final_capture: p.bool().optional(),
    }),
    (ctx, params, path) => {
      const pi = requirePi(ctx, ctx.account, path.id ?? '');
      if (pi.status !== 'requires_capture') {
        throw unexpectedState(
          `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
          { payment_intent: pi },
        );
      }
      const amount = params.amount_to_capture ?? pi.amount_capturable;
      if (amount > pi.amount_capturable) {
        throw invalidRequest(
          `The amount_to_capture (${amount}) must be less than or equal to the PaymentIntent's amount_capturable (${pi.amount_capturable}).`,
          { code: 'amount_too_large', param: 'amount_to_capture' },
        );
      }
      if (amount < 1)
        throw invalidRequest('The amount_to_capture must be at least 1.', {
          code: 'amount_too_small',
          param: 'amount_to_capture',
        });
      if (params.application_fee_amount !== undefined && ctx.isPlatform && !pi.transfer_data) {
        throw invalidRequest(
          'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
          { param: 'application_fee_amount' },
        );
      }
      if (params.transfer_data && !pi.transfer_data) {
        throw invalidRequest('transfer_data[amount] requires a destination charge.', {
          param: 'transfer_data[amount]',
        });
      }
      const charge = pi.latest_charge
        ? ctx.store.find<Stripe.Charge>('charge', String(pi.latest_charge), ctx.account)
        : undefined;
      if (!charge) throw unexpectedState('This PaymentIntent has no authorized charge to capture.');
      const updated: Stripe.PaymentIntent = {
        ...pi,
        application_fee_amount: params.application_fee_amount ?? pi.application_fee_amount,
        metadata: mergeMetadata(pi.metadata, params.metadata),
        statement_descriptor_suffix: params.statement_descriptor_suffix ?? pi.statement_descriptor_suffix,
        transfer_data:
          params.transfer_data && pi.transfer_data
            ? ({
                ...pi.transfer_data,
                ...(params.transfer_data.amount !== undefined ? { amount: params.transfer_data.amount } : {}),
              } as Stripe.PaymentIntent.TransferData)
            : pi.transfer_data,
      };
      const settled = settleCapture(ctx, ctx.account, updated, charge, amount);
      ctx.emit('charge.captured', settled.charge, {
        previousAttributes: { captured: false, amount_captured: 0 },
      });
      ctx.emit('payment_intent.succeeded', settled.pi);
      return settled.pi;
    },
  );

  api.post(
    '/v1/payment_intents/:id/cancel',
    p.obj({
      cancellation_reason: p
        .enum(['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'])
        .optional(),
    }),
    (ctx, params, path) => {
      const pi = requirePi(ctx, ctx.account, path.id ?? '');
      if (!CANCELABLE.includes(pi.status)) {
        throw unexpectedState(
          `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
          { payment_intent: pi },
        );
      }
      return cancelIntent(
        ctx,
        ctx.account,
        pi,
        params.cancellation_reason ?? 'requested_by_customer',
        'charge.refunded',
      );
    },
  );

  api.post(
    '/v1/payment_intents/:id/increment_authorization',
    p.obj({
      amount: p.int(),
      application_fee_amount: p.int().optional(),
      description: p.str().optional(),
      metadata: p.metadata().optional(),
      statement_descriptor: p.str().optional(),
      transfer_data: p.obj({ amount: p.int().optional() }).optional(),
    }),
    (ctx, params, path) => {
      const pi = requirePi(ctx, ctx.account, path.id ?? '');
      if (pi.status !== 'requires_capture') {
        throw unexpectedState(
          `This PaymentIntent's amount could not be incremented because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be incremented: requires_capture.`,
        );
      }
      const charge = pi.latest_charge
        ? ctx.store.find<Stripe.Charge>('charge', String(pi.latest_charge), ctx.account)
        : undefined;
      const cp = charge?.payment_method_details?.card_present;
      if (!charge || !cp?.incremental_authorization_supported) {
        throw invalidRequest(
          'This PaymentIntent is not eligible for incremental authorizations. Set payment_method_options[card_present][request_incremental_authorization_support]=true at creation and use a card that supports it.',
          { code: 'incremental_authorization_not_supported' },
        );
      }
      const meta = getMeta(ctx, pi.id);
      if ((meta.incrementCount ?? 0) >= 10) {
        throw invalidRequest(
          'This PaymentIntent has reached the maximum of 10 incremental authorization attempts.',
        );
      }
      if (params.amount <= pi.amount) {
        throw invalidRequest(
          `The amount must be greater than the PaymentIntent's current amount (${pi.amount}).`,
          { param: 'amount' },
        );
      }
      amountChecks(params.amount, pi.currency);
      if (params.application_fee_amount !== undefined && params.application_fee_amount > params.amount) {
        throw invalidRequest(
          'The application fee amount must be a non-negative integer no greater than the amount.',
          {
            param: 'application_fee_amount',
          },
        );
      }
      const nextCharge: Stripe.Charge = {
        ...charge,
        amount: params.amount,
        payment_method_details: {
          ...charge.payment_method_details,
          card_present: { ...cp, amount_authorized: params.amount },
        } as Stripe.Charge.PaymentMethodDetails,
      };
      ctx.store.update(nextCharge);
      const next: Stripe.PaymentIntent = {
        ...pi,
        amount: params.amount,
        amount_capturable: params.amount,
        application_fee_amount: params.application_fee_amount ?? pi.application_fee_amount,
        description: params.description ?? pi.description,
        metadata: mergeMetadata(pi.metadata, params.metadata),
      };
      save(ctx, next);
      setMeta(ctx, pi.id, {
        ...meta,
        baseAmount: params.amount,
        tipAmount: 0,
        incrementCount: (meta.incrementCount ?? 0) + 1,
      });
      ctx.emit('payment_intent.amount_capturable_updated', next);
      return next;
    },
  );

  // Uncaptured authorizations expire when the clock passes capture_before.
  api.onClockAdvance((ctx, _from, to) => {
    for (const account of ctx.store.accountsWith('payment_intent')) {
      for (const pi of ctx.store.all<Stripe.PaymentIntent>('payment_intent', account)) {
        if (pi.status !== 'requires_capture' || !pi.latest_charge) continue;
        const charge = ctx.store.find<Stripe.Charge>('charge', String(pi.latest_charge), account);
        const details = charge?.payment_method_details;
        const before = details?.card_present?.capture_before ?? details?.card?.capture_before;
        if (before !== undefined && before <= to)
          cancelIntent(ctx, account, pi, 'automatic', 'charge.expired');
      }
    }
  });
}
