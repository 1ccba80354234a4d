// The emulator's throughput work must not change behaviour: time-ordered ids keep Stripe's shape, the store's
// caches follow writes and rollbacks, the webhook endpoint cache and batched deliveries deliver exactly what
// they did before, a reopened file store still delivers pending webhooks, and request headers read from
// Node's parsed headers (HTTP) behave as the Request's headers do (in process), and /v1 requests served
// straight from Node (`serveNode`) answer exactly what the same requests answer through Hono; the cached payout
// delay of balance transactions follows account updates.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId, randomToken } from '../../src/stripe/emulator/core/ids.ts';
import { paginate, paginateStored } from '../../src/stripe/emulator/core/list.ts';
import { Store } from '../../src/stripe/emulator/core/store.ts';
import { createEmulator, startEmulator } from '../../src/stripe/emulator/index.ts';
import { buildConnectedAccount, buildTestEmulator } from './support.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Receiver {
  url: string;
  bodies: string[];
  /** Status to answer with, per call (default 200). */
  statuses: number[];
}

async function startReceiver(options: { keepAliveTimeoutMs?: number } = {}): Promise<Receiver> {
  const receiver: Receiver = { url: '', bodies: [], statuses: [] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      receiver.bodies.push(body);
      res.writeHead(receiver.statuses.shift() ?? 200).end('{}');
    });
  });
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return receiver;
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('ids', () => {
  it('keeps Stripe-shaped ids whose time component makes later ids sort after earlier ones', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-26T12:00:00.000Z'));
    const first = newId('pi');
    vi.setSystemTime(new Date('2026-11-26T12:00:00.001Z'));
    const second = newId('pi');
    vi.setSystemTime(new Date('2031-01-01T00:00:00.000Z'));
    const later = newId('pi');
    for (const id of [first, second, later]) expect(id).toMatch(/^pi_[A-Za-z0-9]{24}$/);
    expect(first < second && second < later).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newId('evt'))).size).toBe(1000);
  });

  it('keeps short ids and secrets fully random', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-26T12:00:00.000Z'));
    const requests = Array.from({ length: 50 }, () => newId('req', 14));
    for (const id of requests) expect(id).toMatch(/^req_[A-Za-z0-9]{14}$/);
    // With a frozen clock a time prefix would repeat; random ids share no 7-character prefix in practice.
    expect(new Set(requests.map((id) => id.slice(4, 11))).size).toBeGreaterThan(45);
    expect(new Set(Array.from({ length: 50 }, () => randomToken(32).slice(0, 7))).size).toBeGreaterThan(45);
  });
});

