import { ApiErrorSchema, RegisterSignInInfoSchema, SessionResponseSchema } from '@countertop/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FAILED_SIGN_IN_WINDOW_MS,
  hashSessionToken,
  MAX_FAILED_SIGN_INS,
} from '../../src/services/auth.service.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import {
  buildAccount,
  buildCounter,
  buildLocation,
  buildRegister,
  buildStaff,
} from '../support/factories.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext({ emulator: false });
});
afterEach(async () => {
  await ctx.close();
});

async function errorOf(response: Response) {
  return ApiErrorSchema.parse(await response.json()).error;
}

describe('GET /api/counter/registers/:registerCode', () => {
  it('lists the staff who may sign in at the register, names only', async () => {
    const { account, location, register, staff } = await buildCounter(ctx);
    const elsewhere = await buildLocation(ctx, account);
    await buildStaff(ctx, account, [elsewhere], { displayName: 'Elsewhere' });
    const inactive = await buildStaff(ctx, account, [location], { displayName: 'Gone' });
    await ctx.repos.staff.setActive(inactive.id, false);

    const response = await ctx.request(`/api/counter/registers/${register.code}`);
    expect(response.status).toBe(200);
    const body = RegisterSignInInfoSchema.parse(await response.json());
    expect(body).toEqual({
      register: { code: register.code, name: register.name },
      location: { id: location.id, name: location.name, timeZone: location.timeZone },
      account: { id: account.id, businessName: account.businessName, currency: 'usd' },
      staff: [{ id: staff.id, displayName: staff.displayName }],
    });
  });

  it('answers 404 register_not_found for an unknown or revoked register', async () => {
    const { register } = await buildCounter(ctx);
    expect(await errorOf(await ctx.request('/api/counter/registers/NOPE-1'))).toMatchObject({
      code: 'register_not_found',
    });
    await ctx.repos.registers.revoke(register.id, ctx.clock.nowMs());
    const response = await ctx.request(`/api/counter/registers/${register.code}`);
    expect(response.status).toBe(404);
  });

  it('rejects a malformed register code with invalid_request', async () => {
    const response = await ctx.request('/api/counter/registers/lower-case');
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(/^registerCode: /);
  });
});

