// Sign-in limits that hold (services/sign-in-limiter.ts). Under concurrency, on both backends: 50 parallel
// attempts — wrong PINs with the right one among them, wrong console passwords, wrong pairing codes — and at
// most the free allowance is ever checked (PostgreSQL: the attempts split across two connection pools, as
// two server processes would). And through the API: the back-off grows and never locks for good, a PIN
// cannot be tried at each register in turn, and guesses from an attacker's device or browser never keep the
// real person out of a device they use (or one a manager approved).
import { CSRF_HEADER } from '@countertop/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { openPostgresDatabase } from '../../src/db/postgres/open.ts';
import { createManualClock, createSequentialIds } from '../../src/runtime.ts';
import { type AuthService, createAuthService } from '../../src/services/auth.service.ts';
import { createConsoleAuthService } from '../../src/services/console-auth.service.ts';
import { createMemoryMailer } from '../../src/services/mailer.ts';
import { createRegisterPairing, type RegisterPairing } from '../../src/services/register-pairing.service.ts';
import { createSignInLimiter, SIGN_IN_LIMITS } from '../../src/services/sign-in-limiter.ts';
import { consoleSignIn, createAdmin, TEST_PASSWORD } from '../platform/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import {
  createPostgresDatabase,
  openTestDatabase,
  TEST_BACKENDS,
  type TestBackend,
} from '../support/databases.ts';
import { buildCounter, buildRegister, buildStaff } from '../support/factories.ts';

const PARALLEL = 50;

/** The services of one "server process" over `database`. */
function servicesOver(database: Database, clock: ReturnType<typeof createManualClock>) {
  const ids = createSequentialIds();
  const limiter = createSignInLimiter({ database, clock });
  return {
    auth: createAuthService({ database, clock, ids, limiter, sessionTtlMinutes: 60 }),
    pairing: createRegisterPairing({ database, clock, ids, limiter }),
    consoleAuth: createConsoleAuthService({
      database,
      clock,
      ids,
      limiter,
      mailer: createMemoryMailer(),
      sessionTtlMinutes: 60,
      idleTimeoutMinutes: 30,
      publicUrl: 'http://127.0.0.1:3000',
    }),
  };
}

/** One database, seen through one pool (SQLite) or two pools (PostgreSQL). */
async function openDatabases(backend: TestBackend): Promise<{ pools: Database[]; close(): Promise<void> }> {
  if (backend === 'sqlite') {
    const test = await openTestDatabase('sqlite');
    return { pools: [test.database], close: test.close };
  }
  const url = await createPostgresDatabase();
  const first = await openPostgresDatabase(url, { poolSize: 5 });
  const second = await openPostgresDatabase(url, { poolSize: 5 });
  return {
    pools: [first.database, second.database],
    close: async () => {
      await first.database.close();
      await second.database.close();
    },
  };
}

