// POST /api/webhooks/stripe: signature verification on the raw body, exactly-once processing, and sales
// re-derived from the retrieved PaymentIntent whatever the delivery order.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type Sale, SaleResponseSchema } from '@countertop/shared';
import { serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInProcessSaleLock } from '../../src/locks/sale-lock.ts';
import { registerEmulatorWebhookEndpoints } from '../../src/stripe/connection.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { api, type Merchant, presentCard, setUpMerchant, TEST_CARDS } from './support.ts';

const SECRET = 'whsec_test_checkout_webhooks';

let ctx: TestContext;

beforeEach(async () => {
  ctx = await createTestContext();
  ctx.connection.webhookSecrets.push(SECRET);
});

afterEach(async () => {
  await ctx.close();
});

function eventFor(
  type: string,
  object: unknown,
  account: string | null,
  id = `evt_${randomUUID().replaceAll('-', '')}`,
) {
  return JSON.stringify({
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    type,
    account,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  });
}

function deliver(payload: string, signature?: string) {
  return ctx.app.request('/api/webhooks/stripe', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === undefined ? {} : { 'stripe-signature': signature }),
    },
    body: payload,
  });
}

function sign(payload: string, secret = SECRET) {
  return ctx.stripe.webhooks.generateTestHeaderString({ payload, secret });
}

function processedEvents(): number {
  return (ctx.db.prepare('SELECT count(*) AS n FROM processed_webhook_events').get() as { n: number }).n;
}

/** A sale authorized on a server-driven reader but never synced by the counter. */
async function authorizedSale(merchant: Merchant) {
  const created = await api<{ sale: Sale }>(ctx, merchant.signIn, 'POST', '/api/counter/sales', {
    clientSaleId: randomUUID(),
    keyedAmountMinor: 2500,
  });
  const sale = SaleResponseSchema.parse(created.body).sale;
  const started = await api<{ attempt: { paymentIntentId: string } }>(
    ctx,
    merchant.signIn,
    'POST',
    `/api/counter/sales/${sale.id}/attempts`,
    { attemptKey: randomUUID(), readerId: merchant.readers.serverDriven.id },
  );
  expect(started.status).toBe(200);
  await presentCard(ctx, merchant, TEST_CARDS.visa, 300);
  const intent = await ctx.stripe.paymentIntents.retrieve(
    started.body.attempt.paymentIntentId,
    {},
    merchant.on,
  );
  return { sale, intent };
}

async function saleStatus(merchant: Merchant, saleId: string) {
  const response = await api<{ sale: Sale }>(ctx, merchant.signIn, 'GET', `/api/counter/sales/${saleId}`);
  return SaleResponseSchema.parse(response.body).sale;
}

