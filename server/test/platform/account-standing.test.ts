// Accounts the platform loses, against the emulator: the owner disconnects the platform
// (`account.application.deauthorized`, delivered for real), Stripe refuses access (403 `account_invalid`)
// before any event arrived, and Stripe rejects the account (`account.updated` with `rejected.*`, re-read from
// Stripe so a stale payload changes nothing). The counter refuses card payments in a cashier's words and the
// console says what happened and when.
import { randomUUID } from 'node:crypto';
import {
  AccountResponseSchema,
  MerchantContextResponseSchema,
  SessionResponseSchema,
} from '@countertop/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, setUpMerchant } from '../checkout/support.ts';
import { merchantApi, paidSale, setUpReportingMerchant } from '../merchant/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { emulatorControl, type LiveWebhooks, liveWebhooks } from '../support/live-webhooks.ts';
import { asConsole, type ConsoleSignIn, signInAdmin } from './support.ts';

let ctx: TestContext;
let admin: ConsoleSignIn;
let webhooks: LiveWebhooks;

beforeEach(async () => {
  ctx = await createTestContext();
  admin = await signInAdmin(ctx);
  webhooks = await liveWebhooks(ctx);
});
afterEach(async () => {
  await webhooks.close();
  await ctx.close();
});

async function consoleAccount(accountId: string) {
  const response = await asConsole(ctx, admin, `/api/platform/accounts/${accountId}`);
  expect(response.status).toBe(200);
  return AccountResponseSchema.parse(await response.json()).account;
}

