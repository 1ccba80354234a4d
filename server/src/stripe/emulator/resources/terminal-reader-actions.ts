// Emulates the payment-taking server-driven actions of Stripe's simulated smart readers:
// POST /v1/terminal/readers/:id/{process_payment_intent, collect_payment_method, confirm_payment_intent,
// refund_payment}, the test helper POST /v1/test_helpers/terminal/readers/:id/present_payment_method that
// completes them (card presentment through the PaymentIntent core's `collectCardPresent` /
// `confirmCardPresent`, so charges, fees and PaymentIntent/charge events are the core's), the
// `terminal.reader.action_succeeded` / `terminal.reader.action_failed` events (data.object = the Reader), and
// the emulator control POST /_emulator/readers/:id/customer_cancel. See terminal-readers.ts for the choices
// made where Stripe's documentation is silent (busy, cancel, timeouts, tips).
// Does NOT emulate process_setup_intent, collect_inputs, the `card` (MOTO) presentment type, test amounts,
// or the `terminal.reader.action_updated` beta event.
import type Stripe from 'stripe';
import { ApiResponse, type EmulatorApi, type RequestContext } from '../core/api.ts';
import { answerJson } from '../core/control.ts';
import { invalidRequest, parameterMissing, resourceMissing, type StripeErrorBody } from '../core/errors.ts';
import { p } from '../core/params.ts';
import { collectCardPresent, confirmCardPresent } from './payment-intent-card-present.ts';
import { requirePaymentIntent } from './payment-intent-transitions.ts';
import { createRefund } from './refunds.ts';
import {
  accountIdFor,
  checkReaderAvailable,
  locationIdOf,
  newAction,
  readerAccount,
  saveReader,
  terminalError,
} from './terminal-readers.ts';
import { DEFAULT_TEST_CARD, INTERAC_TEST_CARD } from './terminal-rules.ts';
import { loadLive, type Reader, simulatedTip } from './terminal-shared.ts';

type Action = Stripe.Terminal.Reader.Action;

/** A PaymentIntent of the caller's account, or 404 naming the `payment_intent` param. */
function loadPaymentIntent(ctx: RequestContext, id: string): Stripe.PaymentIntent {
  return requirePaymentIntent(ctx, ctx.account, id, 'payment_intent');
}

function requireStatus(pi: Stripe.PaymentIntent, status: Stripe.PaymentIntent.Status): void {
  if (pi.status !== status) {
    throw invalidRequest(
      `This PaymentIntent (${pi.id}) has a status of ${pi.status}. A reader can only process a PaymentIntent with a status of ${status}.`,
      { code: 'intent_invalid_state', param: 'payment_intent' },
    );
  }
}

/** A reader can only take a PaymentIntent that allows an in-person payment method type. */
function requireInPersonType(pi: Stripe.PaymentIntent): void {
  const types = pi.payment_method_types ?? [];
  const inPerson = types.includes('card_present') || types.includes('interac_present');
  if (!inPerson && pi.automatic_payment_methods?.enabled !== true) {
    throw invalidRequest(
      `This PaymentIntent (${pi.id}) does not accept card_present or interac_present payments, so a reader cannot process it. Create it with card_present among its payment method types.`,
      { param: 'payment_intent' },
    );
  }
}

/** Completes a reader action as failed from an API error (decline): Stripe's failure_code/message + api_error. */
function failedFromError(action: Action, error: StripeErrorBody): Action {
  return {
    ...action,
    status: 'failed',
    failure_code: error.code ?? error.type,
    failure_message: error.message,
    api_error: { ...error } as Stripe.Terminal.Reader.Action.ApiError,
  };
}

/**
 * The reader and PaymentIntent a card-reading action (process_payment_intent, collect_payment_method) starts
 * on, after the checks both make; or the committed timeout response when the reader times out.
 */
function startCardAction(
  ctx: RequestContext,
  readerId: string,
  paymentIntentId: string,
): { reader: Reader; pi: Stripe.PaymentIntent } | ApiResponse {
  const reader = loadLive<Reader>(ctx, 'terminal.reader', readerId);
  const pi = loadPaymentIntent(ctx, paymentIntentId);
  requireStatus(pi, 'requires_payment_method');
  requireInPersonType(pi);
  return checkReaderAvailable(ctx, reader) ?? { reader, pi };
}

