// The PaymentIntent state machine as pure rules (no store, no clock, no events): the statuses each operation
// accepts and the error Stripe answers otherwise, what a confirmation decides (amount with the on-reader tip,
// authorize only or capture at once, the authorization window, incremental authorization support), and the
// checks on amount, currency, payment method types and application fees that the writes make first.
// payment-intent-transitions.ts applies these rules to the store.
//
//   from                     to                       when
//   requires_payment_method  requires_confirmation    payment method attached (by the API or a reader)
//   requires_confirmation    succeeded                confirmed, captured at once (automatic; Interac)
//   requires_confirmation    requires_capture         confirmed, authorized only (manual capture)
//   requires_confirmation    requires_payment_method  confirmed and declined
//   requires_capture         succeeded                captured
//   requires_capture         canceled                 canceled, or capture_before passed uncaptured
//   any other, not final     canceled                 canceled (succeeded and canceled are final)
import type Stripe from 'stripe';
import { invalidRequest, unexpectedState } from '../core/errors.ts';
import { formatAmount, minimumAmount, SUPPORTED_CURRENCIES } from './currency.ts';
import type { MethodOptionsParams } from './payment-intent-params.ts';

type Status = Stripe.PaymentIntent.Status;

const MAX_AMOUNT = 99_999_999;
const KNOWN_TYPES = ['card', 'card_present', 'interac_present'];

