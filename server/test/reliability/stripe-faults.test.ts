// Stripe faults: checkouts through the real HTTP API, checkout service and stripe-node gateway while the
// emulator answers a seeded share of PaymentIntent calls with 500s, delays them past a short SDK timeout,
// or drops the connection after committing the write. The cashier's client behaves like the POS client
// (retries with the same attemptKey, syncs after anything ambiguous, cancels when stuck); the sweeper runs
// once the faults stop. Every sale must end definite, no sale may hold two PaymentIntents or two
// captures, and our totals must equal the emulator's to the cent.
import { randomUUID } from 'node:crypto';
import { AttemptResponseSchema, SaleResponseSchema, type SaleStatus } from '@countertop/shared';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Merchant, presentCard, setUpMerchant, TEST_CARDS } from '../checkout/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import {
  appWithStripe,
  buildRecovery,
  emulatorTruth,
  faultCounters,
  impatientStripe,
  registerClient,
  seededRandom,
  setFaults,
} from './support.ts';

const SEED = 20261126;
const CHECKOUTS = 32;
const SDK_TIMEOUT_MS = 100;
const MAX_TRIES = 6;

let ctx: TestContext;

beforeEach(async () => {
  ctx = await createTestContext();
});

afterEach(async () => {
  await ctx.close();
});

const DEFINITE: readonly SaleStatus[] = ['succeeded', 'payment_failed', 'canceled'];

async function runCheckout(
  client: ReturnType<typeof registerClient>,
  merchant: Merchant,
  plan: { amountMinor: number; declineFirst: boolean; cashierCancels: boolean },
): Promise<{ saleId: string; sawStatus: SaleStatus | null }> {
  const created = await client.call('POST', '/api/counter/sales', {
    clientSaleId: randomUUID(),
    keyedAmountMinor: plan.amountMinor,
  });
  expect(created.status).toBe(201);
  const saleId = SaleResponseSchema.parse(created.body).sale.id;

  const startAttempt = async (): Promise<boolean> => {
    const attemptKey = randomUUID();
    for (let i = 0; i < MAX_TRIES; i++) {
      const started = await client.call('POST', `/api/counter/sales/${saleId}/attempts`, {
        attemptKey,
        readerId: merchant.readers.serverDriven.id,
      });
      if (started.status === 200) return AttemptResponseSchema.safeParse(started.body).success;
      if (started.status < 500 && started.status !== 409) return false;
    }
    return false;
  };
  const syncUntilDefinite = async (): Promise<SaleStatus | null> => {
    for (let i = 0; i < MAX_TRIES; i++) {
      const synced = await client.call('POST', `/api/counter/sales/${saleId}/sync`);
      const parsed = SaleResponseSchema.safeParse(synced.body);
      if (synced.status === 200 && parsed.success && DEFINITE.includes(parsed.data.sale.status)) {
        return parsed.data.sale.status;
      }
    }
    return null;
  };
  const cancel = async (): Promise<SaleStatus | null> => {
    for (let i = 0; i < MAX_TRIES; i++) {
      const canceled = await client.call('POST', `/api/counter/sales/${saleId}/cancel`);
      if (canceled.status === 200) return SaleResponseSchema.parse(canceled.body).sale.status;
      if (canceled.status === 409) return syncUntilDefinite();
    }
    return null;
  };

  if (!(await startAttempt())) return { saleId, sawStatus: await cancel() };
  if (plan.cashierCancels) return { saleId, sawStatus: await cancel() };
  if (plan.declineFirst) {
    await presentCard(ctx, merchant, TEST_CARDS.declined).catch(() => undefined);
    const afterDecline = await syncUntilDefinite();
    if (afterDecline !== 'payment_failed') return { saleId, sawStatus: afterDecline };
    if (!(await startAttempt())) return { saleId, sawStatus: await cancel() };
  }
  const presented = await presentCard(ctx, merchant, TEST_CARDS.visa).then(
    () => true,
    () => false,
  );
  if (!presented) return { saleId, sawStatus: await cancel() };
  return { saleId, sawStatus: (await syncUntilDefinite()) ?? (await cancel()) };
}