describe('Store', () => {
  it('changes versionOf(type) on every write of that type and on every rollback, not on other types', () => {
    const store = new Store();
    cleanups.push(() => store.close());
    const v0 = store.versionOf('webhook_endpoint');
    store.insert('acct_1', { id: 'pi_1', object: 'payment_intent' });
    expect(store.versionOf('webhook_endpoint')).toBe(v0);
    store.insert('acct_1', { id: 'we_1', object: 'webhook_endpoint' });
    const v1 = store.versionOf('webhook_endpoint');
    expect(v1).not.toBe(v0);
    expect(() =>
      store.transaction(() => {
        store.insert('acct_1', { id: 'pi_2', object: 'payment_intent' });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.versionOf('webhook_endpoint')).not.toBe(v1);
    expect(store.find('payment_intent', 'pi_2')).toBeUndefined();
  });

  it('answers exists() like find() without reading the object', () => {
    const store = new Store();
    cleanups.push(() => store.close());
    store.insert('acct_platform', { id: 'acct_x', object: 'account' });
    expect(store.exists('account', 'acct_x', 'acct_platform')).toBe(true);
    expect(store.exists('account', 'acct_x')).toBe(true);
    expect(store.exists('account', 'acct_x', 'acct_other')).toBe(false);
    expect(store.exists('charge', 'acct_x')).toBe(false);
    expect(store.exists('account', 'acct_missing')).toBe(false);
  });

  it('decrements a counter in place, never below zero, leaving the rest of the object as it was', () => {
    const store = new Store();
    cleanups.push(() => store.close());
    const event = { id: 'evt_1', object: 'event', pending_webhooks: 1, data: { object: { note: 'é "q"' } } };
    store.insert('acct_1', event);
    store.decrementCounter('evt_1', 'pending_webhooks');
    store.decrementCounter('evt_1', 'pending_webhooks');
    expect(store.find('event', 'evt_1')).toEqual({ ...event, pending_webhooks: 0 });
  });
});

describe('paginateStored', () => {
  it('answers exactly what paginate over all filtered objects answers (pages, has_more, cursor errors)', () => {
    const store = new Store();
    cleanups.push(() => store.close());
    // 60 charges over two accounts, interleaved with other objects; `amount % 3` drives the filter.
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const account = i % 4 === 3 ? 'acct_b' : 'acct_a';
      store.insert(account, { id: `ch_${String(i).padStart(3, '0')}`, object: 'charge', amount: i });
      if (i % 5 === 0) store.insert(account, { id: `pi_${i}`, object: 'payment_intent' });
      ids.push(`ch_${String(i).padStart(3, '0')}`);
    }
    const outcome = (run: () => unknown) => {
      try {
        return { ok: run() };
      } catch (err) {
        return { error: (err as { body?: unknown }).body ?? String(err) };
      }
    };
    fc.assert(
      fc.property(
        fc.record({
          limit: fc.option(fc.integer({ min: 0, max: 101 }), { nil: undefined }),
          cursor: fc.option(fc.constantFrom(...ids, 'pi_0', 'ch_missing'), { nil: undefined }),
          before: fc.boolean(),
          both: fc.boolean(),
          modulo: fc.constantFrom(1, 2, 3),
        }),
        ({ limit, cursor, before, both, modulo }) => {
          const params = {
            ...(limit === undefined ? {} : { limit }),
            ...(cursor === undefined ? {} : before ? { ending_before: cursor } : { starting_after: cursor }),
            ...(both && cursor !== undefined ? { starting_after: cursor, ending_before: cursor } : {}),
          };
          const filter = (c: { amount: number }) => c.amount % modulo === 0;
          const map = (c: { id: string; amount: number }) => ({ id: c.id, doubled: c.amount * 2 });
          const stored = outcome(() =>
            paginateStored<{ id: string; object: string; amount: number }, { id: string; doubled: number }>(
              store,
              'charge',
              'acct_a',
              params,
              '/v1/charges',
              'charge',
              { filter, map },
            ),
          );
          const inMemory = outcome(() => {
            const page = paginate(
              store.all<{ id: string; object: string; amount: number }>('charge', 'acct_a').filter(filter),
              params,
              '/v1/charges',
              'charge',
            );
            return { ...page, data: page.data.map(map) };
          });
          expect(stored).toEqual(inMemory);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('webhook deliveries', () => {
  it('follows endpoints created and deleted between requests (cached endpoint lists)', async () => {
    const receiver = await startReceiver();
    const emu = buildTestEmulator();
    cleanups.push(() => emu.core.close());
    const createPi = () =>
      emu.call('POST', '/v1/payment_intents', {
        amount: '1000',
        currency: 'usd',
        'allowed_payment_method_types[0]': 'card',
      });
    await createPi();
    const endpoint = await emu.call('POST', '/v1/webhook_endpoints', {
      url: receiver.url,
      'enabled_events[0]': 'payment_intent.created',
    });
    const delivered = await createPi();
    await until(() => receiver.bodies.length === 1);
    expect(JSON.parse(receiver.bodies[0] ?? '{}').data.object.id).toBe(delivered.body.id);
    await emu.call('DELETE', `/v1/webhook_endpoints/${String(endpoint.body.id)}`);
    await createPi();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.bodies).toHaveLength(1);
    const event = await emu.call('GET', '/v1/events', { type: 'payment_intent.created', limit: '3' });
    const events = event.body.data as { data: { object: { id: string } }; pending_webhooks: number }[];
    const deliveredEvent = events.find((e) => e.data.object.id === delivered.body.id);
    expect(deliveredEvent?.pending_webhooks).toBe(0);
  });

  it('never uses an endpoint whose creation was rolled back', async () => {
    const receiver = await startReceiver();
    const emu = buildTestEmulator();
    cleanups.push(() => emu.core.close());
    const platform = emu.core.api.platformId();
    const meta = { requestId: null, idempotencyKey: null };
    emu.core.events.emit(
      platform,
      'payment_intent.created',
      { id: 'pi_warm', object: 'payment_intent' },
      meta,
    );
    expect(() =>
      emu.core.store.transaction(() => {
        emu.core.store.insert(platform, {
          id: 'we_rolled_back',
          object: 'webhook_endpoint',
          url: receiver.url,
          enabled_events: ['*'],
          status: 'enabled',
          secret: 'whsec_x',
        } as never);
        emu.core.events.emit(
          platform,
          'payment_intent.created',
          { id: 'pi_a', object: 'payment_intent' },
          meta,
        );
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    const event = emu.core.events.emit(
      platform,
      'payment_intent.created',
      { id: 'pi_b', object: 'payment_intent' },
      meta,
    );
    expect(event.pending_webhooks).toBe(0);
  });

  it('delivers every event over keep-alive connections even when the receiver drops idle ones', async () => {
    const receiver = await startReceiver({ keepAliveTimeoutMs: 1 });
    const emu = buildTestEmulator();
    cleanups.push(() => emu.core.close());
    await emu.call('POST', '/v1/webhook_endpoints', { url: receiver.url, 'enabled_events[0]': '*' });
    for (let i = 0; i < 5; i++) {
      await emu.call('POST', '/v1/payment_intents', {
        amount: '1000',
        currency: 'usd',
        'allowed_payment_method_types[0]': 'card',
      });
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await until(() => receiver.bodies.length === 5);
    const log = await emu.core.app.fetch(new Request('http://emulator.test/_emulator/webhooks/deliveries'));
    const deliveries = ((await log.json()) as { data: { status: string; attempts: number }[] }).data;
    expect(deliveries.map((d) => [d.status, d.attempts])).toEqual(Array(5).fill(['succeeded', 1]));
  });

  it('delivers a webhook left pending in a file store once the emulator is reopened', async () => {
    const receiver = await startReceiver();
    const dir = mkdtempSync(join(tmpdir(), 'stripe-emu-fast-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const databasePath = join(dir, 'stripe.db');
    const call = (emulator: ReturnType<typeof createEmulator>, method: string, path: string, form = '') =>
      emulator.fetch(
        new Request(`http://emulator.test${path}`, {
          method,
          headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
          ...(method === 'POST' ? { body: form } : {}),
        }),
      );
    // The failed first attempt is retried 150 ms later; the emulator closes before that.
    const first = createEmulator({ databasePath, webhookRetryDelaysMs: [150] });
    await call(
      first,
      'POST',
      '/v1/webhook_endpoints',
      `url=${encodeURIComponent(receiver.url)}&enabled_events[]=*`,
    );
    receiver.statuses.push(500);
    await call(
      first,
      'POST',
      '/v1/payment_intents',
      'amount=1000&currency=usd&allowed_payment_method_types[]=card',
    );
    await until(() => receiver.bodies.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 200));

    // No flush: the reopened emulator schedules what is pending after its first request.
    const second = createEmulator({ databasePath, webhookRetryDelaysMs: [150] });
    cleanups.push(() => second.close());
    await call(second, 'GET', '/v1/balance');
    await until(() => receiver.bodies.length === 2);
    expect(receiver.bodies[1]).toBe(receiver.bodies[0]);
  });
});

describe('cached payout delay', () => {
  it("dates every capture's balance transaction by the account's payout delay as it is at that moment", async () => {
    const emu = buildTestEmulator();
    const account = await buildConnectedAccount(emu);
    const on = { 'stripe-account': account };
    const captureDelayDays = async () => {
      const pi = await emu.call(
        'POST',
        '/v1/payment_intents',
        {
          amount: '1000',
          currency: 'cad',
          'allowed_payment_method_types[]': 'card',
          capture_method: 'manual',
        },
        on,
      );
      const id = String(pi.body.id);
      await emu.call('POST', `/v1/payment_intents/${id}/confirm`, { payment_method: 'pm_card_visa' }, on);
      const captured = await emu.call(
        'POST',
        `/v1/payment_intents/${id}/capture`,
        { 'expand[]': 'latest_charge.balance_transaction' },
        on,
      );
      const bt = (
        captured.body.latest_charge as { balance_transaction: { available_on: number; created: number } }
      ).balance_transaction;
      return (bt.available_on - bt.created) / 86_400;
    };
    const setDelay = (days: string) =>
      emu.call('POST', `/v1/accounts/${account}`, { 'settings[payouts][schedule][delay_days]': days });
    const first = await captureDelayDays();
    expect(await captureDelayDays()).toBe(first);
    expect((await setDelay(String(first + 5))).status).toBe(200);
    expect(await captureDelayDays()).toBe(first + 5);
    expect((await setDelay('1')).status).toBe(400); // rejected (below the minimum): nothing changes
    expect(await captureDelayDays()).toBe(first + 5);
    expect((await setDelay('minimum')).status).toBe(200);
    expect(await captureDelayDays()).toBe(first);
  });
});

describe('over HTTP', () => {
  it('reads auth, Stripe-Account, Stripe-Version and Idempotency-Key headers and puts a request-id on everything', async () => {
    const running = await startEmulator({ port: 0 });
    cleanups.push(() => running.close());
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${running.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer sk_test_http',
          'content-type': 'application/x-www-form-urlencoded',
          ...headers,
        },
        body,
      });
    const form = 'amount=1000&currency=usd&allowed_payment_method_types[]=card';
    const created = await post('/v1/payment_intents', form, {
      'idempotency-key': 'http-1',
      'stripe-version': '2026-10-28.endive',
    });
    const replayed = await post('/v1/payment_intents', form, { 'idempotency-key': 'http-1' });
    expect(created.status).toBe(200);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.headers.get('original-request')).toBe(created.headers.get('request-id'));
    expect(((await replayed.json()) as { id: string }).id).toBe(
      ((await created.json()) as { id: string }).id,
    );
    const unknownAccount = await post('/v1/payment_intents', form, { 'stripe-account': 'acct_nope' });
    expect(unknownAccount.status).toBe(403);
    const badVersion = await post('/v1/payment_intents', form, { 'stripe-version': 'yesterday' });
    expect(badVersion.status).toBe(400);
    const noKey = await post('/v1/payment_intents', form, { authorization: '' });
    expect(noKey.status).toBe(401);
    const control = await fetch(`${running.url}/_emulator/clock`);
    for (const res of [created, replayed, unknownAccount, badVersion, noKey, control]) {
      expect(res.headers.get('request-id')).toMatch(/^req_/);
    }
  });

  it('answers /v1 requests served straight from Node exactly as the same core answers them through Hono', async () => {
    const { core } = buildTestEmulator();
    const listen = async (server: http.Server) => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      cleanups.push(() => new Promise((done) => server.close(done)));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    // As startEmulator serves: serveNode first, Hono for what it declines (recording which took which).
    const viaHono = getRequestListener(core.app.fetch);
    const servedFast: boolean[] = [];
    const fastUrl = await listen(
      http.createServer((incoming, outgoing) => {
        const handled = core.api.serveNode(incoming, outgoing);
        servedFast.push(handled);
        if (!handled) void viaHono(incoming, outgoing);
      }),
    );
    // The same core behind @hono/node-server alone, as startEmulator served everything before.
    const honoUrl = await listen(http.createServer(getRequestListener(core.app.fetch)));
    const mask = (text: string) =>
      text
        .replace(/\b(pi|req|evt|ch|pm|py|txn)_[A-Za-z0-9]+/g, '$1_*')
        .replace(/_secret_[A-Za-z0-9]+/g, '_secret_*')
        .replace(/"created":\d+/g, '"created":0')
        .replace(/key-(fast|hono)/g, 'key-*');
    const ignored = new Set(['request-id', 'original-request', 'date', 'connection', 'keep-alive']);
    const answer = async (res: Response) => ({
      status: res.status,
      headers: [...res.headers]
        .filter(([name]) => !ignored.has(name))
        .map(([n, v]) => [n, mask(v)])
        .sort(),
      body: mask(await res.text()),
    });
    const form = 'amount=1000&currency=usd&allowed_payment_method_types[]=card';
    const cases: Array<{
      method: string;
      path: string;
      body?: string;
      headers?: Record<string, string>;
      declined?: true;
    }> = [
      { method: 'POST', path: '/v1/payment_intents', body: form },
      { method: 'POST', path: '/v1/payment_intents', body: form, headers: { 'idempotency-key': 'key-SIDE' } },
      { method: 'POST', path: '/v1/payment_intents', body: form, headers: { 'idempotency-key': 'key-SIDE' } },
      {
        method: 'POST',
        path: '/v1/payment_intents',
        body: `${form}&description=x`,
        headers: { 'idempotency-key': 'key-SIDE' },
      },
      { method: 'POST', path: '/v1/payment_intents', body: 'amount=-1&currency=usd' },
      { method: 'POST', path: '/v1/payment_intents', body: form, headers: { authorization: '' } },
      {
        method: 'POST',
        path: '/v1/payment_intents',
        body: '{"amount":1}',
        headers: { 'content-type': 'application/json' },
      },
      { method: 'POST', path: '/v1/payment_intents', body: form, headers: { 'stripe-account': 'acct_nope' } },
      { method: 'POST', path: '/v1/payment_intents/', body: form, declined: true },
      { method: 'GET', path: '/v1/payment_intents?limit=1&expand[]=data.latest_charge' },
      { method: 'GET', path: '/v1/payment_intents?limit=1&expand%5B%5D=data.latest_charge&x=%C3%A9' },
      { method: 'GET', path: '/v1/payment_intents?limit=2&starting_after=pi_missing' },
      { method: 'GET', path: '/v1/payment_intents?limit=1&amount=%E2%82%AC' },
      { method: 'GET', path: '/v1/payment_intents/pi_missing' },
      { method: 'GET', path: '/v1/payment_intents/pi%5Fmissing', declined: true },
      { method: 'DELETE', path: '/v1/payment_intents/pi_missing', declined: true },
      { method: 'DELETE', path: '/v1/webhook_endpoints/we_missing' },
      { method: 'GET', path: '/v1/nothing_here', declined: true },
      { method: 'GET', path: '/v1/account' },
    ];
    for (const { method, path, body, headers, declined } of cases) {
      // Each side gets its own idempotency keys: the first use, the replay and the mismatch happen on each.
      const init = (side: string): RequestInit => ({
        method,
        headers: {
          authorization: 'Bearer sk_test_parity',
          'content-type': 'application/x-www-form-urlencoded',
          ...Object.fromEntries(Object.entries(headers ?? {}).map(([n, v]) => [n, v.replace('SIDE', side)])),
        },
        ...(body !== undefined ? { body } : {}),
      });
      const overHttp = await answer(await fetch(`${fastUrl}${path}`, init('fast')));
      expect({ path, fast: servedFast.pop() }).toEqual({ path, fast: !declined });
      const viaHono = await answer(await fetch(`${honoUrl}${path}`, init('hono')));
      expect({ method, path, ...overHttp }).toEqual({ method, path, ...viaHono });
    }
  });
});
