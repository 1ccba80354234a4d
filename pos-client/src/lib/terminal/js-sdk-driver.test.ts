// The JS SDK driver against a fake `window.StripeTerminal` (loaded through the real
// `loadStripeTerminal()` from @stripe/terminal-js/pure) and a fake counter server.
import type { PaymentIntentStatus } from '@countertop/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeCounterServer, makeReader } from '../../testing/fake-counter-server.ts';
import { type CardScenario, type DriverHarness, runDriverContract } from './driver.contract.ts';
import { createJsSdkDriver } from './js-sdk-driver.ts';

type Json = Record<string, unknown>;
type ErrorResult = { error: { code: string; message: string; decline_code?: string; type?: string } };
type PaymentIntentResult = { paymentIntent: { id: string | undefined; status: PaymentIntentStatus } };

/** A fake Terminal: one simulated reader, a card scenario per collect, outcomes reported to the server. */
class FakeTerminal {
  status: 'not_connected' | 'connecting' | 'connected' = 'not_connected';
  busy = false;
  simulatorConfig: Json = {};
  connects: Json[] = [];
  tokens: string[] = [];
  private cancelWaiting: ((result: ErrorResult) => void) | null = null;

  constructor(
    private readonly server: FakeCounterServer,
    private readonly card: { scenario: CardScenario },
    private readonly props: {
      onFetchConnectionToken: () => Promise<string>;
      onUnexpectedReaderDisconnect?: (event: { error?: { message: string } }) => void;
    },
  ) {}

  /** The reader drops off the network while the SDK waits for a card. */
  loseReader() {
    this.status = 'not_connected';
    this.cancelWaiting?.({
      error: { code: 'reader_connection_interrupted', message: 'The reader went offline.' },
    });
    this.cancelWaiting = null;
    this.props.onUnexpectedReaderDisconnect?.({ error: { message: 'The reader went offline.' } });
  }

  getConnectionStatus() {
    return this.status;
  }
  async discoverReaders(config: Json) {
    this.tokens.push(await this.props.onFetchConnectionToken());
    return { discoveredReaders: [{ id: 'tmr_1', location: config.location ?? null }] };
  }
  async connectReader(reader: { id: string }, options: { fail_if_in_use?: boolean }) {
    this.connects.push({ reader: reader.id, ...options });
    if (this.busy && options.fail_if_in_use) {
      return { error: { code: 'terminal_reader_busy', message: 'busy' } };
    }
    this.status = 'connected';
    return { reader };
  }
  async disconnectReader() {
    this.status = 'not_connected';
    return {};
  }
  async setReaderDisplay() {
    return {};
  }
  setSimulatorConfiguration(config: Json) {
    this.simulatorConfig = config;
  }
  async collectPaymentMethod(secret: string): Promise<ErrorResult | PaymentIntentResult> {
    if (this.card.scenario === 'customer_cancel') {
      return { error: { code: 'canceled_by_customer', message: 'The customer canceled.' } };
    }
    if (this.card.scenario === 'wait') {
      return new Promise((resolve) => {
        this.cancelWaiting = resolve;
      });
    }
    return { paymentIntent: { id: secret.split('_secret_')[0], status: 'requires_confirmation' } };
  }
  async cancelCollectPaymentMethod() {
    this.cancelWaiting?.({ error: { code: 'canceled', message: 'canceled' } });
    this.cancelWaiting = null;
    return {};
  }
  async processPayment(paymentIntent: { id: string }): Promise<ErrorResult | PaymentIntentResult> {
    if (this.card.scenario === 'decline') {
      this.server.decline();
      return {
        error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
        },
      };
    }
    this.server.approve();
    return { paymentIntent: { id: paymentIntent.id, status: 'requires_capture' } };
  }
}

let current: { server: FakeCounterServer; card: { scenario: CardScenario }; terminal: FakeTerminal | null } =
  {
    server: new FakeCounterServer(),
    card: { scenario: 'approve' },
    terminal: null,
  };