/** Statuses in which amount, currency, fees, capture method and payment method can still change. */
const EDITABLE: Status[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CONFIRMABLE: Status[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CANCELABLE: Status[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

/** Parameters an update may only send while EDITABLE; the error names the first one sent, in this order. */
const EDITABLE_ONLY_PARAMS = [
  'amount',
  'currency',
  'application_fee_amount',
  'capture_method',
  'payment_method_options',
  'transfer_data',
  'payment_method',
  'payment_method_types',
  'allowed_payment_method_types',
] as const;

/** API versions compare by their date part (`2026-10-28.endive` → `2026-10-28`). */
function versionAtLeast(version: string, date: string): boolean {
  return version.slice(0, 10) >= date;
}

/** `automatic_async` from API version 2024-06-20, `automatic` before. */
export function defaultCaptureMethod(apiVersion: string): Stripe.PaymentIntent.CaptureMethod {
  return versionAtLeast(apiVersion, '2024-06-20') ? 'automatic_async' : 'automatic';
}

// ---- status guards ---------------------------------------------------------------------------------------

type UpdateParamName =
  | (typeof EDITABLE_ONLY_PARAMS)[number]
  | 'transfer_group'
  | 'statement_descriptor_suffix';

/** An update may change EDITABLE_ONLY_PARAMS only while EDITABLE; nothing once succeeded or canceled. */
export function assertUpdatable(
  pi: Stripe.PaymentIntent,
  params: Partial<Record<UpdateParamName, unknown>>,
): void {
  const restricted = EDITABLE_ONLY_PARAMS.find((name) => params[name] !== undefined);
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
}

/** An operation that moves a PaymentIntent on from some statuses only. */
type Operation =
  | 'confirm'
  | 'capture'
  | 'cancel'
  | 'increment_authorization'
  | 'collect_card_present'
  | 'confirm_card_present';

/** Which statuses each operation accepts, and Stripe's refusal otherwise (some carry the PaymentIntent). */
const OPERATIONS: Record<
  Operation,
  { accepts: Status[]; refusal(status: Status): string; includesPaymentIntent: boolean }
> = {
  confirm: {
    accepts: CONFIRMABLE,
    refusal: (status) =>
      `You cannot confirm this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${CONFIRMABLE.join(', ')}.`,
    includesPaymentIntent: true,
  },
  capture: {
    accepts: ['requires_capture'],
    refusal: (status) =>
      `This PaymentIntent could not be captured because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
    includesPaymentIntent: true,
  },
  cancel: {
    accepts: CANCELABLE,
    refusal: (status) =>
      `You cannot cancel this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
    includesPaymentIntent: true,
  },
  increment_authorization: {
    accepts: ['requires_capture'],
    refusal: (status) =>
      `This PaymentIntent's amount could not be incremented because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be incremented: requires_capture.`,
    includesPaymentIntent: false,
  },
  // A reader attaches the presented card only while the PaymentIntent waits for a payment method…
  collect_card_present: {
    accepts: ['requires_payment_method'],
    refusal: (status) =>
      `This PaymentIntent's payment_method could not be updated because it has a status of ${status}. You may only update the payment_method of a PaymentIntent with one of the following statuses: requires_payment_method.`,
    includesPaymentIntent: true,
  },
  // …and processes it only while the PaymentIntent waits for confirmation.
  confirm_card_present: {
    accepts: ['requires_confirmation'],
    refusal: (status) =>
      `You cannot confirm this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action.`,
    includesPaymentIntent: true,
  },
};

/** 400 `payment_intent_unexpected_state` unless `pi`'s status lets `operation` run. */
export function assertStatusAllows(operation: Operation, pi: Stripe.PaymentIntent): void {
  const rule = OPERATIONS[operation];
  if (rule.accepts.includes(pi.status)) return;
  throw unexpectedState(rule.refusal(pi.status), rule.includesPaymentIntent ? { payment_intent: pi } : {});
}

// ---- confirmation -----------------------------------------------------------------------------------------

/** Whether a confirmation with `pmType` only authorizes (capture later) rather than capturing at once. */
function capturesManually(pi: Stripe.PaymentIntent, pmType: string): boolean {
  if (pmType === 'interac_present') return false; // single-message: always captured immediately
  if (pmType === 'card_present') {
    const captureMethod = pi.payment_method_options?.card_present?.capture_method;
    if (captureMethod === 'manual' || captureMethod === 'manual_preferred') return true;
  }
  if (pmType === 'card' && pi.payment_method_options?.card?.capture_method === 'manual') return true;
  return pi.capture_method === 'manual';
}

interface ConfirmationTerms {
  /** The amount confirmed: the base amount plus the on-reader tip, or the base amount alone when declined. */
  amount: number;
  amountDetails: Stripe.PaymentIntent.AmountDetails;
  /** Authorize only (→ requires_capture) rather than capture at once (→ succeeded). */
  authorizeOnly: boolean;
  /** Days an uncaptured authorization lasts (online cards 7, in person: Visa 5, other brands 2). */
  authorizationWindowDays: number;
  incrementalAuthorizationSupported: boolean;
}

/** What confirming `pi` with a card of `payment.type` / `payment.brand` decides. */
export function confirmationTerms(
  pi: Stripe.PaymentIntent,
  payment: { type: string; brand: string; declined: boolean; baseAmount: number; tipAmount: number },
): ConfirmationTerms {
  const tip = payment.type === 'card' ? 0 : payment.tipAmount;
  const authorizeOnly = !payment.declined && capturesManually(pi, payment.type);
  return {
    amount: payment.declined ? payment.baseAmount : payment.baseAmount + tip,
    amountDetails:
      payment.declined || tip === 0
        ? { ...(pi.amount_details ?? {}), tip: {} }
        : { ...(pi.amount_details ?? {}), tip: { amount: tip } },
    authorizeOnly,
    authorizationWindowDays: payment.type === 'card' ? 7 : payment.brand === 'visa' ? 5 : 2,
    incrementalAuthorizationSupported:
      authorizeOnly &&
      payment.type === 'card_present' &&
      pi.payment_method_options?.card_present?.request_incremental_authorization_support === true &&
      (payment.brand === 'visa' || payment.brand === 'mastercard'),
  };
}

/** Cards in person and online count as card payments when the PaymentIntent has automatic payment methods. */
export function assertPaymentMethodTypeAllowed(pi: Stripe.PaymentIntent, type: string): void {
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

// ---- amounts, currency, fees ------------------------------------------------------------------------------

export function checkAmount(amount: number, currency: string, param = 'amount'): void {
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

/** An on-reader tip is a non-negative integer, and with it the amount stays within Stripe's maximum. */
export function checkTipAmount(pi: Stripe.PaymentIntent, tipAmount: number | undefined): void {
  if (tipAmount !== undefined && (!Number.isInteger(tipAmount) || tipAmount < 0)) {
    throw invalidRequest('Invalid tip amount: must be a non-negative integer.', { param: 'amount_tip' });
  }
  const total = pi.amount + (tipAmount ?? 0);
  if (total > MAX_AMOUNT) checkAmount(total, pi.currency, 'amount_tip');
}

/** The currency in lower case, or 400 when Stripe does not support it. */
export function checkCurrency(currency: string): string {
  const lower = currency.toLowerCase();
  if (!SUPPORTED_CURRENCIES.has(lower)) {
    throw invalidRequest(
      `Invalid currency: ${lower}. Stripe currently supports these currencies: ${[...SUPPORTED_CURRENCIES].join(', ')}`,
      { param: 'currency' },
    );
  }
  return lower;
}

/** `application_fee_amount` needs a direct charge (Stripe-Account) or a destination charge. */
export function applicationFeeWithoutConnectCharge() {
  return invalidRequest(
    'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
    { param: 'application_fee_amount' },
  );
}

export function applicationFeeAboveAmount() {
  return invalidRequest(
    'The application fee amount must be a non-negative integer no greater than the amount.',
    { param: 'application_fee_amount' },
  );
}

/** `transfer_data` with `update.amount` applied; only a destination charge has transfer_data to update. */
export function withTransferAmount(
  current: Stripe.PaymentIntent['transfer_data'],
  update: { amount?: number | undefined } | undefined,
): Stripe.PaymentIntent['transfer_data'] {
  if (!update || !current) return current;
  return {
    ...current,
    ...(update.amount !== undefined ? { amount: update.amount } : {}),
  } as Stripe.PaymentIntent.TransferData;
}

// ---- payment method types and options ---------------------------------------------------------------------

/**
 * The payment method types a create / update / confirm asks for: `payment_method_types` (an error from API
 * version 2026-09-30), `allowed_payment_method_types` (from 2026-07-29; incompatible types are dropped
 * silently), or neither (card with automatic payment methods).
 */
export function paymentMethodTypesFor(
  apiVersion: string,
  currency: string,
  params: {
    payment_method_types?: string[] | undefined;
    allowed_payment_method_types?: string[] | undefined;
  },
): { types: string[]; allowed: string[] | null; automatic: boolean } {
  const endive = versionAtLeast(apiVersion, '2026-09-30');
  if (params.payment_method_types !== undefined && endive) {
    throw invalidRequest(
      'The `payment_method_types` parameter is no longer supported as of API version 2026-09-30.endive. Use `allowed_payment_method_types` instead.',
      { code: 'payment_method_types_no_longer_supported', param: 'payment_method_types' },
    );
  }
  if (params.allowed_payment_method_types !== undefined && !versionAtLeast(apiVersion, '2026-07-29')) {
    throw invalidRequest('Received unknown parameter: allowed_payment_method_types', {
      code: 'parameter_unknown',
      param: 'allowed_payment_method_types',
    });
  }
  if (params.payment_method_types !== undefined && params.allowed_payment_method_types !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: allowed_payment_method_types, payment_method_types.',
      { code: 'parameters_exclusive', param: 'allowed_payment_method_types' },
    );
  }
  if (params.payment_method_types !== undefined) {
    for (const [i, type] of params.payment_method_types.entries()) {
      if (!KNOWN_TYPES.includes(type)) {
        throw invalidRequest(
          `The payment method type "${type}" is invalid or not supported by the emulator.`,
          {
            param: `payment_method_types[${i}]`,
          },
        );
      }
      if (type === 'interac_present' && currency !== 'cad') {
        throw invalidRequest(
          `The currency provided (${currency}) is invalid for one or more payment method types on this PaymentIntent. interac_present only supports cad.`,
          { param: 'payment_method_types' },
        );
      }
    }
    return { types: params.payment_method_types, allowed: null, automatic: false };
  }
  if (params.allowed_payment_method_types !== undefined) {
    const types = params.allowed_payment_method_types.filter(
      (type) => KNOWN_TYPES.includes(type) && (type !== 'interac_present' || currency === 'cad'),
    );
    if (types.length === 0) {
      throw invalidRequest(
        'None of the provided allowed_payment_method_types can be used with this PaymentIntent.',
        { param: 'allowed_payment_method_types' },
      );
    }
    return { types, allowed: params.allowed_payment_method_types, automatic: false };
  }
  return { types: ['card'], allowed: null, automatic: true };
}

/** `payment_method_options` for `types` after applying `input` to `current` (options of other types kept). */
export function mergeMethodOptions(
  types: string[],
  input: MethodOptionsParams | undefined,
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
