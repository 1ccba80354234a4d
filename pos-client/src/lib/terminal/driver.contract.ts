/**
 * One behavioural suite every TerminalDriver must pass (run from each driver's .test.ts with its own fakes):
 * connecting, an approved card, a decline then a successful retry on the same sale, a cashier cancel while
 * waiting for the card, a customer cancel on the reader, and refusing to collect with no reader.
 */
import type { CounterReader } from '@countertop/shared';
import { describe, expect, it } from 'vitest';
import type { FakeCounterServer } from '../../testing/fake-counter-server.ts';
import type { DriverStatus, TerminalDriver } from './driver.ts';

/** What the simulated card does on the next collect. */
export type CardScenario = 'approve' | 'decline' | 'customer_cancel' | 'wait';

export interface DriverHarness {
  driver: TerminalDriver;
  server: FakeCounterServer;
  reader: CounterReader;
  /** Sets what the next presented card does. */
  present(scenario: CardScenario): void;
}

const attempt = (integration: 'js_sdk' | 'server_driven') => ({
  id: 'att_1',
  paymentIntentId: 'pi_1',
  clientSecret: integration === 'js_sdk' ? 'pi_1_secret_abc' : null,
  integration,
});

function nextStatus(driver: TerminalDriver, match: (status: DriverStatus) => boolean): Promise<DriverStatus> {
  return new Promise((resolve) => {
    const stop = driver.onStatus((status) => {
      if (match(status)) {
        stop();
        resolve(status);
      }
    });
  });
}

export function runDriverContract(name: string, makeHarness: () => DriverHarness) {
  describe(`${name} (TerminalDriver contract)`, () => {
    async function connectedHarness() {
      const harness = makeHarness();
      const result = await harness.driver.connect(harness.reader, { takeOver: false });
      expect(result).toEqual({ ok: true });
      return harness;
    }

    function collect(harness: DriverHarness) {
      return harness.driver.collectAndProcess({
        saleId: harness.server.sale.id,
        attempt: attempt(harness.driver.integration),
        tipping: null,
      });
    }

    it('reports the reader as connected after connect', async () => {
      const harness = makeHarness();
      const statuses: DriverStatus[] = [];
      harness.driver.onStatus((status) => statuses.push(status));
      await harness.driver.connect(harness.reader, { takeOver: false });
      expect(statuses.at(-1)).toEqual({ type: 'connection', status: 'connected', reader: harness.reader });
    });

    it('ends approved with the server-synced sale when the card is approved', async () => {
      const harness = await connectedHarness();
      harness.present('approve');
      const outcome = await collect(harness);
      expect(outcome).toMatchObject({ kind: 'approved', sale: { id: 'sale_1', status: 'succeeded' } });
      expect(harness.server.syncCalls).toBeGreaterThan(0);
    });

    it('ends declined with a cashier-worded reason, and a retry on the same sale can succeed', async () => {
      const harness = await connectedHarness();
      harness.present('decline');
      const declined = await collect(harness);
      expect(declined).toMatchObject({
        kind: 'declined',
        reason: 'insufficient funds',
        declineCode: 'insufficient_funds',
        sale: { status: 'payment_failed' },
      });
      harness.present('approve');
      const retried = await collect(harness);
      expect(retried).toMatchObject({ kind: 'approved', sale: { id: 'sale_1', status: 'succeeded' } });
    });

    it('ends canceled, with the sale canceled on the server, when the cashier cancels while waiting', async () => {
      const harness = await connectedHarness();
      harness.present('wait');
      const waiting = nextStatus(
        harness.driver,
        (s) => s.type === 'payment' && s.phase === 'waiting_for_card',
      );
      const pending = collect(harness);
      await waiting;
      await harness.driver.cancel();
      const outcome = await pending;
      expect(outcome).toMatchObject({ kind: 'canceled', byCustomer: false, sale: { status: 'canceled' } });
      expect(harness.server.cancelCalls).toBe(1);
    });

    it('ends canceled by the customer when the customer cancels on the reader', async () => {
      const harness = await connectedHarness();
      harness.present('customer_cancel');
      const outcome = await collect(harness);
      expect(outcome).toMatchObject({ kind: 'canceled', byCustomer: true, sale: { status: 'canceled' } });
    });

    it('refuses to collect before a reader is connected', async () => {
      const harness = makeHarness();
      harness.present('approve');
      const outcome = await collect(harness);
      expect(outcome).toMatchObject({ kind: 'reader_lost' });
      expect(harness.server.sale.status).toBe('awaiting_payment');
    });
  });
}
