import { RegisterSignInInfoSchema, SessionResponseSchema } from '@countertop/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeServices } from '../../src/compose.ts';
import type { Clock } from '../../src/runtime.ts';
import {
  DEMO_SIGN_INS,
  type DemoSeedDeps,
  demoPairingCodes,
  isDatabaseEmpty,
  seedDemo,
} from '../../src/seed/demo.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await ctx.close();
});

/** The seed's dependencies, as main.ts builds them (checkout composed over the clock it is given). */
function seedDeps(): DemoSeedDeps {
  return {
    database: ctx.database,
    connect: ctx.services.gateways.connect,
    consoleAuth: ctx.services.consoleAuth,
    clock: ctx.clock,
    ids: ctx.composeOptions.ids,
    log: ctx.composeOptions.log,
    emulatorUrl: ctx.emulator?.url ?? '',
    checkoutAt: (clock: Clock) => {
      const services = composeServices({ ...ctx.composeOptions, clock });
      return { checkout: services.checkout, payments: services.gateways.payments, drawer: services.drawer };
    },
  };
}

function count(table: string): number {
  return (ctx.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0) as number;
}

describe(seedDemo.name, () => {
  it('creates onboarded accounts, locations and readers through Stripe, and the counter data', async () => {
    expect(await isDatabaseEmpty(ctx.repos)).toBe(true);
    const seeded = await seedDemo(seedDeps());
    expect(seeded?.accounts.map((a) => [a.businessName, a.country, a.currency, a.chargeType])).toEqual([
      ['Bean Counter Coffee', 'US', 'usd', 'direct'],
      ['Kissa Tanpopo', 'JP', 'jpy', 'destination'],
    ]);
    const [bean, kissa] = seeded?.accounts ?? [];
    expect(bean?.feePlan).toEqual({ bps: 150, fixedMinor: 10, minMinor: 10, maxMinor: null });
    expect(kissa?.feePlan).toEqual({ bps: 200, fixedMinor: 0, minMinor: 0, maxMinor: null });
    for (const account of seeded?.accounts ?? []) {
      expect(account.chargesEnabled).toBe(true);
      const remote = await ctx.stripe.accounts.retrieve(account.stripeAccountId);
      expect(remote.charges_enabled).toBe(true);
      expect(remote.details_submitted).toBe(true);
    }
    expect(seeded?.locations.map((l) => [l.name, l.timeZone])).toEqual([
      ['Mission St', 'America/Los_Angeles'],
      ['Brooklyn', 'America/New_York'],
      ['Shibuya', 'Asia/Tokyo'],
    ]);

    // Direct charges keep Terminal objects on the connected account, destination charges on the platform.
    const mission = seeded?.locations[0];
    const missionLocation = await ctx.stripe.terminal.locations.retrieve(
      mission?.stripeLocationId ?? '',
      {},
      { stripeAccount: bean?.stripeAccountId },
    );
    expect(missionLocation.id).toBe(mission?.stripeLocationId);
    const shibuya = seeded?.locations[2];
    const platformReaders = await ctx.stripe.terminal.readers.list({
      location: shibuya?.stripeLocationId ?? '',
    });
    expect(platformReaders.data).toHaveLength(2);

    const readers = await ctx.repos.readers.listByLocation(mission?.id ?? '');
    expect(readers.map((r) => r.integration).sort()).toEqual(['js_sdk', 'server_driven']);
    expect(readers.every((r) => r.stripeReaderId.startsWith('tmr_'))).toBe(true);
    expect(count('registers')).toBe(DEMO_SIGN_INS.length);
    expect(count('staff')).toBe(6);
    expect((await ctx.repos.products.listActive(kissa?.id ?? ''))[0]).toMatchObject({
      name: 'Blend coffee',
      priceMinor: 480,
    });
  });

  it('lets the printed demo sign-ins sign in, on a device paired with the printed pairing code', async () => {
    await seedDemo(seedDeps());
    const codes = await demoPairingCodes(ctx.repos, ctx.services.pairing);
    expect([...codes.keys()]).toEqual(DEMO_SIGN_INS.map((entry) => entry.registerCode));
    for (const entry of DEMO_SIGN_INS) {
      const pairing = await ctx.request('/api/counter/pairing', {
        method: 'POST',
        json: { code: codes.get(entry.registerCode) },
      });
      expect(pairing.status).toBe(200);
      const info = RegisterSignInInfoSchema.parse(await pairing.json());
      const cookie = /ct_register=[^;]+/.exec(pairing.headers.get('set-cookie') ?? '')?.[0] ?? '';
      const first = entry.staff[0];
      const staffId = info.staff.find((s) => s.displayName === first?.name)?.id ?? '';
      const signedIn = await ctx.signInOn(
        { cookie, csrfToken: info.csrfToken, info },
        staffId,
        first?.pin ?? '',
      );
      const { session } = SessionResponseSchema.parse(await signedIn.json());
      expect(session.register.code).toBe(entry.registerCode);
      expect(session.account.canCharge).toBe(true);
    }
  });

  it('does nothing on a database that already has data', async () => {
    await seedDemo(seedDeps());
    const accountsBefore = (await ctx.stripe.accounts.list({ limit: 100 })).data.length;
    expect(await seedDemo(seedDeps())).toBeNull();
    expect(count('accounts')).toBe(2);
    expect((await ctx.stripe.accounts.list({ limit: 100 })).data.length).toBe(accountsBefore);
  });

  it('hands the seeded accounts to the past-sales hook', async () => {
    const calls: string[][] = [];
    await seedDemo(seedDeps(), {
      pastSales: async (_deps, seeded) => {
        calls.push(seeded.accounts.map((a) => a.businessName));
      },
    });
    expect(calls).toEqual([['Bean Counter Coffee', 'Kissa Tanpopo']]);
  });
});
