// Test harness for the emulator's Terminal slice: an in-process emulator (no port), a /v1 caller that
// form-encodes params exactly like stripe-node (`a[b][0][c]=v`), a JSON caller for /_emulator routes, and
// small fixtures (onboarded connected account, location, simulated reader, Terminal PaymentIntent).
import { createEmulator, type Emulator } from '../../src/stripe/emulator/index.ts';

export type Params = { [key: string]: unknown };
/** A decoded JSON body, loosely typed so tests can walk it with `?.` (ids via `String(...)`). */
export interface Json {
  [key: string]: Json | undefined;
}

/** The `data` array of a list body. */
export function items(body: Json | undefined): Json[] {
  return (body?.data ?? []) as unknown as Json[];
}

export interface Reply {
  status: number;
  body: Json;
  headers: Headers;
}

const BASE = 'http://emulator.test';

export function encodeForm(params: Params, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    const name = prefix === '' ? key : `${prefix}[${key}]`;
    if (value === undefined) continue;
    if (value === null) out.push(`${name}=`);
    else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (typeof item === 'object' && item !== null)
          out.push(...encodeForm(item as Params, `${name}[${index}]`));
        else out.push(`${name}[${index}]=${encodeURIComponent(String(item))}`);
      });
    } else if (typeof value === 'object') out.push(...encodeForm(value as Params, name));
    else out.push(`${name}=${encodeURIComponent(String(value))}`);
  }
  return out;
}

export interface Harness {
  emulator: Emulator;
  v1(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params?: Params,
    opts?: { account?: string; key?: string; idempotencyKey?: string },
  ): Promise<Reply>;
  json(
    method: 'GET' | 'POST' | 'DELETE' | 'OPTIONS',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  onboardedAccount(country?: string): Promise<string>;
  location(opts?: { account?: string; configuration_overrides?: string }): Promise<string>;
  reader(opts?: { account?: string; location?: string | null; code?: string }): Promise<Json>;
  paymentIntent(params?: Params, opts?: { account?: string }): Promise<Json>;
  events(type: string, opts?: { account?: string }): Promise<Json[]>;
}

export function createHarness(): Harness {
  const emulator = createEmulator();

  async function send(request: Request): Promise<Reply> {
    const res = await emulator.fetch(request);
    const text = await res.text();
    let body: Json = {};
    try {
      body = text === '' ? {} : (JSON.parse(text) as Json);
    } catch {
      body = { raw: text } as unknown as Json;
    }
    return { status: res.status, body, headers: res.headers };
  }

  const h: Harness = {
    emulator,
    v1(method, path, params = {}, opts = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${opts.key ?? 'sk_test_terminal'}` };
      if (opts.account !== undefined) headers['stripe-account'] = opts.account;
      if (opts.idempotencyKey !== undefined) headers['idempotency-key'] = opts.idempotencyKey;
      const encoded = encodeForm(params).join('&');
      if (method === 'POST') {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        return send(new Request(`${BASE}${path}`, { method, headers, body: encoded }));
      }
      return send(new Request(`${BASE}${path}${encoded === '' ? '' : `?${encoded}`}`, { method, headers }));
    },
    json(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
      }
      return send(new Request(`${BASE}${path}`, init));
    },
    async onboardedAccount(country = 'US') {
      const created = await h.v1('POST', '/v1/accounts', {
        country,
        controller: {
          stripe_dashboard: { type: 'express' },
          fees: { payer: 'application' },
          losses: { payments: 'application' },
        },
        capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
      });
      if (created.status !== 200) throw new Error(`account create failed: ${JSON.stringify(created.body)}`);
      const id = String(created.body.id);
      const done = await h.json('POST', `/_emulator/accounts/${id}/onboarding`, { outcome: 'complete' });
      if (done.status !== 200) throw new Error(`onboarding failed: ${JSON.stringify(done.body)}`);
      return id;
    },
    async location(opts = {}) {
      const res = await h.v1(
        'POST',
        '/v1/terminal/locations',
        {
          display_name: 'Main Street',
          address: {
            line1: '1 Main St',
            city: 'San Francisco',
            state: 'CA',
            postal_code: '94110',
            country: 'US',
          },
          ...(opts.configuration_overrides ? { configuration_overrides: opts.configuration_overrides } : {}),
        },
        opts,
      );
      if (res.status !== 200) throw new Error(`location create failed: ${JSON.stringify(res.body)}`);
      return String(res.body.id);
    },
    async reader(opts = {}) {
      const location = opts.location === undefined ? await h.location(opts) : opts.location;
      const res = await h.v1(
        'POST',
        '/v1/terminal/readers',
        { registration_code: opts.code ?? 'simulated-wpe', ...(location === null ? {} : { location }) },
        opts,
      );
      if (res.status !== 200) throw new Error(`reader create failed: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async paymentIntent(params = {}, opts = {}) {
      const res = await h.v1(
        'POST',
        '/v1/payment_intents',
        {
          amount: 1500,
          currency: 'usd',
          allowed_payment_method_types: ['card_present'],
          capture_method: 'manual',
          ...params,
        },
        opts,
      );
      if (res.status !== 200) throw new Error(`payment intent create failed: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async events(type, opts = {}) {
      const res = await h.v1('GET', '/v1/events', { type, limit: 100 }, opts);
      return items(res.body);
    },
  };
  return h;
}
