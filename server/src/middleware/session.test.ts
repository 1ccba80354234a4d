import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/support/context.ts';
import { buildCounter } from '../../test/support/factories.ts';
import { createErrorHandler } from './error-handler.ts';
import { type CounterEnv, loadCounterSession, requireCounterSession, requireManager } from './session.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext({ emulator: false });
});
afterEach(async () => {
  await ctx.close();
});

/** An app with the real session middleware and a few probe routes. */
function buildProbeApp() {
  // The composed auth service (sessions of 60 minutes in the test configuration).
  const auth = ctx.services.auth;
  const app = new Hono();
  app.onError(createErrorHandler(() => {}));
  app.use('/api/*', loadCounterSession(auth));
  const counter = new Hono<CounterEnv>()
    .use(requireCounterSession)
    .get('/whoami', (c) => c.json({ staffId: c.var.counter.staff.id, accountId: c.var.counter.account.id }))
    .post('/write', (c) => c.json({ ok: true }))
    .post('/manager-only', requireManager, (c) => c.json({ ok: true }));
  app.route('/api/probe', counter);
  app.post('/api/webhooks/stripe', (c) => c.json({ received: true }));
  return app;
}

describe('counter session middleware', () => {
  it('exposes the signed-in staff member and account to handlers', async () => {
    const { account, register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const response = await buildProbeApp().request('/api/probe/whoami', {
      headers: { cookie: signIn.cookie },
    });
    expect(await response.json()).toEqual({ staffId: staff.id, accountId: account.id });
  });

  it('requires the CSRF token on writes but not on reads', async () => {
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const app = buildProbeApp();
    expect(
      (await app.request('/api/probe/write', { method: 'POST', headers: { cookie: signIn.cookie } })).status,
    ).toBe(403);
    const withToken = await app.request('/api/probe/write', {
      method: 'POST',
      headers: { cookie: signIn.cookie, 'x-csrf-token': signIn.csrfToken },
    });
    expect(withToken.status).toBe(200);
  });

  it('exempts Stripe webhooks and signing in again from the CSRF check', async () => {
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const webhook = await buildProbeApp().request('/api/webhooks/stripe', {
      method: 'POST',
      headers: { cookie: signIn.cookie },
    });
    expect(webhook.status).toBe(200);
    const again = await ctx.request('/api/counter/session', {
      method: 'POST',
      headers: { cookie: signIn.cookie },
      json: { registerCode: register.code, staffId: staff.id, pin: staff.pin },
    });
    expect(again.status).toBe(200);
  });

  it('lets only managers through requireManager', async () => {
    const app = buildProbeApp();
    const cashier = await buildCounter(ctx, { role: 'staff' });
    const manager = await buildCounter(ctx, { role: 'manager' });
    for (const [who, status] of [
      [cashier, 403],
      [manager, 200],
    ] as const) {
      const signIn = await ctx.signIn(who.register.code, who.staff.id, who.staff.pin);
      const response = await app.request('/api/probe/manager-only', {
        method: 'POST',
        headers: { cookie: signIn.cookie, 'x-csrf-token': signIn.csrfToken },
      });
      expect(response.status).toBe(status);
    }
  });
});
