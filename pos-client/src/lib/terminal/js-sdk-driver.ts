/**
 * TerminalDriver over Stripe Terminal JS (`@stripe/terminal-js/pure`): the browser connects to the reader,
 * collects the card and processes the payment; afterwards it ALWAYS asks the server to sync the sale,
 * because only the server's view (PaymentIntent retrieved from Stripe, authorization captured) is the truth.
 * In emulator mode the page has loaded the emulated SDK script first, so `loadStripeTerminal()` returns it.
 */
// Its strings load with it, not with the counter's first screen.
import '../i18n/later.ts';
import type { CounterReader, Sale } from '@countertop/shared';
import {
  type ExposedError,
  loadStripeTerminal,
  type Reader,
  type StripeTerminal,
  type Terminal,
} from '@stripe/terminal-js/pure';
import { errorText } from '../errors.ts';
import { t } from '../i18n/i18n.ts';
import {
  type CollectInput,
  type ConnectResult,
  cancelSaleOnServer,
  createStatusHub,
  type DriverApi,
  type PaymentOutcome,
  type SimulatorSettings,
  type TerminalDriver,
} from './driver.ts';
import { declineReason, outcomeFromSale } from './sale-outcome.ts';

interface JsSdkDriverOptions {
  api: DriverApi;
  /** The register location's Stripe Location (`tml_…`); discovery is limited to it. */
  stripeLocationId: string | null;
  /** Defaults to `loadStripeTerminal` from `@stripe/terminal-js/pure`. */
  loadTerminal?: () => Promise<StripeTerminal | null>;
}

const READER_GONE_CODES = new Set([
  'reader_connection_interrupted',
  'no_established_connection',
  'terminal_reader_offline',
  'terminal_reader_not_connected',
  'terminal_reader_timeout',
  'network_error',
]);

function connectFailure(error: ExposedError): ConnectResult {
  if (error.code === 'terminal_reader_busy') {
    return { ok: false, code: 'reader_busy', message: t('common:errors.reader_busy') };
  }
  if (error.code === 'terminal_reader_offline') {
    return {
      ok: false,
      code: 'reader_offline',
      message: t('counter:reader.offline'),
    };
  }
  return { ok: false, code: 'error', message: error.message || t('counter:reader.couldNotConnect') };
}

