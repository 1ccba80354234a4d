/**
 * What a person is told when a Stripe port fails. The ports throw GatewayError (one mapping from
 * stripe-node, `stripe/adapters/errors.ts`); each audience gets one function here that words it as the
 * AppError its API answers with.
 *
 * - Platform console (`consoleErrorFromGateway`): Stripe refusing what we sent is 400 invalid_request
 *   with Stripe's own message (it names the field), an account Stripe no longer gives the platform access
 *   to is 409 account_disconnected (account-access.ts), Stripe out of reach is 503 stripe_unavailable, and
 *   anything else is 502 stripe_error.
 */
import { AppError } from '../errors.ts';
import { type GatewayError, type GatewayErrorCode, isGatewayError } from '../stripe/payments.port.ts';
import { consoleAccountDisconnectedError } from './account-access.ts';

/** Gateway codes that mean Stripe refused the request itself: invalid input, or an object's state. */
const REFUSED_BY_STRIPE: ReadonlySet<GatewayErrorCode> = new Set<GatewayErrorCode>([
  'invalid_request',
  'not_found',
  'invalid_state',
  'card_declined',
  'payment_failed',
  'reader_busy',
  'reader_offline',
  'reader_timeout',
  'charge_disputed',
]);

/** The platform console's words for a failed Stripe call. */
export function consoleErrorFromGateway(error: GatewayError): AppError {
  if (error.code === 'account_disconnected') return consoleAccountDisconnectedError(error);
  if (REFUSED_BY_STRIPE.has(error.code)) {
    return new AppError('invalid_request', `Stripe refused the request: ${error.message}`, { cause: error });
  }
  // No HTTP status: the request never got an answer (network failure or our own timeout).
  if (error.code === 'unavailable' && error.httpStatus === null) {
    return new AppError('stripe_unavailable', 'Stripe could not be reached. Try again in a moment.', {
      cause: error,
    });
  }
  return new AppError('stripe_error', 'Stripe returned an unexpected error. Try again.', { cause: error });
}

/** Awaits a Stripe port call for the platform console: its GatewayError becomes the console's AppError. */
export async function forConsole<T>(stripeCall: Promise<T>): Promise<T> {
  try {
    return await stripeCall;
  } catch (error) {
    throw isGatewayError(error) ? consoleErrorFromGateway(error) : error;
  }
}
