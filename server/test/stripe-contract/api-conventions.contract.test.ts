// Contract: API conventions through the official SDK — idempotency (replay, mismatch, GET ignores keys),
// errors (unknown / missing params, wrong key, unknown id), pagination and auto-pagination, expand.
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type Target } from './target.ts';

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

describe('idempotency', () => {
  it('replays the first response for a repeated key', async () => {
    const key = randomUUID();
    const first = await stripe.paymentIntents.create({ ...card, amount: 1111 }, { idempotencyKey: key });
    const second = await stripe.paymentIntents.create({ ...card, amount: 1111 }, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
  });

  it('rejects the same key with different parameters as an idempotency error', async () => {
    const key = randomUUID();
    await stripe.paymentIntents.create({ ...card, amount: 1200 }, { idempotencyKey: key });
    const err = await stripe.paymentIntents
      .create({ ...card, amount: 1300 }, { idempotencyKey: key })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((err as Stripe.errors.StripeError).message).toContain(key);
  });

  it('replays a stored card decline instead of charging again', async () => {
    const pi = await stripe.paymentIntents.create({ ...card, amount: 1400 });
    const key = randomUUID();
    const first = (await stripe.paymentIntents
      .confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: key })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    const second = (await stripe.paymentIntents
      .confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: key })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(first.code).toBe('card_declined');
    expect(second.code).toBe('card_declined');
    expect(second.charge).toBe(first.charge);
    const charges = await stripe.charges.list({ payment_intent: pi.id });
    expect(charges.data).toHaveLength(1);
  });

  it('ignores idempotency keys on GET requests', async () => {
    const key = randomUUID();
    const a = await stripe.paymentIntents.create({ ...card, amount: 1500 });
    const b = await stripe.paymentIntents.create({ ...card, amount: 1600 });
    const ra = await stripe.paymentIntents.retrieve(a.id, {}, { idempotencyKey: key });
    const rb = await stripe.paymentIntents.retrieve(b.id, {}, { idempotencyKey: key });
    expect(ra.id).toBe(a.id);
    expect(rb.id).toBe(b.id);
  });
});

describe('errors', () => {
  it('rejects an unknown parameter with its bracketed name', async () => {
    const err = (await stripe.paymentIntents
      .create({
        ...card,
        amount: 1000,
        metadata: {},
        payment_method_options: { card_present: { bogus: 1 } },
      } as unknown as Stripe.PaymentIntentCreateParams)
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.code).toBe('parameter_unknown');
    expect(err.param).toBe('payment_method_options[card_present][bogus]');
  });

  it('rejects a missing required parameter', async () => {
    const err = (await stripe.paymentIntents
      .create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams)
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.code).toBe('parameter_missing');
    expect(err.param).toBe('amount');
  });

  it('rejects a non-integer amount', async () => {
    const err = (await stripe.paymentIntents
      .create({ ...card, amount: 'ten' as unknown as number })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.code).toBe('parameter_invalid_integer');
  });

  it('rejects an invalid API key as an authentication error', async () => {
    const bad =
      target.kind === 'emulator'
        ? target.client({}, 'sk_live_not_a_test_key')
        : target.client({}, 'sk_test_invalid0000');
    const err = await bad.paymentIntents.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('returns resource_missing for an unknown id', async () => {
    const err = (await stripe.paymentIntents
      .retrieve('pi_doesnotexist000')
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('resource_missing');
    expect(err.message).toBe("No such payment_intent: 'pi_doesnotexist000'");
  });
});

describe('lists', () => {
  it('paginates newest first with starting_after / ending_before and auto-pagination', async () => {
    const group = `grp_${randomUUID().slice(0, 8)}`;
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const pi = await stripe.paymentIntents.create({ ...card, amount: 1000 + i, transfer_group: group });
      const done = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
      created.push(String(done.latest_charge));
    }
    const page1 = await stripe.charges.list({ transfer_group: group, limit: 2 });
    expect(page1.data.map((c) => c.id)).toEqual([created[4], created[3]]);
    expect(page1.has_more).toBe(true);
    const page2 = await stripe.charges.list({
      transfer_group: group,
      limit: 2,
      starting_after: page1.data[1]?.id,
    });
    expect(page2.data.map((c) => c.id)).toEqual([created[2], created[1]]);
    const before = await stripe.charges.list({ transfer_group: group, limit: 2, ending_before: created[1] });
    expect(before.data.map((c) => c.id)).toEqual([created[3], created[2]]);
    const all: string[] = [];
    for await (const c of stripe.charges.list({ transfer_group: group, limit: 2 })) all.push(c.id);
    expect(all).toEqual([...created].reverse());
  });

  it('expands nested fields on retrieve and data.-prefixed fields on lists', async () => {
    const pi = await stripe.paymentIntents.create({ ...card, amount: 3000 });
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    const got = await stripe.paymentIntents.retrieve(pi.id, {
      expand: ['latest_charge.balance_transaction', 'payment_method'],
    });
    const charge = got.latest_charge as Stripe.Charge;
    expect(charge.object).toBe('charge');
    expect((charge.balance_transaction as Stripe.BalanceTransaction).object).toBe('balance_transaction');
    expect((got.payment_method as Stripe.PaymentMethod).object).toBe('payment_method');
    const list = await stripe.paymentIntents.list({ limit: 1, expand: ['data.latest_charge'] });
    expect((list.data[0]?.latest_charge as Stripe.Charge | undefined)?.object).toBe('charge');
  });
});
