/**
 * Runs the checkout side effects around the pure checkout reducer: create the sale (idempotent
 * clientSaleId), start an attempt on the reader, let the driver collect and process, and record the
 * outcome; plus cancel, a client-side collect timeout, "Check again", "Cancel sale" and resuming the
 * register's unfinished sale after a reload.
 */
import type { CounterReader, CounterSession, Sale } from '@countertop/shared';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { CounterApi } from '../../lib/counter-api.ts';
import { withLaterStrings } from '../../lib/lazy-screen.ts';
import {
  type CartDisplay,
  cancelSaleOnServer,
  type PaymentOutcome,
  type SimulatorSettings,
  type TerminalDriver,
} from '../../lib/terminal/driver.ts';
import { uuid } from '../../lib/uuid.ts';
import { type CheckoutState, canCharge, checkoutReducer, initialCheckout } from './checkout-machine.ts';
import type { SaleRequest } from './checkout-runner.ts';

/** How long the reader may wait for a card before the counter cancels the attempt itself. */
const COLLECT_TIMEOUT_MS = 120_000;

export type { SaleRequest };

interface CheckoutOptions {
  api: CounterApi;
  session: CounterSession;
  reader: CounterReader | null;
  driver: TerminalDriver | null;
  /** Emulator mode: the test card the simulated reader presents. */
  simulator: SimulatorSettings | null;
  collectTimeoutMs?: number;
  /** The unfinished-sale request, when the shell has started it already. */
  preloadedInFlight?: Promise<Sale | null>;
}

export interface Checkout {
  state: CheckoutState;
  /** The server has said whether this register has an unfinished sale to resume (until then, do not charge). */
  resumeChecked: boolean;
  charge(request: SaleRequest, display: CartDisplay | null): Promise<void>;
  cancel(): Promise<void>;
  checkAgain(): Promise<void>;
  cancelSale(): Promise<void>;
  newSale(): void;
}

/**
 * A sale's outcome in words (sale-outcome.ts, with the later strings: declines), loaded on demand — the
 * counter's first screen has no sale to word.
 */
async function outcomeOf(sale: Sale): Promise<PaymentOutcome | null> {
  const { outcomeFromSale } = await withLaterStrings(import('../../lib/terminal/sale-outcome.ts'));
  return outcomeFromSale(sale);
}

/** What a charge runs (checkout-runner.ts), loaded on demand: the counter fetches it once it is ready. */
export const loadCheckoutRunner = () => import('./checkout-runner.ts');

export function useCheckout(options: CheckoutOptions): Checkout {
  const { api, session, reader, driver, simulator } = options;
  const [state, dispatch] = useReducer(checkoutReducer, initialCheckout);
  const stateRef = useRef(state);
  stateRef.current = state;
  const running = useRef(false);
  const [resumeChecked, setResumeChecked] = useState(false);
  const preloadedInFlight = useRef(options.preloadedInFlight ?? null);
  const timeoutMs = options.collectTimeoutMs ?? COLLECT_TIMEOUT_MS;

  useEffect(() => {
    if (!driver) return;
    return driver.onStatus((event) => {
      if (event.type === 'payment' && event.phase === 'processing') dispatch({ type: 'processing' });
      if (event.type === 'reader_health') dispatch({ type: 'reader_health', online: event.online });
    });
  }, [driver]);

  // Resume the register's unfinished sale after a reload.
  useEffect(() => {
    let active = true;
    const first = preloadedInFlight.current;
    preloadedInFlight.current = null;
    (first ? first.catch(() => api.inFlight()) : api.inFlight())
      .then(async (sale) => {
        if (!sale) return;
        const outcome = await outcomeOf(sale);
        if (active) dispatch({ type: 'resume', sale, outcome });
      })
      .catch(() => {
        // nothing to resume if the server cannot say
      })
      .finally(() => {
        if (active) setResumeChecked(true);
      });
    return () => {
      active = false;
    };
  }, [api]);

  // The one way the counter cancels the reader's action, for the cashier's "Cancel payment" and for the
  // collect timeout alike: the reducer shows "Canceling…", the driver stops the reader and ends the sale.
  const cancelCollect = useCallback(
    async (timedOut: boolean) => {
      if (!driver) return;
      dispatch({ type: 'cancel', timedOut });
      await driver.cancel();
    },
    [driver],
  );

  // Client-side collect timeout: cancel cleanly if no card is presented in time.
  useEffect(() => {
    if (state.step !== 'collecting' || state.canceling) return;
    const timer = setTimeout(() => void cancelCollect(true), timeoutMs);
    return () => clearTimeout(timer);
  }, [state.step, state.canceling, cancelCollect, timeoutMs]);

  const charge = useCallback(
    async (request: SaleRequest, display: CartDisplay | null) => {
      const current = stateRef.current;
      // A second tap before React re-renders must not start a second attempt.
      if (running.current || !canCharge(current) || !driver || !reader) return;
      running.current = true;
      try {
        const { runCharge } = await loadCheckoutRunner();
        await runCharge(
          {
            api,
            driver,
            readerId: reader.id,
            tippingEnabled: session.account.tipping.enabled,
            simulator,
            newId: uuid,
            dispatch,
          },
          current,
          request,
          display,
        );
      } finally {
        running.current = false;
      }
    },
    [api, driver, reader, session.account.tipping.enabled, simulator],
  );

  const cancel = useCallback(() => cancelCollect(false), [cancelCollect]);

  const checkAgain = useCallback(async () => {
    const sale = stateRef.current.sale;
    if (!sale) return;
    try {
      const latest = await api.syncSale(sale.id);
      dispatch({ type: 'synced', sale: latest, outcome: await outcomeOf(latest) });
    } catch {
      // stays as it is; the cashier can check again
    }
  }, [api]);

  const cancelSale = useCallback(async () => {
    const sale = stateRef.current.sale;
    if (!sale) return;
    // Could it not cancel (e.g. it was paid meanwhile), this shows whatever the server says now.
    const latest = (await cancelSaleOnServer(api, sale.id, sale)) ?? sale;
    dispatch({ type: 'synced', sale: latest, outcome: await outcomeOf(latest) });
  }, [api]);

  const newSale = useCallback(() => dispatch({ type: 'new_sale' }), []);

  return { state, resumeChecked, charge, cancel, checkAgain, cancelSale, newSale };
}