async function outcomes(attempts: Promise<unknown>[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const settled of await Promise.allSettled(attempts)) {
    const code =
      settled.status === 'fulfilled'
        ? 'signed_in'
        : ((settled.reason as { code?: string }).code ?? String(settled.reason));
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

describe.each(TEST_BACKENDS)('%s: 50 parallel attempts', (backend) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function setUp() {
    const opened = await openDatabases(backend);
    close = opened.close;
    const clock = createManualClock();
    const [main, other] = opened.pools.map((pool) => ({ pool, ...servicesOver(pool, clock) }));
    if (!main) throw new Error('no database');
    const ctx = { repos: main.pool.repos, clock };
    const counter = await buildCounter(ctx);
    const { code } = await main.pairing.createCode(counter.account.id, counter.register.id, {
      userId: null,
      label: 'test',
    });
    const { paired } = await main.pairing.pair(code, '203.0.113.5');
    const processes: { auth: AuthService; pairing: RegisterPairing; consoleAuth: typeof main.consoleAuth }[] =
      [main, ...(other ? [other] : [])];
    return { main, processes, clock, counter, paired };
  }

  it('checks at most the free allowance of PINs, even with the right PIN in the burst', async () => {
    const { processes, counter, paired } = await setUp();
    const attempts = Array.from({ length: PARALLEL }, (_, i) => {
      const process = processes[i % processes.length];
      const pin = i === PARALLEL - 1 ? counter.staff.pin : String(1000 + i).padStart(4, '0');
      return (
        process?.auth.signIn(paired, { staffId: counter.staff.id, pin }, '203.0.113.5') ?? Promise.resolve()
      );
    });
    const counts = await outcomes(attempts);
    const checked = (counts.invalid_pin ?? 0) + (counts.signed_in ?? 0);
    console.log(`[sign-in-limits] ${backend} PINs: ${JSON.stringify(counts)}`);
    expect(checked).toBeLessThanOrEqual(SIGN_IN_LIMITS.free.identity);
    expect(counts.too_many_attempts).toBeGreaterThanOrEqual(PARALLEL - SIGN_IN_LIMITS.free.identity);
  });

  it('checks at most the free allowance of console passwords', async () => {
    const { main, processes, clock } = await setUp();
    await main.consoleAuth.createPlatformAdmin('burst@limits.test', TEST_PASSWORD);
    clock.advanceMs(1);
    const attempts = Array.from({ length: PARALLEL }, (_, i) =>
      (processes[i % processes.length] ?? main).consoleAuth.signIn(
        { email: 'burst@limits.test', password: i === PARALLEL - 1 ? TEST_PASSWORD : `wrong-${i}` },
        { address: '203.0.113.9', browserToken: undefined },
      ),
    );
    const counts = await outcomes(attempts);
    console.log(`[sign-in-limits] ${backend} passwords: ${JSON.stringify(counts)}`);
    expect((counts.invalid_credentials ?? 0) + (counts.signed_in ?? 0)).toBeLessThanOrEqual(
      SIGN_IN_LIMITS.free.identity,
    );
  });

  it('checks at most the free allowance of pairing codes from one address', async () => {
    const { main, processes } = await setUp();
    const attempts = Array.from({ length: PARALLEL }, (_, i) =>
      (processes[i % processes.length] ?? main).pairing.pair(
        `ABCD${String(2000 + i).slice(-4)}`,
        '198.51.100.7',
      ),
    );
    const counts = await outcomes(attempts);
    console.log(`[sign-in-limits] ${backend} pairing codes: ${JSON.stringify(counts)}`);
    expect(counts.pairing_code_invalid ?? 0).toBeLessThanOrEqual(SIGN_IN_LIMITS.free.pairing);
    expect(counts.too_many_attempts).toBeGreaterThanOrEqual(PARALLEL - SIGN_IN_LIMITS.free.pairing);
  });
});

describe('through the API', () => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  const errorOf = async (response: Response) =>
    ((await response.json()) as { error: { code: string; message: string } }).error;

  it('doubles the wait after each further wrong PIN, up to 15 minutes, and never locks for good', async () => {
    ctx = await createTestContext({ emulator: false });
    const { register, staff } = await buildCounter(ctx);
    const device = await ctx.pair(register.code);
    for (let i = 0; i < SIGN_IN_LIMITS.free.identity; i++) await ctx.signInOn(device, staff.id, '0000');
    const waits: number[] = [];
    for (let round = 0; round < 7; round++) {
      const refused = await ctx.signInOn(device, staff.id, '0000');
      expect(refused.status).toBe(429);
      const wait = Number(refused.headers.get('retry-after'));
      waits.push(wait);
      ctx.clock.advanceMs(wait * 1000);
      // Allowed again (and wrong again).
      expect((await ctx.signInOn(device, staff.id, '0000')).status).toBe(401);
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900]);
    ctx.clock.advanceMs(900_000);
    expect((await ctx.signInOn(device, staff.id, staff.pin)).status).toBe(200);
  });

  it('does not let a PIN be tried at each register in turn: untrusted devices share the staff member’s allowance', async () => {
    ctx = await createTestContext({ emulator: false });
    const { location, register, staff } = await buildCounter(ctx);
    const registers = [register, await buildRegister(ctx, location), await buildRegister(ctx, location)];
    const devices = await Promise.all(registers.map((each) => ctx.pair(each.code)));
    let tried = 0;
    for (const device of devices) {
      for (let i = 0; i < 2; i++) {
        const response = await ctx.signInOn(device, staff.id, String(1000 + tried).padStart(4, '0'));
        tried += 1;
        expect(response.status, `attempt ${tried}`).toBe(tried <= SIGN_IN_LIMITS.free.identity ? 401 : 429);
      }
    }
    expect(tried).toBe(6);
  });

  it("keeps the real staff member signing in on their own device while an attacker's device is delayed", async () => {
    ctx = await createTestContext({ emulator: false, config: { trustProxy: true } });
    const { account, location, register, staff } = await buildCounter(ctx);
    const manager = await buildStaff(ctx, account, [location], { role: 'manager', pin: '8080' });
    // The real person has signed in on the counter's tablet before: it is trusted for them.
    const own = await ctx.signIn(register.code, staff.id, staff.pin);
    // An attacker pairs another device (or holds one) and guesses from another network.
    const attacker = await ctx.pair(register.code);
    const guess = (pin: string) =>
      ctx.request('/api/counter/session', {
        method: 'POST',
        json: { staffId: staff.id, pin },
        headers: {
          cookie: attacker.cookie,
          [CSRF_HEADER]: attacker.csrfToken,
          'x-forwarded-for': '192.0.2.66',
        },
      });
    for (let i = 0; i < 12; i++) await guess(String(5000 + i));
    expect((await guess(staff.pin)).status).toBe(429);

    // The real person, on their tablet: straight in.
    expect((await ctx.signInOn(own.device, staff.id, staff.pin)).status).toBe(200);
    // On a new tablet (never used by them) they wait too, until a manager signed in there approves it.
    const fresh = await ctx.pair(register.code);
    const refused = await ctx.signInOn(fresh, staff.id, staff.pin);
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).message).toMatch(/ask a manager to approve this device/);
    const managerResponse = await ctx.signInOn(fresh, manager.id, manager.pin);
    expect(managerResponse.status).toBe(200);
    const managerCookie = (managerResponse.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await managerResponse.json()) as { csrfToken: string };
    const approved = await ctx.request(`/api/counter/staff/${staff.id}/approve-device`, {
      method: 'POST',
      headers: { cookie: `${managerCookie}; ${fresh.cookie}`, [CSRF_HEADER]: csrfToken },
    });
    expect(approved.status).toBe(204);
    expect((await ctx.signInOn(fresh, staff.id, staff.pin)).status).toBe(200);
    // Staff cannot approve devices.
    const byStaff = await ctx.request(`/api/counter/staff/${manager.id}/approve-device`, {
      method: 'POST',
      as: own,
    });
    expect(byStaff.status).toBe(403);
  });

  it("keeps a console user signing in from their own browser while an attacker's guesses are delayed", async () => {
    ctx = await createTestContext({ emulator: false, config: { trustProxy: true } });
    const admin = await createAdmin(ctx, 'owner-of-it@limits.test');
    // The real person signed in from this browser before: it holds its ct_browser cookie.
    const earlier = await consoleSignIn(ctx, admin.email);
    const browser = /ct_browser=[^;]+/.exec(earlier.setCookie)?.[0] ?? '';
    expect(browser).not.toBe('');
    const attempt = (password: string, headers: Record<string, string>) =>
      ctx.request('/api/console/session', {
        method: 'POST',
        json: { email: admin.email, password },
        headers,
      });
    for (let i = 0; i < 8; i++) await attempt(`guess number ${i}`, { 'x-forwarded-for': '192.0.2.66' });
    const attackerRight = await attempt(TEST_PASSWORD, { 'x-forwarded-for': '192.0.2.66' });
    expect(attackerRight.status).toBe(429);
    expect(Number(attackerRight.headers.get('retry-after'))).toBeGreaterThan(0);
    const own = await attempt(TEST_PASSWORD, { cookie: browser, 'x-forwarded-for': '203.0.113.20' });
    expect(own.status).toBe(200);
  });
});
