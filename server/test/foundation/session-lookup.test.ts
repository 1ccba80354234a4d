/**
 * The joined session lookup (`sessions.findCounterSession`) that every counter request runs: it must return
 * exactly what one lookup per table returns, and report missing rows and location access the same way.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSessionToken } from '../../src/services/auth.service.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildCounter, buildLocation } from '../support/factories.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext({ emulator: false });
});
afterEach(async () => {
  await ctx.close();
});

function tokenOf(cookie: string): string {
  return cookie.slice(cookie.indexOf('=') + 1);
}

describe('sessions.findCounterSession', () => {
  it('returns the session, register, location, account and staff exactly as their own repositories do', async () => {
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const tokenHash = hashSessionToken(tokenOf(signIn.cookie));

    const found = await ctx.repos.sessions.findCounterSession(tokenHash);
    const session = await ctx.repos.sessions.findByTokenHash(tokenHash);
    const storedRegister = await ctx.repos.registers.findById(register.id);
    const location = await ctx.repos.locations.findById(storedRegister?.locationId ?? '');
    expect(found).toEqual({
      session,
      register: storedRegister,
      location,
      account: await ctx.repos.accounts.findById(location?.accountId ?? ''),
      staff: await ctx.repos.staff.findById(staff.id),
      allowedAtLocation: true,
      devicePaired: true,
    });
    expect(found?.account?.tipping.percentages.length).toBeGreaterThan(0);
  });

  it('is undefined for an unknown token and reports lost location access', async () => {
    const { account, location, register, staff } = await buildCounter(ctx);
    expect(await ctx.repos.sessions.findCounterSession(hashSessionToken('nope'))).toBeUndefined();
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const tokenHash = hashSessionToken(tokenOf(signIn.cookie));
    await ctx.repos.staff.disallowAtLocation(staff.id, location.id);
    // Allowed elsewhere only: still not allowed at this register's location.
    await ctx.repos.staff.allowAtLocation(staff.id, (await buildLocation(ctx, account)).id);
    expect(await ctx.repos.sessions.findCounterSession(tokenHash)).toMatchObject({
      allowedAtLocation: false,
      staff: { id: staff.id },
    });
  });

  it('finds a session whose register row is gone, without the register and what hangs off it', async () => {
    const { register, staff } = await buildCounter(ctx);
    const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
    const tokenHash = hashSessionToken(tokenOf(signIn.cookie));
    ctx.db.pragma('foreign_keys = OFF');
    ctx.db.prepare('UPDATE sessions SET register_id = ? WHERE token_hash = ?').run('reg_missing', tokenHash);
    ctx.db.pragma('foreign_keys = ON');
    expect(await ctx.repos.sessions.findCounterSession(tokenHash)).toMatchObject({
      register: undefined,
      location: undefined,
      account: undefined,
      staff: { id: staff.id },
      allowedAtLocation: false,
    });
  });
});
