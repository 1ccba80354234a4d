import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../payments.port.ts';
import { toGatewayError } from './errors.ts';
import { createStripeGateway } from './payments.adapter.ts';

describe(toGatewayError.name, () => {
  it.each([
    [
      'a card decline',
      new Stripe.errors.StripeCardError({
        message: 'Declined',
        code: 'card_declined',
        decline_code: 'insufficient_funds',
      }),
      { code: 'card_declined', declineCode: 'insufficient_funds', retryable: false },
    ],
    [
      'another card error',
      new Stripe.errors.StripeCardError({ message: 'Expired', code: 'expired_card' }),
      { code: 'payment_failed', stripeCode: 'expired_card' },
    ],
    [
      'a busy reader',
      new Stripe.errors.StripeInvalidRequestError({ message: 'Busy', code: 'terminal_reader_busy' }),
      { code: 'reader_busy' },
    ],
    [
      'a reader timeout (retryable)',
      new Stripe.errors.StripeInvalidRequestError({ message: 'Timeout', code: 'terminal_reader_timeout' }),
      { code: 'reader_timeout', retryable: true },
    ],
    [
      'a capture in the wrong state',
      new Stripe.errors.StripeInvalidRequestError({
        message: 'Bad state',
        code: 'payment_intent_unexpected_state',
      }),
      { code: 'invalid_state' },
    ],
    [
      'a missing object',
      new Stripe.errors.StripeInvalidRequestError({ message: 'No such', code: 'resource_missing' }),
      { code: 'not_found' },
    ],
    [
      'a reused idempotency key',
      new Stripe.errors.StripeIdempotencyError({ message: 'Keys for idempotent requests…' }),
      { code: 'idempotency_conflict' },
    ],
    [
      'a Stripe outage (retryable)',
      new Stripe.errors.StripeAPIError({ message: 'Oops' }),
      { code: 'unavailable', retryable: true },
    ],
    [
      'a lost connection (retryable)',
      new Stripe.errors.StripeConnectionError({ message: 'ECONNRESET' }),
      { code: 'unavailable', retryable: true },
    ],
    [
      'a bad API key',
      new Stripe.errors.StripeAuthenticationError({ message: 'Invalid key' }),
      { code: 'authentication' },
    ],
    [
      'an account the platform can no longer act on (403 account_invalid; not retryable)',
      new Stripe.errors.StripePermissionError({
        message: "The provided key 'sk_test_***' does not have access to account 'acct_1' …",
        code: 'account_invalid',
        type: 'invalid_request_error',
      }),
      { code: 'account_disconnected', retryable: false, stripeCode: 'account_invalid' },
    ],
    [
      'a permission error of another kind (a restricted key)',
      new Stripe.errors.StripePermissionError({ message: 'This key does not have permission' }),
      { code: 'authentication' },
    ],
    [
      'a destination account Stripe cannot find',
      new Stripe.errors.StripeInvalidRequestError({
        message: 'No such account',
        code: 'resource_missing',
        param: 'transfer_data[destination]',
      }),
      { code: 'account_disconnected' },
    ],
    [
      'a refund of a charged-back charge',
      new Stripe.errors.StripeInvalidRequestError({
        message: 'Charge ch_1 has been charged back',
        code: 'charge_disputed',
      }),
      { code: 'charge_disputed', retryable: false },
    ],
    ['anything else', new Error('boom'), { code: 'unknown' }],
  ])('maps %s', (_name, error, expected) => {
    const mapped = toGatewayError(error);
    expect(mapped).toBeInstanceOf(GatewayError);
    expect(mapped).toMatchObject(expected);
    expect(mapped.cause).toBe(error);
  });
});

describe('verifyWebhook', () => {
  const stripe = new Stripe('sk_test_unit', { telemetry: false });
  const payload = JSON.stringify({
    id: 'evt_1',
    object: 'event',
    type: 'charge.succeeded',
    account: 'acct_1',
    data: { object: { id: 'ch_1', object: 'charge', payment_intent: 'pi_1' } },
  });

  it('accepts a signature from any configured secret (rotation) and names the PaymentIntent', () => {
    const gateway = createStripeGateway({ stripe, webhookSecrets: () => ['whsec_old', 'whsec_new'] });
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_new' });
    expect(gateway.verifyWebhook(payload, header)).toMatchObject({
      id: 'evt_1',
      type: 'charge.succeeded',
      account: 'acct_1',
      objectType: 'charge',
      paymentIntentId: 'pi_1',
    });
  });

  it('rejects a missing or foreign signature as signature_invalid', () => {
    const gateway = createStripeGateway({ stripe, webhookSecrets: () => ['whsec_new'] });
    const foreign = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' });
    expect(() => gateway.verifyWebhook(payload, foreign)).toThrow(
      expect.objectContaining({ code: 'signature_invalid' }),
    );
    expect(() => gateway.verifyWebhook(payload, undefined)).toThrow(
      expect.objectContaining({ code: 'signature_invalid' }),
    );
  });

  it('rejects everything while no secret is configured yet', () => {
    const gateway = createStripeGateway({ stripe, webhookSecrets: () => [] });
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_new' });
    expect(() => gateway.verifyWebhook(payload, header)).toThrow(GatewayError);
  });
});
