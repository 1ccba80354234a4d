import { describe, expect, it } from 'vitest';
import { buildTestEmulator } from './support.ts';

async function control(
  emu: ReturnType<typeof buildTestEmulator>,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await emu.core.app.fetch(
    new Request(`http://emulator.test${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('emulator request pipeline', () => {
  it('puts a request-id on every response, errors included', async () => {
    const emu = buildTestEmulator();
    const ok = await emu.call('GET', '/v1/balance');
    const missing = await emu.call('GET', '/v1/nope');
    const unauth = await emu.call('GET', '/v1/balance', {}, { authorization: '' });
    for (const res of [ok, missing, unauth]) expect(res.headers.get('request-id')).toMatch(/^req_/);
    expect(missing.status).toBe(404);
    expect(unauth.status).toBe(401);
    expect((unauth.body.error as { message: string }).message).toContain('You did not provide an API key');
    emu.core.close();
  });

  it('accepts HTTP Basic auth with the key as username', async () => {
    const emu = buildTestEmulator();
    const basic = `Basic ${Buffer.from('sk_test_basic:').toString('base64')}`;
    const res = await emu.call('GET', '/v1/balance', {}, { authorization: basic });
    expect(res.status).toBe(200);
    emu.core.close();
  });

  it('rejects JSON bodies and malformed form keys with Stripe-shaped 400s', async () => {
    const emu = buildTestEmulator();
    const json = await emu.core.app.fetch(
      new Request('http://emulator.test/v1/payment_intents', {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1000, currency: 'usd' }),
      }),
    );
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: { message: string } }).error.message).toContain(
      'x-www-form-urlencoded',
    );
    const res = await emu.core.app.fetch(
      new Request('http://emulator.test/v1/payment_intents', {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'amount=1&amount[x]=2',
      }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    emu.core.close();
  });

  it('rejects a malformed Stripe-Version and expanding a scalar field', async () => {
    const emu = buildTestEmulator();
    const version = await emu.call('GET', '/v1/balance', {}, { 'stripe-version': 'yesterday' });
    expect(version.status).toBe(400);
    const pi = await emu.call('POST', '/v1/payment_intents', {
      amount: '1000',
      currency: 'usd',
      'allowed_payment_method_types[0]': 'card',
    });
    const bad = await emu.call('GET', `/v1/payment_intents/${String(pi.body.id)}`, { 'expand[0]': 'amount' });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { message: string }).message).toBe(
      'This property cannot be expanded (amount).',
    );
    emu.core.close();
  });

  it('accepts payment_method_types and rejects allowed_payment_method_types on an older API version', async () => {
    const emu = buildTestEmulator();
    const old = { 'stripe-version': '2025-11-17.clover' };
    const ok = await emu.call(
      'POST',
      '/v1/payment_intents',
      { amount: '1000', currency: 'usd', 'payment_method_types[0]': 'card_present' },
      old,
    );
    expect(ok.status).toBe(200);
    expect(ok.body.payment_method_types).toEqual(['card_present']);
    expect(ok.body.capture_method).toBe('automatic_async');
    const rejected = await emu.call(
      'POST',
      '/v1/payment_intents',
      { amount: '1000', currency: 'usd', 'allowed_payment_method_types[0]': 'card_present' },
      old,
    );
    expect((rejected.body.error as { code: string }).code).toBe('parameter_unknown');
    emu.core.close();
  });

  it('returns 403 account_invalid for a Stripe-Account that is not connected, as Stripe does', async () => {
    const emu = buildTestEmulator();
    const res = await emu.call('GET', '/v1/balance', {}, { 'stripe-account': 'acct_unknown' });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'account_invalid' });
    emu.core.close();
  });

  it('answers 409 while a request with the same idempotency key is still running', async () => {
    const emu = buildTestEmulator();
    await control(emu, 'POST', '/_emulator/faults', { delay_ms: 200, delay_rate: 1 });
    const params = { amount: '1000', currency: 'usd', 'allowed_payment_method_types[0]': 'card' };
    const first = emu.call('POST', '/v1/payment_intents', params, { 'idempotency-key': 'k1' });
    const second = await emu.call('POST', '/v1/payment_intents', params, { 'idempotency-key': 'k1' });
    expect(second.status).toBe(409);
    expect((second.body.error as { code: string }).code).toBe('idempotency_key_in_use');
    expect((await first).status).toBe(200);
    emu.core.close();
  });

  it('prunes idempotency keys older than 24 hours of emulator time', async () => {
    const emu = buildTestEmulator();
    const params = { amount: '1000', currency: 'usd', 'allowed_payment_method_types[0]': 'card' };
    const a = await emu.call('POST', '/v1/payment_intents', params, { 'idempotency-key': 'old' });
    await control(emu, 'POST', '/_emulator/clock', { advance_seconds: 24 * 3600 + 1 });
    const b = await emu.call('POST', '/v1/payment_intents', params, { 'idempotency-key': 'old' });
    expect(b.body.id).not.toBe(a.body.id);
    emu.core.close();
  });

  it('does not store validation failures for idempotency', async () => {
    const emu = buildTestEmulator();
    const bad = await emu.call(
      'POST',
      '/v1/payment_intents',
      { currency: 'usd' },
      { 'idempotency-key': 'v1' },
    );
    expect(bad.status).toBe(400);
    const good = await emu.call(
      'POST',
      '/v1/payment_intents',
      { amount: '1000', currency: 'usd', 'allowed_payment_method_types[0]': 'card' },
      { 'idempotency-key': 'v1' },
    );
    expect(good.status).toBe(200);
    emu.core.close();
  });

  it('rejects the in-process fetch like a dropped connection after committing the write', async () => {
    const emu = buildTestEmulator();
    await control(emu, 'POST', '/_emulator/faults', {
      drop_after_commit_rate: 1,
      path_prefix: '/v1/payment_intents',
    });
    await expect(
      emu.call('POST', '/v1/payment_intents', {
        amount: '1000',
        currency: 'usd',
        'allowed_payment_method_types[0]': 'card',
      }),
    ).rejects.toThrow(/connection dropped/);
    await control(emu, 'DELETE', '/_emulator/faults');
    const list = await emu.call('GET', '/v1/payment_intents');
    expect((list.body.data as unknown[]).length).toBe(1);
    emu.core.close();
  });

  it('wipes state on reset but keeps a platform account', async () => {
    const emu = buildTestEmulator();
    await emu.call('POST', '/v1/payment_intents', {
      amount: '1000',
      currency: 'usd',
      'allowed_payment_method_types[0]': 'card',
    });
    const reset = await control(emu, 'POST', '/_emulator/reset');
    expect(String(reset.body.platform_account)).toMatch(/^acct_/);
    const state = await control(emu, 'GET', '/_emulator/state');
    expect(state.body.counts).toEqual({ account: 1 });
    const self = await emu.call('GET', '/v1/account');
    expect(self.body.id).toBe(reset.body.platform_account);
    emu.core.close();
  });

  it('retrieves a PaymentIntent with a publishable key only with its client_secret', async () => {
    const emu = buildTestEmulator();
    const pi = await emu.call('POST', '/v1/payment_intents', {
      amount: '1000',
      currency: 'usd',
      'allowed_payment_method_types[0]': 'card',
    });
    const pk = { authorization: 'Bearer pk_test_unit' };
    const without = await emu.call('GET', `/v1/payment_intents/${String(pi.body.id)}`, {}, pk);
    expect(without.status).toBe(400);
    const withSecret = await emu.call(
      'GET',
      `/v1/payment_intents/${String(pi.body.id)}`,
      { client_secret: String(pi.body.client_secret) },
      pk,
    );
    expect(withSecret.status).toBe(200);
    const other = await emu.call('GET', '/v1/balance', {}, pk);
    expect(other.status).toBe(401);
    emu.core.close();
  });
});