describe('POST /api/webhooks/stripe', () => {
  it('rejects a delivery without a signature with 400 and records nothing', async () => {
    const response = await deliver(
      eventFor('payment_intent.created', { id: 'pi_x', object: 'payment_intent' }, null),
    );
    expect(response.status).toBe(400);
    expect(processedEvents()).toBe(0);
  });

  it('rejects a signature made with another secret, or over another body', async () => {
    const payload = eventFor('payment_intent.created', { id: 'pi_x', object: 'payment_intent' }, null);
    expect((await deliver(payload, sign(payload, 'whsec_someone_else'))).status).toBe(400);
    expect((await deliver(`${payload} `, sign(payload))).status).toBe(400);
    expect(processedEvents()).toBe(0);
  });

  it('acknowledges events about objects that are not ours, once', async () => {
    const payload = eventFor('payment_intent.created', { id: 'pi_unknown', object: 'payment_intent' }, null);
    const response = await deliver(payload, sign(payload));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    expect(processedEvents()).toBe(1);
  });

  it('settles an authorized sale from payment_intent.amount_capturable_updated and applies a duplicate once', async () => {
    const merchant = await setUpMerchant(ctx);
    const { sale, intent } = await authorizedSale(merchant);
    expect(intent.status).toBe('requires_capture');

    const payload = eventFor('payment_intent.amount_capturable_updated', intent, merchant.stripeAccount.id);
    const first = await deliver(payload, sign(payload));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    expect(await saleStatus(merchant, sale.id)).toMatchObject({
      status: 'succeeded',
      tipMinor: 300,
      totalMinor: 2800,
    });

    const again = await deliver(payload, sign(payload));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(processedEvents()).toBe(1);
    const captured = await ctx.stripe.paymentIntents.retrieve(intent.id, {}, merchant.on);
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 2800 });
  });

  it("acknowledges a late event for a captured sale without taking the sale's lock", async () => {
    // A context whose sale lock records what it locks.
    await ctx.close();
    const locked: string[] = [];
    const inProcess = createInProcessSaleLock();
    ctx = await createTestContext({
      compose: {
        saleLock: {
          withLock: (saleId, work) => {
            locked.push(saleId);
            return inProcess.withLock(saleId, work);
          },
        },
      },
    });
    ctx.connection.webhookSecrets.push(SECRET);
    const merchant = await setUpMerchant(ctx);
    const { sale, intent } = await authorizedSale(merchant);
    const capturable = eventFor(
      'payment_intent.amount_capturable_updated',
      intent,
      merchant.stripeAccount.id,
    );
    expect((await deliver(capturable, sign(capturable))).status).toBe(200);
    expect(locked.filter((id) => id === sale.id).length).toBeGreaterThan(0);
    const lockedBefore = locked.length;

    const captured = await ctx.stripe.paymentIntents.retrieve(intent.id, {}, merchant.on);
    const succeeded = eventFor('payment_intent.succeeded', captured, merchant.stripeAccount.id);
    const response = await deliver(succeeded, sign(succeeded));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    expect(locked).toHaveLength(lockedBefore);
    expect(processedEvents()).toBe(2);
    expect((await saleStatus(merchant, sale.id)).status).toBe('succeeded');
  });

  it('ignores the stale payload of a late event and keeps the truth from Stripe', async () => {
    const merchant = await setUpMerchant(ctx);
    const { sale, intent } = await authorizedSale(merchant);
    const settled = eventFor('payment_intent.amount_capturable_updated', intent, merchant.stripeAccount.id);
    await deliver(settled, sign(settled));
    // payment_intent.created arrives last, carrying the PaymentIntent as it was at creation.
    const late = eventFor(
      'payment_intent.created',
      { ...intent, status: 'requires_payment_method', amount_capturable: 0 },
      merchant.stripeAccount.id,
    );
    expect((await deliver(late, sign(late))).status).toBe(200);
    expect((await saleStatus(merchant, sale.id)).status).toBe('succeeded');
    expect(processedEvents()).toBe(2);
  });

  it('records account.updated capability changes as Stripe has them now, not as the payload says', async () => {
    const merchant = await setUpMerchant(ctx);
    // Stripe rejects the account (charges and payouts disabled)…
    const rejected = await fetch(
      `${ctx.emulator?.url}/_emulator/accounts/${merchant.stripeAccount.id}/reject`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      },
    );
    expect(rejected.status).toBe(200);
    // …and an event whose payload still shows the account enabled arrives: the account is re-read.
    const payload = eventFor(
      'account.updated',
      {
        id: merchant.stripeAccount.id,
        object: 'account',
        charges_enabled: true,
        details_submitted: true,
        payouts_enabled: true,
        requirements: { currently_due: [] },
      },
      merchant.stripeAccount.id,
    );
    expect((await deliver(payload, sign(payload))).status).toBe(200);
    expect(await ctx.repos.accounts.findById(merchant.account.id)).toMatchObject({
      chargesEnabled: false,
      payoutsEnabled: false,
      standing: { rejectedReason: 'rejected.other' },
    });
  });
});

describe('webhook deliveries from the emulator', () => {
  it('settles a sale the counter never synced, from real signed deliveries', async () => {
    const server = serve({ fetch: ctx.app.fetch, hostname: '127.0.0.1', port: 0 });
    try {
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      const secrets = await registerEmulatorWebhookEndpoints(
        ctx.stripe,
        `http://127.0.0.1:${port}/api/webhooks/stripe`,
      );
      ctx.connection.webhookSecrets.splice(0, ctx.connection.webhookSecrets.length, ...secrets);
      const merchant = await setUpMerchant(ctx);
      const { sale } = await authorizedSale(merchant);

      for (let round = 0; round < 3; round += 1) {
        await fetch(`${ctx.emulator?.url}/_emulator/webhooks/flush`, { method: 'POST' });
      }
      expect(await saleStatus(merchant, sale.id)).toMatchObject({ status: 'succeeded', totalMinor: 2800 });
      const deliveries = (await (
        await fetch(`${ctx.emulator?.url}/_emulator/webhooks/deliveries`)
      ).json()) as {
        data: { event_type: string; status: string; log: { status: number | null }[] }[];
      };
      const attempted = deliveries.data.filter((delivery) => delivery.log.length > 0);
      expect(attempted.map((delivery) => delivery.event_type)).toContain(
        'payment_intent.amount_capturable_updated',
      );
      expect(attempted.every((delivery) => delivery.log.every((attempt) => attempt.status === 200))).toBe(
        true,
      );
      expect(processedEvents()).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });
});
