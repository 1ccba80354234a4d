/**
 * The counter: product quick-keys and cart (or a keyed amount), tax and total, the big Charge button,
 * the card reader, and the payment overlay. Shift sales open in place of the counter. This file holds the
 * sale being put together and when it may be charged; QuickKeys, KeyedAmount, CartPanel, ReaderPanel,
 * SimulatorPanel and PaymentPanel draw it.
 */
import { type CounterSession, MAX_AMOUNT_MINOR, parseMajorAmount } from '@countertop/shared';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useAsync } from '../../hooks/use-async.ts';
import type { AppConfig, CounterApi, CounterPreload } from '../../lib/counter-api.ts';
import { cashierText } from '../../lib/errors.ts';
import type { CartDisplay } from '../../lib/terminal/driver.ts';
import { ShiftSales } from '../sales/index.ts';
import { CartPanel } from './CartPanel.tsx';
import { addProduct, type CartLine, cartTotals } from './cart.ts';
import { canCharge as checkoutIdle } from './checkout-machine.ts';
import { KeyedAmount } from './KeyedAmount.tsx';
import { PaymentPanel } from './PaymentPanel.tsx';
import { QuickKeys } from './QuickKeys.tsx';
import { ReaderPanel } from './ReaderPanel.tsx';
import {
  initialSimulatorForm,
  type SimulatorForm,
  SimulatorPanel,
  simulatorSettings,
} from './SimulatorPanel.tsx';
import { type SaleRequest, useCheckout } from './use-checkout.ts';
import { useReader } from './use-reader.ts';

interface Props {
  api: CounterApi;
  config: AppConfig;
  session: CounterSession;
  onSignOut: () => void;
  /** The first catalog / readers / unfinished-sale requests, when the shell has started them already. */
  preload?: CounterPreload;
}

type Mode = 'products' | 'keyed';

const READY_MARK = 'countertop:counter-ready';

