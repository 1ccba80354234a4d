// The emulated browser Terminal SDK back end (/_emulator/terminal-sdk/*): connection-token auth and scoping,
// one session per reader with take-over, the status poll, collect → process (approve / decline), display, CORS,
// and the /_emulator/terminal.js script.
import { beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Json } from './harness.ts';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});

async function token(params: Record<string, unknown> = {}, account?: string): Promise<string> {
  const res = await h.v1(
    'POST',
    '/v1/terminal/connection_tokens',
    params,
    account === undefined ? {} : { account },
  );
  return String(res.body.secret);
}

function sdk(secret: string) {
  const auth = { authorization: `Bearer ${secret}` };
  return {
    get: (path: string) => h.json('GET', `/_emulator/terminal-sdk${path}`, undefined, auth),
    post: (path: string, body: unknown) => h.json('POST', `/_emulator/terminal-sdk${path}`, body, auth),
  };
}

const ids = (body: Json) => ((body.data ?? []) as unknown as Json[]).map((r) => r.id);

describe('authentication and discovery', () => {
  it('rejects a missing, unknown or expired connection token with invalid_connection_token', async () => {
    const none = await h.json('GET', '/_emulator/terminal-sdk/readers');
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_connection_token',
    });
    expect((await sdk('pst_test_unknown').get('/readers')).status).toBe(401);

    const secret = await token();
    expect((await sdk(secret).get('/readers')).status).toBe(200);
    await h.json('POST', '/_emulator/clock', { advance_seconds: 601 });
    const expired = await sdk(secret).get('/readers');
    expect(expired.status).toBe(401);
    expect(expired.body.error?.code).toBe('invalid_connection_token');
  });

  it('discovers only the token account’s readers, and only its location’s when scoped', async () => {
    const a = await h.location();
    const b = await h.location();
    const inA = await h.reader({ location: a });
    const inB = await h.reader({ location: b });
    const account = await h.onboardedAccount();
    const theirs = await h.reader({ account });

    expect(ids((await sdk(await token()).get('/readers')).body)).toEqual([inB.id, inA.id]);
    expect(ids((await sdk(await token({ location: a })).get('/readers')).body)).toEqual([inA.id]);
    expect(ids((await sdk(await token()).get(`/readers?location=${b}`)).body)).toEqual([inB.id]);
    expect(ids((await sdk(await token({}, account)).get('/readers')).body)).toEqual([theirs.id]);

    const scoped = sdk(await token({ location: a }));
    const hidden = await scoped.post(`/readers/${String(inB.id)}/connect`, { session_id: 's1' });
    expect(hidden.status).toBe(404);
  });

  it('allows cross-origin calls (CORS)', async () => {
    const res = await h.json('OPTIONS', '/_emulator/terminal-sdk/readers', undefined, {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });
});

describe('sessions', () => {
  it('lets a new session take a reader over unless fail_if_in_use', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    const client = sdk(await token());
    const first = await client.post(`/readers/${id}/connect`, { session_id: 'register-1' });
    expect(first.status).toBe(200);
    expect(first.body.reader).toMatchObject({ id, object: 'terminal.reader' });
    expect((await client.get(`/readers/${id}/session?session_id=register-1`)).body).toMatchObject({
      connected: true,
    });

    const refused = await client.post(`/readers/${id}/connect`, {
      session_id: 'register-2',
      fail_if_in_use: true,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('terminal_reader_busy');

    const takeover = await client.post(`/readers/${id}/connect`, { session_id: 'register-2' });
    expect(takeover.status).toBe(200);
    expect((await client.get(`/readers/${id}/session?session_id=register-1`)).body).toMatchObject({
      connected: false,
      reason: 'taken_over',
    });
    expect((await client.get(`/readers/${id}/session?session_id=register-2`)).body.connected).toBe(true);

    await client.post(`/readers/${id}/disconnect`, { session_id: 'register-2' });
    const after = (await client.get(`/readers/${id}/session?session_id=register-2`)).body;
    expect(after.connected).toBe(false);
    expect(after).not.toHaveProperty('reason');
  });

  it('reports offline and deleted readers to the polling session', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    const client = sdk(await token());
    await client.post(`/readers/${id}/connect`, { session_id: 's1' });
    await h.json('POST', `/_emulator/readers/${id}/state`, { offline: true });
    expect((await client.get(`/readers/${id}/session?session_id=s1`)).body).toMatchObject({
      connected: false,
      reason: 'offline',
    });
    const offlineConnect = await client.post(`/readers/${id}/connect`, { session_id: 's2' });
    expect(offlineConnect.status).toBe(409);
    expect(offlineConnect.body.error?.code).toBe('terminal_reader_offline');

    await h.json('POST', `/_emulator/readers/${id}/state`, { offline: false });
    await client.post(`/readers/${id}/connect`, { session_id: 's3' });
    await h.v1('DELETE', `/v1/terminal/readers/${id}`);
    expect((await client.get(`/readers/${id}/session?session_id=s3`)).body).toMatchObject({
      connected: false,
      reason: 'deleted',
    });
  });
});

