// Emulates the /v1/payment_intents endpoints for in-person (card_present / interac_present) and online
// test-card (`card`, `pm_card_*`) payments: create / retrieve (also with client_secret) / update / list /
// confirm / capture / cancel / increment_authorization, Connect direct and destination charges (application
// fees, automatic transfers, on_behalf_of), the API-version split between `payment_method_types`
// (< 2026-09-30) and `allowed_payment_method_types`, and the expiry of uncaptured authorizations when the
// clock passes `capture_before`. The HTTP side only: parameters in payment-intent-params.ts, status rules in
// payment-intent-state-machine.ts, the writes in payment-intent-transitions.ts, reader presentment in
// payment-intent-card-present.ts. Does NOT emulate customers, setup_future_usage, 3-D Secure / next_action,
// multicapture, overcapture, search or test amounts.
import type Stripe from 'stripe';
import type { z } from 'zod';
import { ApiResponse, type EmulatorApi, type RequestContext } from '../core/api.ts';
import { invalidRequest, resourceMissing, unexpectedState } from '../core/errors.ts';
import { newId, randomToken } from '../core/ids.ts';
import { paginateStored } from '../core/list.ts';
import { mergeMetadata } from '../core/metadata.ts';
import { matchesCreated } from '../core/params.ts';
import { requireConnectedAccount } from './accounts.ts';
import { applicationId } from './ledger.ts';
import {
  cancelParams,
  captureParams,
  confirmParams,
  createParams,
  incrementParams,
  listParams,
  retrieveParams,
  updateParams,
} from './payment-intent-params.ts';
import {
  applicationFeeAboveAmount,
  applicationFeeWithoutConnectCharge,
  assertStatusAllows,
  assertUpdatable,
  checkAmount,
  checkCurrency,
  defaultCaptureMethod,
  mergeMethodOptions,
  paymentMethodTypesFor,
  withTransferAmount,
} from './payment-intent-state-machine.ts';
import {
  type ConfirmationResult,
  cancelPaymentIntent,
  confirmPaymentIntent,
  expireUncapturedAuthorizations,
  latestChargeOf,
  readNotes,
  requirePaymentIntent,
  resolvePaymentMethod,
  savePaymentIntent,
  settleCapture,
  writeNotes,
} from './payment-intent-transitions.ts';

type CreateParams = z.output<typeof createParams>;

/** A create's Connect params (transfer_data, application_fee_amount, on_behalf_of) and charges_enabled. */
function checkConnectParams(ctx: RequestContext, params: CreateParams): void {
  if (params.transfer_data && !ctx.isPlatform) {
    throw invalidRequest(
      '`transfer_data` cannot be used when creating a PaymentIntent on a connected account (Stripe-Account header).',
      { param: 'transfer_data' },
    );
  }
  if (params.application_fee_amount !== undefined) {
    if (ctx.isPlatform && !params.transfer_data) throw applicationFeeWithoutConnectCharge();
    if (params.application_fee_amount < 0 || params.application_fee_amount > params.amount) {
      throw applicationFeeAboveAmount();
    }
    if (params.transfer_data?.amount !== undefined) {
      throw invalidRequest(
        'You may only specify one of these parameters: application_fee_amount, transfer_data[amount].',
        { code: 'parameters_exclusive', param: 'application_fee_amount' },
      );
    }
  }
  if (params.transfer_data) {
    const destination = ctx.store.find<Stripe.Account>(
      'account',
      params.transfer_data.destination,
      ctx.platformId,
    );
    if (!destination || destination.id === ctx.platformId) {
      throw resourceMissing('destination', params.transfer_data.destination, 'transfer_data[destination]');
    }
    if ((destination.capabilities as Record<string, string> | undefined)?.transfers !== 'active') {
      throw invalidRequest(
        'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
        { code: 'insufficient_capabilities_for_transfer', param: 'transfer_data[destination]' },
      );
    }
    const transferAmount = params.transfer_data.amount;
    if (transferAmount !== undefined && (transferAmount < 0 || transferAmount > params.amount)) {
      throw invalidRequest(
        'The transfer_data[amount] must be a non-negative integer no greater than the amount.',
        { param: 'transfer_data[amount]' },
      );
    }
  }
  if (params.on_behalf_of !== undefined) {
    if (!ctx.isPlatform)
      throw invalidRequest('on_behalf_of can only be set by the platform.', { param: 'on_behalf_of' });
    requireConnectedAccount(ctx, params.on_behalf_of, 'on_behalf_of');
  }
  if (!ctx.isPlatform) {
    // A direct charge needs the connected account's card_payments capability (inactive until onboarding
    // completes, and again once the account is rejected). Stripe's message as reported from real responses;
    // it carries no code.
    const account = ctx.store.find<Stripe.Account>('account', ctx.account);
    const cardPayments = (account?.capabilities as Record<string, string> | undefined)?.card_payments;
    if (cardPayments !== 'active' || !account?.charges_enabled) {
      throw invalidRequest(
        'You cannot create a charge on a connected account without the `card_payments` capability enabled.',
      );
    }
  }
}