export function createJsSdkDriver(options: JsSdkDriverOptions): TerminalDriver {
  const { api } = options;
  const load = options.loadTerminal ?? loadStripeTerminal;
  const hub = createStatusHub();
  let terminalPromise: Promise<Terminal> | null = null;
  let connected: CounterReader | null = null;
  let phase: 'idle' | 'collecting' | 'processing' = 'idle';
  let simulator: SimulatorSettings | null = null;

  function readerLost(message: string) {
    connected = null;
    hub.emit({ type: 'connection', status: 'not_connected', reader: null });
    hub.emit({ type: 'reader_lost', message });
  }

  function terminal(): Promise<Terminal> {
    if (!terminalPromise) {
      terminalPromise = load().then((sdk) => {
        if (!sdk) throw new Error(t('counter:reader.noTerminal'));
        return sdk.create({
          onFetchConnectionToken: () => api.connectionToken(),
          onUnexpectedReaderDisconnect: (event) => {
            readerLost(event.error?.message ?? t('counter:reader.disconnected'));
          },
        });
      });
      terminalPromise.catch(() => {
        terminalPromise = null;
      });
    }
    return terminalPromise;
  }

  async function trySync(saleId: string): Promise<Sale | null> {
    try {
      return await api.syncSale(saleId);
    } catch {
      return null;
    }
  }

  async function afterCollectError(saleId: string, error: ExposedError): Promise<PaymentOutcome> {
    if (error.code === 'canceled' || error.code === 'canceled_by_customer') {
      const sale = await cancelSaleOnServer(api, saleId, null);
      return { kind: 'canceled', sale, byCustomer: error.code === 'canceled_by_customer' };
    }
    const sale = await trySync(saleId);
    if (error.code && READER_GONE_CODES.has(error.code)) {
      return { kind: 'reader_lost', sale, message: error.message || t('counter:reader.disconnected') };
    }
    const settled = sale ? outcomeFromSale(sale) : null;
    if (settled) return settled;
    return { kind: 'error', sale, code: error.code ?? 'reader_error', message: error.message };
  }

  return {
    integration: 'js_sdk',

    onStatus: (listener) => hub.subscribe(listener),

    configureSimulator(settings) {
      simulator = settings;
    },

    async connect(reader, { takeOver }) {
      let sdk: Terminal;
      try {
        sdk = await terminal();
      } catch (error) {
        return { ok: false, code: 'error', message: errorText(error) };
      }
      if (connected?.id === reader.id && sdk.getConnectionStatus() === 'connected') return { ok: true };
      if (sdk.getConnectionStatus() !== 'not_connected') await sdk.disconnectReader();
      connected = null;
      hub.emit({ type: 'connection', status: 'connecting', reader });
      const simulated = reader.deviceType.startsWith('simulated');
      const discovery = await sdk.discoverReaders({
        simulated,
        ...(options.stripeLocationId ? { location: options.stripeLocationId } : {}),
      });
      if ('error' in discovery) {
        hub.emit({ type: 'connection', status: 'not_connected', reader: null });
        return connectFailure(discovery.error);
      }
      const readers: Reader[] = discovery.discoveredReaders;
      // Stripe's own simulator answers a simulated discovery with one virtual reader of its own id.
      const found =
        readers.find((candidate) => candidate.id === reader.stripeReaderId) ??
        (simulated && readers.length === 1 ? readers[0] : undefined);
      if (!found) {
        hub.emit({ type: 'connection', status: 'not_connected', reader: null });
        return { ok: false, code: 'reader_not_found', message: t('counter:reader.notFound') };
      }
      const result = await sdk.connectReader(found, { fail_if_in_use: !takeOver });
      if ('error' in result) {
        hub.emit({ type: 'connection', status: 'not_connected', reader: null });
        return connectFailure(result.error);
      }
      connected = reader;
      hub.emit({ type: 'connection', status: 'connected', reader });
      return { ok: true };
    },

    async disconnect() {
      const sdk = terminalPromise ? await terminalPromise.catch(() => null) : null;
      if (sdk && sdk.getConnectionStatus() !== 'not_connected') await sdk.disconnectReader();
      connected = null;
      hub.emit({ type: 'connection', status: 'not_connected', reader: null });
    },

    async showCart(cart) {
      const sdk = await terminal().catch(() => null);
      if (!sdk || !connected) return;
      // Best effort: a display failure must never block the sale.
      await sdk.setReaderDisplay({
        type: 'cart',
        cart: {
          currency: cart.currency,
          line_items: cart.lineItems.map((line) => ({
            description: line.description,
            amount: line.amountMinor,
            quantity: line.quantity,
          })),
          tax: cart.taxMinor,
          total: cart.totalMinor,
        },
      });
    },

    async collectAndProcess({ saleId, attempt, tipping }: CollectInput): Promise<PaymentOutcome> {
      if (!connected) return { kind: 'reader_lost', sale: null, message: t('counter:reader.connectFirst') };
      if (!attempt.clientSecret) {
        return {
          kind: 'error',
          sale: null,
          code: 'missing_client_secret',
          message: t('counter:reader.noClientSecret'),
        };
      }
      const sdk = await terminal();
      if (simulator) {
        sdk.setSimulatorConfiguration({
          testPaymentMethod: simulator.testPaymentMethod,
          tipAmount: simulator.tipAmountMinor,
          customerCancel: simulator.customerCancel,
          ...(simulator.presentDelayMs === undefined ? {} : { presentDelayMs: simulator.presentDelayMs }),
        });
      }
      phase = 'collecting';
      hub.emit({ type: 'payment', phase: 'waiting_for_card' });
      const collected = await sdk.collectPaymentMethod(attempt.clientSecret, {
        config_override: tipping
          ? { tipping: { eligible_amount: tipping.eligibleAmountMinor } }
          : { skip_tipping: true },
      });
      if ('error' in collected) {
        phase = 'idle';
        hub.emit({ type: 'payment', phase: 'idle' });
        return afterCollectError(saleId, collected.error);
      }
      phase = 'processing';
      hub.emit({ type: 'payment', phase: 'processing' });
      const processed = await sdk.processPayment(collected.paymentIntent);
      phase = 'idle';
      hub.emit({ type: 'payment', phase: 'idle' });
      const sale = await trySync(saleId);
      const settled = sale ? outcomeFromSale(sale) : null;
      if (settled) return settled;
      if ('error' in processed) {
        const { error } = processed;
        if (error.code && READER_GONE_CODES.has(error.code)) {
          return { kind: 'reader_lost', sale, message: error.message || t('counter:reader.disconnected') };
        }
        if (sale && (error.code === 'card_declined' || error.decline_code || error.type === 'card_error')) {
          const lastError = {
            code: error.code ?? 'card_declined',
            declineCode: error.decline_code ?? null,
            message: error.message,
          };
          return {
            kind: 'declined',
            sale,
            reason: declineReason(lastError),
            declineCode: lastError.declineCode,
          };
        }
        return { kind: 'error', sale, code: error.code ?? 'reader_error', message: error.message };
      }
      return {
        kind: 'error',
        sale,
        code: 'not_settled',
        message: t('counter:reader.notConfirmed'),
      };
    },

    // Stops the SDK's collect; the collect then ends `canceled` and cancels the sale (afterCollectError).
    async cancel() {
      if (phase !== 'collecting') return;
      const sdk = await terminal();
      await sdk.cancelCollectPaymentMethod();
    },
  };
}
