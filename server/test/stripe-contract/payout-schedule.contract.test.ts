// Contract: a connected account's payout schedule (`settings[payouts][schedule]` on POST /v1/accounts/:id).
// Documented rules checked against any target: intervals, weekly_anchor / monthly_anchor required for their
// interval, monthly_anchor 1–31, anchors shown only for their interval, `minimum` delay, delay kept when not
// given. Emulator-only: refusing an anchor for another interval and a delay under the (emulated, uniform)
// minimum, whose exact behaviour Stripe's docs do not give; and a monthly anchor of 31 paying out
// on the last day of February (uses the emulator clock).
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINIMUM_DELAY_DAYS } from '../../src/stripe/emulator/resources/account-payout-schedule.ts';
import { createChargeableAccount, EMULATOR_ONLY, IS_REAL_STRIPE, openTarget, type Target } from './target.ts';

let target: Target;
let stripe: Stripe;

beforeAll(async () => {
  target = await openTarget();
  stripe = target.stripe;
});
afterAll(() => target.close());

async function newAccount(): Promise<string> {
  const account = await stripe.accounts.create({
    country: 'US',
    controller: { stripe_dashboard: { type: 'full' } },
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
  });
  return account.id;
}

async function scheduleUpdate(id: string, schedule: Stripe.AccountUpdateParams.Settings.Payouts.Schedule) {
  const account = await stripe.accounts.update(id, { settings: { payouts: { schedule } } });
  return account.settings?.payouts?.schedule;
}

async function refusal(work: Promise<unknown>): Promise<{ type: string; param: string | undefined }> {
  const error: unknown = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Stripe.errors.StripeError)) throw new Error('expected a Stripe error');
  return { type: error.type, param: error.param };
}

describe('settings[payouts][schedule]', () => {
  it('sets weekly and monthly schedules, showing each anchor only for its interval', async () => {
    const id = await newAccount();
    const weekly = await scheduleUpdate(id, {
      interval: 'weekly',
      weekly_anchor: 'wednesday',
      delay_days: 4,
    });
    expect(weekly).toMatchObject({ interval: 'weekly', weekly_anchor: 'wednesday', delay_days: 4 });
    const monthly = await scheduleUpdate(id, { interval: 'monthly', monthly_anchor: 15 });
    expect(monthly).toMatchObject({ interval: 'monthly', monthly_anchor: 15, delay_days: 4 });
    expect(monthly?.weekly_anchor).toBeUndefined();
    const daily = await scheduleUpdate(id, { interval: 'daily', delay_days: 'minimum' });
    expect(daily?.interval).toBe('daily');
    expect(daily?.monthly_anchor).toBeUndefined();
    expect(daily?.weekly_anchor).toBeUndefined();
    if (!IS_REAL_STRIPE) expect(daily?.delay_days).toBe(MINIMUM_DELAY_DAYS);
    const retrieved = await stripe.accounts.retrieve(id);
    expect(retrieved.settings?.payouts?.schedule).toEqual(daily);
  });

  it('requires the anchor of a weekly or monthly interval and a day of the month from 1 to 31', async () => {
    const id = await newAccount();
    expect(await refusal(scheduleUpdate(id, { interval: 'weekly' }))).toEqual({
      type: 'StripeInvalidRequestError',
      param: 'settings[payouts][schedule][weekly_anchor]',
    });
    expect(await refusal(scheduleUpdate(id, { interval: 'monthly' }))).toEqual({
      type: 'StripeInvalidRequestError',
      param: 'settings[payouts][schedule][monthly_anchor]',
    });
    expect((await refusal(scheduleUpdate(id, { interval: 'monthly', monthly_anchor: 32 }))).type).toBe(
      'StripeInvalidRequestError',
    );
    const unchanged = await stripe.accounts.retrieve(id);
    expect(unchanged.settings?.payouts?.schedule.interval).toBe('daily');
  });

  it.skipIf(IS_REAL_STRIPE)(
    'refuses an anchor for another interval and a delay below the minimum (emulated rules, see header)',
    async () => {
      const id = await newAccount();
      expect(await refusal(scheduleUpdate(id, { interval: 'daily', weekly_anchor: 'monday' }))).toEqual({
        type: 'StripeInvalidRequestError',
        param: 'settings[payouts][schedule][weekly_anchor]',
      });
      expect(await refusal(scheduleUpdate(id, { interval: 'weekly', monthly_anchor: 3 }))).toEqual({
        type: 'StripeInvalidRequestError',
        param: 'settings[payouts][schedule][monthly_anchor]',
      });
      expect(await refusal(scheduleUpdate(id, { delay_days: MINIMUM_DELAY_DAYS - 1 }))).toEqual({
        type: 'StripeInvalidRequestError',
        param: 'settings[payouts][schedule][delay_days]',
      });
      const kept = await scheduleUpdate(id, { interval: 'manual' });
      expect(kept).toEqual({ interval: 'manual', delay_days: MINIMUM_DELAY_DAYS });
    },
  );

  it.skipIf(IS_REAL_STRIPE)(
    `pays a day-31 monthly schedule on the last day of next February (${EMULATOR_ONLY})`,
    async () => {
      // Next year's February (28 or 29 days): a short jump of the emulator clock, whatever today is.
      const { now } = (await target.control('GET', '/_emulator/clock')) as { now: number };
      const year = new Date(now * 1000).getUTCFullYear() + 1;
      const lastDay = new Date(Date.UTC(year, 2, 0)).getUTCDate();
      const at = (day: number, hour: number) => Date.UTC(year, 1, day, hour) / 1000;
      await target.control('POST', '/_emulator/clock', { now: at(20, 12) });
      const merchant = await createChargeableAccount(target);
      const opts = { stripeAccount: merchant.id };
      await scheduleUpdate(merchant.id, { interval: 'monthly', monthly_anchor: 31, delay_days: 'minimum' });
      const intent = await stripe.paymentIntents.create(
        { amount: 5000, currency: 'usd', allowed_payment_method_types: ['card'] },
        opts,
      );
      await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' }, opts);
      await target.control('POST', '/_emulator/clock', { now: at(lastDay - 1, 12) });
      expect((await stripe.payouts.list({}, opts)).data).toEqual([]);
      await target.control('POST', '/_emulator/clock', { now: at(lastDay, 12) });
      const payouts = (await stripe.payouts.list({}, opts)).data;
      expect(payouts.map((payout) => ({ automatic: payout.automatic, created: payout.created }))).toEqual([
        { automatic: true, created: at(lastDay, 0) },
      ]);
    },
  );
});
