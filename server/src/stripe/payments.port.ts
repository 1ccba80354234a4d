/**
 * PaymentsGateway: the port services use to take card-present payments, in our domain's words
 * (accounts, charge types, minor units, readers), not Stripe's. The one adapter is `adapters/payments.adapter.ts`,
 * which speaks to Stripe or, unchanged, to the embedded emulator. Every write takes an idempotency key
 * derived from our own ids, so a retried request can never charge twice.
 */

export type ChargeType = 'direct' | 'destination';

/**
 * Whose Stripe objects a call touches. Direct charges: the connected account's own objects (requests carry
 * `Stripe-Account`). Destination charges: the platform's objects, paid out to `stripeAccountId`.
 */
export interface AccountContext {
  stripeAccountId: string;
  chargeType: ChargeType;
}

import type { PaymentIntentStatus } from '@countertop/shared';

export type { PaymentIntentStatus };

export interface PaymentError {
  /** Stripe's error `code`, e.g. `card_declined`, `expired_card`. */
  code: string;
  declineCode: string | null;
  /** Stripe's message (for logs; cashiers get `cashierMessage`). */
  message: string;
  /** For card errors, the failed charge (`last_payment_error.charge`). */
  chargeId?: string | null;
}

/** What the card reader and the issuer reported, for the receipt (`card_present.receipt`). */
export interface CardReceiptDetails {
  accountType: string | null;
  applicationPreferredName: string | null;
  dedicatedFileName: string | null;
  authorizationCode: string | null;
  authorizationResponseCode: string | null;
  cardholderVerificationMethod: string | null;
}

export interface CardDetails {
  /** `card_present` or `interac_present`. */
  type: string;
  brand: string | null;
  last4: string | null;
  readMethod: string | null;
  funding: string | null;
  receipt: CardReceiptDetails | null;
}

export interface ChargeView {
  id: string;
  status: string;
  amountMinor: number;
  amountCapturedMinor: number;
  amountRefundedMinor: number;
  authorizationCode: string | null;
  card: CardDetails | null;
}

export interface PaymentIntentView {
  id: string;
  status: PaymentIntentStatus;
  currency: string;
  /** Includes any tip once the card was processed. */
  amountMinor: number;
  amountCapturableMinor: number;
  amountReceivedMinor: number;
  /** `amount_details.tip.amount`, 0 when none. */
  tipMinor: number;
  applicationFeeMinor: number | null;
  captureMethod: string;
  clientSecret: string | null;
  lastPaymentError: PaymentError | null;
  metadata: Record<string, string>;
  /** Expanded `latest_charge`, null before any card was processed. */
  latestCharge: ChargeView | null;
}

export interface ReaderActionView {
  type: string;
  status: 'in_progress' | 'succeeded' | 'failed';
  paymentIntentId: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  /** `action.api_error` when the failure came from the API (e.g. a decline); null otherwise. */
  error: PaymentError | null;
}

export interface ReaderView {
  id: string;
  label: string;
  deviceType: string;
  status: 'online' | 'offline' | null;
  locationId: string | null;
  action: ReaderActionView | null;
}

export interface CreateTerminalPaymentIntentInput {
  account: AccountContext;
  amountMinor: number;
  currency: string;
  applicationFeeMinor: number;
  captureMethod: 'automatic' | 'manual';
  description?: string;
  metadata: Record<string, string>;
  idempotencyKey: string;
}

export interface ReaderCart {
  currency: string;
  lineItems: { description: string; amountMinor: number; quantity: number }[];
  taxMinor: number | null;
  totalMinor: number;
}

/** A verified webhook event, reduced to what our handlers need. */
export interface WebhookEventView {
  id: string;
  type: string;
  /** When Stripe created the event (epoch ms). */
  createdMs: number;
  /** The connected account the event came from (Connect webhooks), or null for the platform. */
  account: string | null;
  objectType: string;
  objectId: string | null;
  /** The PaymentIntent the event concerns, when it names one (PI, charge, reader action events). */
  paymentIntentId: string | null;
  /** The reader, for `terminal.reader.*` events. */
  readerId: string | null;
  /**
   * For `payout.*` events: the payout as the event carries it. Handlers re-read it from Stripe; this copy is
   * the evidence when Stripe no longer gives access to the account.
   */
  payout: PayoutEventSnapshot | null;
}

/** A payout as a `payout.*` event carries it (Stripe's fields, in our words). */
export interface PayoutEventSnapshot {
  id: string;
  status: string;
  amountMinor: number;
  currency: string;
  /** Unix seconds. */
  arrivalDate: number;
  automatic: boolean;
  failureCode: string | null;
  failureMessage: string | null;
}

/** A Stripe refund, in our words (merchant reporting adds this to the port). */
export interface RefundView {
  id: string;
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  amountMinor: number;
  currency: string;
  chargeId: string | null;
  failureReason: string | null;
}

export interface CreateRefundInput {
  paymentIntentId: string;
  amountMinor: number;
  /** Platform policy: return the application fee proportionally (Stripe's `refund_application_fee`). */
  refundApplicationFee: boolean;
  metadata: Record<string, string>;
  /** Derived from our refund id, so a retried refund never refunds twice. */
  idempotencyKey: string;
}