describe('POST /api/counter/session', () => {
  it('signs in with the right PIN and sets an HttpOnly SameSite=Strict cookie', async () => {
    const { account, location, register, staff } = await buildCounter(ctx, { role: 'manager' });
    const response = await ctx.request('/api/counter/session', {
      method: 'POST',
      json: { registerCode: register.code, staffId: staff.id, pin: staff.pin },
    });
    expect(response.status).toBe(200);
    const body = SessionResponseSchema.parse(await response.json());
    expect(body.session).toEqual({
      staff: {
        id: staff.id,
        displayName: staff.displayName,
        role: 'manager',
        permissions: ['discounts', 'refunds', 'cash_drawer', 'reports'],
      },
      register: { id: register.id, code: register.code, name: register.name },
      location: {
        id: location.id,
        name: location.name,
        timeZone: location.timeZone,
        stripeLocationId: location.stripeLocationId,
      },
      account: {
        id: account.id,
        businessName: account.businessName,
        currency: 'usd',
        chargeType: 'direct',
        canCharge: true,
        cannotChargeReason: null,
        tipping: { enabled: true, percentages: [15, 18, 20] },
      },
    });
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(32);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^ct_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
  });

  it('stores only a hash of the session token', async () => {
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const token = signIn.cookie.split('=')[1] ?? '';
    const rows = ctx.db.prepare<[], { token_hash: string }>('SELECT token_hash FROM sessions').all();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).not.toContain(token);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    await ctx.close();
    ctx = await createTestContext({ emulator: false, config: { secureCookies: true } });
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    expect(signIn.setCookie).toContain('Secure');
  });

  it('says why an account cannot charge yet', async () => {
    const account = await buildAccount(ctx, {
      chargesEnabled: false,
      detailsSubmitted: false,
      businessName: 'Late Shop',
    });
    const location = await buildLocation(ctx, account);
    const register = await buildRegister(ctx, location);
    const staff = await buildStaff(ctx, account, [location]);
    const { session } = await ctx.signIn(register.code, staff.id, staff.pin);
    expect(session.account.canCharge).toBe(false);
    expect(session.account.cannotChargeReason).toMatch(/Late Shop hasn't finished Stripe onboarding/);
  });

  it('answers 401 invalid_pin for a wrong PIN', async () => {
    const { register, staff } = await buildCounter(ctx);
    const response = await ctx.request('/api/counter/session', {
      method: 'POST',
      json: { registerCode: register.code, staffId: staff.id, pin: '9999' },
    });
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toMatchObject({ code: 'invalid_pin' });
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('throttles after 5 wrong PINs in 5 minutes per register and staff member, even with the right PIN', async () => {
    const { account, location, register, staff } = await buildCounter(ctx);
    const otherRegister = await buildRegister(ctx, location);
    const colleague = await buildStaff(ctx, account, [location], { pin: '5555' });
    const attempt = (pin: string, registerCode = register.code, staffId = staff.id) =>
      ctx.request('/api/counter/session', { method: 'POST', json: { registerCode, staffId, pin } });

    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) expect((await attempt('0000')).status).toBe(401);
    const throttled = await attempt(staff.pin);
    expect(throttled.status).toBe(429);
    expect(await errorOf(throttled)).toMatchObject({ code: 'too_many_attempts' });

    // Other staff at the same register, and the same staff at another register, are unaffected.
    expect((await attempt(colleague.pin, register.code, colleague.id)).status).toBe(200);
    expect((await attempt(staff.pin, otherRegister.code)).status).toBe(200);

    ctx.clock.advanceMs(FAILED_SIGN_IN_WINDOW_MS);
    expect((await attempt(staff.pin)).status).toBe(200);
  });

  it('clears the wrong-PIN count after a successful sign-in', async () => {
    const { register, staff } = await buildCounter(ctx);
    const attempt = (pin: string) =>
      ctx.request('/api/counter/session', {
        method: 'POST',
        json: { registerCode: register.code, staffId: staff.id, pin },
      });
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await attempt('0000');
    expect((await attempt(staff.pin)).status).toBe(200);
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) expect((await attempt('0000')).status).toBe(401);
    expect((await attempt(staff.pin)).status).toBe(200);
  });

  it('refuses staff who are not allowed at the register location with 403 forbidden', async () => {
    const { account, register } = await buildCounter(ctx);
    const brooklyn = await buildLocation(ctx, account, { name: 'Brooklyn' });
    const brooklynOnly = await buildStaff(ctx, account, [brooklyn], { pin: '2345' });
    const response = await ctx.request('/api/counter/session', {
      method: 'POST',
      json: { registerCode: register.code, staffId: brooklynOnly.id, pin: '2345' },
    });
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ code: 'forbidden' });
  });

  it('refuses staff of another merchant and inactive staff', async () => {
    const { register, staff } = await buildCounter(ctx);
    const other = await buildCounter(ctx);
    const foreign = await ctx.request('/api/counter/session', {
      method: 'POST',
      json: { registerCode: register.code, staffId: other.staff.id, pin: other.staff.pin },
    });
    expect(foreign.status).toBe(403);
    await ctx.repos.staff.setActive(staff.id, false);
    const inactive = await ctx.request('/api/counter/session', {
      method: 'POST',
      json: { registerCode: register.code, staffId: staff.id, pin: staff.pin },
    });
    expect(inactive.status).toBe(403);
  });

  it('validates the body with "<path>: <issue>" messages', async () => {
    const { register, staff } = await buildCounter(ctx);
    const response = await ctx.request('/api/counter/session', {
      method: 'POST',
      json: { registerCode: register.code, staffId: staff.id, pin: '12' },
    });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({
      code: 'invalid_request',
      message: 'pin: a PIN of 4 to 8 digits',
    });
  });
});

