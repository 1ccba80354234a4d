import { AccountListResponseSchema, AccountResponseSchema } from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';
import { asConsole, type ConsoleSignIn, signInAdmin } from './support.ts';

let ctx: TestContext;
let admin: ConsoleSignIn;

beforeAll(async () => {
  ctx = await createTestContext({ webhookEndpoints: true });
  admin = await signInAdmin(ctx);
});
afterAll(async () => {
  await ctx.close();
});

describe('account.updated webhooks', () => {
  it("update an account's status in the console without anyone reloading it from Stripe", async () => {
    const created = await asConsole(ctx, admin, '/api/platform/accounts', {
      method: 'POST',
      json: { businessName: 'Webhook Café', country: 'US', chargeType: 'destination' },
    });
    const account = AccountResponseSchema.parse(await created.json()).account;
    await fetch(`${ctx.emulator?.url}/_emulator/accounts/${account.stripeAccountId}/onboarding`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'complete' }),
    });
    // Connected accounts' events live on the account (delivered to the platform's Connect endpoint).
    const events = await ctx.stripe.events.list(
      { type: 'account.updated', limit: 100 },
      { stripeAccount: account.stripeAccountId },
    );
    const event = events.data.find(
      (candidate) => (candidate.data.object as { id?: string }).id === account.stripeAccountId,
    );
    expect(event).toBeDefined();
    const before = AccountListResponseSchema.parse(
      await (await asConsole(ctx, admin, '/api/platform/accounts')).json(),
    );
    expect(before.accounts.find((a) => a.id === account.id)?.status).toBe('onboarding');
    const payload = JSON.stringify(event);
    const secret = ctx.connection.webhookSecrets[1] ?? '';
    const delivered = await ctx.app.request('/api/webhooks/stripe', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': ctx.stripe.webhooks.generateTestHeaderString({ payload, secret }),
      },
      body: payload,
    });
    expect(delivered.status).toBe(200);

    // The list reads only what is stored: the webhook alone made the account ready.
    const list = AccountListResponseSchema.parse(
      await (await asConsole(ctx, admin, '/api/platform/accounts')).json(),
    );
    expect(list.accounts.find((a) => a.id === account.id)).toMatchObject({
      status: 'active',
      chargesEnabled: true,
      cannotChargeReason: null,
    });
  });
});
