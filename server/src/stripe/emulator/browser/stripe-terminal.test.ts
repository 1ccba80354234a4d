// Unit tests of the emulated browser Terminal SDK: the served script (stripe-terminal.ts transpiled by
// ../terminal-script.ts) runs in a vm "page" whose fetch is a small in-memory fake of the
// `/_emulator/terminal-sdk/*` back end (../terminal-sdk.routes.ts), so only the SDK is under test. Its types
// are checked against @stripe/terminal-js by ./tsconfig.json and stripe-terminal.type-check.ts.
import { runInNewContext, Script } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emulatedTerminalScript } from '../terminal-script.ts';

/** The script exactly as GET /_emulator/terminal.js serves it. */
const source = emulatedTerminalScript();

type Json = Record<string, unknown>;
type Result = Json & { error?: Json };
interface FakeTerminal {
  discoverReaders(config?: Json): Promise<Result>;
  connectReader(reader: unknown, options?: Json): Promise<Result>;
  disconnectReader(): Promise<Result>;
  getConnectionStatus(): string;
  getPaymentStatus(): string;
  getConnectedReader(): unknown;
  setReaderDisplay(request: Json): Promise<Result>;
  collectPaymentMethod(secret: string, options?: Json): Promise<Result>;
  cancelCollectPaymentMethod(): Promise<Result>;
  processPayment(paymentIntent: unknown): Promise<Result>;
  setSimulatorConfiguration(config: Json): void;
  getSimulatorConfiguration(): Json;
}
interface StripeTerminalGlobal {
  create(props: Json): FakeTerminal;
}

/** An in-memory stand-in for the emulator's terminal-sdk routes, recording every request. */
function fakeBackEnd() {
  const state = {
    tokens: new Set<string>(),
    tokensIssued: 0,
    sessions: new Map<string, string>(),
    offline: new Set<string>(),
    requests: [] as { method: string; path: string; body: Json | null; token: string | null }[],
    displays: [] as unknown[],
    paymentIntent: {
      id: 'pi_1',
      client_secret: 'pi_1_secret_abc',
      status: 'requires_payment_method',
      amount: 1000,
      tip: 0,
    } as Json & { amount: number; tip: number },
    failNetwork: false,
  };
  const readers = [
    { id: 'tmr_front', object: 'terminal.reader', location: 'tml_1', label: 'Front' },
    { id: 'tmr_back', object: 'terminal.reader', location: 'tml_2', label: 'Back' },
  ];
  const reply = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const stripeError = (status: number, type: string, code: string, extra: Json = {}) =>
    reply(status, { error: { type, code, message: `${code} happened`, ...extra } });

  async function fetch(input: string, init?: RequestInit): Promise<Response> {
    if (state.failNetwork) throw new TypeError('Failed to fetch');
    const url = new URL(input);
    const auth = new Headers(init?.headers).get('authorization');
    const token = auth?.replace(/^Bearer /, '') ?? null;
    const body = init?.body ? (JSON.parse(String(init.body)) as Json) : null;
    const path = url.pathname.replace('/_emulator/terminal-sdk', '');
    state.requests.push({ method: init?.method ?? 'GET', path: `${path}${url.search}`, body, token });
    if (!token || !state.tokens.has(token))
      return stripeError(401, 'invalid_request_error', 'invalid_connection_token');
    if (path === '/readers') {
      const location = url.searchParams.get('location');
      return reply(200, { data: readers.filter((r) => !location || r.location === location) });
    }
    const match = /^\/readers\/([^/]+)\/(\w+)$/.exec(path);
    const readerId = match?.[1] ?? '';
    const reader = readers.find((r) => r.id === readerId);
    if (!reader) return stripeError(404, 'invalid_request_error', 'resource_missing');
    const action = match?.[2];
    const session = (body?.session_id as string | undefined) ?? url.searchParams.get('session_id');
    if (action === 'session') {
      if (state.offline.has(readerId)) return reply(200, { connected: false, reason: 'offline', reader });
      const connected = state.sessions.get(readerId) === session;
      return reply(200, connected ? { connected, reader } : { connected, reason: 'taken_over', reader });
    }
    if (action === 'connect') {
      if (state.offline.has(readerId))
        return stripeError(409, 'invalid_request_error', 'terminal_reader_offline');
      if (state.sessions.has(readerId) && body?.fail_if_in_use === true) {
        return stripeError(409, 'invalid_request_error', 'terminal_reader_busy');
      }
      state.sessions.set(readerId, String(session));
      return reply(200, { reader });
    }
    if (state.sessions.get(readerId) !== session) {
      return stripeError(400, 'invalid_request_error', 'terminal_reader_not_connected');
    }
    if (action === 'disconnect') {
      state.sessions.delete(readerId);
      return reply(200, {});
    }
    if (action === 'display') {
      state.displays.push(body?.cart);
      return reply(200, {});
    }
    const pi = state.paymentIntent;
    if (action === 'collect') {
      if (body?.client_secret !== pi.client_secret)
        return stripeError(400, 'invalid_request_error', 'bad_secret');
      pi.status = 'requires_confirmation';
      pi.payment_method = body?.payment_method;
      pi.tip = typeof body?.tip_amount === 'number' ? body.tip_amount : 0;
      return reply(200, { payment_intent: { ...pi } });
    }
    if (action === 'process') {
      const card = pi.payment_method as { number: string };
      if (card.number === '4000000000000002' || card.number === '4000000000009995') {
        pi.status = 'requires_payment_method';
        const declineCode = card.number.endsWith('9995') ? 'insufficient_funds' : 'generic_decline';
        return stripeError(402, 'card_error', 'card_declined', {
          decline_code: declineCode,
          payment_intent: { ...pi },
        });
      }
      pi.amount += pi.tip;
      pi.status = 'requires_capture';
      return reply(200, { payment_intent: { ...pi } });
    }
    return stripeError(404, 'invalid_request_error', 'unknown_route');
  }

  function issueToken() {
    state.tokensIssued += 1;
    const secret = `pst_test_${state.tokensIssued}`;
    state.tokens.add(secret);
    return secret;
  }
  return { state, fetch, issueToken, readers };
}

