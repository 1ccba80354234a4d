// Contract (emulator-only: it moves the emulator clock and uses its payout controls; Stripe test mode fails a
// payout only through test bank account numbers on external accounts, which the emulator does not have):
// a failed payout (payout.failed + payout.updated, Stripe's failure_code and failure_message, a payout_failure
// balance transaction that returns the amount to the available balance) and a canceled one (payout.canceled,
// payout_cancel), set on the next payout or on a given one.
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

/** A connected account with `amount` of charges already available for payout. */
async function accountWithAvailableBalance(amount: number): Promise<{ id: string; available: number }> {
  const merchant = await createChargeableAccount(target);
  const opts = { stripeAccount: merchant.id };
  await stripe.accounts.update(merchant.id, { settings: { payouts: { schedule: { interval: 'manual' } } } });
  await stripe.paymentIntents.create(
    {
      amount,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
      confirm: true,
      payment_method: 'pm_card_visa',
    },
    opts,
  );
  await target.control('POST', '/_emulator/clock', { advance_seconds: 2 * DAY + 1 });
  const balance = await stripe.balance.retrieve({}, opts);
  return { id: merchant.id, available: balance.available.find((b) => b.currency === 'usd')?.amount ?? 0 };
}

async function availableUsd(account: string): Promise<number> {
  const balance = await stripe.balance.retrieve({}, { stripeAccount: account });
  return balance.available.find((b) => b.currency === 'usd')?.amount ?? 0;
}

describe.skipIf(IS_REAL_STRIPE)(`failed and canceled payouts (${EMULATOR_ONLY})`, () => {
  it('the next payout fails with the failure code given, and its amount returns to the balance', async () => {
    const { id, available } = await accountWithAvailableBalance(10_000);
    const opts = { stripeAccount: id };
    await target.control('POST', `/_emulator/accounts/${id}/payouts/next_outcome`, {
      outcome: 'failed',
      failure_code: 'no_account',
    });
    const payout = await stripe.payouts.create({ amount: available, currency: 'usd' }, opts);
    expect(await availableUsd(id)).toBe(0);
    await target.control('POST', '/_emulator/clock', { advance_seconds: DAY + 1 });

    const failed = await stripe.payouts.retrieve(payout.id, {}, opts);
    expect(failed).toMatchObject({
      status: 'failed',
      failure_code: 'no_account',
      failure_message:
        'The bank account details on file are probably incorrect. No bank account could be located with those details.',
    });
    const bt = await stripe.balanceTransactions.retrieve(
      String(failed.failure_balance_transaction),
      {},
      opts,
    );
    expect(bt).toMatchObject({ type: 'payout_failure', amount: available, source: payout.id });
    expect(await availableUsd(id)).toBe(available);

    const events = await stripe.events.list({ type: 'payout.*' }, opts);
    const types = events.data
      .filter((e) => (e.data.object as Stripe.Payout).id === payout.id)
      .map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['payout.created', 'payout.failed', 'payout.updated']));
    expect(types).not.toContain('payout.paid');
    const failedEvent = events.data.find((e) => e.type === 'payout.failed');
    expect(failedEvent?.account).toBe(id);
    expect(failedEvent?.data.previous_attributes).toMatchObject({ status: 'pending', failure_code: null });
  });

  it('only the next payout: the one after it is paid', async () => {
    const { id, available } = await accountWithAvailableBalance(8_000);
    const opts = { stripeAccount: id };
    await target.control('POST', `/_emulator/accounts/${id}/payouts/next_outcome`, { outcome: 'failed' });
    const first = await stripe.payouts.create({ amount: available, currency: 'usd' }, opts);
    await target.control('POST', '/_emulator/clock', { advance_seconds: DAY + 1 });
    expect((await stripe.payouts.retrieve(first.id, {}, opts)).failure_code).toBe('could_not_process');
    const second = await stripe.payouts.create({ amount: available, currency: 'usd' }, opts);
    await target.control('POST', '/_emulator/clock', { advance_seconds: DAY + 1 });
    expect((await stripe.payouts.retrieve(second.id, {}, opts)).status).toBe('paid');
  });

  it('a given payout is canceled, or fails even after it was paid', async () => {
    const { id, available } = await accountWithAvailableBalance(9_000);
    const opts = { stripeAccount: id };
    const half = Math.floor(available / 2);
    const toCancel = await stripe.payouts.create({ amount: half, currency: 'usd' }, opts);
    const canceled = (await target.control('POST', `/_emulator/payouts/${toCancel.id}/outcome`, {
      outcome: 'canceled',
    })) as Stripe.Payout;
    expect(canceled.status).toBe('canceled');
    const cancelBt = await stripe.balanceTransactions.retrieve(
      String(canceled.failure_balance_transaction),
      {},
      opts,
    );
    expect(cancelBt).toMatchObject({ type: 'payout_cancel', amount: half });
    const events = await stripe.events.list({ type: 'payout.canceled' }, opts);
    expect(events.data.map((e) => (e.data.object as Stripe.Payout).id)).toContain(toCancel.id);

    const paid = await stripe.payouts.create({ amount: half, currency: 'usd' }, opts);
    await target.control('POST', '/_emulator/clock', { advance_seconds: DAY + 1 });
    expect((await stripe.payouts.retrieve(paid.id, {}, opts)).status).toBe('paid');
    const returned = (await target.control('POST', `/_emulator/payouts/${paid.id}/outcome`, {
      outcome: 'failed',
      failure_code: 'account_closed',
    })) as Stripe.Payout;
    expect(returned).toMatchObject({
      status: 'failed',
      failure_message: 'The bank account has been closed.',
    });
    expect(await availableUsd(id)).toBe(available);
  });

  it('refuses an unknown failure code, and a payout that already failed', async () => {
    const { id, available } = await accountWithAvailableBalance(5_000);
    const payout = await stripe.payouts.create({ amount: available, currency: 'usd' }, { stripeAccount: id });
    await expect(
      target.control('POST', `/_emulator/payouts/${payout.id}/outcome`, {
        outcome: 'failed',
        failure_code: 'nope',
      }),
    ).rejects.toThrow(/400/);
    await target.control('POST', `/_emulator/payouts/${payout.id}/outcome`, { outcome: 'failed' });
    await expect(
      target.control('POST', `/_emulator/payouts/${payout.id}/outcome`, { outcome: 'failed' }),
    ).rejects.toThrow(/400/);
  });
});
