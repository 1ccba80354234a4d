/**
 * TerminalDriver for server-driven readers: the server starts `process_payment_intent` on the reader when
 * the attempt is created, so the browser only follows the sale — it polls `POST /sales/:id/sync` until the
 * sale reaches a final state. Cancel asks the server to cancel the reader action and the PaymentIntent.
 * The counter API has no reader-display route, so the reader shows the amount once the action starts.
 */
// Its strings load with it, not with the counter's first screen.
import '../i18n/later.ts';
import type { CounterReader, Sale } from '@countertop/shared';
import { t } from '../i18n/i18n.ts';
import {
  type CollectInput,
  cancelSaleOnServer,
  createStatusHub,
  type DriverApi,
  type PaymentOutcome,
  type TerminalDriver,
} from './driver.ts';
import { outcomeFromSale } from './sale-outcome.ts';

interface ServerDrivenDriverOptions {
  api: DriverApi;
  /** Time between two syncs while the customer presents the card. */
  pollIntervalMs?: number;
  /** Check the reader's status every this many syncs (it can drop offline while the customer is paying). */
  readerCheckEvery?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Consecutive failed syncs after which the driver reports an error rather than keep waiting. */
const MAX_SYNC_FAILURES = 5;

export function createServerDrivenDriver(options: ServerDrivenDriverOptions): TerminalDriver {
  const { api } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const sleep = options.sleep ?? defaultSleep;
  const readerCheckEvery = options.readerCheckEvery ?? 2;
  const hub = createStatusHub();
  let connected: CounterReader | null = null;
  let running: { saleId: string; cancelRequested: boolean } | null = null;

  return {
    integration: 'server_driven',

    onStatus: (listener) => hub.subscribe(listener),

    async connect(reader) {
      if (reader.status === 'offline') {
        return {
          ok: false,
          code: 'reader_offline',
          message: t('counter:reader.offline'),
        };
      }
      connected = reader;
      hub.emit({ type: 'connection', status: 'connected', reader });
      return { ok: true };
    },

    async disconnect() {
      connected = null;
      hub.emit({ type: 'connection', status: 'not_connected', reader: null });
    },

    async showCart() {
      // Nothing to do: the server-driven reader displays the amount when the server starts the payment.
    },

    async collectAndProcess({ saleId }: CollectInput): Promise<PaymentOutcome> {
      if (!connected) return { kind: 'reader_lost', sale: null, message: t('counter:reader.connectFirst') };
      const run = { saleId, cancelRequested: false };
      running = run;
      hub.emit({ type: 'payment', phase: 'waiting_for_card' });
      let lastSale: Sale | null = null;
      let failures = 0;
      let phase: 'waiting_for_card' | 'processing' = 'waiting_for_card';
      let polls = 0;
      let online = true;
      const reader = connected;
      try {
        for (;;) {
          polls += 1;
          if (api.readerStatus && polls % readerCheckEvery === 0) {
            // The action stays on the reader while it is offline: keep following the sale (no double
            // charge), but tell the cashier why nothing happens.
            const status = await api.readerStatus(reader.id).catch(() => null);
            if (status !== null && (status === 'online') !== online) {
              online = status === 'online';
              hub.emit({ type: 'reader_health', online });
            }
          }
          let sale: Sale;
          try {
            sale = await api.syncSale(saleId);
            failures = 0;
          } catch {
            failures += 1;
            if (failures >= MAX_SYNC_FAILURES) {
              // The reader keeps its payment: the card may be charged already, so never suggest a new sale.
              return {
                kind: 'error',
                sale: lastSale,
                code: 'sync_failed',
                message: t('counter:reader.syncLost'),
              };
            }
            await sleep(pollIntervalMs);
            continue;
          }
          lastSale = sale;
          const outcome = outcomeFromSale(sale);
          if (outcome) {
            if (outcome.kind === 'canceled' && run.cancelRequested) return { ...outcome, byCustomer: false };
            if (outcome.kind === 'canceled' && outcome.byCustomer && sale.status === 'payment_failed') {
              // The customer canceled on the reader: end the sale too, as the JS SDK flow does.
              return { ...outcome, sale: await cancelSaleOnServer(api, saleId, sale) };
            }
            return outcome;
          }
          if (sale.status === 'processing' && phase !== 'processing') {
            phase = 'processing';
            hub.emit({ type: 'payment', phase: 'processing' });
          }
          await sleep(pollIntervalMs);
        }
      } finally {
        if (running === run) running = null;
        hub.emit({ type: 'payment', phase: 'idle' });
      }
    },

    // The server cancels the reader's action and the sale; the poll loop then reports the canceled sale.
    async cancel() {
      const run = running;
      if (!run || run.cancelRequested) return;
      run.cancelRequested = true;
      try {
        await api.cancelSale(run.saleId);
      } catch {
        // The poll loop keeps following the sale; it reports whatever the server settles on.
        run.cancelRequested = false;
      }
    },
  };
}
