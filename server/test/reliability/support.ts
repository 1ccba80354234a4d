/**
 * Reliability test helpers: counter API calls that return status + body (no assertions, so fault tests can
 * see failures), the recovery sweeper over a test context, and the emulator's truth for a merchant
 * (every PaymentIntent naming a sale, with its charges) to compare our records with.
 */
import { randomUUID } from 'node:crypto';
import type { AttemptResponse, Sale } from '@countertop/shared';
import Stripe from 'stripe';
import type { App } from '../../src/app.ts';
import type { RecoveryOptions } from '../../src/services/recovery.service.ts';
import { api, type Merchant } from '../checkout/support.ts';
import type { TestContext } from '../support/context.ts';

export type ApiResult<T> = { status: number; body: T };

export function counterApi(ctx: TestContext, merchant: Merchant) {
  const call = <T>(method: string, path: string, json?: unknown) =>
    api<T>(ctx, merchant.signIn, method, path, json);
  return {
    createSale: (amountMinor: number, clientSaleId: string = randomUUID()) =>
      call<{ sale: Sale }>('POST', '/api/counter/sales', { clientSaleId, keyedAmountMinor: amountMinor }),
    startAttempt: (saleId: string, readerId: string, attemptKey: string = randomUUID()) =>
      call<AttemptResponse>('POST', `/api/counter/sales/${saleId}/attempts`, { attemptKey, readerId }),
    sync: (saleId: string) => call<{ sale: Sale }>('POST', `/api/counter/sales/${saleId}/sync`),
    cancel: (saleId: string) => call<{ sale: Sale }>('POST', `/api/counter/sales/${saleId}/cancel`),
    get: (saleId: string) => call<{ sale: Sale }>('GET', `/api/counter/sales/${saleId}`),
  };
}

/**
 * The sweeper over the test context's database and emulator, in services composed for it (its own checkout
 * service instance), scanning for anomalies on every sweep.
 */
export function buildRecovery(ctx: TestContext, options: Partial<RecoveryOptions> = {}) {
  const { config } = ctx.composeOptions;
  return ctx.compose({ config: { ...config, recovery: { ...config.recovery, scanEveryMs: 0, ...options } } })
    .services;
}

export interface EmulatorTruth {
  intents: Stripe.PaymentIntent[];
  /** sale id → its PaymentIntents. */
  bySale: Map<string, Stripe.PaymentIntent[]>;
  /** Sum of amount_received over succeeded PaymentIntents. */
  capturedMinor: number;
  /** Captured charges per sale (a sale with 2 is a double charge). */
  capturedChargesBySale: Map<string, number>;
}

/** Every PaymentIntent of the merchant in the emulator, grouped by `metadata.sale_id` (faults must be off). */
export async function emulatorTruth(ctx: TestContext, merchant: Merchant): Promise<EmulatorTruth> {
  const intents = await ctx.stripe.paymentIntents
    .list({ limit: 100, expand: ['data.latest_charge'] }, merchant.on)
    .autoPagingToArray({ limit: 10_000 });
  const bySale = new Map<string, Stripe.PaymentIntent[]>();
  const capturedChargesBySale = new Map<string, number>();
  let capturedMinor = 0;
  for (const intent of intents) {
    const saleId = intent.metadata.sale_id ?? '(none)';
    bySale.set(saleId, [...(bySale.get(saleId) ?? []), intent]);
    if (intent.status === 'succeeded') {
      capturedMinor += intent.amount_received;
      capturedChargesBySale.set(saleId, (capturedChargesBySale.get(saleId) ?? 0) + 1);
    }
  }
  return { intents, bySale, capturedMinor, capturedChargesBySale };
}

export async function setFaults(ctx: TestContext, faults: Record<string, unknown> | null): Promise<void> {
  const url = `${ctx.emulator?.url}/_emulator/faults`;
  const response = await fetch(url, {
    method: faults ? 'POST' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    ...(faults ? { body: JSON.stringify(faults) } : {}),
  });
  if (!response.ok) throw new Error(`faults: ${response.status} ${await response.text()}`);
}

export async function faultCounters(ctx: TestContext): Promise<unknown> {
  const response = await fetch(`${ctx.emulator?.url}/_emulator/faults`);
  return response.json();
}

/** Mulberry32: a tiny seeded PRNG so every fault test replays the same choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A stripe-node client for the emulator with a short timeout and no SDK retries (our code must cope). */
export function impatientStripe(emulatorUrl: string, timeoutMs: number): Stripe {
  const url = new URL(emulatorUrl);
  return new Stripe('sk_test_countertop', {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    telemetry: false,
    maxNetworkRetries: 0,
    timeout: timeoutMs,
  });
}

export interface HttpResult {
  status: number;
  body: unknown;
}

/** A register's browser: calls one app instance with the merchant's counter session, counting calls. */
export function registerClient(app: App, merchant: Merchant) {
  let calls = 0;
  async function call(method: string, path: string, json?: unknown): Promise<HttpResult> {
    calls += 1;
    const headers: Record<string, string> = { cookie: merchant.signIn.cookie };
    if (method !== 'GET') headers['x-csrf-token'] = merchant.signIn.csrfToken;
    if (json !== undefined) headers['content-type'] = 'application/json';
    const response = await app.request(path, {
      method,
      headers,
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body };
  }
  return { call, calls: () => calls };
}

/** The app composed over the test context's database and Stripe connection, with another stripe-node client. */
export function appWithStripe(ctx: TestContext, stripe: Stripe): App {
  return ctx.compose({ stripe: { ...ctx.connection, client: stripe } }).app;
}