describe('collect and process', () => {
  async function connected(opts: { location?: string } = {}) {
    const reader = await h.reader(opts.location === undefined ? {} : { location: opts.location });
    const client = sdk(await token());
    await client.post(`/readers/${String(reader.id)}/connect`, { session_id: 'till' });
    return { id: String(reader.id), client };
  }

  it('collects a card (requires_confirmation) and processes it to requires_capture', async () => {
    const { id, client } = await connected();
    const pi = await h.paymentIntent();
    const collected = await client.post(`/readers/${id}/collect`, {
      session_id: 'till',
      client_secret: pi.client_secret,
      payment_method: { type: 'card_present', number: '4242424242424242' },
    });
    expect(collected.status).toBe(200);
    expect(collected.body.payment_intent).toMatchObject({ id: pi.id, status: 'requires_confirmation' });
    expect(String(collected.body.payment_intent?.payment_method)).toMatch(/^pm_/);

    const processed = await client.post(`/readers/${id}/process`, {
      session_id: 'till',
      payment_intent: pi.id,
    });
    expect(processed.status).toBe(200);
    expect(processed.body.payment_intent).toMatchObject({
      id: pi.id,
      status: 'requires_capture',
      amount: 1500,
    });
    expect((await h.events('charge.succeeded')).length).toBe(1);
  });

  it('returns a 402 card_error with the PaymentIntent back in requires_payment_method, then accepts another card', async () => {
    const { id, client } = await connected();
    const pi = await h.paymentIntent();
    const collect = (number: string) =>
      client.post(`/readers/${id}/collect`, {
        session_id: 'till',
        client_secret: pi.client_secret,
        payment_method: { type: 'card_present', number },
      });
    await collect('4000000000000002');
    const declined = await client.post(`/readers/${id}/process`, {
      session_id: 'till',
      payment_intent: pi.id,
    });
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      payment_intent: { id: pi.id, status: 'requires_payment_method' },
    });
    await collect('4242424242424242');
    const approved = await client.post(`/readers/${id}/process`, {
      session_id: 'till',
      payment_intent: pi.id,
    });
    expect(approved.body.payment_intent?.status).toBe('requires_capture');
  });

  it('applies the simulated tip when the reader’s configuration enables tipping', async () => {
    const config = await h.v1('POST', '/v1/terminal/configurations', {
      tipping: { usd: { percentages: [10, 15, 20] } },
    });
    const location = await h.location({ configuration_overrides: String(config.body.id) });
    const { id, client } = await connected({ location });
    const pi = await h.paymentIntent();
    await client.post(`/readers/${id}/collect`, {
      session_id: 'till',
      client_secret: pi.client_secret,
      payment_method: { type: 'card_present', number: '4242424242424242' },
      tip_amount: 250,
    });
    const processed = await client.post(`/readers/${id}/process`, {
      session_id: 'till',
      payment_intent: pi.id,
    });
    expect(processed.body.payment_intent).toMatchObject({
      amount: 1750,
      amount_details: { tip: { amount: 250 } },
    });
  });

  it('refuses collect from a session that does not hold the reader, a wrong client secret, and early process', async () => {
    const { id, client } = await connected();
    const pi = await h.paymentIntent();
    const body = {
      client_secret: pi.client_secret,
      payment_method: { type: 'card_present', number: '4242424242424242' },
    };
    const stranger = await client.post(`/readers/${id}/collect`, { ...body, session_id: 'other' });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error?.code).toBe('no_established_connection');
    const wrongSecret = await client.post(`/readers/${id}/collect`, {
      ...body,
      session_id: 'till',
      client_secret: `${String(pi.id)}_secret_wrong`,
    });
    expect(wrongSecret.status).toBe(400);
    const early = await client.post(`/readers/${id}/process`, { session_id: 'till', payment_intent: pi.id });
    expect(early.status).toBe(400);
    expect(early.body.error?.code).toBe('payment_intent_unexpected_state');
  });

  it('shows and clears a cart on the reader', async () => {
    const { id, client } = await connected();
    const cart = {
      currency: 'usd',
      line_items: [{ description: 'Tea', amount: 300, quantity: 1 }],
      tax: 24,
      total: 324,
    };
    expect((await client.post(`/readers/${id}/display`, { session_id: 'till', cart })).body).toEqual({});
    const shown = (await h.v1('GET', `/v1/terminal/readers/${id}`)).body;
    expect(shown.action).toMatchObject({
      type: 'set_reader_display',
      status: 'succeeded',
      set_reader_display: { cart },
    });
    await client.post(`/readers/${id}/display`, { session_id: 'till', cart: null });
    expect((await h.v1('GET', `/v1/terminal/readers/${id}`)).body.action).toBeNull();
  });
});

describe('terminal.js', () => {
  it('serves the emulated browser SDK as JavaScript', async () => {
    const res = await h.emulator.fetch(new Request('http://emulator.test/_emulator/terminal.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(await res.text()).toContain('StripeTerminal');
  });
});
