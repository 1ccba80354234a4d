// Contract: `expand[]` (https://docs.stripe.com/api/expanding_objects) takes only the fields Stripe's spec
// marks expandable, level by level, `data.`-prefixed on lists; anything else is a 400 before the request runs
// (not stored under an idempotency key, and ahead of a 404 for the object itself).
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChargeableAccount, failureOf, openTarget, type Target } from './target.ts';

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

function expectCannotExpand(error: Stripe.errors.StripeError, message: string): void {
  expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  expect(error.statusCode).toBe(400);
  expect(error.message).toBe(message);
  expect(error.code).toBeUndefined();
}

describe('expand[]', () => {
  it('expands what the spec marks expandable, nested and on lists', async () => {
    const pi = await stripe.paymentIntents.create({ ...card, amount: 2100 });
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    const got = await stripe.paymentIntents.retrieve(pi.id, {
      expand: ['latest_charge.balance_transaction', 'payment_method'],
    });
    const charge = got.latest_charge as Stripe.Charge;
    expect(charge.object).toBe('charge');
    expect((charge.balance_transaction as Stripe.BalanceTransaction).object).toBe('balance_transaction');
    const refunded = await stripe.refunds.create({ charge: charge.id, amount: 100 });
    const withRefunds = await stripe.charges.retrieve(charge.id, { expand: ['refunds'] });
    expect(withRefunds.refunds?.data.map((r) => r.id)).toEqual([refunded.id]);
    const list = await stripe.charges.list({ payment_intent: pi.id, expand: ['data.payment_intent'] });
    expect((list.data[0]?.payment_intent as Stripe.PaymentIntent | undefined)?.id).toBe(pi.id);
  });

  it('leaves a null expandable field null', async () => {
    const pi = await stripe.paymentIntents.create({ ...card, amount: 2200, expand: ['latest_charge'] });
    expect(pi.latest_charge).toBeNull();
  });

  it('refuses a field that is not expandable, or does not exist', async () => {
    const pi = await stripe.paymentIntents.create({ ...card, amount: 2300 });
    expectCannotExpand(
      await failureOf(stripe.paymentIntents.retrieve(pi.id, { expand: ['amount'] })),
      'This property cannot be expanded (amount).',
    );
    expectCannotExpand(
      await failureOf(stripe.paymentIntents.retrieve(pi.id, { expand: ['bogus_field'] })),
      'This property cannot be expanded (bogus_field).',
    );
  });

  it('names the path up to the field that cannot be expanded', async () => {
    const pi = await stripe.paymentIntents.create({ ...card, amount: 2400 });
    expectCannotExpand(
      await failureOf(stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge.amount.currency'] })),
      'This property cannot be expanded (latest_charge.amount).',
    );
  });

  it('wants data. on lists, and says so when the items have the field', async () => {
    expectCannotExpand(
      await failureOf(stripe.charges.list({ limit: 1, expand: ['payment_intent'] })),
      "This property cannot be expanded (payment_intent). You may want to try expanding 'data.payment_intent' instead.",
    );
    expectCannotExpand(
      await failureOf(stripe.charges.list({ limit: 1, expand: ['data.amount'] })),
      'This property cannot be expanded (data.amount).',
    );
  });

  it('is checked before the object is looked up, and before the request runs', async () => {
    expectCannotExpand(
      await failureOf(stripe.paymentIntents.retrieve('pi_doesnotexist000', { expand: ['amount'] })),
      'This property cannot be expanded (amount).',
    );
    const key = randomUUID();
    await failureOf(
      stripe.paymentIntents.create({ ...card, amount: 2500, expand: ['amount'] }, { idempotencyKey: key }),
    );
    const created = await stripe.paymentIntents.create({ ...card, amount: 2500 }, { idempotencyKey: key });
    expect(created.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses more than four levels', async () => {
    const error = await failureOf(
      stripe.paymentIntents.list({
        limit: 1,
        expand: ['data.latest_charge.payment_intent.latest_charge.payment_intent.latest_charge'],
      }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('applies to Connect objects across accounts: a transfer’s destination and destination payment', async () => {
    const merchant = await createChargeableAccount(target);
    const pi = await stripe.paymentIntents.create({
      ...card,
      amount: 5000,
      transfer_data: { destination: merchant.id },
    });
    const done = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    const charge = await stripe.charges.retrieve(String(done.latest_charge), {
      expand: ['transfer.destination'],
    });
    const transfer = charge.transfer as Stripe.Transfer;
    expect((transfer.destination as Stripe.Account).id).toBe(merchant.id);
  });
});