export function registerTerminalReaderActions(api: EmulatorApi): void {
  const tippingConfig = () => p.obj({ amount_eligible: p.int().optional() });

  api.post(
    '/v1/terminal/readers/:id/process_payment_intent',
    p.obj({
      payment_intent: p.str(),
      process_config: p
        .obj({
          allow_redisplay: p.enum(['always', 'limited', 'unspecified']).optional(),
          enable_customer_cancellation: p.bool().optional(),
          return_url: p.str().optional(),
          skip_tipping: p.bool().optional(),
          tipping: tippingConfig().optional(),
        })
        .optional(),
    }),
    (ctx, params, path) => {
      const start = startCardAction(ctx, path.id ?? '', params.payment_intent);
      if (start instanceof ApiResponse) return start;
      const { reader, pi } = start;
      const processPaymentIntent: Stripe.Terminal.Reader.Action.ProcessPaymentIntent = {
        payment_intent: pi.id,
      };
      if (params.process_config !== undefined) {
        const { allow_redisplay: _ignored, ...config } = params.process_config;
        processPaymentIntent.process_config = config;
      }
      return saveReader(ctx, {
        ...reader,
        action: newAction('process_payment_intent', { process_payment_intent: processPaymentIntent }),
      });
    },
  );

  api.post(
    '/v1/terminal/readers/:id/collect_payment_method',
    p.obj({
      payment_intent: p.str(),
      collect_config: p
        .obj({
          allow_redisplay: p.enum(['always', 'limited', 'unspecified']).optional(),
          enable_customer_cancellation: p.bool().optional(),
          skip_tipping: p.bool().optional(),
          tipping: tippingConfig().optional(),
        })
        .optional(),
    }),
    (ctx, params, path) => {
      const start = startCardAction(ctx, path.id ?? '', params.payment_intent);
      if (start instanceof ApiResponse) return start;
      const { reader, pi } = start;
      const collect: Stripe.Terminal.Reader.Action.CollectPaymentMethod = { payment_intent: pi.id };
      if (params.collect_config !== undefined) {
        const { allow_redisplay: _ignored, ...config } = params.collect_config;
        collect.collect_config = config;
      }
      return saveReader(ctx, {
        ...reader,
        action: newAction('collect_payment_method', { collect_payment_method: collect }),
      });
    },
  );

  api.post(
    '/v1/terminal/readers/:id/confirm_payment_intent',
    p.obj({ payment_intent: p.str(), confirm_config: p.obj({ return_url: p.str().optional() }).optional() }),
    (ctx, params, path) => {
      const reader = loadLive<Reader>(ctx, 'terminal.reader', path.id ?? '');
      const pi = loadPaymentIntent(ctx, params.payment_intent);
      requireStatus(pi, 'requires_confirmation');
      const blocked = checkReaderAvailable(ctx, reader);
      if (blocked) return blocked;
      const confirm: Stripe.Terminal.Reader.Action.ConfirmPaymentIntent = { payment_intent: pi.id };
      if (params.confirm_config !== undefined) confirm.confirm_config = params.confirm_config;
      const base = newAction('confirm_payment_intent', { confirm_payment_intent: confirm });
      const result = confirmCardPresent(ctx, { accountId: accountIdFor(ctx), paymentIntentId: pi.id });
      const action: Action = result.error
        ? failedFromError(base, result.error)
        : { ...base, status: 'succeeded' };
      const saved = saveReader(ctx, { ...reader, action });
      ctx.emit(result.error ? 'terminal.reader.action_failed' : 'terminal.reader.action_succeeded', saved);
      return saved;
    },
  );

  api.post(
    '/v1/terminal/readers/:id/refund_payment',
    p.obj({
      charge: p.str().optional(),
      payment_intent: p.str().optional(),
      amount: p.int().optional(),
      metadata: p.obj({}).catchall(p.str().max(500)).optional(),
      refund_application_fee: p.bool().optional(),
      reverse_transfer: p.bool().optional(),
      refund_payment_config: p.obj({ enable_customer_cancellation: p.bool().optional() }).optional(),
    }),
    (ctx, params, path) => {
      const reader = loadLive<Reader>(ctx, 'terminal.reader', path.id ?? '');
      if (params.charge === undefined && params.payment_intent === undefined)
        throw parameterMissing('charge');
      if (params.charge !== undefined && params.payment_intent !== undefined) {
        throw invalidRequest('You may only specify one of these parameters: charge, payment_intent.', {
          param: 'charge',
        });
      }
      const charge = refundableCharge(ctx, params.charge, params.payment_intent);
      const remaining = charge.amount - charge.amount_refunded;
      const amount = params.amount ?? remaining;
      if (amount <= 0 || amount > remaining) {
        throw invalidRequest(
          `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
          { code: 'amount_too_large', param: 'amount' },
        );
      }
      const blocked = checkReaderAvailable(ctx, reader);
      if (blocked) return blocked;
      const refund: Stripe.Terminal.Reader.Action.RefundPayment = {
        amount,
        charge: charge.id,
        payment_intent:
          typeof charge.payment_intent === 'string'
            ? charge.payment_intent
            : (charge.payment_intent?.id ?? undefined),
        metadata: params.metadata ?? {},
      };
      if (params.refund_application_fee !== undefined)
        refund.refund_application_fee = params.refund_application_fee;
      if (params.reverse_transfer !== undefined) refund.reverse_transfer = params.reverse_transfer;
      if (params.refund_payment_config !== undefined)
        refund.refund_payment_config = params.refund_payment_config;
      return saveReader(ctx, { ...reader, action: newAction('refund_payment', { refund_payment: refund }) });
    },
  );

  // ---- test helper: simulated card presentment -----------------------------------------------------

  api.post(
    '/v1/test_helpers/terminal/readers/:id/present_payment_method',
    p.obj({
      type: p.enum(['card_present', 'interac_present', 'card']).optional(),
      card_present: p.obj({ number: p.str().optional() }).optional(),
      interac_present: p.obj({ number: p.str().optional() }).optional(),
      card: p
        .obj({ number: p.str(), exp_month: p.int(), exp_year: p.int(), cvc: p.str().optional() })
        .optional(),
      amount_tip: p.int().optional(),
    }),
    (ctx, params, path) => {
      const reader = loadLive<Reader>(ctx, 'terminal.reader', path.id ?? '');
      if (reader.status === 'offline') throw terminalError('terminal_reader_offline');
      const action = reader.action;
      if (action === null || action.status !== 'in_progress') {
        throw invalidRequest(
          'This reader has no in-progress action that needs a payment method to be presented.',
          {
            param: 'reader',
          },
        );
      }
      if (params.type === 'card') {
        throw invalidRequest(
          'Simulating a `card` payment method is not supported by this emulator; use card_present.',
          {
            param: 'type',
          },
        );
      }
      const type = params.type ?? (params.interac_present !== undefined ? 'interac_present' : 'card_present');
      const number =
        type === 'interac_present'
          ? (params.interac_present?.number ?? INTERAC_TEST_CARD)
          : (params.card_present?.number ?? DEFAULT_TEST_CARD);
      const presented = { type, number } as const;
      const accountId = accountIdFor(ctx);

      let completed: Action;
      if (action.type === 'process_payment_intent' || action.type === 'collect_payment_method') {
        const step =
          action.type === 'process_payment_intent'
            ? action.process_payment_intent
            : action.collect_payment_method;
        const config =
          action.type === 'process_payment_intent'
            ? action.process_payment_intent?.process_config
            : action.collect_payment_method?.collect_config;
        const piId =
          typeof step?.payment_intent === 'string' ? step.payment_intent : (step?.payment_intent.id ?? '');
        const pi = loadPaymentIntent(ctx, piId);
        const tip = simulatedTip(
          ctx,
          reader,
          pi.currency,
          params.amount_tip,
          config?.skip_tipping === true,
          api.log,
        );
        const collected = collectCardPresent(ctx, {
          accountId,
          paymentIntentId: pi.id,
          presented,
          ...(tip > 0 ? { tipAmount: tip } : {}),
          readerId: reader.id,
          locationId: locationIdOf(reader),
        });
        if (action.type === 'collect_payment_method') {
          const pmId =
            typeof collected.payment_method === 'string'
              ? collected.payment_method
              : collected.payment_method?.id;
          const pm = pmId ? ctx.store.find<Stripe.PaymentMethod>('payment_method', pmId) : undefined;
          completed = {
            ...action,
            status: 'succeeded',
            collect_payment_method: {
              ...(action.collect_payment_method ?? { payment_intent: pi.id }),
              ...(pm ? { payment_method: pm } : {}),
            },
          };
        } else {
          const result = confirmCardPresent(ctx, { accountId, paymentIntentId: pi.id });
          completed = result.error
            ? failedFromError(action, result.error)
            : { ...action, status: 'succeeded' };
        }
      } else if (action.type === 'refund_payment') {
        completed = completeRefund(ctx, action);
      } else {
        throw invalidRequest(`Presenting a payment method does not apply to a ${action.type} action.`, {
          param: 'reader',
        });
      }
      const saved = saveReader(ctx, { ...reader, action: completed });
      ctx.emit(
        completed.status === 'failed' ? 'terminal.reader.action_failed' : 'terminal.reader.action_succeeded',
        saved,
      );
      return saved;
    },
  );

  api.hono.post('/_emulator/readers/:id/customer_cancel', (c) =>
    answerJson(c, () => {
      const id = c.req.param('id');
      const account = readerAccount(api.store, id);
      return api.withContext(account, { origin: new URL(c.req.url).origin }, (ctx) => {
        const reader = loadLive<Reader>(ctx, 'terminal.reader', id);
        const action = reader.action;
        if (action === null || action.status !== 'in_progress') {
          throw invalidRequest('This reader has no action in progress for the customer to cancel.');
        }
        const enabled =
          action.process_payment_intent?.process_config?.enable_customer_cancellation ??
          action.collect_payment_method?.collect_config?.enable_customer_cancellation ??
          action.refund_payment?.refund_payment_config?.enable_customer_cancellation ??
          false;
        if (!enabled) {
          throw invalidRequest(
            'Customer cancellation is not enabled for this action (enable_customer_cancellation).',
          );
        }
        const saved = saveReader(ctx, {
          ...reader,
          action: {
            ...action,
            status: 'failed',
            failure_code: 'customer_canceled',
            failure_message: 'This action was canceled by the customer.',
            api_error: null,
          },
        });
        ctx.emit('terminal.reader.action_failed', saved);
        return saved;
      });
    }),
  );
}

// ---- Interac in-person refunds -------------------------------------------------------------------------

function refundableCharge(
  ctx: RequestContext,
  chargeId: string | undefined,
  paymentIntentId: string | undefined,
): Stripe.Charge {
  let charge: Stripe.Charge | undefined;
  if (chargeId !== undefined) {
    charge = ctx.store.find<Stripe.Charge>('charge', chargeId, ctx.account);
    if (charge === undefined) throw resourceMissing('charge', chargeId, 'charge');
  } else {
    const pi = loadPaymentIntent(ctx, paymentIntentId ?? '');
    const latest = typeof pi.latest_charge === 'string' ? pi.latest_charge : (pi.latest_charge?.id ?? null);
    charge = latest === null ? undefined : ctx.store.find<Stripe.Charge>('charge', latest, ctx.account);
    if (charge === undefined || charge.status !== 'succeeded') {
      throw invalidRequest(`PaymentIntent ${pi.id} has no successful charge to refund.`, {
        param: 'payment_intent',
      });
    }
  }
  if (charge.payment_method_details?.type !== 'interac_present') {
    throw invalidRequest(
      'In-person refunds are only available for Interac (interac_present) payments. Refund other payments with POST /v1/refunds.',
      { param: chargeId !== undefined ? 'charge' : 'payment_intent' },
    );
  }
  if (charge.refunded || charge.amount_refunded >= charge.amount) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
      code: 'charge_already_refunded',
      param: chargeId !== undefined ? 'charge' : 'payment_intent',
    });
  }
  return charge;
}

/**
 * Completes an Interac in-person refund once a card is presented. Stripe notes that simulated readers do not
 * use the presented card for refunds, so any presentment completes it; the refund itself (balance, fee refund,
 * transfer reversal, events) is the core's `createRefund` with `inPerson`.
 */
function completeRefund(ctx: RequestContext, action: Action): Action {
  const details = action.refund_payment;
  if (details === undefined) throw invalidRequest('Malformed refund action');
  const chargeId = typeof details.charge === 'string' ? details.charge : details.charge?.id;
  const refund = createRefund(
    ctx,
    ctx.account,
    {
      charge: chargeId,
      amount: details.amount,
      metadata: details.metadata ?? {},
      refund_application_fee: details.refund_application_fee,
      reverse_transfer: details.reverse_transfer,
    },
    { inPerson: true },
  );
  return { ...action, status: 'succeeded', refund_payment: { ...details, refund: refund.id } };
}
