import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv, type ServerEnv } from '../../src/env.ts';
import {
  connectStripe,
  createEmulatorStripeClient,
  createRemoteEmulatorEndpoint,
  registerEmulatorWebhookEndpoints,
  type StripeConnection,
} from '../../src/stripe/connection.ts';
import { startEmulator } from '../../src/stripe/emulator/index.ts';
import { HANDLED_WEBHOOK_EVENTS } from '../../src/stripe/webhook-events.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function envOf(source: Record<string, string>): ServerEnv {
  const result = parseEnv({ DATABASE_PATH: ':memory:', ...source });
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.env;
}

async function startTestEmulator() {
  const running = await startEmulator({ port: 0 });
  cleanups.push(() => running.close());
  return running;
}

describe(registerEmulatorWebhookEndpoints.name, () => {
  it('creates a platform and a Connect endpoint, replacing earlier ones for the same URL', async () => {
    const running = await startTestEmulator();
    const stripe = createEmulatorStripeClient(running.url);
    const url = 'http://127.0.0.1:4000/api/webhooks/stripe';
    await registerEmulatorWebhookEndpoints(stripe, url);
    const other = await stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:5/other',
      enabled_events: ['*'],
    });
    const secrets = await registerEmulatorWebhookEndpoints(stripe, url);
    expect(secrets).toHaveLength(2);
    for (const secret of secrets) expect(secret).toMatch(/^whsec_/);
    const endpoints = (await stripe.webhookEndpoints.list({ limit: 100 })).data;
    const ours = endpoints.filter((endpoint) => endpoint.url === url);
    // Subscribed only to what the server handles (no `*`): the PaymentIntent outcomes, reader actions, accounts.
    expect(ours.map((endpoint) => endpoint.enabled_events)).toEqual([
      [...HANDLED_WEBHOOK_EVENTS],
      [...HANDLED_WEBHOOK_EVENTS],
    ]);
    expect(HANDLED_WEBHOOK_EVENTS).toContain('payment_intent.amount_capturable_updated');
    expect(HANDLED_WEBHOOK_EVENTS).not.toContain('charge.succeeded');
    expect(ours.map((endpoint) => Boolean((endpoint as { application?: unknown }).application))).toHaveLength(
      2,
    );
    expect(endpoints.map((endpoint) => endpoint.id)).toContain(other.id);
  });
});

describe(connectStripe.name, () => {
  it('starts the embedded emulator when no key and no API base are set', async () => {
    const wiring: StripeConnection = await connectStripe(envOf({}), () => {});
    cleanups.push(() => wiring.close());
    expect(wiring.mode).toBe('emulator');
    expect(wiring.emulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await wiring.registerWebhookEndpoints('http://127.0.0.1:4000/api/webhooks/stripe');
    expect(wiring.webhookSecrets).toHaveLength(2);
    const listed = await wiring.client.webhookEndpoints.list();
    expect(listed.data).toHaveLength(2);
  });

  it('uses an external emulator at STRIPE_API_BASE for the SDK and the proxy', async () => {
    const running = await startTestEmulator();
    const wiring = await connectStripe(envOf({ STRIPE_API_BASE: running.url }), () => {});
    expect(wiring.mode).toBe('emulator');
    await wiring.client.webhookEndpoints.create({ url: 'http://127.0.0.1:6/hook', enabled_events: ['*'] });
    if (!wiring.emulator) throw new Error('expected an emulator endpoint');
    const listed = await wiring.emulator.fetch(
      new Request('http://pos.local/v1/webhook_endpoints', {
        headers: { authorization: 'Bearer sk_test_countertop' },
      }),
    );
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { data: unknown[] }).data).toHaveLength(1);
  });

  it('talks to real Stripe with the configured webhook secret and no emulator', async () => {
    const wiring = await connectStripe(
      envOf({ STRIPE_SECRET_KEY: 'sk_test_123', STRIPE_WEBHOOK_SECRET: 'whsec_abc' }),
      () => {},
    );
    expect(wiring.mode).toBe('stripe');
    expect(wiring.emulator).toBeNull();
    expect(wiring.webhookSecrets).toEqual(['whsec_abc']);
  });
});

describe(createRemoteEmulatorEndpoint.name, () => {
  it('keeps the path, query, method and body', async () => {
    const running = await startTestEmulator();
    const endpoint = createRemoteEmulatorEndpoint(running.url);
    const created = await endpoint.fetch(
      new Request('http://pos.local/v1/webhook_endpoints?expand[]=application', {
        method: 'POST',
        headers: {
          authorization: 'Bearer sk_test_countertop',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'url=http%3A%2F%2F127.0.0.1%3A7%2Fhook&enabled_events[]=*',
      }),
    );
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({
      object: 'webhook_endpoint',
      url: 'http://127.0.0.1:7/hook',
    });
  });
});
