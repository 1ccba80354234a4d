// seedPastSales: a backdated sales history recorded through the real gateway against the emulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeServices } from '../../src/compose.ts';
import type { Clock } from '../../src/runtime.ts';
import { type DemoSeedDeps, seedDemo } from '../../src/seed/demo.ts';
import { seedPastSales } from '../../src/seed/past-sales.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext;

beforeEach(async () => {
  ctx = await createTestContext();
});

afterEach(async () => {
  await ctx.close();
});

/** The seed's dependencies, as main.ts builds them: checkout composed over the clock the seed moves. */
function demoSeedDeps(emulatorUrl: string): DemoSeedDeps {
  return {
    database: ctx.database,
    connect: ctx.services.gateways.connect,
    consoleAuth: ctx.services.consoleAuth,
    clock: ctx.clock,
    ids: ctx.composeOptions.ids,
    log: ctx.composeOptions.log,
    emulatorUrl,
    checkoutAt: (clock: Clock) => {
      const services = composeServices({ ...ctx.composeOptions, clock });
      return { checkout: services.checkout, payments: services.gateways.payments, drawer: services.drawer };
    },
  };
}

describe(seedPastSales.name, () => {
  it('records paid, backdated sales with matching PaymentIntents and puts the emulator clock back', async () => {
    const emulatorUrl = ctx.emulator!.url;
    const seeded = await seedDemo(demoSeedDeps(emulatorUrl), {
      pastSales: (deps, result) => seedPastSales(deps, result, { days: 2, salesPerDay: [2, 3] }),
    });
    expect(seeded).not.toBeNull();

    const rows = ctx.db
      .prepare(
        'SELECT id, status, created_at_ms, payment_intent_id, account_id FROM sales ORDER BY created_at_ms',
      )
      .all() as {
      id: string;
      status: string;
      created_at_ms: number;
      payment_intent_id: string | null;
      account_id: string;
    }[];
    const locations = seeded!.locations.length;
    expect(rows.length).toBeGreaterThanOrEqual(locations * 2);
    expect(rows.every((row) => row.created_at_ms <= ctx.clock.nowMs())).toBe(true);
    expect(rows.some((row) => row.created_at_ms < ctx.clock.nowMs() - 86_400_000)).toBe(true);
    const paid = rows.filter((row) => row.status === 'succeeded');
    expect(paid.length).toBeGreaterThan(rows.length / 2);

    const tipped = ctx.db
      .prepare("SELECT count(*) AS n FROM sales WHERE status = 'succeeded' AND tip_minor > 0")
      .get() as {
      n: number;
    };
    expect(tipped.n).toBeGreaterThan(0);

    // The history takes cash too (no PaymentIntent), and closes each day's drawer.
    const cash = ctx.db.prepare("SELECT count(*) AS n FROM sale_tenders WHERE method = 'cash'").get() as {
      n: number;
    };
    expect(cash.n).toBeGreaterThan(0);
    const closedShifts = ctx.db
      .prepare('SELECT count(*) AS n FROM drawer_shifts WHERE closed_at_ms IS NOT NULL')
      .get() as {
      n: number;
    };
    expect(closedShifts.n).toBeGreaterThan(0);
    const openShifts = ctx.db
      .prepare('SELECT count(*) AS n FROM drawer_shifts WHERE closed_at_ms IS NULL')
      .get() as {
      n: number;
    };
    expect(openShifts.n).toBe(0);

    // A card payment: the sale paid directly by card, or a card part of a split sale.
    const sale = (await ctx.repos.sales.findById(paid.find((row) => row.payment_intent_id !== null)!.id))!;
    const account = (await ctx.repos.accounts.findById(sale.accountId))!;
    const intent = await ctx.stripe.paymentIntents.retrieve(
      sale.paymentIntentId!,
      {},
      account.chargeType === 'direct' ? { stripeAccount: account.stripeAccountId } : undefined,
    );
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount_received: sale.totalMinor,
      metadata: { sale_id: sale.id },
    });
    expect(Math.abs(intent.created * 1000 - sale.createdAtMs)).toBeLessThan(60_000);

    const clock = (await (await fetch(`${emulatorUrl}/_emulator/clock`)).json()) as { now: number };
    expect(Math.abs(clock.now * 1000 - ctx.clock.nowMs())).toBeLessThan(5_000);
  });
});
