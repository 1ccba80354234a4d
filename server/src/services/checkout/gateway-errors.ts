/**
 * A Stripe failure during checkout, in the words the counter shows a cashier mid-queue: a busy or offline
 * reader, a decline with its reason, an account the platform lost (disconnected), Stripe out of reach (the payment may or may not have started: check
 * the sale before retrying), or Stripe refusing the request.
 */
import { cashierMessage } from '../../domain/decline-messages.ts';
import { AppError } from '../../errors.ts';
import { isGatewayError } from '../../stripe/payments.port.ts';
import { accountDisconnectedError } from '../account-access.ts';

/** `account` names the business when Stripe says the platform lost it (account_disconnected). */
export function counterErrorFromGateway(
  error: unknown,
  account: { businessName: string } = { businessName: 'This business' },
): unknown {
  if (!isGatewayError(error)) return error;
  const options = { cause: error };
  switch (error.code) {
    case 'account_disconnected':
      return accountDisconnectedError(account, error);
    case 'reader_busy':
      return new AppError(
        'reader_busy',
        'The reader is busy with another action. Finish or cancel it on the reader, then try again.',
        options,
      );
    case 'reader_offline':
      return new AppError('reader_offline', 'The reader is offline. Check its power and network.', options);
    case 'reader_timeout':
      return new AppError('reader_offline', 'The reader did not respond in time. Try again.', options);
    case 'card_declined':
      return new AppError('card_declined', cashierMessage(error.stripeCode, error.declineCode), options);
    case 'payment_failed':
      return new AppError('payment_failed', cashierMessage(error.stripeCode, error.declineCode), options);
    case 'unavailable':
    case 'rate_limited':
      return new AppError(
        'stripe_unavailable',
        'Stripe could not be reached. The card payment may or may not have started: sync the sale before retrying, or cancel the card payment and take cash.',
        options,
      );
    default:
      return new AppError('stripe_error', `Stripe refused the request: ${error.message}`, options);
  }
}
