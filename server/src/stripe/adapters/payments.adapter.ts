/**
 * The PaymentsGateway adapter over stripe-node: the one module that calls the `stripe` SDK. It speaks to
 * Stripe, or unchanged to the embedded emulator (same wire format). Direct charges run on the connected
 * account (`Stripe-Account`); destination charges run on the platform with `transfer_data[destination]`
 * and `on_behalf_of`. stripe-node errors become GatewayError with a domain code.
 */
import type Stripe from 'stripe';
import {
  type AccountContext,
  type CardDetails,
  type ChargeView,
  type CreateTerminalPaymentIntentInput,
  GatewayError,
  type PaymentError,
  type PaymentIntentStatus,
  type PaymentIntentView,
  type PaymentsGateway,
  type PayoutEventSnapshot,
  type ReaderActionView,
  type ReaderView,
  type RefundView,
  type WebhookEventView,
} from '../payments.port.ts';
import { call } from './errors.ts';

export interface StripeGatewayOptions {
  stripe: Stripe;
  /** Endpoint secrets (`whsec_…`) to verify webhooks with; read at each verification (rotation-friendly). */
  webhookSecrets: () => readonly string[];
}

export function createStripeGateway({ stripe, webhookSecrets }: StripeGatewayOptions): PaymentsGateway {
  let lastVerifiedSecret = '';
  /** Request options: on the connected account for direct charges, on the platform for destination. */
  const on = (account: AccountContext, idempotencyKey?: string): Stripe.RequestOptions => ({
    ...(account.chargeType === 'direct' ? { stripeAccount: account.stripeAccountId } : {}),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });

  return {
    async createConnectionToken(account, stripeLocationId) {
      const token = await call(() =>
        stripe.terminal.connectionTokens.create({ location: stripeLocationId }, on(account)),
      );
      return token.secret;
    },

    async createTerminalPaymentIntent(input: CreateTerminalPaymentIntentInput) {
      const { account } = input;
      const params: Stripe.PaymentIntentCreateParams = {
        amount: input.amountMinor,
        currency: input.currency,
        allowed_payment_method_types:
          input.currency.toLowerCase() === 'cad' ? ['card_present', 'interac_present'] : ['card_present'],
        capture_method: input.captureMethod,
        application_fee_amount: input.applicationFeeMinor,
        metadata: input.metadata,
        expand: ['latest_charge'],
        ...(input.description ? { description: input.description } : {}),
        ...(account.chargeType === 'destination'
          ? { transfer_data: { destination: account.stripeAccountId }, on_behalf_of: account.stripeAccountId }
          : {}),
      };
      const intent = await call(() =>
        stripe.paymentIntents.create(params, on(account, input.idempotencyKey)),
      );
      return toPaymentIntentView(intent);
    },

    async retrievePaymentIntent(account, paymentIntentId) {
      const intent = await call(() =>
        stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] }, on(account)),
      );
      return toPaymentIntentView(intent);
    },

    async updatePaymentIntent(account, paymentIntentId, input) {
      const params: Stripe.PaymentIntentUpdateParams = { expand: ['latest_charge'] };
      if (input.metadata) params.metadata = input.metadata;
      if (input.amountMinor !== undefined) params.amount = input.amountMinor;
      if (input.applicationFeeMinor !== undefined) params.application_fee_amount = input.applicationFeeMinor;
      const intent = await call(() =>
        stripe.paymentIntents.update(paymentIntentId, params, on(account, input.idempotencyKey)),
      );
      return toPaymentIntentView(intent);
    },

    async capturePaymentIntent(account, paymentIntentId, input) {
      const intent = await call(() =>
        stripe.paymentIntents.capture(
          paymentIntentId,
          {
            amount_to_capture: input.amountToCaptureMinor,
            application_fee_amount: input.applicationFeeMinor,
            expand: ['latest_charge'],
          },
          on(account, input.idempotencyKey),
        ),
      );
      return toPaymentIntentView(intent);
    },

    async cancelPaymentIntent(account, paymentIntentId, input) {
      const intent = await call(() =>
        stripe.paymentIntents.cancel(
          paymentIntentId,
          { cancellation_reason: 'abandoned', expand: ['latest_charge'] },
          on(account, input.idempotencyKey),
        ),
      );
      return toPaymentIntentView(intent);
    },

    async processPaymentIntentOnReader(account, stripeReaderId, input) {
      const reader = await call(() =>
        stripe.terminal.readers.processPaymentIntent(
          stripeReaderId,
          {
            payment_intent: input.paymentIntentId,
            process_config: {
              ...(input.skipTipping ? { skip_tipping: true } : {}),
              ...(input.enableCustomerCancellation ? { enable_customer_cancellation: true } : {}),
            },
          },
          on(account, input.idempotencyKey),
        ),
      );
      return toReaderView(reader);
    },

    async setReaderDisplay(account, stripeReaderId, input) {
      const { cart } = input;
      const reader = await call(() =>
        stripe.terminal.readers.setReaderDisplay(
          stripeReaderId,
          {
            type: 'cart',
            cart: {
              currency: cart.currency,
              line_items: cart.lineItems.map((line) => ({
                description: line.description,
                amount: line.amountMinor,
                quantity: line.quantity,
              })),
              ...(cart.taxMinor === null ? {} : { tax: cart.taxMinor }),
              total: cart.totalMinor,
            },
          },
          on(account, input.idempotencyKey),
        ),
      );
      return toReaderView(reader);
    },

    async cancelReaderAction(account, stripeReaderId, input) {
      const reader = await call(() =>
        stripe.terminal.readers.cancelAction(stripeReaderId, {}, on(account, input.idempotencyKey)),
      );
      return toReaderView(reader);
    },

    async retrieveReader(account, stripeReaderId) {
      const reader = await call(() => stripe.terminal.readers.retrieve(stripeReaderId, {}, on(account)));
      return toReaderView(reader);
    },

    async configureLocationTipping(account, stripeLocationId, input) {
      const configuration = await call(() =>
        stripe.terminal.configurations.create(
          { tipping: { [input.currency.toLowerCase()]: { percentages: input.percentages } } },
          on(account, `${input.idempotencyKey}-configuration`),
        ),
      );
      await call(() =>
        stripe.terminal.locations.update(
          stripeLocationId,
          { configuration_overrides: configuration.id },
          on(account, `${input.idempotencyKey}-location`),
        ),
      );
      return configuration.id;
    },

    async presentTestPaymentMethod(account, stripeReaderId, input) {
      const type = input.type ?? 'card_present';
      const reader = await call(() =>
        stripe.testHelpers.terminal.readers.presentPaymentMethod(
          stripeReaderId,
          {
            type,
            ...(type === 'interac_present'
              ? { interac_present: { number: input.cardNumber } }
              : { card_present: { number: input.cardNumber } }),
            ...(input.tipMinor ? { amount_tip: input.tipMinor } : {}),
          },
          on(account),
        ),
      );
      return toReaderView(reader);
    },

    async createRefund(account, input) {
      const refund = await call(() =>
        stripe.refunds.create(
          {
            payment_intent: input.paymentIntentId,
            amount: input.amountMinor,
            refund_application_fee: input.refundApplicationFee,
            metadata: input.metadata,
            ...(account.chargeType === 'destination' ? { reverse_transfer: true } : {}),
          },
          on(account, input.idempotencyKey),
        ),
      );
      return {
        id: refund.id,
        status: (refund.status ?? 'pending') as RefundView['status'],
        amountMinor: refund.amount,
        currency: refund.currency,
        chargeId: idOf(refund.charge),
        failureReason: refund.failure_reason ?? null,
      };
    },

    verifyWebhook(rawBody, signature) {
      if (!signature) throw new GatewayError('signature_invalid', 'No Stripe-Signature header was provided.');
      let lastError: unknown;
      // The secret that verified last goes first: deliveries come in runs from one endpoint (the Connect
      // one, for direct charges), and every miss costs a thrown verification error.
      const secrets = webhookSecrets();
      const preferred = secrets.indexOf(lastVerifiedSecret);
      const ordered =
        preferred > 0 ? [secrets[preferred]!, ...secrets.filter((_, i) => i !== preferred)] : secrets;
      for (const secret of ordered) {
        try {
          const event = stripe.webhooks.constructEvent(rawBody, signature, secret);
          lastVerifiedSecret = secret;
          return toWebhookEventView(event);
        } catch (error) {
          lastError = error;
        }
      }
      throw new GatewayError('signature_invalid', 'The webhook signature did not verify.', {
        cause: lastError,
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Stripe objects → domain views

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

function toPaymentError(
  error: Stripe.PaymentIntent.LastPaymentError | null | undefined,
): PaymentError | null {
  if (!error) return null;
  return {
    code: error.code ?? 'card_declined',
    declineCode: error.decline_code ?? null,
    message: error.message ?? 'The payment failed.',
    chargeId: error.charge ?? null,
  };
}

function toCardDetails(details: Stripe.Charge.PaymentMethodDetails | null): CardDetails | null {
  if (!details) return null;
  const card = details.card_present ?? details.interac_present;
  if (!card) return null;
  const receipt = card.receipt;
  return {
    type: details.type,
    brand: card.brand ?? null,
    last4: card.last4 ?? null,
    readMethod: card.read_method ?? null,
    funding: card.funding ?? null,
    receipt: receipt
      ? {
          accountType: receipt.account_type ?? null,
          applicationPreferredName: receipt.application_preferred_name ?? null,
          dedicatedFileName: receipt.dedicated_file_name ?? null,
          authorizationCode: receipt.authorization_code ?? null,
          authorizationResponseCode: receipt.authorization_response_code ?? null,
          cardholderVerificationMethod: receipt.cardholder_verification_method ?? null,
        }
      : null,
  };
}

function toChargeView(charge: Stripe.Charge): ChargeView {
  const card = toCardDetails(charge.payment_method_details ?? null);
  return {
    id: charge.id,
    status: charge.status,
    amountMinor: charge.amount,
    amountCapturedMinor: charge.amount_captured,
    amountRefundedMinor: charge.amount_refunded,
    authorizationCode: charge.authorization_code ?? card?.receipt?.authorizationCode ?? null,
    card,
  };
}

function toPaymentIntentView(intent: Stripe.PaymentIntent): PaymentIntentView {
  const latestCharge =
    typeof intent.latest_charge === 'object' && intent.latest_charge ? intent.latest_charge : null;
  return {
    id: intent.id,
    status: intent.status as PaymentIntentStatus,
    currency: intent.currency,
    amountMinor: intent.amount,
    amountCapturableMinor: intent.amount_capturable,
    amountReceivedMinor: intent.amount_received,
    tipMinor: intent.amount_details?.tip?.amount ?? 0,
    applicationFeeMinor: intent.application_fee_amount ?? null,
    captureMethod: intent.capture_method,
    clientSecret: intent.client_secret ?? null,
    lastPaymentError: toPaymentError(intent.last_payment_error),
    metadata: { ...intent.metadata },
    latestCharge: latestCharge ? toChargeView(latestCharge) : null,
  };
}

function toReaderAction(action: Stripe.Terminal.Reader.Action | null): ReaderActionView | null {
  if (!action) return null;
  const apiError = action.api_error;
  return {
    type: action.type,
    status: action.status as ReaderActionView['status'],
    paymentIntentId: idOf(action.process_payment_intent?.payment_intent),
    failureCode: action.failure_code ?? null,
    failureMessage: action.failure_message ?? null,
    error: apiError
      ? {
          code: apiError.code ?? action.failure_code ?? 'reader_action_failed',
          declineCode: apiError.decline_code ?? null,
          message: apiError.message ?? action.failure_message ?? 'The reader action failed.',
        }
      : null,
  };
}

function toReaderView(reader: Stripe.Terminal.Reader | Stripe.Terminal.DeletedReader): ReaderView {
  if ('deleted' in reader && reader.deleted) {
    throw new GatewayError('not_found', `The reader ${reader.id} has been deleted.`);
  }
  const live = reader as Stripe.Terminal.Reader;
  return {
    id: live.id,
    label: live.label,
    deviceType: live.device_type,
    status: live.status === 'online' ? 'online' : live.status === 'offline' ? 'offline' : null,
    locationId: idOf(live.location),
    action: toReaderAction(live.action),
  };
}

function toWebhookEventView(event: Stripe.Event): WebhookEventView {
  const object = event.data.object as unknown as { id?: string; object?: string } & Record<string, unknown>;
  const objectType = typeof object.object === 'string' ? object.object : 'unknown';
  let paymentIntentId: string | null = null;
  let readerId: string | null = null;
  if (objectType === 'payment_intent') paymentIntentId = object.id ?? null;
  if (objectType === 'charge')
    paymentIntentId = idOf(object.payment_intent as string | { id: string } | null);
  if (objectType === 'terminal.reader') {
    readerId = object.id ?? null;
    const action = object.action as Stripe.Terminal.Reader.Action | null | undefined;
    paymentIntentId = idOf(action?.process_payment_intent?.payment_intent);
  }
  const payout =
    objectType === 'payout' && typeof object.id === 'string' ? toPayoutSnapshot(object, object.id) : null;
  return {
    id: event.id,
    type: event.type,
    createdMs: event.created * 1000,
    account: event.account ?? null,
    objectType,
    objectId: object.id ?? null,
    paymentIntentId,
    readerId,
    payout,
  };
}

function toPayoutSnapshot(object: Record<string, unknown>, id: string): PayoutEventSnapshot {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const count = (value: unknown) => (typeof value === 'number' ? value : 0);
  return {
    id,
    status: text(object.status) ?? 'unknown',
    amountMinor: count(object.amount),
    currency: text(object.currency) ?? '',
    arrivalDate: count(object.arrival_date),
    automatic: object.automatic === true,
    failureCode: text(object.failure_code),
    failureMessage: text(object.failure_message),
  };
}
