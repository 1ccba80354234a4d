/**
 * Chooses and builds the connection to Stripe for the composition root: real Stripe when
 * STRIPE_SECRET_KEY is set without STRIPE_API_BASE; an external emulator at STRIPE_API_BASE; otherwise
 * the embedded emulator started in-process on an ephemeral port. Also registers the two webhook
 * endpoints (platform + Connect) on an emulator and keeps their `whsec_` secrets.
 */
import { dirname, join } from 'node:path';
import Stripe from 'stripe';
import type { ServerEnv } from '../env.ts';
import type { Logger } from '../runtime.ts';
import { startEmulator } from './emulator/index.ts';
import { HANDLED_WEBHOOK_EVENTS } from './webhook-events.ts';

export const EMULATOR_API_KEY = 'sk_test_countertop';

/** Anything that answers the emulator's HTTP surface: the embedded emulator or a proxy to an external one. */
export interface EmulatorEndpoint {
  fetch(request: Request): Promise<Response>;
}

export interface StripeConnection {
  /** stripe-node, to Stripe or to the emulator; only Stripe adapters and the composition root use it. */
  client: Stripe;
  mode: 'emulator' | 'stripe';
  /** Base URL of the emulator (for logs and seeding controls), or null with real Stripe. */
  emulatorUrl: string | null;
  emulator: EmulatorEndpoint | null;
  /** Secrets webhook deliveries are verified against; filled by registerWebhookEndpoints in emulator mode. */
  webhookSecrets: string[];
  /** Emulator mode: (re)creates the platform and Connect endpoints pointing at `url`. No-op with real Stripe. */
  registerWebhookEndpoints(url: string): Promise<void>;
  close(): Promise<void>;
}

/** A stripe-node client for an emulator at `baseUrl` (http only; the SDK's own wire format, no mocks). */
export function createEmulatorStripeClient(baseUrl: string, apiKey: string = EMULATOR_API_KEY): Stripe {
  const url = new URL(baseUrl);
  return new Stripe(apiKey, {
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    telemetry: false,
    maxNetworkRetries: 2,
  });
}

/** Forwards requests to an emulator over HTTP, keeping path and query. */
export function createRemoteEmulatorEndpoint(baseUrl: string): EmulatorEndpoint {
  const base = new URL(baseUrl);
  return {
    async fetch(request) {
      const incoming = new URL(request.url);
      const target = new URL(incoming.pathname + incoming.search, base);
      const init: RequestInit = { method: request.method, headers: request.headers, redirect: 'manual' };
      if (request.method !== 'GET' && request.method !== 'HEAD') init.body = await request.arrayBuffer();
      return fetch(target, init);
    },
  };
}

/**
 * Registers (replacing any earlier ones with the same URL) the platform and Connect webhook endpoints,
 * subscribed only to the event types the server handles (every other delivery would cost both sides a
 * request for nothing). A real Stripe endpoint is configured with the same list (docs/CHECKOUT.md).
 */
export async function registerEmulatorWebhookEndpoints(stripe: Stripe, url: string): Promise<string[]> {
  for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 })) {
    if (endpoint.url === url) await stripe.webhookEndpoints.del(endpoint.id);
  }
  const platform = await stripe.webhookEndpoints.create({
    url,
    enabled_events: [...HANDLED_WEBHOOK_EVENTS],
    description: 'Countertop POS (platform events)',
  });
  const connect = await stripe.webhookEndpoints.create({
    url,
    enabled_events: [...HANDLED_WEBHOOK_EVENTS],
    connect: true,
    description: 'Countertop POS (connected account events)',
  });
  return [platform.secret, connect.secret].filter((secret): secret is string => typeof secret === 'string');
}

export async function connectStripe(env: ServerEnv, log: Logger): Promise<StripeConnection> {
  if (env.stripeMode === 'stripe') {
    const stripe = new Stripe(env.stripeSecretKey ?? '', { telemetry: false, maxNetworkRetries: 2 });
    return {
      client: stripe,
      mode: 'stripe',
      emulatorUrl: null,
      emulator: null,
      webhookSecrets: env.stripeWebhookSecret ? [env.stripeWebhookSecret] : [],
      registerWebhookEndpoints: async () => {},
      close: async () => {},
    };
  }

  const webhookSecrets: string[] = [];
  const finish = (
    stripe: Stripe,
    emulatorUrl: string,
    emulator: EmulatorEndpoint,
    close: () => Promise<void>,
  ) => ({
    client: stripe,
    mode: 'emulator' as const,
    emulatorUrl,
    emulator,
    webhookSecrets,
    async registerWebhookEndpoints(url: string) {
      const secrets = await registerEmulatorWebhookEndpoints(stripe, url);
      webhookSecrets.splice(0, webhookSecrets.length, ...secrets);
    },
    close,
  });

  if (env.stripeApiBase) {
    const stripe = createEmulatorStripeClient(env.stripeApiBase, env.stripeSecretKey ?? EMULATOR_API_KEY);
    return finish(stripe, env.stripeApiBase, createRemoteEmulatorEndpoint(env.stripeApiBase), async () => {});
  }

  const databasePath =
    env.databasePath === ':memory:' ? ':memory:' : join(dirname(env.databasePath), 'stripe-emulator.db');
  const running = await startEmulator({
    port: 0,
    databasePath,
    // The emulator logs only problems (a crashed handler, a failed webhook delivery).
    log: (line) => log(`[stripe-emulator] ${line}`, 'warn'),
  });
  const stripe = createEmulatorStripeClient(running.url);
  return finish(stripe, running.url, running.emulator, () => running.close());
}
