/**
 * The Terminal port: what the counter needs from a card reader, whatever integration drives it.
 * `js-sdk-driver.ts` drives a reader from the browser with Stripe Terminal JS; `server-driven-driver.ts`
 * lets the server drive it through the Readers API and follows the sale. Outcomes always carry the
 * server's view of the sale (never only the reader's), so the UI shows the truth.
 */
import type { Attempt, CounterReader, Sale } from '@countertop/shared';

type ReaderConnectionStatus = 'not_connected' | 'connecting' | 'connected';

/** What the driver tells the counter while it works. */
export type DriverStatus =
  | { type: 'connection'; status: ReaderConnectionStatus; reader: CounterReader | null }
  | { type: 'payment'; phase: 'waiting_for_card' | 'processing' | 'idle' }
  | { type: 'reader_lost'; message: string }
  /** Server-driven readers: Stripe's view of the reader while a payment waits (offline → online again). */
  | { type: 'reader_health'; online: boolean };

export type ConnectResult =
  | { ok: true }
  | { ok: false; code: 'reader_busy' | 'reader_offline' | 'reader_not_found' | 'error'; message: string };

/** How a payment attempt ended, in the counter's terms. */
export type PaymentOutcome =
  | { kind: 'approved'; sale: Sale }
  | { kind: 'declined'; sale: Sale; reason: string; declineCode: string | null }
  | { kind: 'canceled'; sale: Sale | null; byCustomer: boolean }
  | { kind: 'reader_lost'; sale: Sale | null; message: string }
  | { kind: 'error'; sale: Sale | null; code: string; message: string };

/** A cart as the reader's display shows it (amounts in minor units). */
export interface CartDisplay {
  currency: string;
  lineItems: { description: string; amountMinor: number; quantity: number }[];
  taxMinor: number;
  totalMinor: number;
}

export interface CollectInput {
  saleId: string;
  attempt: Attempt;
  /** On-reader tipping; null when the account has tipping off (the reader then skips the tip screen). */
  tipping: { eligibleAmountMinor: number } | null;
}

/** Emulator-only simulator settings (the "Test card" panel); real readers ignore them. */
export interface SimulatorSettings {
  testPaymentMethod: string;
  tipAmountMinor: number | null;
  customerCancel: boolean;
  presentDelayMs?: number;
}

export interface TerminalDriver {
  readonly integration: 'js_sdk' | 'server_driven';
  connect(reader: CounterReader, options: { takeOver: boolean }): Promise<ConnectResult>;
  disconnect(): Promise<void>;
  /** Shows the cart on the reader's screen where the integration supports it. */
  showCart(cart: CartDisplay): Promise<void>;
  /** Runs one attempt to its end: waits for the card, processes it, and asks the server for the truth. */
  collectAndProcess(input: CollectInput): Promise<PaymentOutcome>;
  /** Asks the reader to stop waiting for a card; the running collectAndProcess then ends `canceled`. */
  cancel(): Promise<void>;
  /** Subscribes to status changes; returns the unsubscribe function. */
  onStatus(listener: (status: DriverStatus) => void): () => void;
  /** Emulator only: which test card the simulated reader presents next. */
  configureSimulator?(settings: SimulatorSettings): void;
}

/** The slice of the counter API the drivers use. */
export interface DriverApi {
  connectionToken(): Promise<string>;
  syncSale(saleId: string): Promise<Sale>;
  cancelSale(saleId: string): Promise<Sale>;
  /** Stripe's last known status of one of the register's readers (our reader id); null when unknown. */
  readerStatus?(readerId: string): Promise<'online' | 'offline' | null>;
}

/**
 * How a canceled payment ends on the server, whoever canceled it (the cashier, the collect timeout, the
 * customer on the reader) and whatever the integration: `POST /sales/:id/cancel`, which cancels the
 * reader's action and the PaymentIntent. If the server refuses (the card was charged meanwhile) or cannot
 * be reached, the sale as the server has it now; `fallback` when it cannot say either.
 */
export async function cancelSaleOnServer(
  api: Pick<DriverApi, 'cancelSale' | 'syncSale'>,
  saleId: string,
  fallback: Sale | null,
): Promise<Sale | null> {
  try {
    return await api.cancelSale(saleId);
  } catch {
    return api.syncSale(saleId).catch(() => fallback);
  }
}

/** A tiny listener set shared by the drivers. */
export function createStatusHub() {
  const listeners = new Set<(status: DriverStatus) => void>();
  return {
    emit(status: DriverStatus) {
      for (const listener of listeners) listener(status);
    },
    subscribe(listener: (status: DriverStatus) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
