// Contract: webhook endpoints and signed deliveries verified with stripe.webhooks.constructEvent; platform vs
// `connect: true` endpoints; retries after a non-2xx; /v1/events. Delivery tests are emulator-only: real
// Stripe cannot reach a receiver on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChargeableAccount, EMULATOR_ONLY, IS_REAL_STRIPE, openTarget, type Target } from './target.ts';

interface Received {
  path: string;
  body: string;
  signature: string;
}

let target: Target;
let stripe: Stripe;
let server: Server;
let receiverUrl: string;
const received: Received[] = [];
let failNext = 0;

beforeAll(async () => {
  target = await openTarget();
  stripe = target.stripe;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', body, signature: String(req.headers['stripe-signature'] ?? '') });
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end('fail');
      } else res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await target.close();
});

describe('webhook endpoints', () => {
  it('returns the signing secret only when the endpoint is created', async () => {
    const ep = await stripe.webhookEndpoints.create({
      url: 'https://example.com/hooks',
      enabled_events: ['payment_intent.succeeded'],
    });
    expect(ep.secret).toMatch(/^whsec_/);
    const got = await stripe.webhookEndpoints.retrieve(ep.id);
    expect(got.secret).toBeUndefined();
    const deleted = await stripe.webhookEndpoints.del(ep.id);
    expect(deleted.deleted).toBe(true);
  });
});

describe.skipIf(IS_REAL_STRIPE)(`deliveries (${EMULATOR_ONLY})`, () => {
  it('signs platform events so constructEvent verifies them, and connect events carry the account', async () => {
    const platform = await stripe.webhookEndpoints.create({
      url: `${receiverUrl}/platform`,
      enabled_events: ['*'],
    });
    const connect = await stripe.webhookEndpoints.create({
      url: `${receiverUrl}/connect`,
      enabled_events: ['payment_intent.succeeded', 'account.updated'],
      connect: true,
    });
    const merchant = await createChargeableAccount(target);
    const pi = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
    });
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    const direct = await stripe.paymentIntents.create(
      { amount: 3000, currency: 'usd', allowed_payment_method_types: ['card'] },
      { stripeAccount: merchant.id },
    );
    await stripe.paymentIntents.confirm(
      direct.id,
      { payment_method: 'pm_card_visa' },
      { stripeAccount: merchant.id },
    );
    await target.control('POST', '/_emulator/webhooks/flush');

    const platformEvents = received
      .filter((r) => r.path === '/platform')
      .map((r) => stripe.webhooks.constructEvent(r.body, r.signature, String(platform.secret)));
    const succeeded = platformEvents.find((e) => e.type === 'payment_intent.succeeded');
    expect((succeeded?.data.object as Stripe.PaymentIntent | undefined)?.id).toBe(pi.id);
    expect(succeeded?.account).toBeUndefined();
    expect(platformEvents.some((e) => (e.data.object as { id: string }).id === direct.id)).toBe(false);

    const connectEvents = received
      .filter((r) => r.path === '/connect')
      .map((r) => stripe.webhooks.constructEvent(r.body, r.signature, String(connect.secret)));
    const connected = connectEvents.find((e) => e.type === 'payment_intent.succeeded');
    expect(connected?.account).toBe(merchant.id);
    expect((connected?.data.object as Stripe.PaymentIntent | undefined)?.id).toBe(direct.id);
    const accountUpdated = connectEvents.find((e) => e.type === 'account.updated');
    expect(accountUpdated?.data.previous_attributes).toHaveProperty('charges_enabled', false);
    expect(() =>
      stripe.webhooks.constructEvent(received[0]?.body ?? '', received[0]?.signature ?? '', 'whsec_wrong'),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
    await stripe.webhookEndpoints.del(platform.id);
    await stripe.webhookEndpoints.del(connect.id);
  });

  it('retries a delivery after a non-2xx response', async () => {
    const ep = await stripe.webhookEndpoints.create({
      url: `${receiverUrl}/retry`,
      enabled_events: ['payment_intent.created'],
    });
    failNext = 1;
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
    });
    await target.control('POST', '/_emulator/webhooks/flush');
    await target.control('POST', '/_emulator/webhooks/flush');
    const attempts = received.filter((r) => r.path === '/retry');
    expect(attempts).toHaveLength(2);
    const ids = attempts.map((a) => (JSON.parse(a.body) as { id: string }).id);
    expect(ids[0]).toBe(ids[1]);
    const log = (await target.control('GET', '/_emulator/webhooks/deliveries')) as {
      data: { endpoint_id: string; status: string; attempts: number }[];
    };
    const mine = log.data.filter((d) => d.endpoint_id === ep.id);
    expect(mine).toEqual([expect.objectContaining({ status: 'succeeded', attempts: 2 })]);
    const event = await stripe.events.retrieve(ids[0] ?? '');
    expect((event.data.object as Stripe.PaymentIntent).id).toBe(pi.id);
    expect(event.request?.id).toMatch(/^req_/);
    await stripe.webhookEndpoints.del(ep.id);
  });
});

describe('GET /v1/events', () => {
  it('lists events by type, newest first', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
    });
    const events = await stripe.events.list({ type: 'payment_intent.created', limit: 3 });
    expect(events.data[0]?.type).toBe('payment_intent.created');
    expect((events.data[0]?.data.object as Stripe.PaymentIntent | undefined)?.id).toBe(pi.id);
  });
});
