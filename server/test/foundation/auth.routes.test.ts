import { ApiErrorSchema, RegisterSignInInfoSchema, SessionResponseSchema } from '@countertop/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSessionToken } from '../../src/services/auth.service.ts';
import { SIGN_IN_LIMITS } from '../../src/services/sign-in-limiter.ts';
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

describe('pairing a device and GET /api/counter/register', () => {
  it("shows a paired device its register's staff who may sign in there, names only", async () => {
    const { account, location, register, staff } = await buildCounter(ctx);
    const elsewhere = await buildLocation(ctx, account);
    await buildStaff(ctx, account, [elsewhere], { displayName: 'Elsewhere' });
    const inactive = await buildStaff(ctx, account, [location], { displayName: 'Gone' });
    await ctx.repos.staff.setActive(inactive.id, false);

    const device = await ctx.pair(register.code);
    const response = await ctx.request('/api/counter/register', { headers: { cookie: device.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = RegisterSignInInfoSchema.parse(await response.json());
    expect(body).toEqual({
      register: { code: register.code, name: register.name },
      location: {
        id: location.id,
        name: location.name,
        timeZone: location.timeZone,
        country: account.country.toUpperCase(),
      },
      account: { id: account.id, businessName: account.businessName, currency: 'usd' },
      staff: [{ id: staff.id, displayName: staff.displayName }],
      csrfToken: device.csrfToken,
    });
    expect(device.info).toEqual(body);
  });

  it('tells an unpaired browser nothing, and the old public lookup by register code is gone', async () => {
    const { register, staff } = await buildCounter(ctx);
    const unpaired = await ctx.request('/api/counter/register');
    expect(unpaired.status).toBe(404);
    const text = await unpaired.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'register_not_paired' } });
    expect(text).not.toContain(staff.displayName);
    const old = await ctx.request(`/api/counter/registers/${register.code}`);
    expect(old.status).toBe(404);
    expect(await old.text()).not.toContain(staff.displayName);
    const forged = await ctx.request('/api/counter/register', { headers: { cookie: 'ct_register=forged' } });
    expect(await errorOf(forged)).toMatchObject({ code: 'register_not_paired' });
  });

  it('pairs with a code once, stores only hashes, and refuses a used, expired or mistyped code', async () => {
    const { location, register } = await buildCounter(ctx);
    const { code } = await ctx.services.pairing.createCode(location.accountId, register.id, {
      userId: null,
      label: 'test',
    });
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const first = await ctx.request('/api/counter/pairing', {
      method: 'POST',
      json: { code: code.toLowerCase() },
    });
    expect(first.status).toBe(200);
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/ct_register=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const token = /ct_register=([^;]+)/.exec(setCookie)?.[1] ?? '';
    const stored = JSON.stringify([
      ctx.db.prepare('SELECT * FROM register_devices').all(),
      ctx.db.prepare('SELECT * FROM register_pairing_codes').all(),
    ]);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(code.replace('-', ''));

    const again = await ctx.request('/api/counter/pairing', { method: 'POST', json: { code } });
    expect(await errorOf(again)).toMatchObject({ code: 'pairing_code_invalid' });
    const later = await ctx.services.pairing.createCode(location.accountId, register.id, {
      userId: null,
      label: 'test',
    });
    ctx.clock.advanceMs(24 * 60 * 60_000);
    const expired = await ctx.request('/api/counter/pairing', { method: 'POST', json: { code: later.code } });
    expect(expired.status).toBe(404);
    const malformed = await ctx.request('/api/counter/pairing', {
      method: 'POST',
      json: { code: 'MISSION-1' },
    });
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).message).toMatch(/^code: /);
  });

  it('unpairs a device at once: its sign-in screen and its sessions end', async () => {
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const other = await ctx.signIn(register.code, staff.id, staff.pin);
    const unpaired = await ctx.request('/api/counter/register', {
      method: 'DELETE',
      headers: { cookie: signIn.device.cookie, 'x-csrf-token': signIn.device.csrfToken },
    });
    expect(unpaired.status).toBe(204);
    expect(unpaired.headers.get('set-cookie')).toMatch(/ct_register=;.*Max-Age=0/);
    expect(
      (await ctx.request('/api/counter/register', { headers: { cookie: signIn.device.cookie } })).status,
    ).toBe(404);
    expect((await ctx.request('/api/counter/session', { as: signIn })).status).toBe(401);
    // The other device of the register is untouched.
    expect((await ctx.request('/api/counter/session', { as: other })).status).toBe(200);
  });
});

