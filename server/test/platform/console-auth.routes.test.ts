import { ApiErrorSchema, ConsoleSessionResponseSchema, OutboxResponseSchema } from '@countertop/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCreateAdmin } from '../../src/cli/create-admin.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildAccount, buildCounter } from '../support/factories.ts';
import {
  asConsole,
  consoleSignIn,
  createAdmin,
  createOwner,
  errorCode,
  signInAdmin,
  TEST_PASSWORD,
} from './support.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext({ emulator: false });
});
afterEach(async () => {
  await ctx.close();
});

describe('console sign-in', () => {
  it('signs a platform admin in with an HttpOnly SameSite=Strict ct_console cookie and returns the user', async () => {
    const admin = await createAdmin(ctx, 'Admin@Example.test');
    const response = await ctx.request('/api/console/session', {
      method: 'POST',
      json: { email: 'ADMIN@example.test', password: TEST_PASSWORD },
    });
    expect(response.status).toBe(200);
    const body = ConsoleSessionResponseSchema.parse(await response.json());
    expect(body.user).toEqual({
      id: admin.id,
      email: 'admin@example.test',
      role: 'platform_admin',
      accountId: null,
    });
    expect(typeof body.csrfToken).toBe('string');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^ct_console=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
  });

  it('refuses a wrong password and an unknown email with the same invalid_credentials answer', async () => {
    await createAdmin(ctx);
    const wrong = await ctx.request('/api/console/session', {
      method: 'POST',
      json: { email: 'admin@example.test', password: 'not the password' },
    });
    const unknown = await ctx.request('/api/console/session', {
      method: 'POST',
      json: { email: 'nobody@example.test', password: TEST_PASSWORD },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [ApiErrorSchema.parse(await wrong.json()), ApiErrorSchema.parse(await unknown.json())];
    expect(a).toEqual(b);
    expect(a.error.code).toBe('invalid_credentials');
  });

  it('throttles an email after 5 failures within 5 minutes, even with the right password, then lets it in later', async () => {
    await createAdmin(ctx);
    for (let i = 0; i < 5; i++) {
      const r = await ctx.request('/api/console/session', {
        method: 'POST',
        json: { email: 'admin@example.test', password: 'wrong password!' },
      });
      expect(r.status).toBe(401);
    }
    const blocked = await ctx.request('/api/console/session', {
      method: 'POST',
      json: { email: 'admin@example.test', password: TEST_PASSWORD },
    });
    expect(blocked.status).toBe(429);
    expect(await errorCode(blocked)).toBe('too_many_attempts');
    ctx.clock.advanceMs(5 * 60_000 + 1);
    await expect(consoleSignIn(ctx, 'admin@example.test')).resolves.toBeTruthy();
  });

  it('returns the session with GET and ends it with DELETE', async () => {
    const who = await signInAdmin(ctx);
    const current = await asConsole(ctx, who, '/api/console/session');
    expect(current.status).toBe(200);
    expect(ConsoleSessionResponseSchema.parse(await current.json()).csrfToken).toBe(who.csrfToken);
    const out = await asConsole(ctx, who, '/api/console/session', { method: 'DELETE' });
    expect(out.status).toBe(204);
    const after = await asConsole(ctx, who, '/api/console/session');
    expect(after.status).toBe(401);
  });

  it('expires sessions after the configured time', async () => {
    const who = await signInAdmin(ctx);
    ctx.clock.advanceMs(61 * 60_000);
    const response = await asConsole(ctx, who, '/api/console/session');
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('unauthenticated');
  });

  it('rejects a console write without the CSRF token', async () => {
    const who = await signInAdmin(ctx);
    const response = await ctx.request('/api/console/session', {
      method: 'DELETE',
      headers: { cookie: who.cookie },
    });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('csrf_failed');
  });

  it('lets one browser hold a counter session and a console session at once', async () => {
    const { register, staff } = await buildCounter(ctx);
    const counter = await ctx.signIn(register.code, staff.id, staff.pin);
    const who = await signInAdmin(ctx);
    const both = `${counter.cookie}; ${who.cookie}`;
    const consoleWrite = await ctx.request('/api/console/session', {
      method: 'DELETE',
      headers: { cookie: both, 'x-csrf-token': who.csrfToken },
    });
    expect(consoleWrite.status).toBe(204);
    const counterWrite = await ctx.request('/api/counter/session', {
      method: 'DELETE',
      headers: { cookie: both, 'x-csrf-token': counter.csrfToken },
    });
    expect(counterWrite.status).toBe(204);
  });
});

describe('invitations', () => {
  it('lets a platform admin invite a merchant owner who sets a password through the mailed link and is signed in', async () => {
    const account = await buildAccount(ctx, { businessName: 'Corner Café' });
    const who = await signInAdmin(ctx);
    const invited = await asConsole(ctx, who, '/api/console/invitations', {
      method: 'POST',
      json: { email: 'Owner@Corner.test', accountId: account.id },
    });
    expect(invited.status).toBe(201);
    // Without SMTP_URL the mail is kept in the outbox, which the platform admin reads in the console.
    const outbox = OutboxResponseSchema.parse(
      await (await asConsole(ctx, who, '/api/platform/outbox')).json(),
    );
    expect(outbox.delivery).toBe('outbox');
    const mail = outbox.messages.find((message) => message.to === 'owner@corner.test');
    const token = /\/platform\/invitations\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeDefined();

    const info = await ctx.request(`/api/console/invitations/${token}`);
    expect(await info.json()).toEqual({ email: 'owner@corner.test', businessName: 'Corner Café' });
    // Neither the mail nor the link's token reaches the log (the request log redacts the path).
    expect(
      ctx.logs.filter((line) => line.includes(token ?? '') || line.includes('owner@corner.test')),
    ).toEqual([]);

    const accepted = await ctx.request(`/api/console/invitations/${token}/accept`, {
      method: 'POST',
      json: { password: 'a long new password' },
    });
    expect(accepted.status).toBe(200);
    const body = ConsoleSessionResponseSchema.parse(await accepted.json());
    expect(body.user).toMatchObject({
      email: 'owner@corner.test',
      role: 'merchant_owner',
      accountId: account.id,
    });
    await expect(consoleSignIn(ctx, 'owner@corner.test', 'a long new password')).resolves.toBeTruthy();

    const again = await ctx.request(`/api/console/invitations/${token}/accept`, {
      method: 'POST',
      json: { password: 'another long password' },
    });
    expect(again.status).toBe(404);
    const audit = await ctx.repos.audit.list({ accountId: account.id });
    expect(audit.map((entry) => entry.action)).toEqual(['owner.activated', 'owner.invited']);
  });

  it('refuses an expired invitation and a too-short password', async () => {
    const account = await buildAccount(ctx);
    const who = await signInAdmin(ctx);
    await asConsole(ctx, who, '/api/console/invitations', {
      method: 'POST',
      json: { email: 'late@example.test', accountId: account.id },
    });
    const [mail] = await ctx.repos.outbox.list(1);
    const token = /\/platform\/invitations\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeDefined();
    const short = await ctx.request(`/api/console/invitations/${token}/accept`, {
      method: 'POST',
      json: { password: 'short' },
    });
    expect(short.status).toBe(400);
    ctx.clock.advanceMs(8 * 24 * 60 * 60_000);
    const late = await ctx.request(`/api/console/invitations/${token}/accept`, {
      method: 'POST',
      json: { password: 'a long enough password' },
    });
    expect(late.status).toBe(404);
  });

  it('does not let a merchant owner invite anyone', async () => {
    const account = await buildAccount(ctx);
    const owner = await createOwner(ctx, account.id);
    const who = await consoleSignIn(ctx, owner.email);
    const response = await asConsole(ctx, who, '/api/console/invitations', {
      method: 'POST',
      json: { email: 'friend@example.test', accountId: account.id },
    });
    expect(response.status).toBe(403);
  });

  it('answers account_not_found when inviting into an unknown account', async () => {
    const who = await signInAdmin(ctx);
    const response = await asConsole(ctx, who, '/api/console/invitations', {
      method: 'POST',
      json: { email: 'x@example.test', accountId: 'acc_nope' },
    });
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('account_not_found');
  });
});

describe('create-admin command', () => {
  it('creates a platform admin with a printed password that signs in, and refuses a duplicate', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openSqliteDatabase } = await import('../../src/db/sqlite/open.ts');
    const databasePath = join(mkdtempSync(join(tmpdir(), 'ct-admin-')), 'app.db');
    const lines: string[] = [];
    const code = await runCreateAdmin(['--email', 'root@example.test'], {
      database: { path: databasePath },
      print: (l) => lines.push(l),
    });
    expect(code).toBe(0);
    const password = /Password \(shown once\): (\S+)/.exec(lines.join('\n'))?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    const { database } = openSqliteDatabase(databasePath);
    expect((await database.repos.users.findByEmail('root@example.test'))?.role).toBe('platform_admin');
    await database.close();
    expect(
      await runCreateAdmin(['--email', 'root@example.test'], {
        database: { path: databasePath },
        print: () => {},
      }),
    ).toBe(1);
    expect(await runCreateAdmin([], { database: { path: databasePath }, print: () => {} })).toBe(2);
  });
});
