// The server-driven driver against a fake counter server whose sale moves like a server-driven reader's.
import { describe, expect, it } from 'vitest';
import { FakeCounterServer, makeReader } from '../../testing/fake-counter-server.ts';
import { type CardScenario, type DriverHarness, runDriverContract } from './driver.contract.ts';
import { createServerDrivenDriver } from './server-driven-driver.ts';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The card is "presented" on the second sync: the first one still finds the reader waiting. */
function harness(): DriverHarness {
  const server = new FakeCounterServer();
  const driver = createServerDrivenDriver({ api: server.api, pollIntervalMs: 0, sleep: tick });
  let scenario: CardScenario = 'approve';
  let syncsThisAttempt = 0;
  server.onSync = (s) => {
    syncsThisAttempt += 1;
    if (syncsThisAttempt < 2 || s.sale.status === 'canceled') return;
    if (scenario === 'approve') s.approve();
    if (scenario === 'decline') s.decline();
    if (scenario === 'customer_cancel') {
      s.decline({
        code: 'customer_canceled',
        declineCode: null,
        message: 'The customer canceled on the reader.',
      });
    }
  };
  return {
    driver,
    server,
    reader: makeReader({ integration: 'server_driven', id: 'rdr_2', stripeReaderId: 'tmr_2' }),
    present(next) {
      scenario = next;
      syncsThisAttempt = 0;
      if (server.sale.status === 'payment_failed')
        server.sale = { ...server.sale, status: 'awaiting_payment' };
    },
  };
}

runDriverContract('server-driven driver', harness);

describe('server-driven driver', () => {
  it('reports processing once the server says the card is being processed', async () => {
    const server = new FakeCounterServer();
    const driver = createServerDrivenDriver({ api: server.api, pollIntervalMs: 0, sleep: tick });
    let syncs = 0;
    server.onSync = (s) => {
      syncs += 1;
      if (syncs === 2) s.sale = { ...s.sale, status: 'processing' };
      if (syncs === 3) s.approve();
    };
    const phases: string[] = [];
    driver.onStatus((status) => {
      if (status.type === 'payment') phases.push(status.phase);
    });
    await driver.connect(makeReader({ integration: 'server_driven' }), { takeOver: false });
    const outcome = await driver.collectAndProcess({
      saleId: 'sale_1',
      attempt: { id: 'att_1', paymentIntentId: 'pi_1', clientSecret: null, integration: 'server_driven' },
      tipping: null,
    });
    expect(outcome.kind).toBe('approved');
    expect(phases).toEqual(['waiting_for_card', 'processing', 'idle']);
  });

  it('tells the cashier when the reader drops offline while waiting, then follows the sale to approval', async () => {
    const server = new FakeCounterServer();
    const statuses = ['online', 'offline', 'offline', 'online'] as const;
    let checks = 0;
    const api = {
      ...server.api,
      readerStatus: async () => statuses[Math.min(checks++, statuses.length - 1)] ?? null,
    };
    const driver = createServerDrivenDriver({ api, pollIntervalMs: 0, sleep: tick, readerCheckEvery: 1 });
    let syncs = 0;
    server.onSync = (s) => {
      syncs += 1;
      if (syncs === 5) s.approve();
    };
    const health: boolean[] = [];
    driver.onStatus((status) => {
      if (status.type === 'reader_health') health.push(status.online);
    });
    await driver.connect(makeReader({ integration: 'server_driven' }), { takeOver: false });
    const outcome = await driver.collectAndProcess({
      saleId: 'sale_1',
      attempt: { id: 'att_1', paymentIntentId: 'pi_1', clientSecret: null, integration: 'server_driven' },
      tipping: null,
    });
    expect(outcome.kind).toBe('approved');
    expect(health).toEqual([false, true]);
  });

  it('gives up with sync_failed after repeated network failures', async () => {
    const server = new FakeCounterServer();
    server.onSync = () => {
      throw new Error('offline');
    };
    const driver = createServerDrivenDriver({ api: server.api, pollIntervalMs: 0, sleep: tick });
    await driver.connect(makeReader({ integration: 'server_driven' }), { takeOver: false });
    const outcome = await driver.collectAndProcess({
      saleId: 'sale_1',
      attempt: { id: 'att_1', paymentIntentId: 'pi_1', clientSecret: null, integration: 'server_driven' },
      tipping: null,
    });
    expect(outcome).toMatchObject({ kind: 'error', code: 'sync_failed' });
    if (outcome.kind === 'error') expect(outcome.message).toMatch(/^Lost the connection to the server/);
  });

  it('refuses to connect to a reader the server reports offline', async () => {
    const server = new FakeCounterServer();
    const driver = createServerDrivenDriver({ api: server.api });
    const result = await driver.connect(makeReader({ integration: 'server_driven', status: 'offline' }), {
      takeOver: false,
    });
    expect(result).toMatchObject({ ok: false, code: 'reader_offline' });
  });
});
