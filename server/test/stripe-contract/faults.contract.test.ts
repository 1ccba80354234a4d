// Contract (emulator-only: fault injection): the SDK's automatic retries with its generated idempotency key
// survive injected 500s and a connection dropped after commit, creating exactly one PaymentIntent.
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_ONLY, IS_REAL_STRIPE, openTarget, type Target } from './target.ts';

let target: Target;

beforeAll(async () => {
  target = await openTarget();
});
afterEach(async () => {
  if (!IS_REAL_STRIPE) await target.control('DELETE', '/_emulator/faults');
});
afterAll(() => target.close());

async function countByMetadata(stripe: Stripe, marker: string): Promise<number> {
  let n = 0;
  for await (const pi of stripe.paymentIntents.list({ limit: 100 })) if (pi.metadata.marker === marker) n++;
  return n;
}

describe.skipIf(IS_REAL_STRIPE)(`fault injection (${EMULATOR_ONLY})`, () => {
  it('a write whose response is lost after commit is replayed on retry, not repeated', async () => {
    const stripe = target.client({ maxNetworkRetries: 2 });
    const marker = randomUUID();
    await target.control('POST', '/_emulator/faults', {
      drop_after_commit_rate: 1,
      path_prefix: '/v1/payment_intents',
    });
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
      metadata: { marker },
    });
    const state = (await target.control('GET', '/_emulator/faults')) as { injected: { drops: number } };
    expect(state.injected.drops).toBe(1);
    expect(pi.lastResponse.headers['idempotent-replayed']).toBe('true');
    await target.control('DELETE', '/_emulator/faults');
    expect(await countByMetadata(target.stripe, marker)).toBe(1);
  });

  it('injected 500s are retried by the SDK and produce exactly one PaymentIntent', async () => {
    const stripe = target.client({ maxNetworkRetries: 8 });
    const marker = randomUUID();
    // Seed 7 makes the first draw an error (checked below through the injected counter).
    await target.control('POST', '/_emulator/faults', {
      error_rate: 0.5,
      seed: 7,
      path_prefix: '/v1/payment_intents',
    });
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
      metadata: { marker },
    });
    const state = (await target.control('GET', '/_emulator/faults')) as { injected: { errors: number } };
    expect(state.injected.errors).toBeGreaterThan(0);
    expect(pi.id).toMatch(/^pi_/);
    await target.control('DELETE', '/_emulator/faults');
    expect(await countByMetadata(target.stripe, marker)).toBe(1);
  });

  it('returns a Stripe-shaped api_error when retries are disabled', async () => {
    const stripe = target.client({ maxNetworkRetries: 0 });
    await target.control('POST', '/_emulator/faults', { error_rate: 1 });
    const err = await stripe.paymentIntents.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
  });
});
