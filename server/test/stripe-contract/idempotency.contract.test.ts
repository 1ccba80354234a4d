// Contract: what an idempotency key is scoped to and Stripe's answer to each misuse
// (https://docs.stripe.com/api/idempotent_requests): the same key with other parameters or on another
// endpoint is 400 `idempotency_error` (StripeIdempotencyError); a key is scoped to the account the request
// acts as (Stripe-Account); a request refused before the endpoint runs is not stored; a key still in use by a
// running request is 409 `idempotency_key_in_use`.
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createChargeableAccount,
  EMULATOR_ONLY,
  failureOf,
  IS_REAL_STRIPE,
  openTarget,
  type Target,
} from './target.ts';

let target: Target;
let stripe: Stripe;

beforeAll(async () => {
  target = await openTarget();
  stripe = target.stripe;
});
afterAll(() => target.close());

const card: Pick<Stripe.PaymentIntentCreateParams, 'currency' | 'allowed_payment_method_types'> = {
  currency: 'usd',
  allowed_payment_method_types: ['card'],
};

describe('idempotency keys', () => {
  it('replay the first response, marked Idempotent-Replayed', async () => {
    const key = randomUUID();
    const first = await stripe.paymentIntents.create({ ...card, amount: 1111 }, { idempotencyKey: key });
    const second = await stripe.paymentIntents.create({ ...card, amount: 1111 }, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuse other parameters with 400 idempotency_error', async () => {
    const key = randomUUID();
    await stripe.paymentIntents.create({ ...card, amount: 1200 }, { idempotencyKey: key });
    const error = await failureOf(
      stripe.paymentIntents.create({ ...card, amount: 1300 }, { idempotencyKey: key }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.statusCode).toBe(400);
    expect(error.rawType).toBe('idempotency_error');
    expect(error.message).toBe(
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    );
  });

  it('are bound to the endpoint they were first used on, object id included', async () => {
    const key = randomUUID();
    const pi = await stripe.paymentIntents.create({ ...card, amount: 1400 }, { idempotencyKey: key });
    const onUpdate = await failureOf(
      stripe.paymentIntents.update(pi.id, { metadata: { a: 'b' } }, { idempotencyKey: key }),
    );
    expect(onUpdate).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(onUpdate.statusCode).toBe(400);
    expect(onUpdate.message).toBe(
      `Keys for idempotent requests can only be used for the same endpoint they were first used for ('/v1/payment_intents/${pi.id}' vs '/v1/payment_intents'). Try using a key other than '${key}' if you meant to execute a different request.`,
    );
    const other = await stripe.paymentIntents.create({ ...card, amount: 1400 });
    const updateKey = randomUUID();
    await stripe.paymentIntents.update(pi.id, { metadata: { a: 'b' } }, { idempotencyKey: updateKey });
    const otherObject = await failureOf(
      stripe.paymentIntents.update(other.id, { metadata: { a: 'b' } }, { idempotencyKey: updateKey }),
    );
    expect(otherObject).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(otherObject.message).toContain(
      `('/v1/payment_intents/${other.id}' vs '/v1/payment_intents/${pi.id}')`,
    );
  });

  it('are scoped to the account the request acts as (Stripe-Account)', async () => {
    const merchant = await createChargeableAccount(target);
    const key = randomUUID();
    const onPlatform = await stripe.paymentIntents.create({ ...card, amount: 1500 }, { idempotencyKey: key });
    const onMerchant = await stripe.paymentIntents.create(
      { ...card, amount: 1500 },
      { idempotencyKey: key, stripeAccount: merchant.id },
    );
    expect(onMerchant.id).not.toBe(onPlatform.id);
    expect(onMerchant.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    const mismatch = await failureOf(
      stripe.paymentIntents.create(
        { ...card, amount: 1600 },
        { idempotencyKey: key, stripeAccount: merchant.id },
      ),
    );
    expect(mismatch).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('do not store a request refused by validation: the key stays free', async () => {
    const key = randomUUID();
    const invalid = await failureOf(
      stripe.paymentIntents.create(
        { ...card, amount: 1700, bogus: 'x' } as Stripe.PaymentIntentCreateParams,
        { idempotencyKey: key },
      ),
    );
    expect(invalid.code).toBe('parameter_unknown');
    const created = await stripe.paymentIntents.create({ ...card, amount: 1700 }, { idempotencyKey: key });
    expect(created.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  });

  it('store and replay a request the endpoint refused (a 4xx is a result too)', async () => {
    const key = randomUUID();
    const pi = await stripe.paymentIntents.create({ ...card, amount: 1800 });
    const first = await failureOf(stripe.paymentIntents.capture(pi.id, {}, { idempotencyKey: key }));
    expect(first.code).toBe('payment_intent_unexpected_state');
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa', capture_method: 'manual' });
    const replayed = await failureOf(stripe.paymentIntents.capture(pi.id, {}, { idempotencyKey: key }));
    expect(replayed.code).toBe('payment_intent_unexpected_state');
    expect(replayed.headers?.['idempotent-replayed']).toBe('true');
  });
});

describe.skipIf(IS_REAL_STRIPE)(
  `a key still in use (${EMULATOR_ONLY}: holding a request open needs the fault injector)`,
  () => {
    it('is 409 idempotency_key_in_use, which stripe-node retries', async () => {
      const noRetries = target.client({ maxNetworkRetries: 0 });
      await target.control('POST', '/_emulator/faults', {
        delay_ms: 300,
        delay_rate: 1,
        path_prefix: '/v1/payment_intents',
      });
      try {
        const key = randomUUID();
        const first = noRetries.paymentIntents.create({ ...card, amount: 1900 }, { idempotencyKey: key });
        await new Promise((resolve) => setTimeout(resolve, 50));
        const conflict = await failureOf(
          noRetries.paymentIntents.create({ ...card, amount: 1900 }, { idempotencyKey: key }),
        );
        expect(conflict).toBeInstanceOf(Stripe.errors.StripeAPIError);
        expect(conflict.statusCode).toBe(409);
        expect(conflict.rawType).toBe('invalid_request_error');
        expect(conflict.code).toBe('idempotency_key_in_use');
        expect(conflict.message).toBe(
          `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
        );
        const created = await first;
        const retried = await stripe.paymentIntents.create(
          { ...card, amount: 1900 },
          { idempotencyKey: key },
        );
        expect(retried.id).toBe(created.id);
      } finally {
        await target.control('DELETE', '/_emulator/faults');
      }
    });
  },
);
