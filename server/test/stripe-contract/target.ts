// Gives the contract suites a Stripe client for their target: the embedded emulator (default; started on an
// ephemeral port) or real Stripe test mode when STRIPE_SECRET_KEY is set. Suites must only use the official
// SDK against `target.stripe`; emulator-only helpers (clock, faults, onboarding) skip under real Stripe.
import Stripe from 'stripe';
import { startEmulator } from '../../src/stripe/emulator/index.ts';

export const REAL_STRIPE_KEY = process.env.STRIPE_SECRET_KEY;
export const IS_REAL_STRIPE = Boolean(REAL_STRIPE_KEY);
/** Reason attached to emulator-only tests. */
export const EMULATOR_ONLY =
  'uses /_emulator controls (clock, faults, onboarding, webhook flush) that real Stripe does not have';

export interface Target {
  kind: 'emulator' | 'stripe';
  stripe: Stripe;
  /** A client with custom options (same target). */
  client(options?: Stripe.StripeConfig, key?: string): Stripe;
  /** Emulator base URL (null under real Stripe). */
  emulatorUrl: string | null;
  /** POST/GET an emulator control (throws under real Stripe). */
  control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export async function openTarget(): Promise<Target> {
  if (REAL_STRIPE_KEY) {
    const make = (options: Stripe.StripeConfig = {}, key = REAL_STRIPE_KEY) =>
      new Stripe(key, { telemetry: false, ...options });
    return {
      kind: 'stripe',
      stripe: make(),
      client: make,
      emulatorUrl: null,
      control: () => Promise.reject(new Error('emulator controls are not available against real Stripe')),
      close: async () => {},
    };
  }
  const running = await startEmulator({ port: 0, webhookRetryDelaysMs: [50, 100] });
  const make = (options: Stripe.StripeConfig = {}, key = 'sk_test_countertop_contract') =>
    new Stripe(key, {
      host: '127.0.0.1',
      port: running.port,
      protocol: 'http',
      telemetry: false,
      ...options,
    });
  return {
    kind: 'emulator',
    stripe: make(),
    client: make,
    emulatorUrl: running.url,
    async control(method, path, body) {
      const res = await fetch(`${running.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`control ${method} ${path} → ${res.status}: ${text}`);
      return text ? (JSON.parse(text) as unknown) : null;
    },
    close: () => running.close(),
  };
}

/**
 * A connected account that can take card payments. Emulator: created, then onboarded through the hosted
 * onboarding control. Real Stripe: a Custom account prefilled with Stripe's documented test data.
 */
export async function createChargeableAccount(
  target: Target,
  dashboard: 'express' | 'full' | 'none' = 'express',
): Promise<Stripe.Account> {
  if (target.kind === 'stripe') {
    return target.stripe.accounts.create({
      type: 'custom',
      country: 'US',
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
      business_type: 'individual',
      business_profile: { mcc: '5812', url: 'https://example.com' },
      tos_acceptance: { date: Math.floor(Date.now() / 1000), ip: '127.0.0.1' },
      external_account: 'btok_us_verified',
      individual: {
        first_name: 'Jenny',
        last_name: 'Rosen',
        email: 'jenny@example.com',
        phone: '+15555550100',
        id_number: '000000000',
        dob: { day: 1, month: 1, year: 1901 },
        address: { line1: 'address_full_match', city: 'San Francisco', state: 'CA', postal_code: '94102' },
      },
    });
  }
  const controller: Stripe.AccountCreateParams.Controller =
    dashboard === 'full'
      ? { stripe_dashboard: { type: 'full' } }
      : dashboard === 'express'
        ? {
            stripe_dashboard: { type: 'express' },
            fees: { payer: 'application' },
            losses: { payments: 'application' },
          }
        : {
            stripe_dashboard: { type: 'none' },
            fees: { payer: 'application' },
            losses: { payments: 'application' },
            requirement_collection: 'application',
          };
  const account = await target.stripe.accounts.create({
    country: 'US',
    controller,
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
  });
  await target.control('POST', `/_emulator/accounts/${account.id}/onboarding`, { outcome: 'complete' });
  return target.stripe.accounts.retrieve(account.id);
}

/** The StripeError a request fails with (throws if it succeeds or fails otherwise). */
export async function failureOf(request: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const outcome = await request.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (outcome === undefined) throw new Error('expected the request to fail, but it succeeded');
  if (!(outcome instanceof Stripe.errors.StripeError)) throw outcome;
  return outcome;
}

/**
 * Polls `probe` until it returns something other than undefined: Stripe's test mode acts asynchronously
 * (a dispute opens, evidence is decided) a moment after the request that triggers it — seconds in Stripe,
 * ~100 ms in the emulator.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = IS_REAL_STRIPE ? 60_000 : 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, IS_REAL_STRIPE ? 1000 : 25));
  }
}
