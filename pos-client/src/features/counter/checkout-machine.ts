/**
 * The payment panel's state machine, as a pure reducer:
 * idle → creating → collecting → processing → approved | declined | canceled | reader_lost | failed.
 * A decline, a lost reader or a failure can be retried on the same sale ("Try another card" → creating,
 * keeping the sale so the server reuses its PaymentIntent). A reload resumes an unfinished sale as
 * `interrupted` (or straight to its final state). Events that make no sense in a state are ignored.
 */
import type { Sale } from '@countertop/shared';
import type { PaymentOutcome } from '../../lib/terminal/driver.ts';

type CheckoutStep =
  | 'idle'
  | 'creating'
  | 'collecting'
  | 'processing'
  | 'approved'
  | 'declined'
  | 'canceled'
  | 'reader_lost'
  | 'failed'
  | 'interrupted';

export interface CheckoutState {
  step: CheckoutStep;
  sale: Sale | null;
  /** Idempotency key of the sale being charged; kept across retries so the server returns the same sale. */
  clientSaleId: string | null;
  /** Decline reason, lost-reader or failure message, in cashier words. */
  message: string | null;
  byCustomer: boolean;
  timedOut: boolean;
  /** A cancel has been asked for and the reader has not answered yet. */
  canceling: boolean;
  /** The (server-driven) reader dropped offline while the payment waits on it. */
  readerOffline: boolean;
}

export type CheckoutEvent =
  | { type: 'charge'; clientSaleId: string }
  | { type: 'attempt_started'; sale: Sale }
  | { type: 'processing' }
  | { type: 'reader_health'; online: boolean }
  | { type: 'cancel'; timedOut?: boolean }
  | { type: 'finished'; outcome: PaymentOutcome }
  | { type: 'start_failed'; code: string; message: string; sale?: Sale | null }
  /** `outcome`: the sale's as `outcomeFromSale` words it (the dispatcher loads it with the strings). */
  | { type: 'resume'; sale: Sale; outcome: PaymentOutcome | null }
  /** The server's latest view of the sale ("Check again", "Cancel sale") after the attempt ended. */
  | { type: 'synced'; sale: Sale; outcome: PaymentOutcome | null }
  | { type: 'new_sale' };

export const initialCheckout: CheckoutState = {
  step: 'idle',
  sale: null,
  clientSaleId: null,
  message: null,
  byCustomer: false,
  timedOut: false,
  canceling: false,
  readerOffline: false,
};

const RETRYABLE: readonly CheckoutStep[] = ['idle', 'declined', 'reader_lost', 'failed', 'interrupted'];
const IN_PROGRESS: readonly CheckoutStep[] = ['creating', 'collecting', 'processing'];
const READER_CODES = new Set(['reader_offline', 'reader_busy', 'reader_not_found', 'reader_lost']);

function fromOutcome(state: CheckoutState, outcome: PaymentOutcome): CheckoutState {
  const base = { ...state, canceling: false, readerOffline: false, sale: outcome.sale ?? state.sale };
  switch (outcome.kind) {
    case 'approved':
      return { ...base, step: 'approved', message: null };
    case 'declined':
      return { ...base, step: 'declined', message: outcome.reason };
    case 'canceled':
      return { ...base, step: 'canceled', message: null, byCustomer: outcome.byCustomer };
    case 'reader_lost':
      return { ...base, step: 'reader_lost', message: outcome.message };
    case 'error':
      return { ...base, step: 'failed', message: outcome.message };
  }
}

export function checkoutReducer(state: CheckoutState, event: CheckoutEvent): CheckoutState {
  switch (event.type) {
    case 'charge':
      if (!RETRYABLE.includes(state.step)) return state;
      return {
        ...state,
        step: 'creating',
        clientSaleId: state.sale ? state.clientSaleId : (state.clientSaleId ?? event.clientSaleId),
        message: null,
        byCustomer: false,
        timedOut: false,
        canceling: false,
        readerOffline: false,
      };
    case 'attempt_started':
      if (state.step !== 'creating') return state;
      return { ...state, step: 'collecting', sale: event.sale, clientSaleId: event.sale.clientSaleId };
    case 'processing':
      if (state.step !== 'collecting') return state;
      return { ...state, step: 'processing' };
    case 'reader_health':
      if (state.step !== 'collecting' && state.step !== 'processing') return state;
      return { ...state, readerOffline: !event.online };
    case 'cancel':
      if (state.step !== 'collecting' && state.step !== 'creating') return state;
      return { ...state, canceling: true, timedOut: event.timedOut === true };
    case 'finished':
      if (!IN_PROGRESS.includes(state.step)) return state;
      return fromOutcome(state, event.outcome);
    case 'start_failed': {
      if (state.step !== 'creating') return state;
      const sale = event.sale ?? state.sale;
      const step = READER_CODES.has(event.code) ? 'reader_lost' : 'failed';
      return { ...state, step, sale, message: event.message, canceling: false };
    }
    case 'resume': {
      if (state.step !== 'idle') return state;
      const resumed = { ...state, sale: event.sale, clientSaleId: event.sale.clientSaleId };
      const { outcome } = event;
      if (outcome) return fromOutcome(resumed, outcome);
      return { ...resumed, step: 'interrupted', message: null };
    }
    case 'synced': {
      if (IN_PROGRESS.includes(state.step) || state.step === 'idle') return state;
      const { outcome } = event;
      if (outcome && outcome.kind !== state.step) return fromOutcome({ ...state, sale: event.sale }, outcome);
      return { ...state, sale: event.sale };
    }
    case 'new_sale':
      if (IN_PROGRESS.includes(state.step)) return state;
      return initialCheckout;
  }
}

/** Whether the cashier may start (or retry) a charge now. */
export function canCharge(state: CheckoutState): boolean {
  return RETRYABLE.includes(state.step);
}
