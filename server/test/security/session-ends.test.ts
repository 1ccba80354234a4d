// Sessions end when they should: a console session after CONSOLE_IDLE_TIMEOUT_MINUTES without a request
// (activity recorded at most once a minute), every console session at "sign out everywhere", the other
// sessions at a password change, and a staff member's sessions when a manager or the owner signs them out
// everywhere, or their PIN, role, locations or active flag change (platform-terminal.routes.test.ts covers
// the last through the console; here through the repository that the same transaction uses).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asConsole, consoleSignIn, createAdmin, createOwner, TEST_PASSWORD } from '../platform/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildCounter, buildLocation, buildStaff } from '../support/factories.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext({ emulator: false });
});
afterEach(async () => {
  await ctx.close();
});

const MINUTE = 60_000;

describe('console sessions', () => {
  it('end after the idle timeout without a request, however long their absolute lifetime', async () => {
    await ctx.close();
    ctx = await createTestContext({ emulator: false, config: { sessionTtlMinutes: 12 * 60 } });
    const admin = await createAdmin(ctx, 'idle@sessions.test');
    const who = await consoleSignIn(ctx, admin.email);
    // Activity every 20 minutes keeps it (the timeout is 30 minutes in tests).
    for (let i = 0; i < 2; i++) {
      ctx.clock.advanceMs(20 * MINUTE);
      expect((await asConsole(ctx, who, '/api/console/session')).status).toBe(200);
    }
    ctx.clock.advanceMs(30 * MINUTE);
    const idle = await asConsole(ctx, who, '/api/console/session');
    expect(idle.status).toBe(401);
    expect(await idle.json()).toMatchObject({
      error: { code: 'unauthenticated', message: expect.stringMatching(/30 minutes without activity/) },
    });
  });

  it('records activity at most once a minute', async () => {
    const admin = await createAdmin(ctx, 'touch@sessions.test');
    const who = await consoleSignIn(ctx, admin.email);
    const lastSeen = () =>
      (ctx.db.prepare('SELECT last_seen_at_ms AS at FROM user_sessions').get() as { at: number }).at;
    const signedInAt = lastSeen();
    ctx.clock.advanceMs(59_000);
    await asConsole(ctx, who, '/api/console/session');
    expect(lastSeen()).toBe(signedInAt);
    ctx.clock.advanceMs(2_000);
    await asConsole(ctx, who, '/api/console/session');
    expect(lastSeen()).toBe(ctx.clock.nowMs());
  });

  it('all end at "sign out everywhere"; only the other ones at a password change', async () => {
    const admin = await createAdmin(ctx, 'everywhere@sessions.test');
    const laptop = await consoleSignIn(ctx, admin.email);
    const phone = await consoleSignIn(ctx, admin.email);
    const changed = await asConsole(ctx, laptop, '/api/console/password', {
      method: 'POST',
      json: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(204);
    expect((await asConsole(ctx, laptop, '/api/console/session')).status).toBe(200);
    expect((await asConsole(ctx, phone, '/api/console/session')).status).toBe(401);
    const wrong = await asConsole(ctx, laptop, '/api/console/password', {
      method: 'POST',
      json: { currentPassword: 'not the password', newPassword: 'another new passphrase' },
    });
    expect(wrong.status).toBe(401);

    const tablet = await consoleSignIn(ctx, admin.email, 'a brand new passphrase');
    const everywhere = await asConsole(ctx, laptop, '/api/console/sessions', { method: 'DELETE' });
    expect(everywhere.status).toBe(200);
    expect(await everywhere.json()).toEqual({ endedSessions: 2 });
    expect(everywhere.headers.get('set-cookie')).toMatch(/ct_console=;.*Max-Age=0/);
    expect((await asConsole(ctx, laptop, '/api/console/session')).status).toBe(401);
    expect((await asConsole(ctx, tablet, '/api/console/session')).status).toBe(401);
  });
});

describe('staff sessions', () => {
  it("a manager, or the owner, signs a staff member out everywhere; not another location's staff", async () => {
    const { account, location, register, staff } = await buildCounter(ctx);
    const manager = await buildStaff(ctx, account, [location], { role: 'manager', pin: '7777' });
    const elsewhere = await buildStaff(ctx, account, [await buildLocation(ctx, account)], { pin: '6666' });
    const first = await ctx.signIn(register.code, staff.id, staff.pin);
    const second = await ctx.signIn(register.code, staff.id, staff.pin);
    const managerSignIn = await ctx.signIn(register.code, manager.id, '7777');

    const ended = await ctx.request(`/api/merchant/staff/${staff.id}/sign-out-everywhere`, {
      method: 'POST',
      as: managerSignIn,
    });
    expect(ended.status).toBe(200);
    expect(await ended.json()).toEqual({ endedSessions: 2 });
    expect((await ctx.request('/api/counter/session', { as: first })).status).toBe(401);
    expect((await ctx.request('/api/counter/session', { as: second })).status).toBe(401);
    expect((await ctx.request('/api/counter/session', { as: managerSignIn })).status).toBe(200);

    const notMine = await ctx.request(`/api/merchant/staff/${elsewhere.id}/sign-out-everywhere`, {
      method: 'POST',
      as: managerSignIn,
    });
    expect(notMine.status).toBe(404);
    const byStaff = await ctx.request(`/api/merchant/staff/${manager.id}/sign-out-everywhere`, {
      method: 'POST',
      as: await ctx.signIn(register.code, staff.id, staff.pin),
    });
    expect(byStaff.status).toBe(403);

    await createOwner(ctx, account.id, 'owner@sessions.test');
    const owner = await consoleSignIn(ctx, 'owner@sessions.test');
    const again = await ctx.signIn(register.code, staff.id, staff.pin);
    const byOwner = await asConsole(ctx, owner, `/api/merchant/staff/${staff.id}/sign-out-everywhere`, {
      method: 'POST',
    });
    expect(byOwner.status).toBe(200);
    expect((await ctx.request('/api/counter/session', { as: again })).status).toBe(401);
  });
});
