// The emulated browser Terminal SDK (browser/stripe-terminal.ts, served transpiled by GET /_emulator/terminal.js) running
// in a vm "page" against the real /_emulator/terminal-sdk back end of an in-process emulator: discover →
// connect → collect → process, a decline then an approval on the same PaymentIntent, and a tip on a
// tipping-enabled location.
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.ts';

type Result = Record<string, unknown> & { error?: Record<string, unknown> };
interface Terminal {
  discoverReaders(config?: object): Promise<Result>;
  connectReader(reader: unknown, options?: object): Promise<Result>;
  disconnectReader(): Promise<Result>;
  collectPaymentMethod(secret: string, options?: object): Promise<Result>;
  processPayment(paymentIntent: unknown): Promise<Result>;
  setSimulatorConfiguration(config: object): void;
}

let h: Harness;
let terminals: Terminal[] = [];
beforeEach(() => {
  h = createHarness();
  terminals = [];
});
afterEach(async () => {
  for (const terminal of terminals) await terminal.disconnectReader();
});

async function loadTerminal(tokenParams: Record<string, unknown> = {}): Promise<Terminal> {
  const script = await h.emulator.fetch(new Request('http://pos.test/_emulator/terminal.js'));
  expect(script.status).toBe(200);
  const source = await script.text();
  const page: Record<string, unknown> = {
    document: { currentScript: { src: 'http://pos.test/_emulator/terminal.js' } },
    fetch: (input: string, init?: RequestInit) => h.emulator.fetch(new Request(input, init)),
    URL,
    URLSearchParams,
    crypto,
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
  };
  page.window = page;
  runInNewContext(source, page);
  const StripeTerminal = page.StripeTerminal as { create(props: object): Terminal };
  const terminal = StripeTerminal.create({
    onFetchConnectionToken: async () =>
      String((await h.v1('POST', '/v1/terminal/connection_tokens', tokenParams)).body.secret),
  });
  terminals.push(terminal);
  return terminal;
}

describe('emulated browser SDK against the emulator back end', () => {
  it('declines a card, then approves another on the same PaymentIntent', async () => {
    const reader = await h.reader();
    const terminal = await loadTerminal({ location: reader.location });
    const discovered = await terminal.discoverReaders({ simulated: true });
    const readers = discovered.discoveredReaders as Array<{ id: string }>;
    expect(readers.map((r) => r.id)).toEqual([reader.id]);
    const connected = await terminal.connectReader(readers[0]);
    expect(connected.error).toBeUndefined();

    const pi = await h.paymentIntent();
    terminal.setSimulatorConfiguration({ testCardNumber: '4000000000009995', presentDelayMs: 0 });
    const firstCollect = await terminal.collectPaymentMethod(String(pi.client_secret));
    expect(firstCollect.error).toBeUndefined();
    const declined = await terminal.processPayment(firstCollect.paymentIntent);
    expect(declined.error).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });

    terminal.setSimulatorConfiguration({ testCardNumber: '4242424242424242', presentDelayMs: 0 });
    const secondCollect = await terminal.collectPaymentMethod(String(pi.client_secret));
    const approved = await terminal.processPayment(secondCollect.paymentIntent);
    expect(approved.error).toBeUndefined();
    expect(approved.paymentIntent).toMatchObject({ id: pi.id, status: 'requires_capture', amount: 1500 });
  });

  it('adds the simulator tip when the reader’s location has tipping configured', async () => {
    const config = await h.v1('POST', '/v1/terminal/configurations', {
      tipping: { usd: { percentages: [10, 15, 20] } },
    });
    const location = await h.location({ configuration_overrides: String(config.body.id) });
    const reader = await h.reader({ location });
    const terminal = await loadTerminal();
    const discovered = await terminal.discoverReaders({ location });
    await terminal.connectReader((discovered.discoveredReaders as unknown[])[0]);
    const pi = await h.paymentIntent();
    terminal.setSimulatorConfiguration({ tipAmount: 200, presentDelayMs: 0 });
    const collected = await terminal.collectPaymentMethod(String(pi.client_secret));
    const processed = await terminal.processPayment(collected.paymentIntent);
    expect(processed.paymentIntent).toMatchObject({ amount: 1700, amount_details: { tip: { amount: 200 } } });
    expect(reader.location).toBe(location);
  });
});
