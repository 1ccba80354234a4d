// Contract: PaymentIntent lifecycle through the official SDK (online test cards, which both the emulator and
// Stripe test mode confirm server-side): capture modes, partial capture, declines and retry on the same PI,
// cancel, state errors and the endive payment_method_types split.
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

const base: Pick<Stripe.PaymentIntentCreateParams, 'currency' | 'allowed_payment_method_types'> = {
  currency: 'usd',
  allowed_payment_method_types: ['card'],
};

describe('POST /v1/payment_intents', () => {
  it('creates a PaymentIntent awaiting a payment method with a client secret', async () => {
    const pi = await stripe.paymentIntents.create({ ...base, amount: 1234, metadata: { sale: 's1' } });
    expect(pi.id).toMatch(/^pi_/);
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    expect(pi.amount).toBe(1234);
    expect(pi.metadata).toEqual({ sale: 's1' });
    expect(pi.payment_method_types).toEqual(['card']);
    expect(pi.latest_charge).toBeNull();
  });

  it('rejects payment_method_types on the endive API version', async () => {
    const err = await stripe.paymentIntents
      .create({
        amount: 1000,
        currency: 'usd',
        payment_method_types: ['card'],
      } as Stripe.PaymentIntentCreateParams)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((err as Stripe.errors.StripeError).code).toBe('payment_method_types_no_longer_supported');
  });

  it('rejects an amount above 99999999 with amount_too_large', async () => {
    const err = await stripe.paymentIntents.create({ ...base, amount: 100_000_000 }).catch((e: unknown) => e);
    expect((err as Stripe.errors.StripeError).code).toBe('amount_too_large');
    expect((err as Stripe.errors.StripeError).param).toBe('amount');
  });
});

describe('confirm and capture', () => {
  it('captures automatically and exposes the charge', async () => {
    const pi = await stripe.paymentIntents.create({ ...base, amount: 2000, capture_method: 'automatic' });
    const confirmed = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.amount_received).toBe(2000);
    const charge = await stripe.charges.retrieve(String(confirmed.latest_charge), {
      expand: ['balance_transaction'],
    });
    expect(charge.captured).toBe(true);
    expect(charge.paid).toBe(true);
    expect(charge.payment_method_details?.card?.last4).toBe('4242');
    const bt = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(bt.amount).toBe(2000);
    expect(bt.net).toBe(2000 - bt.fee);
    expect(bt.fee_details.some((f) => f.type === 'stripe_fee')).toBe(true);
  });

  it('holds a manual authorization and captures part of it', async () => {
    const pi = await stripe.paymentIntents.create({ ...base, amount: 5000, capture_method: 'manual' });
    const authorized = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_mastercard' });
    expect(authorized.status).toBe('requires_capture');
    expect(authorized.amount_capturable).toBe(5000);
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 3000 });
    expect(captured.status).toBe('succeeded');
    expect(captured.amount_received).toBe(3000);
    expect(captured.amount_capturable).toBe(0);
    const charge = await stripe.charges.retrieve(String(captured.latest_charge));
    expect(charge.amount_captured).toBe(3000);
    expect(charge.amount_refunded).toBe(2000);
    expect(charge.refunded).toBe(false);
  });

  it('refuses to capture more than is capturable', async () => {
    const pi = await stripe.paymentIntents.create({ ...base, amount: 1000, capture_method: 'manual' });
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    const err = await stripe.paymentIntents
      .capture(pi.id, { amount_to_capture: 1001 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('rejects capturing a PaymentIntent that is not requires_capture', async () => {
    const pi = await stripe.paymentIntents.create({ ...base, amount: 1000 });
    const err = (await stripe.paymentIntents
      .capture(pi.id)
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.code).toBe('payment_intent_unexpected_state');
    expect(err.message).toContain('requires_payment_method');
  });

  it('returns to requires_payment_method on a decline and succeeds on retry with another card', async () => {
    const pi = await stripe.paymentIntents.create({ ...base, amount: 1500 });
    const err = (await stripe.paymentIntents
      .confirm(pi.id, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err.code).toBe('card_declined');
    expect(err.decline_code).toBe('insufficient_funds');
    const declined = await stripe.paymentIntents.retrieve(pi.id);
    expect(declined.status).toBe('requires_payment_method');
    expect(declined.last_payment_error?.decline_code).toBe('insufficient_funds');
    const failedCharge = await stripe.charges.retrieve(String(declined.latest_charge));
    expect(failedCharge.status).toBe('failed');
    const retried = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
    expect(retried.last_payment_error).toBeNull();
    const charges = await stripe.charges.list({ payment_intent: pi.id });
    expect(charges.data.map((c) => c.status).sort()).toEqual(['failed', 'succeeded']);
  });

  it('cancels an uncaptured authorization and releases it', async () => {
    const pi = await stripe.paymentIntents.create({ ...base, amount: 2500, capture_method: 'manual' });
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' });
    expect(canceled.status).toBe('canceled');
    expect(canceled.cancellation_reason).toBe('abandoned');
    const charge = await stripe.charges.retrieve(String(canceled.latest_charge));
    expect(charge.refunded).toBe(true);
    const again = (await stripe.paymentIntents
      .cancel(pi.id)
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(again.code).toBe('payment_intent_unexpected_state');
  });

  it('updates amount and metadata before confirmation but not the amount after success', async () => {
    const pi = await stripe.paymentIntents.create({ ...base, amount: 1000 });
    const updated = await stripe.paymentIntents.update(pi.id, { amount: 1200, metadata: { a: '1' } });
    expect(updated.amount).toBe(1200);
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    const err = (await stripe.paymentIntents
      .update(pi.id, { amount: 10 })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.code).toBe('payment_intent_unexpected_state');
    const meta = await stripe.paymentIntents.update(pi.id, { metadata: { a: '', b: '2' } });
    expect(meta.metadata).toEqual({ b: '2' });
  });
});
