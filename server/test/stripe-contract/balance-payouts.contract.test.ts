// Contract (emulator-only: it moves the emulator clock): pending → available balance after the payout delay,
// balance.available, automatic daily payouts and their arrival (payout.paid), manual payouts.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChargeableAccount, EMULATOR_ONLY, IS_REAL_STRIPE, openTarget, type Target } from './target.ts';

let target: Target;
let stripe: Stripe;

beforeAll(async () => {
  target = await openTarget();
  stripe = target.stripe;
});
afterAll(() => target.close());

const DAY = 86_400;

describe.skipIf(IS_REAL_STRIPE)(`balance and payouts (${EMULATOR_ONLY})`, () => {
  it('moves charge funds from pending to available and pays them out automatically', async () => {
    const merchant = await createChargeableAccount(target);
    const opts = { stripeAccount: merchant.id };
    const pi = await stripe.paymentIntents.create(
      {
        amount: 10_000,
        currency: 'usd',
        allowed_payment_method_types: ['card'],
        application_fee_amount: 300,
      },
      opts,
    );
    const done = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }, opts);
    const charge = await stripe.charges.retrieve(
      String(done.latest_charge),
      { expand: ['balance_transaction'] },
      opts,
    );
    const bt = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(bt.status).toBe('pending');
    expect(bt.available_on - bt.created).toBe(2 * DAY);

    const before = await stripe.balance.retrieve({}, opts);
    expect(before.pending.find((b) => b.currency === 'usd')?.amount).toBe(bt.net);
    expect(before.available.find((b) => b.currency === 'usd')?.amount).toBe(0);

    const tooMuch = (await stripe.payouts
      .create({ amount: 100, currency: 'usd' }, opts)
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(tooMuch.code).toBe('balance_insufficient');

    await target.control('POST', '/_emulator/clock', { advance_seconds: 2 * DAY + 1 });
    const events = await stripe.events.list({ type: 'balance.available' }, opts);
    expect(events.data.length).toBeGreaterThan(0);

    await target.control('POST', '/_emulator/clock', { advance_seconds: 2 * DAY });
    const payouts = await stripe.payouts.list({}, opts);
    const auto = payouts.data.find((p) => p.automatic);
    expect(auto?.amount).toBe(bt.net);
    expect(auto?.status).toBe('paid');
    const after = await stripe.balance.retrieve({}, opts);
    expect(after.available.find((b) => b.currency === 'usd')?.amount).toBe(0);
    const paidEvents = await stripe.events.list({ type: 'payout.paid' }, opts);
    expect(paidEvents.data.length).toBe(1);
  });

  it('creates a manual payout from the available balance', async () => {
    const merchant = await createChargeableAccount(target);
    const opts = { stripeAccount: merchant.id };
    await stripe.accounts.update(merchant.id, {
      settings: { payouts: { schedule: { interval: 'manual' } } },
    });
    const pi = await stripe.paymentIntents.create(
      { amount: 5000, currency: 'usd', allowed_payment_method_types: ['card'] },
      opts,
    );
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }, opts);
    await target.control('POST', '/_emulator/clock', { advance_seconds: 3 * DAY });
    const balance = await stripe.balance.retrieve({}, opts);
    const available = balance.available.find((b) => b.currency === 'usd')?.amount ?? 0;
    expect(available).toBeGreaterThan(0);
    const payout = await stripe.payouts.create({ amount: available, currency: 'usd' }, opts);
    expect(payout.status).toBe('pending');
    expect(payout.automatic).toBe(false);
    const txns = await stripe.balanceTransactions.list({ type: 'payout' }, opts);
    expect(txns.data[0]?.amount).toBe(-available);
  });
});
