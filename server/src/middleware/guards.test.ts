import { CSRF_HEADER } from '@countertop/shared';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/support/context.ts';
import { buildCounter } from '../../test/support/factories.ts';
import { createCookieJar } from './cookies.ts';
import { createErrorHandler } from './error-handler.ts';
import { createGuards } from './guards.ts';
import { loadCounterSession } from './session.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext({ emulator: false });
});
afterEach(async () => {
  await ctx.close();
});

/** An app with the real counter session loader and guards in front of a few probe routes. */
function buildProbeApp() {
  const auth = ctx.services.auth;
  const guards = createGuards({
    resolveMerchantViewer: () => {
      throw new Error('no merchant route in this probe');
    },
  });
  const app = new Hono();
  app.onError(createErrorHandler(() => {}));
  app.use('/api/*', loadCounterSession(auth, createCookieJar(false)));
  app
    .get('/api/probe/whoami', guards.counter, (c) =>
      c.json({ staffId: c.var.counter.staff.id, accountId: c.var.counter.account.id }),
    )
    .post('/api/probe/write', guards.counter, (c) => c.json({ ok: true }))
    .post('/api/probe/stripe', guards.stripe, (c) => c.json({ signature: c.var.stripeSignature }));
  return app;
}

describe('counter guard', () => {
  it('exposes the signed-in staff member and account to handlers', async () => {
    const { account, register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const response = await buildProbeApp().request('/api/probe/whoami', {
      headers: { cookie: signIn.cookie },
    });
    expect(await response.json()).toEqual({ staffId: staff.id, accountId: account.id });
  });

  it('answers 401 unauthenticated without a session', async () => {
    const response = await buildProbeApp().request('/api/probe/whoami');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('requires the CSRF token on writes but not on reads', async () => {
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const app = buildProbeApp();
    expect((await app.request('/api/probe/whoami', { headers: { cookie: signIn.cookie } })).status).toBe(200);
    const missing = await app.request('/api/probe/write', {
      method: 'POST',
      headers: { cookie: signIn.cookie },
    });
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ error: { code: 'csrf_failed' } });
    const withToken = await app.request('/api/probe/write', {
      method: 'POST',
      headers: { cookie: signIn.cookie, [CSRF_HEADER]: signIn.csrfToken },
    });
    expect(withToken.status).toBe(200);
  });
});

describe('public and stripe guards', () => {
  it("ask no session CSRF token: Stripe webhooks pass with a counter cookie; signing in again needs the device's token", async () => {
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const webhook = await buildProbeApp().request('/api/probe/stripe', {
      method: 'POST',
      headers: { cookie: signIn.cookie, 'stripe-signature': 't=1,v1=abc' },
    });
    expect(webhook.status).toBe(200);
    expect(await webhook.json()).toEqual({ signature: 't=1,v1=abc' });
    // The PIN sign-in is public (nobody is signed in yet) but answers a paired device only, and checks
    // that device's CSRF token, not the session's.
    const withoutToken = await ctx.request('/api/counter/session', {
      method: 'POST',
      headers: { cookie: `${signIn.cookie}; ${signIn.device.cookie}` },
      json: { staffId: staff.id, pin: staff.pin },
    });
    expect(withoutToken.status).toBe(403);
    const again = await ctx.signInOn(signIn.device, staff.id, staff.pin);
    expect(again.status).toBe(200);
  });

  it('refuses a Stripe delivery without a Stripe-Signature header as the webhooks service would', async () => {
    const response = await buildProbeApp().request('/api/probe/stripe', { method: 'POST' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: 'invalid_request',
        message: 'The Stripe-Signature header is missing or does not verify.',
      },
    });
  });
});

describe('manager guard', () => {
  it('lets managers through and refuses other staff', async () => {
    const cashier = await buildCounter(ctx, { role: 'staff' });
    const manager = await buildCounter(ctx, { role: 'manager' });
    for (const [who, status] of [
      [cashier, 403],
      [manager, 200],
    ] as const) {
      const signIn = await ctx.signIn(who.register.code, who.staff.id, who.staff.pin);
      const response = await ctx.request('/api/merchant/context', { as: signIn });
      expect(response.status).toBe(status);
    }
  });
});