describe('GET /api/counter/session', () => {
  it('returns the session and CSRF token for a signed-in register', async () => {
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const response = await ctx.request('/api/counter/session', { as: signIn });
    expect(response.status).toBe(200);
    expect(SessionResponseSchema.parse(await response.json())).toEqual({
      session: signIn.session,
      csrfToken: signIn.csrfToken,
    });
  });

  it('answers 401 unauthenticated without a cookie or with an unknown token', async () => {
    expect(await errorOf(await ctx.request('/api/counter/session'))).toEqual({
      code: 'unauthenticated',
      message: 'Your session has expired. Sign in again.',
    });
    const forged = await ctx.request('/api/counter/session', { headers: { cookie: 'ct_session=forged' } });
    expect(forged.status).toBe(401);
  });

  it('expires the session after the TTL', async () => {
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    ctx.clock.advanceMs(60 * 60_000 - 1);
    expect((await ctx.request('/api/counter/session', { as: signIn })).status).toBe(200);
    ctx.clock.advanceMs(1);
    const response = await ctx.request('/api/counter/session', { as: signIn });
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toEqual({
      code: 'unauthenticated',
      message: 'Your session has expired. Sign in again.',
    });
    // A read never deletes it; the next sign-in prunes expired sessions.
    await ctx.signIn(register.code, staff.id, staff.pin);
    const expiredTokenHash = hashSessionToken(signIn.cookie.slice(signIn.cookie.indexOf('=') + 1));
    expect(
      ctx.db.prepare('SELECT count(*) AS n FROM sessions WHERE token_hash = ?').get(expiredTokenHash),
    ).toEqual({ n: 0 });
    expect((await ctx.request('/api/counter/session', { as: signIn })).status).toBe(401);
  });

  it('ends sessions of a revoked register', async () => {
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    await ctx.repos.registers.revoke(register.id, ctx.clock.nowMs());
    const response = await ctx.request('/api/counter/session', { as: signIn });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).message).toMatch(/unpaired/);
  });

  it('ends sessions of staff who were deactivated or removed from the location', async () => {
    const { register, location, staff } = await buildCounter(ctx);
    const first = await ctx.signIn(register.code, staff.id, staff.pin);
    await ctx.repos.staff.setActive(staff.id, false);
    expect(await errorOf(await ctx.request('/api/counter/session', { as: first }))).toMatchObject({
      code: 'unauthenticated',
      message: expect.stringMatching(/inactive/),
    });
    await ctx.repos.staff.setActive(staff.id, true);
    const second = await ctx.signIn(register.code, staff.id, staff.pin);
    await ctx.repos.staff.disallowAtLocation(staff.id, location.id);
    expect(await errorOf(await ctx.request('/api/counter/session', { as: second }))).toMatchObject({
      code: 'unauthenticated',
      message: expect.stringMatching(/no longer allowed/),
    });
  });
});

describe('DELETE /api/counter/session', () => {
  it('signs out: clears the cookie and ends the session', async () => {
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const response = await ctx.request('/api/counter/session', { method: 'DELETE', as: signIn });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(/^ct_session=;.*Max-Age=0/);
    expect((await ctx.request('/api/counter/session', { as: signIn })).status).toBe(401);
  });

  it('rejects a mutating request without the CSRF header with 403 csrf_failed', async () => {
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const missing = await ctx.request('/api/counter/session', {
      method: 'DELETE',
      headers: { cookie: signIn.cookie },
    });
    expect(missing.status).toBe(403);
    expect(await errorOf(missing)).toMatchObject({ code: 'csrf_failed' });
    const wrong = await ctx.request('/api/counter/session', {
      method: 'DELETE',
      headers: { cookie: signIn.cookie, 'x-csrf-token': `${signIn.csrfToken}x` },
    });
    expect(wrong.status).toBe(403);
    expect((await ctx.request('/api/counter/session', { as: signIn })).status).toBe(200);
  });

  it('answers 401 when not signed in', async () => {
    expect((await ctx.request('/api/counter/session', { method: 'DELETE' })).status).toBe(401);
  });
});