describe('POST /api/counter/session', () => {
  it('signs in with the right PIN and sets an HttpOnly SameSite=Strict cookie', async () => {
    const { account, location, register, staff } = await buildCounter(ctx, { role: 'manager' });
    const response = await ctx.signInOn(await ctx.pair(register.code), staff.id, staff.pin);
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
        // The location's country: money and dates in its locale.
        country: account.country.toUpperCase(),
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

  it('marks the cookie Secure, with the __Host- prefix, when the public URL is https', async () => {
    await ctx.close();
    ctx = await createTestContext({ emulator: false, config: { secureCookies: true } });
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    expect(signIn.setCookie).toContain('Secure');
    expect(signIn.setCookie).toMatch(/^__Host-ct_session=[A-Za-z0-9_-]{43};/);
    expect(signIn.setCookie).toContain('Path=/');
    expect(signIn.setCookie).not.toContain('Domain');
    // The prefixed cookie is the one read back; an unprefixed one (set over http by anyone) is ignored.
    expect((await ctx.request('/api/counter/session', { as: signIn })).status).toBe(200);
    const unprefixed = signIn.cookie.replace('__Host-ct_session=', 'ct_session=');
    expect((await ctx.request('/api/counter/session', { headers: { cookie: unprefixed } })).status).toBe(401);
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
    const response = await ctx.signInOn(await ctx.pair(register.code), staff.id, '9999');
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toMatchObject({ code: 'invalid_pin' });
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('delays a device after 5 wrong PINs for a staff member (30 s, then doubling), never a hard lock', async () => {
    const { account, location, register, staff } = await buildCounter(ctx);
    const colleague = await buildStaff(ctx, account, [location], { pin: '5555' });
    const device = await ctx.pair(register.code);
    const attempt = (pin: string, staffId = staff.id) => ctx.signInOn(device, staffId, pin);

    for (let i = 0; i < SIGN_IN_LIMITS.free.identity; i++) expect((await attempt('0000')).status).toBe(401);
    const throttled = await attempt(staff.pin);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('30');
    expect(await errorOf(throttled)).toMatchObject({
      code: 'too_many_attempts',
      message: 'Too many wrong PINs. Try again in 30 seconds, or ask a manager to approve this device.',
    });
    // Another staff member on this device is not delayed by it.
    expect((await attempt(colleague.pin, colleague.id)).status).toBe(200);

    ctx.clock.advanceMs(30_000);
    expect((await attempt(staff.pin)).status).toBe(200);
  });

  it('forgives the wrong PINs of a device once the right one is entered there', async () => {
    const { register, staff } = await buildCounter(ctx);
    const device = await ctx.pair(register.code);
    const attempt = (pin: string) => ctx.signInOn(device, staff.id, pin);
    for (let i = 0; i < SIGN_IN_LIMITS.free.identity - 1; i++) await attempt('0000');
    expect((await attempt(staff.pin)).status).toBe(200);
    for (let i = 0; i < SIGN_IN_LIMITS.free.identity - 1; i++)
      expect((await attempt('0000')).status).toBe(401);
    expect((await attempt(staff.pin)).status).toBe(200);
  });

  it('refuses staff who are not allowed at the register location with 403 forbidden', async () => {
    const { account, register } = await buildCounter(ctx);
    const brooklyn = await buildLocation(ctx, account, { name: 'Brooklyn' });
    const brooklynOnly = await buildStaff(ctx, account, [brooklyn], { pin: '2345' });
    const response = await ctx.signInOn(await ctx.pair(register.code), brooklynOnly.id, '2345');
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ code: 'forbidden' });
  });

  it('refuses staff of another merchant and inactive staff', async () => {
    const { register, staff } = await buildCounter(ctx);
    const other = await buildCounter(ctx);
    const device = await ctx.pair(register.code);
    const foreign = await ctx.signInOn(device, other.staff.id, other.staff.pin);
    expect(foreign.status).toBe(403);
    await ctx.repos.staff.setActive(staff.id, false);
    const inactive = await ctx.signInOn(device, staff.id, staff.pin);
    expect(inactive.status).toBe(403);
  });

  it('validates the body with "<path>: <issue>" messages', async () => {
    const { register, staff } = await buildCounter(ctx);
    const response = await ctx.signInOn(await ctx.pair(register.code), staff.id, '12');
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
    expect((await errorOf(response)).message).toMatch(/removed/);
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