// The loader resolves `window.StripeTerminal` as-is when it exists (what the emulated script installs).
Object.assign(globalThis, {
  window: {
    StripeTerminal: {
      PaymentStatus: {},
      ConnectionStatus: {},
      OutputLogLevel: {},
      create(props: ConstructorParameters<typeof FakeTerminal>[2]) {
        current.terminal = new FakeTerminal(current.server, current.card, props);
        return current.terminal;
      },
    },
  },
});

function harness(): DriverHarness & { terminal(): FakeTerminal } {
  const server = new FakeCounterServer();
  const card = { scenario: 'approve' as CardScenario };
  current = { server, card, terminal: null };
  const driver = createJsSdkDriver({ api: server.api, stripeLocationId: 'tml_1' });
  const terminal = () => {
    if (!current.terminal) throw new Error('the driver has not created a Terminal yet');
    return current.terminal;
  };
  return {
    driver,
    server,
    reader: makeReader({ integration: 'js_sdk' }),
    present(scenario) {
      card.scenario = scenario;
    },
    terminal,
  };
}

runDriverContract('JS SDK driver', harness);

describe('JS SDK driver', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(() => {
    h = harness();
  });

  it('asks the reader not to be taken over unless the cashier chose to take it over', async () => {
    await h.driver.connect(h.reader, { takeOver: false });
    await h.driver.disconnect();
    await h.driver.connect(h.reader, { takeOver: true });
    expect(h.terminal().connects).toEqual([
      { reader: 'tmr_1', fail_if_in_use: true },
      { reader: 'tmr_1', fail_if_in_use: false },
    ]);
  });

  it('reports a reader in use by another register as busy', async () => {
    await h.driver.connect(h.reader, { takeOver: false });
    await h.driver.disconnect();
    h.terminal().busy = true;
    expect(await h.driver.connect(h.reader, { takeOver: false })).toMatchObject({
      ok: false,
      code: 'reader_busy',
    });
  });

  it('gets connection tokens from the counter server', async () => {
    await h.driver.connect(h.reader, { takeOver: false });
    expect(h.terminal().tokens).toEqual(['pst_test_1']);
  });

  it('passes the test card chosen in the simulator panel to the simulated reader', async () => {
    await h.driver.connect(h.reader, { takeOver: false });
    h.present('approve');
    h.driver.configureSimulator?.({ testPaymentMethod: 'amex', tipAmountMinor: 200, customerCancel: false });
    await h.driver.collectAndProcess({
      saleId: 'sale_1',
      attempt: {
        id: 'att_1',
        paymentIntentId: 'pi_1',
        clientSecret: 'pi_1_secret_abc',
        integration: 'js_sdk',
      },
      tipping: { eligibleAmountMinor: 900 },
    });
    expect(h.terminal().simulatorConfig).toEqual({
      testPaymentMethod: 'amex',
      tipAmount: 200,
      customerCancel: false,
    });
  });

  it('ends reader_lost, with the sale still payable, when the reader drops off while waiting', async () => {
    await h.driver.connect(h.reader, { takeOver: false });
    const statuses: string[] = [];
    h.driver.onStatus((status) => statuses.push(status.type === 'connection' ? status.status : status.type));
    h.present('wait');
    const pending = h.driver.collectAndProcess({
      saleId: 'sale_1',
      attempt: {
        id: 'att_1',
        paymentIntentId: 'pi_1',
        clientSecret: 'pi_1_secret_abc',
        integration: 'js_sdk',
      },
      tipping: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    h.terminal().loseReader();
    const outcome = await pending;
    expect(outcome).toMatchObject({ kind: 'reader_lost', sale: { status: 'awaiting_payment' } });
    expect(statuses).toContain('reader_lost');
    expect(statuses).toContain('not_connected');
    expect(h.server.cancelCalls).toBe(0);
  });

  it('trusts the synced sale over the reader: a processed payment the server settled is approved', async () => {
    await h.driver.connect(h.reader, { takeOver: false });
    h.present('approve');
    const outcome = await h.driver.collectAndProcess({
      saleId: 'sale_1',
      attempt: {
        id: 'att_1',
        paymentIntentId: 'pi_1',
        clientSecret: 'pi_1_secret_abc',
        integration: 'js_sdk',
      },
      tipping: null,
    });
    expect(outcome.kind).toBe('approved');
    expect(h.server.syncCalls).toBe(1);
  });
});
