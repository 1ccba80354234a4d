/**
 * The one mapping from stripe-node's errors to GatewayError, and `call`, which every adapter wraps its SDK
 * calls in. Services see only GatewayError codes (services/stripe-errors.ts words them for people).
 */
import Stripe from 'stripe';
import { GatewayError, type GatewayErrorCode } from '../payments.port.ts';

const CODE_BY_STRIPE_CODE: Readonly<Record<string, GatewayErrorCode>> = {
  terminal_reader_busy: 'reader_busy',
  terminal_reader_offline: 'reader_offline',
  terminal_reader_timeout: 'reader_timeout',
  resource_missing: 'not_found',
  payment_intent_unexpected_state: 'invalid_state',
  idempotency_key_in_use: 'idempotency_conflict',
  // 403: an unknown, deleted or deauthorized account in `Stripe-Account` or an /v1/accounts/:id path
  // (stripe-node raises StripePermissionError; https://docs.stripe.com/error-codes#account-invalid).
  account_invalid: 'account_disconnected',
  // 400: a refund (or a capture) of a charge the cardholder's bank has charged back.
  charge_disputed: 'charge_disputed',
};

/**
 * Request parameters that name the connected account a platform charge pays: Stripe answers a destination it
 * cannot act on (disconnected, deleted, unknown) with 404 `resource_missing` on that parameter.
 */
const ACCOUNT_PARAMS = new Set(['transfer_data[destination]', 'on_behalf_of', 'destination']);

export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (!(error instanceof Stripe.errors.StripeError)) {
    return new GatewayError('unknown', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  const stripeCode = error.code ?? null;
  const base = {
    stripeCode,
    declineCode: error.decline_code ?? null,
    httpStatus: error.statusCode ?? null,
    cause: error,
  };
  const byCode =
    stripeCode === 'resource_missing' && error.param !== undefined && ACCOUNT_PARAMS.has(error.param)
      ? 'account_disconnected'
      : stripeCode
        ? CODE_BY_STRIPE_CODE[stripeCode]
        : undefined;
  if (byCode)
    return new GatewayError(byCode, error.message, { ...base, retryable: byCode === 'reader_timeout' });
  if (error instanceof Stripe.errors.StripeCardError) {
    return new GatewayError(
      stripeCode === 'card_declined' ? 'card_declined' : 'payment_failed',
      error.message,
      base,
    );
  }
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    return new GatewayError('idempotency_conflict', error.message, base);
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) {
    return new GatewayError('rate_limited', error.message, { ...base, retryable: true });
  }
  if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError) {
    return new GatewayError('unavailable', error.message, { ...base, retryable: true });
  }
  if (
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError
  ) {
    return new GatewayError('authentication', error.message, base);
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    return new GatewayError(error.statusCode === 404 ? 'not_found' : 'invalid_request', error.message, base);
  }
  return new GatewayError('unknown', error.message, base);
}

export async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await withoutCallSiteStack(request);
  } catch (error) {
    throw toGatewayError(error);
  }
}

/**
 * stripe-node captures `new Error().stack` synchronously on every request, only to append the caller's
 * frames to a failure's stack. Under tsx every captured frame is source-mapped, which made that capture
 * ~3% of the server's CPU in the checkout benchmark. The SDK call is started with no stack frames
 * recorded; a failure still becomes a GatewayError with its own stack (and the SDK error as its cause).
 */
function withoutCallSiteStack<T>(request: () => Promise<T>): Promise<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return request();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