export function CounterScreen({ api, config, session, onSignOut, preload }: Props) {
  const currency = session.account.currency;
  const [cart, setCart] = useState<CartLine[]>([]);
  const [mode, setMode] = useState<Mode>('products');
  const [keyedText, setKeyedText] = useState('');
  const [keyedDescription, setKeyedDescription] = useState('');
  const [view, setView] = useState<'counter' | 'sales'>('counter');
  const [simulatorForm, setSimulatorForm] = useState<SimulatorForm>(initialSimulatorForm);
  const emulator = config.stripeMode === 'emulator';
  const reader = useReader(api, session, {
    terminalScriptUrl: config.terminalScriptUrl,
    ...(preload ? { preloaded: preload.readers } : {}),
  });
  const simulator = useMemo(
    () => (emulator ? simulatorSettings(simulatorForm, currency) : null),
    [emulator, simulatorForm, currency],
  );
  const checkout = useCheckout({
    api,
    session,
    reader: reader.selected,
    driver: reader.driver,
    simulator,
    ...(preload ? { preloadedInFlight: preload.inFlight } : {}),
  });
  const ids = useId();
  const preloadedCatalog = useRef(preload?.catalog ?? null);
  // A session found gone on this request leads back to sign-in like on any other (the shell's handler).
  const { data: catalog, error: catalogError } = useAsync(
    () => {
      const first = preloadedCatalog.current;
      preloadedCatalog.current = null;
      return first ? first.catch(() => api.catalog()) : api.catalog();
    },
    [api],
    cashierText,
  );

  const taxRateBps = catalog?.taxRateBps ?? 0;
  const totals = cartTotals(cart, taxRateBps, currency);
  const keyedMinor = keyedText.trim() === '' ? null : parseMajorAmount(keyedText, currency);
  const keyedInvalid = keyedText.trim() !== '' && (keyedMinor === null || keyedMinor > MAX_AMOUNT_MINOR);
  const dueMinor = mode === 'products' ? totals.totalMinor : (keyedMinor ?? 0);

  const idle = checkout.state.step === 'idle';
  const chargeBlocker = !session.account.canCharge
    ? 'This business cannot take card payments yet.'
    : reader.status !== 'connected'
      ? 'Connect a card reader to charge.'
      : dueMinor <= 0 || keyedInvalid
        ? mode === 'products'
          ? 'Add products to the cart.'
          : 'Enter an amount.'
        : null;

  const saleRequest = (): SaleRequest => {
    if (mode === 'products') {
      return { items: cart.map((line) => ({ productId: line.productId, quantity: line.quantity })) };
    }
    const description = keyedDescription.trim();
    return { keyedAmountMinor: keyedMinor ?? 0, ...(description ? { description } : {}) };
  };

  const cartDisplay = (): CartDisplay | null =>
    mode === 'products'
      ? {
          currency,
          lineItems: cart.map((line) => ({
            description: line.name,
            amountMinor: line.unitPriceMinor * line.quantity,
            quantity: line.quantity,
          })),
          taxMinor: totals.taxMinor,
          totalMinor: totals.totalMinor,
        }
      : null;

  // "Ready to charge": the business can charge, products shown, reader connected, nothing unfinished to
  // resume. Exposed as `data-ready` and, the first time, as the User Timing mark `countertop:counter-ready`
  // (the page benchmark reads it; see docs/performance.md).
  const ready =
    session.account.canCharge &&
    catalog !== null &&
    reader.status === 'connected' &&
    idle &&
    checkout.resumeChecked;
  const markedReady = useRef(false);
  useEffect(() => {
    if (!ready || markedReady.current) return;
    markedReady.current = true;
    performance.mark(READY_MARK);
  }, [ready]);

  const charge = () => {
    if (chargeBlocker || !checkoutIdle(checkout.state)) return;
    void checkout.charge(saleRequest(), cartDisplay());
  };

  // A retry pays the existing sale: the reader shows that sale's lines, whatever the cart holds now.
  const retry = () => void checkout.charge(saleRequest(), checkout.state.sale ? null : cartDisplay());

  const newSale = (keepCart: boolean) => {
    checkout.newSale();
    if (!keepCart) {
      setCart([]);
      setKeyedText('');
      setKeyedDescription('');
    }
  };

  if (view === 'sales') {
    return <ShiftSales api={api} timeZone={session.location.timeZone} onClose={() => setView('counter')} />;
  }

  const simulatorPanel = (
    <SimulatorPanel
      form={simulatorForm}
      onChange={setSimulatorForm}
      currency={currency}
      integration={reader.selected?.integration ?? null}
    />
  );

  return (
    <div className="counter-screen" data-ready={ready}>
      <header className="topbar">
        <div>
          <strong>{session.account.businessName}</strong>
          <span className="muted">
            {' '}
            · {session.location.name} · {session.register.name}
          </span>
        </div>
        <div className="row">
          <span>
            <span className="muted">Signed in: </span>
            {session.staff.displayName}
          </span>
          <button type="button" className="button" onClick={() => setView('sales')} disabled={!idle}>
            Shift sales
          </button>
          <button type="button" className="button" onClick={onSignOut} disabled={!idle}>
            Sign out
          </button>
        </div>
      </header>

      {!session.account.canCharge && (
        <div className="banner" role="alert">
          This business cannot take payments because{' '}
          {session.account.cannotChargeReason ?? 'its Stripe setup is not finished'}.
        </div>
      )}

      <div className="counter" inert={!idle}>
        <main className="sell">
          <fieldset className="row tabs">
            <legend className="visually-hidden">Sale type</legend>
            <button
              type="button"
              className="button tab"
              aria-pressed={mode === 'products'}
              onClick={() => setMode('products')}
            >
              Products
            </button>
            <button
              type="button"
              className="button tab"
              aria-pressed={mode === 'keyed'}
              onClick={() => setMode('keyed')}
            >
              Keyed amount
            </button>
          </fieldset>

          {mode === 'products' && (
            <QuickKeys
              catalog={catalog}
              error={catalogError}
              currency={currency}
              disabled={!idle}
              onAdd={(product) => setCart((current) => addProduct(current, product))}
            />
          )}

          {mode === 'keyed' && (
            <KeyedAmount
              idPrefix={ids}
              currency={currency}
              amountText={keyedText}
              invalid={keyedInvalid}
              description={keyedDescription}
              disabled={!idle}
              onAmountText={setKeyedText}
              onDescription={setKeyedDescription}
              onEnter={charge}
            />
          )}
        </main>

        <aside className="side">
          <CartPanel
            idPrefix={ids}
            mode={mode}
            cart={cart}
            totals={totals}
            taxRateBps={taxRateBps}
            dueMinor={dueMinor}
            currency={currency}
            idle={idle}
            chargeBlocker={chargeBlocker}
            onCartChange={setCart}
            onCharge={charge}
          />

          <ReaderPanel link={reader} disabled={!idle} />

          {emulator && idle && simulatorPanel}
        </aside>
      </div>

      {!idle && (
        <PaymentPanel
          api={api}
          checkout={checkout}
          reader={reader}
          currency={currency}
          pendingTotalMinor={dueMinor}
          onRetry={retry}
          onNewSale={newSale}
          simulator={emulator ? simulatorPanel : null}
        />
      )}
    </div>
  );
}
