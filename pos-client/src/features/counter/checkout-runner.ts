/**
 * One charge, start to end, as plain async code (no React): create the sale once (idempotent clientSaleId),
 * show the cart on a JS SDK reader, start an attempt (idempotent attemptKey) on the chosen reader, hand it to
 * the driver, and report each step to the checkout reducer. A retry after a decline or a lost reader keeps
 * the sale, so the server reuses its PaymentIntent. A retry the server refuses because the sale was settled
 * meanwhile (e.g. the network lost the answer of an approved payment) shows the sale as the server has it.
 */
import type { CreateSaleBody, Sale } from '@countertop/shared';
import type { CounterApi } from '../../lib/counter-api.ts';
import { describeError } from '../../lib/errors.ts';
import type { CartDisplay, SimulatorSettings, TerminalDriver } from '../../lib/terminal/driver.ts';
import { outcomeFromSale } from '../../lib/terminal/sale-outcome.ts';
import type { CheckoutEvent, CheckoutState } from './checkout-machine.ts';

/** What the cashier is charging for: a cart (`items`) or a keyed amount. */
export type SaleRequest = Omit<CreateSaleBody, 'clientSaleId'>;

export interface ChargeDeps {
  api: Pick<CounterApi, 'createSale' | 'startAttempt' | 'getSale'>;
  driver: TerminalDriver;
  readerId: string;
  tippingEnabled: boolean;
  simulator: SimulatorSettings | null;
  newId: () => string;
  dispatch: (event: CheckoutEvent) => void;
}

function displayForSale(sale: Sale): CartDisplay {
  return {
    currency: sale.currency,
    lineItems: sale.lines.map((line) => ({
      description: line.description,
      amountMinor: line.amountMinor,
      quantity: line.quantity,
    })),
    taxMinor: sale.taxMinor,
    totalMinor: sale.totalMinor,
  };
}

export async function runCharge(
  deps: ChargeDeps,
  current: CheckoutState,
  request: SaleRequest,
  display: CartDisplay | null,
): Promise<void> {
  const { api, driver, dispatch } = deps;
  const clientSaleId = current.clientSaleId ?? deps.newId();
  dispatch({ type: 'charge', clientSaleId });
  let sale = current.sale;
  let attemptStarted = false;
  try {
    if (!sale) sale = await api.createSale({ clientSaleId, ...request });
    if (driver.integration === 'js_sdk') {
      // A courtesy: a display failure never blocks the payment.
      await driver.showCart(display ?? displayForSale(sale)).catch(() => undefined);
    }
    const started = await api.startAttempt(sale.id, { attemptKey: deps.newId(), readerId: deps.readerId });
    sale = started.sale;
    dispatch({ type: 'attempt_started', sale });
    attemptStarted = true;
    if (deps.simulator && driver.configureSimulator) driver.configureSimulator(deps.simulator);
    const outcome = await driver.collectAndProcess({
      saleId: sale.id,
      attempt: started.attempt,
      tipping: deps.tippingEnabled ? { eligibleAmountMinor: sale.subtotalMinor } : null,
    });
    dispatch({ type: 'finished', outcome });
  } catch (error) {
    const { code, message } = describeError(error);
    if (attemptStarted) {
      dispatch({ type: 'finished', outcome: { kind: 'error', sale, code, message } });
      return;
    }
    // The server refuses a new attempt on a sale settled meanwhile (it has already reconciled it with Stripe):
    // show that outcome ("Approved ✓"), not a failure the cashier would charge again for.
    const settled = code === 'sale_not_payable' && sale ? await api.getSale(sale.id).catch(() => null) : null;
    const outcome = settled ? outcomeFromSale(settled) : null;
    if (outcome) dispatch({ type: 'finished', outcome });
    else dispatch({ type: 'start_failed', code, message, sale });
  }
}