describe('a merchant who disconnects the platform', () => {
  it('is marked disconnected from the deauthorization event; counters refuse card payments in words', async () => {
    const merchant = await setUpMerchant(ctx);
    await emulatorControl(ctx, `/_emulator/accounts/${merchant.stripeAccount.id}/deauthorize`);
    await webhooks.flush();

    const stored = await ctx.repos.accounts.findById(merchant.account.id);
    expect(stored?.standing).toMatchObject({ disconnectedReason: 'deauthorized', rejectedAtMs: null });
    expect(stored?.standing.disconnectedAtMs).toEqual(expect.any(Number));

    // A new sign-in at the counter is told at once.
    const signIn = await ctx.signIn(merchant.register.code, merchant.staff.id, merchant.staff.pin);
    expect(signIn.session.account).toMatchObject({
      canCharge: false,
      cannotChargeReason: `${merchant.account.businessName} is no longer connected to the platform, so card payments are off. Take cash or ask the owner.`,
    });
    const session = SessionResponseSchema.parse(
      await (await ctx.request('/api/counter/session', { as: merchant.signIn })).json(),
    );
    expect(session.session.account.canCharge).toBe(false);

    const refused = await api<{ error: { code: string; message: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      '/api/counter/sales',
      { clientSaleId: randomUUID(), keyedAmountMinor: 1200 },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      code: 'account_disconnected',
      message: `${merchant.account.businessName} is no longer connected to the platform, so card payments are off. Take cash or ask the owner.`,
    });

    // The console says what happened and when (its live read of the account is refused: the stored view).
    const account = await consoleAccount(merchant.account.id);
    expect(account).toMatchObject({
      status: 'disconnected',
      statusText: 'Disconnected from the platform: no card payments',
      standing: { connection: 'disconnected', disconnectedReason: 'deauthorized', rejectedAt: null },
    });
    expect(account.standing.disconnectedAt).toBe(
      new Date(stored?.standing.disconnectedAtMs ?? 0).toISOString(),
    );
    expect(account.standing.text).toMatch(
      /^Disconnected on .+ UTC: the account's owner removed the platform's access/,
    );
    expect(account.cannotChargeReason).toMatch(/no longer connected to the platform/);
  });

  it('is marked disconnected when Stripe refuses access before any event arrived', async () => {
    await webhooks.close();
    const merchant = await setUpMerchant(ctx);
    // No endpoint reaches the server any more: the deauthorization event is never delivered.
    await ctx.stripe.webhookEndpoints.list().then(async (list) => {
      for (const endpoint of list.data) await ctx.stripe.webhookEndpoints.del(endpoint.id);
    });
    await emulatorControl(ctx, `/_emulator/accounts/${merchant.stripeAccount.id}/deauthorize`);

    const token = await api<{ error: { code: string; message: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      '/api/counter/connection-token',
    );
    expect(token.status).toBe(409);
    expect(token.body.error.code).toBe('account_disconnected');
    expect(token.body.error.message).toBe(
      `${merchant.account.businessName} is no longer connected to the platform, so card payments are off. Take cash or ask the owner.`,
    );
    expect((await ctx.repos.accounts.findById(merchant.account.id))?.standing).toMatchObject({
      disconnectedReason: 'access_revoked',
    });
    expect((await consoleAccount(merchant.account.id)).standing.text).toMatch(
      /Stripe no longer gives the platform access to this account/,
    );
    webhooks = await liveWebhooks(ctx);
  });

  it('a destination-charge payment to a disconnected account is refused with the same words', async () => {
    await webhooks.close();
    for (const endpoint of (await ctx.stripe.webhookEndpoints.list()).data) {
      await ctx.stripe.webhookEndpoints.del(endpoint.id);
    }
    const merchant = await setUpMerchant(ctx, { chargeType: 'destination' });
    const created = await api<{ sale: { id: string } }>(ctx, merchant.signIn, 'POST', '/api/counter/sales', {
      clientSaleId: randomUUID(),
      keyedAmountMinor: 1500,
    });
    expect(created.status).toBe(201);
    await emulatorControl(ctx, `/_emulator/accounts/${merchant.stripeAccount.id}/deauthorize`);
    const attempt = await api<{ error: { code: string; message: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      `/api/counter/sales/${created.body.sale.id}/attempts`,
      { attemptKey: randomUUID(), readerId: merchant.readers.serverDriven.id },
    );
    expect(attempt.status).toBe(409);
    expect(attempt.body.error.code).toBe('account_disconnected');
    expect((await ctx.repos.accounts.findById(merchant.account.id))?.standing.disconnectedReason).toBe(
      'access_revoked',
    );
    webhooks = await liveWebhooks(ctx);
  });

  it("the console's refresh records Stripe's refusal as the account's status", async () => {
    await webhooks.close();
    for (const endpoint of (await ctx.stripe.webhookEndpoints.list()).data) {
      await ctx.stripe.webhookEndpoints.del(endpoint.id);
    }
    const merchant = await setUpMerchant(ctx);
    await emulatorControl(ctx, `/_emulator/accounts/${merchant.stripeAccount.id}/deauthorize`);
    // A read does not write: the account page shows the stored status.
    expect((await consoleAccount(merchant.account.id)).status).toBe('active');
    const refreshed = await asConsole(ctx, admin, `/api/platform/accounts/${merchant.account.id}/refresh`, {
      method: 'POST',
    });
    expect(refreshed.status).toBe(200);
    expect(AccountResponseSchema.parse(await refreshed.json()).account.status).toBe('disconnected');
    webhooks = await liveWebhooks(ctx);
  });
});

describe('merchant reports and refunds of a disconnected account', () => {
  it('a refund is refused in words and records the disconnection; a Stripe read only says so; the review shows the standing once recorded', async () => {
    await webhooks.close();
    for (const endpoint of (await ctx.stripe.webhookEndpoints.list()).data) {
      await ctx.stripe.webhookEndpoints.del(endpoint.id);
    }
    const merchant = await setUpReportingMerchant(ctx);
    const sale = await paidSale(ctx, merchant);
    await emulatorControl(ctx, `/_emulator/accounts/${merchant.stripeAccount.id}/deauthorize`);

    // (The balance is the owner's since the shared access policy: a manager's read is 403 before Stripe is
    // asked.) The reconciliation asks Stripe, which refuses; a read says so and never writes.
    const balance = await merchantApi<{ error: { code: string; message: string } }>(
      ctx,
      merchant.managerSignIn,
      'GET',
      '/api/merchant/reconciliation',
    );
    expect(balance.status).toBe(409);
    expect(balance.body.error.code).toBe('account_disconnected');
    expect(balance.body.error.message).toMatch(/no longer connected to the platform/);
    const context = async () =>
      MerchantContextResponseSchema.parse(
        (await merchantApi(ctx, merchant.managerSignIn, 'GET', '/api/merchant/context')).body,
      );
    expect((await context()).standing.connection).toBe('connected');
    expect((await ctx.repos.accounts.findById(merchant.account.id))?.standing.disconnectedAtMs).toBeNull();

    const refund = await merchantApi<{ error: { code: string; message: string } }>(
      ctx,
      merchant.managerSignIn,
      'POST',
      `/api/merchant/sales/${sale.id}/refunds`,
      { refundKey: randomUUID(), reason: 'wrong order' },
    );
    expect(refund.status).toBe(409);
    expect(refund.body.error).toEqual({
      code: 'account_disconnected',
      message: `${merchant.account.businessName} is no longer connected to the platform, so card payments are off. Take cash or ask the owner.`,
    });
    expect((await ctx.repos.accounts.findById(merchant.account.id))?.standing.disconnectedReason).toBe(
      'access_revoked',
    );
    expect((await context()).standing).toMatchObject({
      connection: 'disconnected',
      disconnectedReason: 'access_revoked',
      disconnectedAt: expect.any(String),
    });
    webhooks = await liveWebhooks(ctx);
  });
});

describe('an account Stripe rejects', () => {
  it('is marked rejected with the reason; the counter refuses; a stale payload changes nothing', async () => {
    const merchant = await setUpMerchant(ctx);
    await emulatorControl(ctx, `/_emulator/accounts/${merchant.stripeAccount.id}/reject`, {
      reason: 'fraud',
    });
    await webhooks.flush();

    const account = await consoleAccount(merchant.account.id);
    expect(account).toMatchObject({
      status: 'rejected',
      chargesEnabled: false,
      standing: { connection: 'rejected', rejectedReason: 'rejected.fraud', disconnectedAt: null },
    });
    expect(account.standing.text).toMatch(/^Rejected on .+ UTC for suspected fraud/);

    const refused = await api<{ error: { code: string; message: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      '/api/counter/sales',
      { clientSaleId: randomUUID(), keyedAmountMinor: 900 },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      code: 'account_cannot_charge',
      message: `Stripe has closed ${merchant.account.businessName}'s account for payments, so card payments are off. Take cash or ask the owner.`,
    });

    // An old account.updated whose payload still shows the account enabled: re-read from Stripe, still rejected.
    const secret = ctx.connection.webhookSecrets[1] ?? '';
    const payload = JSON.stringify({
      id: `evt_${randomUUID().replaceAll('-', '')}`,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000) - 3600,
      type: 'account.updated',
      account: merchant.stripeAccount.id,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: {
        object: {
          id: merchant.stripeAccount.id,
          object: 'account',
          charges_enabled: true,
          details_submitted: true,
          payouts_enabled: true,
          requirements: { disabled_reason: null },
        },
      },
    });
    const delivered = await ctx.app.request('/api/webhooks/stripe', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': ctx.stripe.webhooks.generateTestHeaderString({ payload, secret }),
      },
      body: payload,
    });
    expect(delivered.status).toBe(200);
    expect((await consoleAccount(merchant.account.id)).standing.rejectedReason).toBe('rejected.fraud');
  });
});
