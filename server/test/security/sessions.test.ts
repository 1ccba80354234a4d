// Session hardening not covered by the auth suites: no session fixation (a cookie planted before sign-in is
// never adopted; sign-in always issues a fresh token), a CSRF token only works with its own session, and
// signed-out or superseded tokens stay dead — for counter (PIN) and console (password) sessions.
import { CSRF_HEADER } from '@countertop/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleSignIn, createAdmin, TEST_PASSWORD } from '../platform/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildCounter } from '../support/factories.ts';

let ctx: TestContext;

beforeEach(async () => {
  ctx = await createTestContext({ emulator: false });
});

afterEach(async () => {
  await ctx.close();
});

function tokenOf(setCookie: string, name: string): string {
  return new RegExp(`${name}=([^;]+)`).exec(setCookie)?.[1] ?? '';
}

describe('counter sessions', () => {
  it('never adopts a planted session cookie and issues a fresh token at every sign-in', async () => {
    const counter = await buildCounter(ctx);
    const planted = 'ct_session=attacker-chosen-token-0123456789abcdef';
    const device = await ctx.pair(counter.register.code);
    const response = await ctx.request('/api/counter/session', {
      method: 'POST',
      json: { staffId: counter.staff.id, pin: counter.staff.pin },
      headers: { cookie: `${planted}; ${device.cookie}`, [CSRF_HEADER]: device.csrfToken },
    });
    expect(response.status).toBe(200);
    const issued = tokenOf(response.headers.get('set-cookie') ?? '', 'ct_session');
    expect(issued).not.toBe('attacker-chosen-token-0123456789abcdef');
    expect(issued.length).toBeGreaterThanOrEqual(32);
    expect((await ctx.request('/api/counter/session', { headers: { cookie: planted } })).status).toBe(401);

    const again = await ctx.signIn(counter.register.code, counter.staff.id, counter.staff.pin);
    expect(tokenOf(again.setCookie, 'ct_session')).not.toBe(issued);
  });

  it("rejects a CSRF token that belongs to another session, and a signed-out session's cookie", async () => {
    const counter = await buildCounter(ctx);
    const first = await ctx.signIn(counter.register.code, counter.staff.id, counter.staff.pin);
    const second = await ctx.signIn(counter.register.code, counter.staff.id, counter.staff.pin);
    const crossed = await ctx.request('/api/counter/session', {
      method: 'DELETE',
      headers: { cookie: first.cookie, [CSRF_HEADER]: second.csrfToken },
    });
    expect(crossed.status).toBe(403);
    expect(await crossed.json()).toMatchObject({ error: { code: 'csrf_failed' } });

    expect((await ctx.request('/api/counter/session', { method: 'DELETE', as: first })).status).toBe(204);
    expect((await ctx.request('/api/counter/session', { as: first })).status).toBe(401);
    expect((await ctx.request('/api/counter/session', { as: second })).status).toBe(200);
  });
});

describe('console sessions', () => {
  it('never adopts a planted console cookie and rejects a CSRF token of another session', async () => {
    const admin = await createAdmin(ctx, 'admin@sessions.test');
    const planted = 'ct_console=attacker-chosen-console-token-0123456789';
    const response = await ctx.request('/api/console/session', {
      method: 'POST',
      json: { email: admin.email, password: TEST_PASSWORD },
      headers: { cookie: planted },
    });
    expect(response.status).toBe(200);
    expect(tokenOf(response.headers.get('set-cookie') ?? '', 'ct_console')).not.toBe(
      'attacker-chosen-console-token-0123456789',
    );
    expect((await ctx.request('/api/console/session', { headers: { cookie: planted } })).status).toBe(401);

    const first = await consoleSignIn(ctx, admin.email);
    const second = await consoleSignIn(ctx, admin.email);
    const crossed = await ctx.request('/api/console/session', {
      method: 'DELETE',
      headers: { cookie: first.cookie, [CSRF_HEADER]: second.csrfToken },
    });
    expect(crossed.status).toBe(403);
    const signedOut = await ctx.request('/api/console/session', {
      method: 'DELETE',
      headers: { cookie: first.cookie, [CSRF_HEADER]: first.csrfToken },
    });
    expect(signedOut.status).toBe(204);
    expect((await ctx.request('/api/console/session', { headers: { cookie: first.cookie } })).status).toBe(
      401,
    );
  });
});
