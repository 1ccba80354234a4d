// Failed and canceled payouts against the emulator, delivered for real: `payout.failed` / `payout.canceled`
// are re-read from Stripe and recorded, the merchant's payouts list marks them with Stripe's failure code in
// words, the platform sees them across accounts, and the owner is e-mailed once.
import { PayoutFailuresResponseSchema } from '@countertop/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryMailer } from '../../src/services/mailer.ts';
import { type Merchant, setUpMerchant } from '../checkout/support.ts';
import { asConsole, consoleSignIn, createOwner, signInAdmin } from '../platform/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { emulatorControl, type LiveWebhooks, liveWebhooks } from '../support/live-webhooks.ts';

const DAY_SECONDS = 86_400;

let ctx: TestContext;
let webhooks: LiveWebhooks;
let mailer: ReturnType<typeof createMemoryMailer>;

beforeEach(async () => {
  mailer = createMemoryMailer();
  ctx = await createTestContext({ compose: { mailer } });
  webhooks = await liveWebhooks(ctx);
});
afterEach(async () => {
  await webhooks.close();
  await ctx.close();
});

/** A manual payout of everything available on the merchant's balance (after a paid online charge). */
async function pendingPayout(merchant: Merchant, amount = 10_000) {
  const opts = { stripeAccount: merchant.stripeAccount.id };
  await ctx.stripe.accounts.update(merchant.stripeAccount.id, {
    settings: { payouts: { schedule: { interval: 'manual' } } },
  });
  await ctx.stripe.paymentIntents.create(
    {
      amount,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
      confirm: true,
      payment_method: 'pm_card_visa',
    },
    opts,
  );
  await emulatorControl(ctx, '/_emulator/clock', { advance_seconds: 2 * DAY_SECONDS + 1 });
  const balance = await ctx.stripe.balance.retrieve({}, opts);
  const available = balance.available.find((entry) => entry.currency === 'usd')?.amount ?? 0;
  return ctx.stripe.payouts.create({ amount: available, currency: 'usd' }, opts);
}

describe('failed payouts', () => {
  it('are recorded from payout.failed, shown in words to the merchant and the platform, and mailed once', async () => {
    const merchant = await setUpMerchant(ctx);
    const other = await setUpMerchant(ctx);
    await createOwner(ctx, merchant.account.id, 'owner-payouts@example.test');
    await createOwner(ctx, other.account.id, 'other-owner@example.test');
    const payout = await pendingPayout(merchant);
    await emulatorControl(ctx, `/_emulator/payouts/${payout.id}/outcome`, {
      outcome: 'failed',
      failure_code: 'account_closed',
    });
    await webhooks.flush();

    const owner = await consoleSignIn(ctx, 'owner-payouts@example.test');
    const mine = PayoutFailuresResponseSchema.parse(
      await (await asConsole(ctx, owner, '/api/merchant/payout-failures')).json(),
    );
    expect(mine.failures).toEqual([
      expect.objectContaining({
        payoutId: payout.id,
        accountId: merchant.account.id,
        businessName: merchant.account.businessName,
        status: 'failed',
        amountMinor: payout.amount,
        currency: 'usd',
        failureCode: 'account_closed',
        failureText: 'The bank account has been closed. Add a new bank account in Stripe.',
        automatic: false,
      }),
    ]);
    expect(mine.failures[0]?.failureMessage).toEqual(expect.any(String));
    expect(mine.failures[0]?.ownerNotifiedAt).toEqual(expect.any(String));

    // The payouts list (live from Stripe) marks it too.
    const balance = (await (await asConsole(ctx, owner, '/api/merchant/balance')).json()) as {
      payouts: { id: string; status: string; failureCode: string | null; failureText: string | null }[];
    };
    expect(balance.payouts.find((entry) => entry.id === payout.id)).toMatchObject({
      status: 'failed',
      failureCode: 'account_closed',
      failureText: 'The bank account has been closed. Add a new bank account in Stripe.',
    });

    // Another merchant's owner does not see it; the platform sees it across accounts.
    const otherOwner = await consoleSignIn(ctx, 'other-owner@example.test');
    const theirs = PayoutFailuresResponseSchema.parse(
      await (await asConsole(ctx, otherOwner, '/api/merchant/payout-failures')).json(),
    );
    expect(theirs.failures).toEqual([]);
    const admin = await signInAdmin(ctx);
    const all = PayoutFailuresResponseSchema.parse(
      await (await asConsole(ctx, admin, '/api/platform/payout-failures')).json(),
    );
    expect(all.failures.map((failure) => failure.payoutId)).toEqual([payout.id]);
    const filtered = PayoutFailuresResponseSchema.parse(
      await (
        await asConsole(ctx, admin, `/api/platform/payout-failures?accountId=${other.account.id}`)
      ).json(),
    );
    expect(filtered.failures).toEqual([]);

    // One e-mail to the owner, in words, however often the events come.
    const mails = mailer.sent.filter((mail) => mail.to === 'owner-payouts@example.test');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(
      `${merchant.account.businessName}: a payout of $${(payout.amount / 100).toFixed(2)} failed`,
    );
    expect(mails[0]?.text).toContain('The bank account has been closed.');
    expect(mails[0]?.text).toContain("Stripe's code: account_closed.");
    expect(await ctx.services.payoutFailures.notifyPending()).toBe(0);
    expect(mailer.sent.filter((mail) => mail.to === 'owner-payouts@example.test')).toHaveLength(1);
  });

  it('records a canceled payout, and mails an owner invited later from the scheduled run', async () => {
    const merchant = await setUpMerchant(ctx);
    const payout = await pendingPayout(merchant, 5_000);
    await emulatorControl(ctx, `/_emulator/payouts/${payout.id}/outcome`, { outcome: 'canceled' });
    await webhooks.flush();

    const recorded = await ctx.repos.payoutFailures.find(payout.id);
    expect(recorded).toMatchObject({ status: 'canceled', failureCode: null, notifiedAtMs: null });
    expect(mailer.sent).toEqual([]);

    await createOwner(ctx, merchant.account.id, 'late-owner@example.test');
    expect(await ctx.services.payoutFailures.notifyPending()).toBe(1);
    expect(mailer.sent.map((mail) => mail.subject)).toEqual([
      `${merchant.account.businessName}: a payout of $${(payout.amount / 100).toFixed(2)} was canceled`,
    ]);
    expect(await ctx.services.payoutFailures.notifyPending()).toBe(0);
  });

  it('a paid payout that the bank returns later is recorded as failed (the next payout control)', async () => {
    const merchant = await setUpMerchant(ctx);
    await emulatorControl(ctx, `/_emulator/accounts/${merchant.stripeAccount.id}/payouts/next_outcome`, {
      outcome: 'failed',
      failure_code: 'no_account',
    });
    const payout = await pendingPayout(merchant, 7_000);
    await emulatorControl(ctx, '/_emulator/clock', { advance_seconds: DAY_SECONDS + 1 });
    await webhooks.flush();
    expect(await ctx.repos.payoutFailures.find(payout.id)).toMatchObject({
      status: 'failed',
      failureCode: 'no_account',
      accountId: merchant.account.id,
    });
  });
});
