// The recovery sweeper against the embedded emulator: it settles sales a crash or a lost response left
// unfinished (capture once, link a PaymentIntent we never recorded, cancel abandoned ones), leaves live
// checkouts alone, and lists duplicate and orphan charges for refund.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Merchant, presentCard, setUpMerchant, TEST_CARDS } from '../checkout/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildRecovery, counterApi, emulatorTruth } from './support.ts';

let ctx: TestContext;
let merchant: Merchant;

beforeEach(async () => {
  ctx = await createTestContext();
  merchant = await setUpMerchant(ctx, { tipping: false });
});

afterEach(async () => {
  await ctx.close();
});

async function approvedButNotSynced(amountMinor: number) {
  const counter = counterApi(ctx, merchant);
  const created = await counter.createSale(amountMinor);
  expect(created.status).toBe(201);
  const saleId = created.body.sale.id;
  const attempt = await counter.startAttempt(saleId, merchant.readers.serverDriven.id);
  expect(attempt.status, JSON.stringify(attempt.body)).toBe(200);
  await presentCard(ctx, merchant, TEST_CARDS.visa);
  return { saleId, paymentIntentId: attempt.body.attempt.paymentIntentId };
}

describe('recovery sweeper', () => {
  it('captures an approved authorization the server never settled, exactly once across sweeps', async () => {
    const { saleId, paymentIntentId } = await approvedButNotSynced(1234);
    const recovery = buildRecovery(ctx).recovery;

    ctx.clock.advanceMs(11_000);
    const first = await recovery.sweep();
    const second = await recovery.sweep();

    const sale = ctx.db
      .prepare('SELECT status, total_minor, application_fee_minor FROM sales WHERE id = ?')
      .get(saleId);
    expect(sale).toMatchObject({ status: 'succeeded', total_minor: 1234 });
    expect(first.settled).toBe(1);
    expect(second.settled).toBe(0);
    const truth = await emulatorTruth(ctx, merchant);
    expect(truth.bySale.get(saleId)?.map((intent) => intent.id)).toEqual([paymentIntentId]);
    expect(truth.capturedChargesBySale.get(saleId)).toBe(1);
    expect(truth.capturedMinor).toBe(1234);
  });

  it('leaves a sale touched in the last seconds to its live checkout', async () => {
    const { saleId } = await approvedButNotSynced(500);
    const report = await buildRecovery(ctx).recovery.sweep();
    expect(report.examined).toBe(0);
    const row = ctx.db.prepare('SELECT status FROM sales WHERE id = ?').get(saleId);
    expect(row).toEqual({ status: 'awaiting_payment' });
  });

  it('links a PaymentIntent whose creation was never recorded and settles the sale', async () => {
    const { saleId, paymentIntentId } = await approvedButNotSynced(777);
    // As if the server died after Stripe created the PaymentIntent but before our write.
    ctx.db.prepare('UPDATE sales SET payment_intent_id = NULL WHERE id = ?').run(saleId);
    ctx.db
      .prepare(`UPDATE payment_attempts SET payment_intent_id = NULL, status = 'pending' WHERE sale_id = ?`)
      .run(saleId);

    ctx.clock.advanceMs(11_000);
    const report = await buildRecovery(ctx).recovery.sweep();

    expect(report.linked).toBe(1);
    const row = ctx.db.prepare('SELECT status, payment_intent_id FROM sales WHERE id = ?').get(saleId);
    expect(row).toEqual({ status: 'succeeded', payment_intent_id: paymentIntentId });
    expect((await emulatorTruth(ctx, merchant)).capturedChargesBySale.get(saleId)).toBe(1);
  });

  it('cancels a PaymentIntent left waiting for a card past the abandonment threshold', async () => {
    const counter = counterApi(ctx, merchant);
    const created = await counter.createSale(900);
    const saleId = created.body.sale.id;
    const attempt = await counter.startAttempt(saleId, merchant.readers.serverDriven.id);
    expect(attempt.status).toBe(200);

    const recovery = buildRecovery(ctx, { abandonAfterMs: 60_000 }).recovery;
    ctx.clock.advanceMs(30_000);
    expect((await recovery.sweep()).canceled).toBe(0);
    ctx.clock.advanceMs(31_000);
    const report = await recovery.sweep();

    expect(report.canceled).toBe(1);
    const intent = await ctx.stripe.paymentIntents.retrieve(
      attempt.body.attempt.paymentIntentId,
      {},
      merchant.on,
    );
    expect(intent.status).toBe('canceled');
    expect(ctx.db.prepare('SELECT status FROM sales WHERE id = ?').get(saleId)).toEqual({
      status: 'canceled',
    });
  });

  it('cancels a journaled sale for which Stripe never created a PaymentIntent', async () => {
    const counter = counterApi(ctx, merchant);
    const saleId = (await counter.createSale(450)).body.sale.id;
    // The journal row written before a Stripe call that never happened (crash right after journaling).
    ctx.db
      .prepare(
        `INSERT INTO payment_attempts (id, sale_id, attempt_key, reader_id, integration, status, created_at_ms, updated_at_ms, attempt_number)
         VALUES ('att_crash', ?, 'key-crash', ?, 'server_driven', 'pending', ?, ?, 1)`,
      )
      .run(saleId, merchant.readers.serverDriven.id, ctx.clock.nowMs(), ctx.clock.nowMs());
    ctx.db.prepare(`UPDATE sales SET status = 'awaiting_payment' WHERE id = ?`).run(saleId);

    const recovery = buildRecovery(ctx, { abandonAfterMs: 60_000 }).recovery;
    ctx.clock.advanceMs(61_000);
    const report = await recovery.sweep();

    expect(report.canceled).toBe(1);
    expect(ctx.db.prepare('SELECT status FROM sales WHERE id = ?').get(saleId)).toEqual({
      status: 'canceled',
    });
    expect(ctx.db.prepare('SELECT status FROM payment_attempts WHERE id = ?').get('att_crash')).toEqual({
      status: 'canceled',
    });
  });

  it('refuses to start a PaymentIntent when a replayed attempt targets a sale the sweeper canceled', async () => {
    const counter = counterApi(ctx, merchant);
    const saleId = (await counter.createSale(450)).body.sale.id;
    ctx.db
      .prepare(
        `INSERT INTO payment_attempts (id, sale_id, attempt_key, reader_id, integration, status, created_at_ms, updated_at_ms, attempt_number)
         VALUES ('att_replay', ?, '6f1c1b7e-0000-4000-8000-000000000001', ?, 'server_driven', 'pending', ?, ?, 1)`,
      )
      .run(saleId, merchant.readers.serverDriven.id, ctx.clock.nowMs(), ctx.clock.nowMs());
    ctx.db.prepare(`UPDATE sales SET status = 'awaiting_payment' WHERE id = ?`).run(saleId);
    ctx.clock.advanceMs(61_000);
    await buildRecovery(ctx, { abandonAfterMs: 60_000 }).recovery.sweep();

    const replay = await counter.startAttempt(
      saleId,
      merchant.readers.serverDriven.id,
      '6f1c1b7e-0000-4000-8000-000000000001',
    );
    expect(replay.status).toBe(409);
    expect((await emulatorTruth(ctx, merchant)).bySale.get(saleId)).toBeUndefined();
  });

  it('flags an authorization still uncaptured near its capture deadline, and clears it once captured', async () => {
    ctx.clock.setMs(Date.now()); // the emulator's clock: capture_before is in its time
    merchant = {
      ...merchant,
      signIn: await ctx.signIn(merchant.register.code, merchant.staff.id, merchant.staff.pin),
    };
    const { saleId, paymentIntentId } = await approvedButNotSynced(2000);
    const intent = await ctx.stripe.paymentIntents.retrieve(
      paymentIntentId,
      { expand: ['latest_charge'] },
      merchant.on,
    );
    const charge = intent.latest_charge as {
      payment_method_details?: { card_present?: { capture_before?: number } };
    };
    const captureBefore = charge.payment_method_details?.card_present?.capture_before;
    expect(captureBefore).toBeTypeOf('number');

    // An hour before the deadline; the sale was touched "just now" so only the scan sees it.
    ctx.clock.setMs((captureBefore ?? 0) * 1000 - 3_600_000);
    const watcher = buildRecovery(ctx, { settleAfterMs: Number.MAX_SAFE_INTEGER / 2 }).recovery;
    const flagged = await watcher.sweep();
    expect(flagged.anomalies).toBe(1);
    expect(await watcher.listAnomalies({ status: 'open' })).toMatchObject([
      { kind: 'capture_deadline', saleId, paymentIntentId, deadlineS: captureBefore },
    ]);

    await buildRecovery(ctx).recovery.sweep();
    expect(ctx.db.prepare('SELECT status FROM sales WHERE id = ?').get(saleId)).toEqual({
      status: 'succeeded',
    });
    await watcher.sweep();
    expect(await watcher.listAnomalies({ status: 'open' })).toEqual([]);
  });

  it('lists a charge taken for a sale we had closed as a charge without a sale', async () => {
    const { saleId } = await approvedButNotSynced(640);
    ctx.db.prepare(`UPDATE sales SET status = 'canceled' WHERE id = ?`).run(saleId);
    await ctx.stripe.paymentIntents.capture(
      (await emulatorTruth(ctx, merchant)).bySale.get(saleId)?.[0]?.id ?? '',
      {},
      merchant.on,
    );
    const recovery = buildRecovery(ctx).recovery;
    await recovery.sweep();
    expect((await recovery.listAnomalies()).map((a) => [a.kind, a.saleId])).toEqual([
      ['orphan_charge', saleId],
    ]);
  });

  it('lists a second successful charge for one sale, and a charge naming no sale of ours, once each', async () => {
    const { saleId } = await approvedButNotSynced(1000);
    const recovery = buildRecovery(ctx).recovery;
    ctx.clock.advanceMs(11_000);
    await recovery.sweep();

    // A rogue second charge for the same sale and one for a sale we never recorded.
    for (const rogueSaleId of [saleId, 'sale_unknown']) {
      const rogue = await ctx.stripe.paymentIntents.create(
        {
          amount: 1000,
          currency: 'usd',
          allowed_payment_method_types: ['card_present'],
          capture_method: 'automatic',
          metadata: { sale_id: rogueSaleId },
        },
        merchant.on,
      );
      await ctx.stripe.terminal.readers.processPaymentIntent(
        merchant.readers.serverDriven.stripeReaderId,
        { payment_intent: rogue.id },
        merchant.on,
      );
      await presentCard(ctx, merchant, TEST_CARDS.visa);
    }

    const first = await recovery.sweep();
    const second = await recovery.sweep();

    expect(first.anomalies).toBe(2);
    expect(second.anomalies).toBe(0);
    const anomalies = await recovery.listAnomalies({ status: 'open' });
    expect(anomalies.map((a) => [a.kind, a.saleId, a.amountMinor]).sort()).toEqual([
      ['duplicate_charge', saleId, 1000],
      ['orphan_charge', 'sale_unknown', 1000],
    ]);
  });
});
