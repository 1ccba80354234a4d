// Webhook chaos: the real events the emulator recorded for a batch of checkouts whose browsers never synced
// are delivered duplicated (1–3 times), reordered (seeded shuffle), some held back and delivered last
// (delayed), interleaved with forgeries (body altered after signing, wrong secret, no header, timestamp
// older than the 5-minute tolerance). Forgeries must get 400; genuine events are applied exactly once and
// leave every sale captured exactly once, with our totals equal to the emulator's.
import type Stripe from 'stripe';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { presentCard, setUpMerchant, TEST_CARDS } from '../checkout/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { counterApi, emulatorTruth, seededRandom } from './support.ts';

const SEED = 611;
const SECRET = 'whsec_reliability_chaos';
const SALES = 10;

let ctx: TestContext;

beforeEach(async () => {
  ctx = await createTestContext();
  ctx.connection.webhookSecrets.push(SECRET);
});

afterEach(async () => {
  await ctx.close();
});

function deliver(payload: string, signature: string | undefined) {
  return ctx.app.request('/api/webhooks/stripe', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === undefined ? {} : { 'stripe-signature': signature }),
    },
    body: payload,
  });
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

it('rejects forged deliveries and applies duplicated, reordered and delayed events exactly once', async () => {
  const merchant = await setUpMerchant(ctx, { tipping: false });
  const counter = counterApi(ctx, merchant);
  const random = seededRandom(SEED);
  const saleIds: string[] = [];
  for (let i = 0; i < SALES; i++) {
    const sale = (await counter.createSale(200 + Math.floor(random() * 5_000))).body.sale;
    const attempt = await counter.startAttempt(sale.id, merchant.readers.serverDriven.id);
    expect(attempt.status).toBe(200);
    await presentCard(ctx, merchant, TEST_CARDS.visa);
    saleIds.push(sale.id);
  }

  const seen = new Set<string>();
  const applied = new Map<string, number>();
  const figures = { deliveries: 0, duplicates: 0, delayed: 0, forged: 0, forgedAccepted: 0 };
  const now = () => Math.floor(Date.now() / 1000);
  const sign = (payload: string, secret = SECRET, timestamp = now()) =>
    ctx.stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

  // Two rounds: the authorizations' events, then the events our captures caused.
  for (let round = 0; round < 2; round++) {
    const events = (
      await ctx.stripe.events.list({ limit: 100 }, merchant.on).autoPagingToArray({ limit: 1_000 })
    ).filter((event: Stripe.Event) => !seen.has(event.id));
    for (const event of events) seen.add(event.id);
    const copies = events.flatMap((event) =>
      Array.from({ length: 1 + Math.floor(random() * 3) }, () => event),
    );
    const shuffled = shuffle(copies, random);
    const heldBack = shuffled.filter(() => random() < 0.2);
    const ordered = [...shuffled.filter((event) => !heldBack.includes(event)), ...heldBack];
    figures.delayed += heldBack.length;

    for (const event of ordered) {
      const payload = JSON.stringify(event);
      // A forgery before some genuine deliveries.
      if (random() < 0.3) {
        figures.forged += 1;
        const kind = Math.floor(random() * 4);
        const tampered = payload.replace(/"amount":(\d+)/, '"amount":1');
        const forged =
          kind === 0
            ? await deliver(tampered === payload ? `${payload} ` : tampered, sign(payload))
            : kind === 1
              ? await deliver(payload, sign(payload, 'whsec_attacker'))
              : kind === 2
                ? await deliver(payload, undefined)
                : await deliver(payload, sign(payload, SECRET, now() - 600));
        const body = (await forged.json()) as { error?: { code?: string } };
        if (forged.status !== 400 || body.error?.code !== 'invalid_request') figures.forgedAccepted += 1;
      }
      figures.deliveries += 1;
      const response = await deliver(payload, sign(payload));
      expect(response.status, await response.clone().text()).toBe(200);
      const ack = (await response.json()) as { duplicate: boolean };
      if (ack.duplicate) figures.duplicates += 1;
      else applied.set(event.id, (applied.get(event.id) ?? 0) + 1);
    }
  }

  const truth = await emulatorTruth(ctx, merchant);
  const rows = ctx.db
    .prepare('SELECT id, status, total_minor FROM sales WHERE account_id = ?')
    .all(merchant.account.id) as { id: string; status: string; total_minor: number }[];
  const appliedTwice = [...applied.entries()].filter(([, n]) => n > 1);
  const lost = rows.filter((row) => row.status !== 'succeeded');
  const doubleCaptured = [...truth.capturedChargesBySale.values()].filter((n) => n > 1);
  const processed = ctx.db.prepare('SELECT count(*) AS n FROM processed_webhook_events').get() as {
    n: number;
  };
  const oursMinor = rows.reduce((sum, row) => sum + row.total_minor, 0);
  console.log(
    `[webhook-chaos] seed=${SEED} events=${seen.size} deliveries=${figures.deliveries} duplicates_answered=${figures.duplicates} ` +
      `delayed=${figures.delayed} forged=${figures.forged} forged_accepted=${figures.forgedAccepted} ` +
      `applied_twice=${appliedTwice.length} lost=${lost.length} double_captured=${doubleCaptured.length} ` +
      `ours_minor=${oursMinor} stripe_minor=${truth.capturedMinor}`,
  );
  expect(figures.forged).toBeGreaterThan(5);
  expect(figures.forgedAccepted).toBe(0);
  expect(appliedTwice).toEqual([]);
  expect(applied.size).toBe(seen.size);
  expect(processed.n).toBe(seen.size);
  expect(lost).toEqual([]);
  expect(rows.map((row) => row.id).sort()).toEqual([...saleIds].sort());
  expect(doubleCaptured).toEqual([]);
  expect(oursMinor).toBe(truth.capturedMinor);
  // Nothing logged while handling all of this carries a card number or a secret.
  expect(ctx.logs.join('\n')).not.toMatch(/4242424242424242|\bsk_(test|live)_|\bwhsec_/);
});