it('keeps every sale definite and charged at most once while Stripe fails, times out and drops responses', async () => {
  const merchant = await setUpMerchant(ctx, { tipping: false });
  const client = registerClient(
    appWithStripe(ctx, impatientStripe(ctx.emulator?.url ?? '', SDK_TIMEOUT_MS)),
    merchant,
  );
  const random = seededRandom(SEED);
  // First half: faults on PaymentIntent calls; second half: on Terminal reader calls (process, display,
  // cancel_action, retrieve), where a dropped response hides that the reader already got the payment.
  const injected: Record<string, number> = {};
  const outcomes: { saleId: string; sawStatus: SaleStatus | null }[] = [];
  for (const [phase, pathPrefix] of ['/v1/payment_intents', '/v1/terminal'].entries()) {
    await setFaults(ctx, {
      error_rate: 0.15,
      delay_rate: 0.08,
      delay_ms: SDK_TIMEOUT_MS * 2,
      drop_after_commit_rate: 0.06, // stripe-node retries a closed connection once after ~0.5 s
      path_prefix: pathPrefix,
      seed: SEED + phase,
    });
    for (let i = 0; i < CHECKOUTS / 2; i++) {
      const roll = random();
      outcomes.push(
        await runCheckout(client, merchant, {
          amountMinor: 100 + Math.floor(random() * 9_900),
          declineFirst: roll < 0.15,
          cashierCancels: roll >= 0.15 && roll < 0.25,
        }),
      );
    }
    const counters = ((await faultCounters(ctx)) as { injected?: Record<string, number> }).injected ?? {};
    for (const [kind, count] of Object.entries(counters)) injected[kind] = (injected[kind] ?? 0) + count;
  }
  await setFaults(ctx, null);
  // Let delayed writes land, then the sweeper settles whatever the cashier could not.
  await new Promise((resolve) => setTimeout(resolve, SDK_TIMEOUT_MS * 4));
  ctx.clock.advanceMs(31 * 60_000);
  const sweep = await buildRecovery(ctx).recovery.sweep();

  const truth = await emulatorTruth(ctx, merchant);
  const rows = ctx.db
    .prepare('SELECT id, status, total_minor, payment_intent_id FROM sales WHERE account_id = ?')
    .all(merchant.account.id) as {
    id: string;
    status: SaleStatus;
    total_minor: number;
    payment_intent_id: string | null;
  }[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const duplicated = [...truth.bySale.entries()].filter(([, intents]) => intents.length > 1);
  const doubleCaptured = [...truth.capturedChargesBySale.entries()].filter(([, n]) => n > 1);
  const lost = truth.intents.filter((intent) => {
    if (intent.status !== 'succeeded') return false;
    const sale = byId.get(intent.metadata.sale_id ?? '');
    return sale?.status !== 'succeeded' || sale.payment_intent_id !== intent.id;
  });
  const indefinite = rows.filter((row) => row.status !== 'succeeded' && row.status !== 'canceled');
  const cashierSawNothing = outcomes.filter((outcome) => outcome.sawStatus === null).length;
  const oursMinor = rows
    .filter((row) => row.status === 'succeeded')
    .reduce((sum, row) => sum + row.total_minor, 0);

  console.log(
    `[stripe-faults] seed=${SEED} checkouts=${CHECKOUTS} http_calls=${client.calls()} faults_injected=${JSON.stringify(injected)} ` +
      `cashier_saw_no_outcome=${cashierSawNothing} sweep=${JSON.stringify(sweep)} succeeded=${rows.filter((r) => r.status === 'succeeded').length} ` +
      `lost=${lost.length} duplicated=${duplicated.length} double_captured=${doubleCaptured.length} ` +
      `ours_minor=${oursMinor} stripe_minor=${truth.capturedMinor}`,
  );
  expect((injected.errors ?? 0) + (injected.delays ?? 0) + (injected.drops ?? 0)).toBeGreaterThan(10);
  expect(lost.map((intent) => intent.id)).toEqual([]);
  expect(duplicated.map(([saleId]) => saleId)).toEqual([]);
  expect(doubleCaptured).toEqual([]);
  expect(indefinite.map((row) => `${row.id}:${row.status}`)).toEqual([]);
  expect(oursMinor).toBe(truth.capturedMinor);
});