/** Loads the script into a fresh fake page and returns its StripeTerminal plus spies. */
function loadSdk() {
  const backEnd = fakeBackEnd();
  const page: Json = {
    document: { currentScript: { src: 'http://pos.test:3000/_emulator/terminal.js' } },
    fetch: backEnd.fetch,
    URL,
    URLSearchParams,
    crypto,
    console,
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
    clearInterval: (id: ReturnType<typeof setInterval>) => clearInterval(id),
  };
  page.window = page;
  runInNewContext(source, page);
  const StripeTerminal = page.StripeTerminal as StripeTerminalGlobal;
  const events = {
    connection: [] as string[],
    payment: [] as string[],
    disconnects: [] as Json[],
  };
  const fetchToken = vi.fn(async () => backEnd.issueToken());
  const terminal = StripeTerminal.create({
    onFetchConnectionToken: fetchToken,
    onConnectionStatusChange: (event: { status: string }) => events.connection.push(event.status),
    onPaymentStatusChange: (event: { status: string }) => events.payment.push(event.status),
    onUnexpectedReaderDisconnect: (event: Json) => events.disconnects.push(event),
  });
  return { terminal, backEnd, events, fetchToken, StripeTerminal };
}

async function connected(location = 'tml_1') {
  const sdk = loadSdk();
  const discovered = await sdk.terminal.discoverReaders({ simulated: true, location });
  const [reader] = discovered.discoveredReaders as unknown[];
  const result = await sdk.terminal.connectReader(reader);
  expect(result.error).toBeUndefined();
  return sdk;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('emulated Stripe Terminal JS SDK', () => {
  it('is served as one classic script: no import or export, nothing but window.StripeTerminal installed', () => {
    expect(() => new Script(source)).not.toThrow();
    expect(source).not.toMatch(/^\s*(import|export)\b/m);
    const page: Json = { document: { currentScript: null }, location: { origin: 'http://pos.test' }, URL };
    page.window = page;
    const before = new Set(Object.keys(page));
    runInNewContext(source, page);
    expect(Object.keys(page).filter((key) => !before.has(key))).toEqual(['StripeTerminal']);
  });

  it('has no connected reader before connecting', () => {
    const { terminal } = loadSdk();
    expect(terminal.getConnectedReader()).toBeNull();
    expect(terminal.getConnectionStatus()).toBe('not_connected');
    expect(terminal.getPaymentStatus()).toBe('not_ready');
  });

  it('reports a UnionPay card as CUP, the SDK’s brand for it', async () => {
    const { terminal } = await connected();
    terminal.setSimulatorConfiguration({ testPaymentMethod: 'unionpay', presentDelayMs: 0 });
    const collected = await terminal.collectPaymentMethod('pi_1_secret_abc');
    expect(collected.paymentIntent).toMatchObject({
      sdk_payment_details: { card_payment: { card_brand: 'CUP', masked_pan: '************0005' } },
    });
  });

  it('resolves the operations it does not emulate to unsupported_operation', async () => {
    const { terminal } = loadSdk();
    const byName = terminal as unknown as Record<string, () => Promise<Result>>;
    for (const name of ['collectRefundPaymentMethod', 'processRefund', 'collectInputs', 'print']) {
      expect((await byName[name]?.())?.error).toMatchObject({ code: 'unsupported_operation' });
    }
  });

  it('installs StripeTerminal with the SDK enums', () => {
    const { StripeTerminal } = loadSdk();
    expect(StripeTerminal).toMatchObject({
      PaymentStatus: { READY: 'ready', WAITING_FOR_INPUT: 'waiting_for_input' },
      ConnectionStatus: { CONNECTED: 'connected', NOT_CONNECTED: 'not_connected' },
      OutputLogLevel: { NONE: 'none', VERBOSE: 'verbose' },
    });
  });

  it('discovers the readers of a location against the origin of its own script', async () => {
    const { terminal, backEnd, fetchToken } = loadSdk();
    const result = await terminal.discoverReaders({ simulated: true, location: 'tml_2' });
    expect(result).toEqual({ discoveredReaders: [expect.objectContaining({ id: 'tmr_back' })] });
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(backEnd.state.requests[0]).toMatchObject({
      method: 'GET',
      path: '/readers?location=tml_2',
      token: 'pst_test_1',
    });
  });

  it('fetches a fresh connection token for every new connection', async () => {
    const { terminal, fetchToken, backEnd } = await connected();
    expect(fetchToken).toHaveBeenCalledTimes(1); // discover's token is used for the first connect
    await terminal.disconnectReader();
    const second = await terminal.connectReader(backEnd.readers[0]);
    expect(second.error).toBeUndefined();
    expect(fetchToken).toHaveBeenCalledTimes(2);
    const connects = backEnd.state.requests.filter((r) => r.path.endsWith('/connect'));
    expect(connects.map((r) => r.token)).toEqual(['pst_test_1', 'pst_test_2']);
  });

  it('reports connection and payment status changes', async () => {
    const { terminal, events } = await connected();
    expect(events.connection).toEqual(['connecting', 'connected']);
    expect(terminal.getConnectionStatus()).toBe('connected');
    expect(terminal.getPaymentStatus()).toBe('ready');
    expect(terminal.getConnectedReader()).toMatchObject({ id: 'tmr_front' });
    await terminal.disconnectReader();
    expect(events.connection).toEqual(['connecting', 'connected', 'not_connected']);
    expect(terminal.getPaymentStatus()).toBe('not_ready');
  });

  it('refuses to take over a busy reader when fail_if_in_use is set', async () => {
    const { backEnd } = await connected();
    const other = loadSdk();
    other.backEnd.state.sessions.set('tmr_front', 'someone-else');
    const result = await other.terminal.connectReader(backEnd.readers[0], { fail_if_in_use: true });
    expect(result.error).toMatchObject({ code: 'terminal_reader_busy' });
    expect(other.terminal.getConnectionStatus()).toBe('not_connected');
  });

  it('collects a simulated card with the configured tip and processes it', async () => {
    const { terminal, backEnd, events } = await connected();
    terminal.setSimulatorConfiguration({
      testPaymentMethod: 'mastercard',
      tipAmount: 150,
      presentDelayMs: 0,
    });
    const collected = await terminal.collectPaymentMethod('pi_1_secret_abc');
    expect(collected.error).toBeUndefined();
    expect(collected.paymentIntent).toMatchObject({
      id: 'pi_1',
      status: 'requires_confirmation',
      sdk_payment_details: { card_payment: { card_brand: 'MASTERCARD' }, tip_selection: { amount: 150 } },
    });
    const collectRequest = backEnd.state.requests.find((r) => r.path.endsWith('/collect'));
    expect(collectRequest?.body).toMatchObject({
      payment_method: { type: 'card_present', number: '5555555555554444' },
      tip_amount: 150,
    });
    const processed = await terminal.processPayment(collected.paymentIntent);
    expect(processed.paymentIntent).toMatchObject({ status: 'requires_capture', amount: 1150 });
    expect(events.payment).toEqual(['ready', 'waiting_for_input', 'ready', 'processing', 'ready']);
  });

  it('does not send a tip when the collect config skips tipping', async () => {
    const { terminal, backEnd } = await connected();
    terminal.setSimulatorConfiguration({ tipAmount: 150, presentDelayMs: 0 });
    await terminal.collectPaymentMethod('pi_1_secret_abc', { config_override: { skip_tipping: true } });
    const collectRequest = backEnd.state.requests.find((r) => r.path.endsWith('/collect'));
    expect(collectRequest?.body).toMatchObject({ skip_tipping: true });
    expect(collectRequest?.body).not.toHaveProperty('tip_amount');
  });

  it('turns a declined test card into a card_declined error with the PaymentIntent', async () => {
    const { terminal } = await connected();
    terminal.setSimulatorConfiguration({
      testPaymentMethod: 'charge_declined_insufficient_funds',
      presentDelayMs: 0,
    });
    const collected = await terminal.collectPaymentMethod('pi_1_secret_abc');
    const processed = await terminal.processPayment(collected.paymentIntent);
    expect(processed.error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      payment_intent: { id: 'pi_1', status: 'requires_payment_method' },
    });
  });

  it('uses an explicit test card number over a named test payment method', async () => {
    const { terminal, backEnd } = await connected();
    terminal.setSimulatorConfiguration({
      testPaymentMethod: 'visa',
      testCardNumber: '4000000000000002',
      presentDelayMs: 0,
    });
    await terminal.collectPaymentMethod('pi_1_secret_abc');
    const collectRequest = backEnd.state.requests.find((r) => r.path.endsWith('/collect'));
    expect(collectRequest?.body).toMatchObject({ payment_method: { number: '4000000000000002' } });
    expect(terminal.getSimulatorConfiguration()).toMatchObject({ testCardNumber: '4000000000000002' });
  });

  it('resolves a waiting collect as canceled when the app cancels it', async () => {
    const { terminal, backEnd } = await connected();
    terminal.setSimulatorConfiguration({ presentDelayMs: 60_000 });
    const pending = terminal.collectPaymentMethod('pi_1_secret_abc');
    expect(await terminal.cancelCollectPaymentMethod()).toEqual({});
    expect((await pending).error).toMatchObject({ code: 'canceled' });
    expect(backEnd.state.requests.some((r) => r.path.endsWith('/collect'))).toBe(false);
    expect(terminal.getPaymentStatus()).toBe('ready');
  });

  it('reports a customer cancel on the reader as canceled_by_customer', async () => {
    const { terminal } = await connected();
    terminal.setSimulatorConfiguration({ customerCancel: true, presentDelayMs: 0 });
    const result = await terminal.collectPaymentMethod('pi_1_secret_abc');
    expect(result.error).toMatchObject({ code: 'canceled_by_customer' });
  });

  it('refuses to collect without a connected reader', async () => {
    const { terminal } = loadSdk();
    const result = await terminal.collectPaymentMethod('pi_1_secret_abc');
    expect(result.error).toMatchObject({ code: 'no_established_connection' });
  });

  it('resolves network failures as network_error instead of rejecting', async () => {
    const { terminal, backEnd } = loadSdk();
    backEnd.state.failNetwork = true;
    const result = await terminal.discoverReaders({ simulated: true });
    expect(result.error).toMatchObject({ code: 'network_error' });
  });

  it('fetches a new token and retries once when the token has expired', async () => {
    const { terminal, backEnd, fetchToken } = await connected();
    backEnd.state.tokens.clear();
    const result = await terminal.setReaderDisplay({
      type: 'cart',
      cart: { currency: 'usd', line_items: [{ description: 'Latte', amount: 450, quantity: 1 }], total: 450 },
    });
    expect(result).toEqual({});
    expect(fetchToken).toHaveBeenCalledTimes(2);
    expect(backEnd.state.displays).toHaveLength(1);
  });

  it('resolves a failing token fetch as failed_fetch_connection_token', async () => {
    const backEnd = fakeBackEnd();
    const page: Json = {
      document: { currentScript: null },
      location: { origin: 'http://pos.test' },
      URL,
      URLSearchParams,
    };
    page.window = page;
    page.fetch = backEnd.fetch;
    runInNewContext(source, page);
    const terminal = (page.StripeTerminal as StripeTerminalGlobal).create({
      onFetchConnectionToken: async () => {
        throw new Error('server down');
      },
    });
    const result = await terminal.discoverReaders({});
    expect(result.error).toMatchObject({ code: 'failed_fetch_connection_token' });
  });

  it('raises onUnexpectedReaderDisconnect when another register takes the reader over', async () => {
    vi.useFakeTimers();
    const { terminal, backEnd, events } = await connected();
    backEnd.state.sessions.set('tmr_front', 'another-session');
    await vi.advanceTimersByTimeAsync(1000);
    expect(events.disconnects).toEqual([
      { error: expect.objectContaining({ code: 'reader_connection_interrupted' }) },
    ]);
    expect(terminal.getConnectionStatus()).toBe('not_connected');
    expect(terminal.getConnectedReader()).toBeNull();
  });

  it('ends a waiting collect when the reader goes offline', async () => {
    vi.useFakeTimers();
    const { terminal, backEnd, events } = await connected();
    terminal.setSimulatorConfiguration({ presentDelayMs: 60_000 });
    const pending = terminal.collectPaymentMethod('pi_1_secret_abc');
    backEnd.state.offline.add('tmr_front');
    await vi.advanceTimersByTimeAsync(1000);
    expect((await pending).error).toMatchObject({ code: 'reader_connection_interrupted' });
    expect(events.disconnects).toHaveLength(1);
    expect(events.disconnects[0]?.error).toMatchObject({ message: 'The reader went offline.' });
  });
});