/** A new PaymentIntent in requires_payment_method, as Stripe returns it from create. */
function newPaymentIntent(
  ctx: RequestContext,
  params: CreateParams,
  currency: string,
  methodTypes: { types: string[]; allowed: string[] | null; automatic: boolean },
): Stripe.PaymentIntent {
  const id = newId('pi');
  return {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: methodTypes.allowed as Stripe.PaymentIntent['allowed_payment_method_types'],
    amount: params.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: ctx.isPlatform ? null : applicationId(ctx),
    application_fee_amount: params.application_fee_amount ?? null,
    automatic_payment_methods: methodTypes.automatic
      ? { allow_redirects: params.automatic_payment_methods?.allow_redirects ?? 'always', enabled: true }
      : null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: params.capture_method ?? defaultCaptureMethod(ctx.apiVersion),
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
    payment_method_options: mergeMethodOptions(methodTypes.types, params.payment_method_options, null),
    payment_method_types: methodTypes.types,
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
}

/** A decline commits (the charge and the PaymentIntent's last_payment_error) yet answers 402. */
function confirmResponse(result: ConfirmationResult): unknown {
  return result.error ? new ApiResponse(402, { error: result.error }) : result.paymentIntent;
}

const CLIENT_SECRET_MISMATCH =
  'The client_secret provided does not match the client_secret associated with the PaymentIntent.';

export function registerPaymentIntents(api: EmulatorApi): void {
  api.post('/v1/payment_intents', createParams, (ctx, params) => {
    const currency = checkCurrency(params.currency);
    checkAmount(params.amount, currency);
    if (params.customer !== undefined) throw resourceMissing('customer', params.customer, 'customer');
    const methodTypes = paymentMethodTypesFor(ctx.apiVersion, currency, params);
    if (
      params.automatic_payment_methods &&
      (params.payment_method_types || params.allowed_payment_method_types)
    ) {
      throw invalidRequest(
        'You may only specify one of these parameters: automatic_payment_methods, allowed_payment_method_types.',
        { code: 'parameters_exclusive', param: 'automatic_payment_methods' },
      );
    }
    if (
      params.statement_descriptor !== undefined &&
      (methodTypes.types.includes('card') || methodTypes.types.includes('card_present'))
    ) {
      throw invalidRequest(
        'The `statement_descriptor` parameter is not supported for card charges. Use `statement_descriptor_suffix` instead.',
        { param: 'statement_descriptor' },
      );
    }
    checkConnectParams(ctx, params);
    let pi = newPaymentIntent(ctx, params, currency, methodTypes);
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
    if (params.confirm) return confirmResponse(confirmPaymentIntent(ctx, ctx.account, pi, pm ?? undefined));
    return pi;
  });

  api.get(
    '/v1/payment_intents/:id',
    retrieveParams,
    (ctx, params, path) => {
      const pi = requirePaymentIntent(ctx, ctx.account, path.id ?? '');
      // A publishable key must prove the client secret; a secret key may send it, but then it must match.
      const required = ctx.apiKey?.startsWith('pk_') === true;
      if ((required || params.client_secret !== undefined) && params.client_secret !== pi.client_secret) {
        throw invalidRequest(CLIENT_SECRET_MISMATCH, { param: 'client_secret' });
      }
      return pi;
    },
    { publishable: true },
  );

  api.get('/v1/payment_intents', listParams, (ctx, params) =>
    paginateStored<Stripe.PaymentIntent>(
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
    ),
  );

  api.post('/v1/payment_intents/:id', updateParams, (ctx, params, path) => {
    const pi = requirePaymentIntent(ctx, ctx.account, path.id ?? '');
    assertUpdatable(pi, params);
    const currency = params.currency ? checkCurrency(params.currency) : pi.currency;
    const amount = params.amount ?? pi.amount;
    if (params.amount !== undefined || params.currency !== undefined) checkAmount(amount, currency);
    const methodTypes =
      params.payment_method_types !== undefined || params.allowed_payment_method_types !== undefined
        ? paymentMethodTypesFor(ctx.apiVersion, currency, params)
        : null;
    const fee =
      params.application_fee_amount === undefined ? pi.application_fee_amount : params.application_fee_amount;
    if (params.application_fee_amount !== undefined && params.application_fee_amount !== null) {
      if (ctx.isPlatform && !pi.transfer_data) throw applicationFeeWithoutConnectCharge();
      if (params.application_fee_amount > amount) throw applicationFeeAboveAmount();
    }
    if (params.transfer_data && !pi.transfer_data) {
      throw invalidRequest(
        'transfer_data[amount] can only be updated on a PaymentIntent that has transfer_data[destination].',
        { param: 'transfer_data[amount]' },
      );
    }
    const types = methodTypes?.types ?? pi.payment_method_types;
    let next: Stripe.PaymentIntent = {
      ...pi,
      amount,
      currency,
      application_fee_amount: fee,
      capture_method: params.capture_method ?? pi.capture_method,
      payment_method_types: types,
      ...(methodTypes
        ? {
            allowed_payment_method_types:
              methodTypes.allowed as Stripe.PaymentIntent['allowed_payment_method_types'],
            automatic_payment_methods: null,
          }
        : {}),
      payment_method_options: params.payment_method_options
        ? mergeMethodOptions(types, params.payment_method_options, pi.payment_method_options)
        : pi.payment_method_options,
      description: params.description === undefined ? pi.description : params.description,
      metadata: mergeMetadata(pi.metadata, params.metadata),
      receipt_email: params.receipt_email === undefined ? pi.receipt_email : params.receipt_email,
      statement_descriptor_suffix:
        params.statement_descriptor_suffix === undefined
          ? pi.statement_descriptor_suffix
          : params.statement_descriptor_suffix,
      transfer_data: withTransferAmount(pi.transfer_data, params.transfer_data),
      transfer_group: params.transfer_group ?? pi.transfer_group,
    };
    if (params.payment_method !== undefined) {
      const pm = resolvePaymentMethod(ctx, ctx.account, next, params.payment_method);
      next = { ...next, payment_method: pm.id, status: 'requires_confirmation' };
    }
    if (params.amount !== undefined && params.amount !== pi.amount)
      writeNotes(ctx, pi.id, { ...readNotes(ctx, pi.id), baseAmount: params.amount });
    return savePaymentIntent(ctx, next);
  });

  api.post('/v1/payment_intents/:id/confirm', confirmParams, (ctx, params, path) => {
    let pi = requirePaymentIntent(ctx, ctx.account, path.id ?? '');
    assertStatusAllows('confirm', pi);
    const methodTypes =
      params.payment_method_types !== undefined || params.allowed_payment_method_types !== undefined
        ? paymentMethodTypesFor(ctx.apiVersion, pi.currency, params)
        : null;
    if (methodTypes) pi = { ...pi, payment_method_types: methodTypes.types };
    if (params.capture_method) pi = { ...pi, capture_method: params.capture_method };
    if (params.payment_method_options) {
      pi = {
        ...pi,
        payment_method_options: mergeMethodOptions(
          pi.payment_method_types,
          params.payment_method_options,
          pi.payment_method_options,
        ),
      };
    }
    if (params.receipt_email !== undefined) pi = { ...pi, receipt_email: params.receipt_email };
    let pm: Stripe.PaymentMethod | undefined;
    if (params.payment_method !== undefined) {
      pm = resolvePaymentMethod(ctx, ctx.account, pi, params.payment_method);
      pi = { ...pi, payment_method: pm.id, status: 'requires_confirmation' };
    }
    // Not saved here: every confirmation writes the PaymentIntent it ends with, and one that throws rolls the
    // request's transaction back.
    return confirmResponse(confirmPaymentIntent(ctx, ctx.account, pi, pm));
  });

  api.post('/v1/payment_intents/:id/capture', captureParams, (ctx, params, path) => {
    const pi = requirePaymentIntent(ctx, ctx.account, path.id ?? '');
    assertStatusAllows('capture', pi);
    const amount = params.amount_to_capture ?? pi.amount_capturable;
    if (amount > pi.amount_capturable) {
      throw invalidRequest(
        `The amount_to_capture (${amount}) must be less than or equal to the PaymentIntent's amount_capturable (${pi.amount_capturable}).`,
        { code: 'amount_too_large', param: 'amount_to_capture' },
      );
    }
    if (amount < 1) {
      throw invalidRequest('The amount_to_capture must be at least 1.', {
        code: 'amount_too_small',
        param: 'amount_to_capture',
      });
    }
    if (params.application_fee_amount !== undefined && ctx.isPlatform && !pi.transfer_data) {
      throw applicationFeeWithoutConnectCharge();
    }
    if (params.transfer_data && !pi.transfer_data) {
      throw invalidRequest('transfer_data[amount] requires a destination charge.', {
        param: 'transfer_data[amount]',
      });
    }
    const charge = latestChargeOf(ctx, ctx.account, pi);
    if (!charge) throw unexpectedState('This PaymentIntent has no authorized charge to capture.');
    const updated: Stripe.PaymentIntent = {
      ...pi,
      application_fee_amount: params.application_fee_amount ?? pi.application_fee_amount,
      metadata: mergeMetadata(pi.metadata, params.metadata),
      statement_descriptor_suffix: params.statement_descriptor_suffix ?? pi.statement_descriptor_suffix,
      transfer_data: withTransferAmount(pi.transfer_data, params.transfer_data),
    };
    const settled = settleCapture(ctx, ctx.account, updated, charge, amount);
    ctx.emit('charge.captured', settled.charge, {
      previousAttributes: { captured: false, amount_captured: 0 },
    });
    ctx.emit('payment_intent.succeeded', settled.pi);
    return settled.pi;
  });

  api.post('/v1/payment_intents/:id/cancel', cancelParams, (ctx, params, path) => {
    const pi = requirePaymentIntent(ctx, ctx.account, path.id ?? '');
    assertStatusAllows('cancel', pi);
    const reason = params.cancellation_reason ?? 'requested_by_customer';
    return cancelPaymentIntent(ctx, ctx.account, pi, reason, 'charge.refunded');
  });

  api.post('/v1/payment_intents/:id/increment_authorization', incrementParams, (ctx, params, path) => {
    const pi = requirePaymentIntent(ctx, ctx.account, path.id ?? '');
    assertStatusAllows('increment_authorization', pi);
    const charge = latestChargeOf(ctx, ctx.account, pi);
    const cardPresent = charge?.payment_method_details?.card_present;
    if (!charge || !cardPresent?.incremental_authorization_supported) {
      throw invalidRequest(
        'This PaymentIntent is not eligible for incremental authorizations. Set payment_method_options[card_present][request_incremental_authorization_support]=true at creation and use a card that supports it.',
        { code: 'incremental_authorization_not_supported' },
      );
    }
    const notes = readNotes(ctx, pi.id);
    if ((notes.incrementCount ?? 0) >= 10) {
      throw invalidRequest(
        'This PaymentIntent has reached the maximum of 10 incremental authorization attempts.',
      );
    }
    if (params.amount <= pi.amount) {
      throw invalidRequest(
        `The amount must be greater than the PaymentIntent's current amount (${pi.amount}).`,
        {
          param: 'amount',
        },
      );
    }
    checkAmount(params.amount, pi.currency);
    if (params.application_fee_amount !== undefined && params.application_fee_amount > params.amount) {
      throw applicationFeeAboveAmount();
    }
    ctx.store.update({
      ...charge,
      amount: params.amount,
      payment_method_details: {
        ...charge.payment_method_details,
        card_present: { ...cardPresent, amount_authorized: params.amount },
      } as Stripe.Charge.PaymentMethodDetails,
    });
    const next: Stripe.PaymentIntent = {
      ...pi,
      amount: params.amount,
      amount_capturable: params.amount,
      application_fee_amount: params.application_fee_amount ?? pi.application_fee_amount,
      description: params.description ?? pi.description,
      metadata: mergeMetadata(pi.metadata, params.metadata),
    };
    savePaymentIntent(ctx, next);
    writeNotes(ctx, pi.id, {
      ...notes,
      baseAmount: params.amount,
      tipAmount: 0,
      incrementCount: (notes.incrementCount ?? 0) + 1,
    });
    ctx.emit('payment_intent.amount_capturable_updated', next);
    return next;
  });

  api.onClockAdvance((ctx, _fromSec, toSec) => expireUncapturedAuthorizations(ctx, toSec));
}