export type GatewayErrorCode =
  | 'card_declined'
  | 'payment_failed'
  | 'reader_busy'
  | 'reader_offline'
  | 'reader_timeout'
  | 'not_found'
  | 'invalid_state'
  | 'invalid_request'
  | 'idempotency_conflict'
  | 'authentication'
  /**
   * Stripe refuses access to the connected account: it was disconnected from the platform (deauthorized),
   * deleted, or never existed (403 `account_invalid`; a destination naming such an account is refused too).
   * Not retryable: nothing done with this account can succeed until it is connected again.
   */
  | 'account_disconnected'
  | 'rate_limited'
  | 'unavailable'
  | 'signature_invalid'
  /** Stripe refuses to refund a charge the cardholder's bank has charged back (400 `charge_disputed`). */
  | 'charge_disputed'
  | 'unknown';

/** Every failure of the gateway, with a domain code; `retryable` means the same call may be retried as is. */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly stripeCode: string | null;
  readonly declineCode: string | null;
  readonly retryable: boolean;
  readonly httpStatus: number | null;

  constructor(
    code: GatewayErrorCode,
    message: string,
    options: {
      stripeCode?: string | null;
      declineCode?: string | null;
      retryable?: boolean;
      httpStatus?: number | null;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.stripeCode = options.stripeCode ?? null;
    this.declineCode = options.declineCode ?? null;
    this.retryable = options.retryable ?? false;
    this.httpStatus = options.httpStatus ?? null;
  }
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}

export interface PaymentsGateway {
  /** A fresh connection-token secret (never cache it), scoped to one Stripe Terminal location. */
  createConnectionToken(account: AccountContext, stripeLocationId: string): Promise<string>;
  createTerminalPaymentIntent(input: CreateTerminalPaymentIntentInput): Promise<PaymentIntentView>;
  /** Retrieves with `latest_charge` expanded. */
  retrievePaymentIntent(account: AccountContext, paymentIntentId: string): Promise<PaymentIntentView>;
  /**
   * Updates a PaymentIntent still awaiting a card: metadata and/or amount and fee. Any update clears
   * Stripe's `last_payment_error`, so a retry after a decline starts clean.
   */
  updatePaymentIntent(
    account: AccountContext,
    paymentIntentId: string,
    input: {
      metadata?: Record<string, string>;
      amountMinor?: number;
      applicationFeeMinor?: number;
      idempotencyKey: string;
    },
  ): Promise<PaymentIntentView>;
  capturePaymentIntent(
    account: AccountContext,
    paymentIntentId: string,
    input: { amountToCaptureMinor: number; applicationFeeMinor: number; idempotencyKey: string },
  ): Promise<PaymentIntentView>;
  cancelPaymentIntent(
    account: AccountContext,
    paymentIntentId: string,
    input: { idempotencyKey: string },
  ): Promise<PaymentIntentView>;
  processPaymentIntentOnReader(
    account: AccountContext,
    stripeReaderId: string,
    input: {
      paymentIntentId: string;
      skipTipping: boolean;
      /** Lets the customer cancel on the reader (the action then fails with `customer_canceled`). */
      enableCustomerCancellation: boolean;
      idempotencyKey: string;
    },
  ): Promise<ReaderView>;
  setReaderDisplay(
    account: AccountContext,
    stripeReaderId: string,
    input: { cart: ReaderCart; idempotencyKey: string },
  ): Promise<ReaderView>;
  cancelReaderAction(
    account: AccountContext,
    stripeReaderId: string,
    input: { idempotencyKey: string },
  ): Promise<ReaderView>;
  retrieveReader(account: AccountContext, stripeReaderId: string): Promise<ReaderView>;
  /**
   * On-reader tipping for a Terminal location: a Terminal Configuration with the suggested percentages for
   * the currency, set as the location's `configuration_overrides`. Returns the configuration id.
   */
  configureLocationTipping(
    account: AccountContext,
    stripeLocationId: string,
    input: { currency: string; percentages: number[]; idempotencyKey: string },
  ): Promise<string>;
  /**
   * Test mode only (Stripe test helpers, also served by the emulator): a simulated server-driven reader
   * is presented a card. Used by demo seeding and tests, never by the checkout flow.
   */
  presentTestPaymentMethod(
    account: AccountContext,
    stripeReaderId: string,
    input: { cardNumber: string; type?: 'card_present' | 'interac_present'; tipMinor?: number },
  ): Promise<ReaderView>;
  /**
   * Refunds (part of) a captured payment. Destination charges also reverse the transfer
   * (`reverse_transfer: true`). Interac payments cannot be refunded this way (Stripe answers
   * invalid_request; they are refunded in person on a reader).
   */
  createRefund(account: AccountContext, input: CreateRefundInput): Promise<RefundView>;
  /** Verifies `Stripe-Signature` against every configured endpoint secret; throws signature_invalid. */
  verifyWebhook(rawBody: string, signature: string | undefined): WebhookEventView;
}
