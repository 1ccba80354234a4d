/**
 * The counter: product quick-keys and cart (or a keyed amount), tax and total, the big Charge button,
 * the card reader, and the payment overlay. Shift sales open in place of the counter.
 */
import {
  type Catalog,
  type CounterSession,
  formatMoney,
  MAX_AMOUNT_MINOR,
  parseMajorAmount,
} from '@countertop/shared';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { AppConfig, CounterApi, CounterPreload } from '../../lib/counter-api.ts';
import { describeError } from '../../lib/errors.ts';
import type { CartDisplay } from '../../lib/terminal/driver.ts';
import { ShiftSales } from '../sales/index.ts';
import { addProduct, type CartLine, cartTotals, changeQuantity, formatTaxRate, removeLine } from './cart.ts';
import { canCharge as checkoutIdle } from './checkout-machine.ts';
import { PaymentPanel } from './PaymentPanel.tsx';
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
  onSessionLost: () => void;
  /** The first catalog / readers / unfinished-sale requests, when the shell has started them already. */
  preload?: CounterPreload;
}

type Mode = 'products' | 'keyed';

const READY_MARK = 'countertop:counter-ready';

export function CounterScreen({ api, config, session, onSignOut, onSessionLost, preload }: Props) {
  const currency = session.account.currency;
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [catalogError, setCatalogError] = useState<string | null>(null);
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

  useEffect(() => {
    let active = true;
    const first = preloadedCatalog.current;
    preloadedCatalog.current = null;
    (first ? first.catch(() => api.catalog()) : api.catalog())
      .then((loaded) => active && setCatalog(loaded))
      .catch((error: unknown) => {
        if (!active) return;
        const described = describeError(error);
        if (described.code === 'unauthenticated') onSessionLost();
        else setCatalogError(described.message);
      });
    return () => {
      active = false;
    };
  }, [api, onSessionLost]);

  // Prices formatted once per catalog, not on every render (an Intl.NumberFormat each: costly at load).
  const quickKeys = useMemo(
    () => catalog?.products.map((product) => ({ product, price: formatMoney(product.priceMinor, currency) })),
    [catalog, currency],
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
            <section aria-label="Products">
              {catalogError && (
                <p className="error" role="alert">
                  {catalogError}
                </p>
              )}
              {!catalog && !catalogError && <p role="status">Loading products…</p>}
              <div className="quick-keys">
                {quickKeys?.map(({ product, price }) => (
                  <button
                    key={product.id}
                    type="button"
                    className="button key-product"
                    aria-label={`${product.name}, ${price}`}
                    onClick={() => setCart((current) => addProduct(current, product))}
                    disabled={!idle}
                  >
                    <span className="name">{product.name}</span>
                    <span className="price">{price}</span>
                  </button>
                ))}
              </div>
            </section>
          )}

          {mode === 'keyed' && (
            <section aria-label="Keyed amount" className="stack keyed">
              <label htmlFor={`${ids}-amount`}>Amount</label>
              <input
                id={`${ids}-amount`}
                className="input big"
                inputMode={currency === 'jpy' || currency === 'krw' ? 'numeric' : 'decimal'}
                autoComplete="off"
                value={keyedText}
                aria-invalid={keyedInvalid}
                aria-describedby={keyedInvalid ? `${ids}-amount-error` : undefined}
                onChange={(event) => setKeyedText(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') charge();
                }}
                disabled={!idle}
              />
              {keyedInvalid && (
                <p id={`${ids}-amount-error`} className="error">
                  Enter an amount in {currency.toUpperCase()}, like {formatMoney(1250, currency)}.
                </p>
              )}
              <label htmlFor={`${ids}-description`}>Description (optional)</label>
              <input
                id={`${ids}-description`}
                className="input"
                value={keyedDescription}
                maxLength={200}
                onChange={(event) => setKeyedDescription(event.target.value)}
                disabled={!idle}
              />
            </section>
          )}
        </main>

        <aside className="side">
          <section className="panel cart" aria-labelledby={`${ids}-cart`}>
            <h2 id={`${ids}-cart`}>{mode === 'products' ? 'Cart' : 'Total due'}</h2>
            {mode === 'products' && cart.length === 0 && <p className="muted">Tap a product to add it.</p>}
            {mode === 'products' && cart.length > 0 && (
              <ul className="cart-lines">
                {cart.map((line) => (
                  <li key={line.productId} className="cart-line">
                    <span className="name">{line.name}</span>
                    <span className="qty">
                      <button
                        type="button"
                        className="button small"
                        aria-label={`One less ${line.name}`}
                        disabled={!idle}
                        onClick={() => setCart((current) => changeQuantity(current, line.productId, -1))}
                      >
                        −
                      </button>
                      <output aria-label={`${line.name} quantity`}>{line.quantity}</output>
                      <button
                        type="button"
                        className="button small"
                        aria-label={`One more ${line.name}`}
                        disabled={!idle}
                        onClick={() => setCart((current) => changeQuantity(current, line.productId, 1))}
                      >
                        +
                      </button>
                    </span>
                    <span className="amount">
                      {formatMoney(line.unitPriceMinor * line.quantity, currency)}
                    </span>
                    <button
                      type="button"
                      className="button small"
                      aria-label={`Remove ${line.name}`}
                      disabled={!idle}
                      onClick={() => setCart((current) => removeLine(current, line.productId))}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {mode === 'products' && cart.length > 0 && (
              <button type="button" className="button small" disabled={!idle} onClick={() => setCart([])}>
                Clear cart
              </button>
            )}
            <dl className="totals">
              {mode === 'products' && (
                <>
                  <dt>Subtotal</dt>
                  <dd data-testid="subtotal">{formatMoney(totals.subtotalMinor, currency)}</dd>
                  <dt>Tax ({formatTaxRate(taxRateBps)})</dt>
                  <dd data-testid="tax">{formatMoney(totals.taxMinor, currency)}</dd>
                </>
              )}
              <dt className="total">Total</dt>
              <dd className="total" data-testid="total">
                {formatMoney(dueMinor, currency)}
              </dd>
            </dl>
            <button
              type="button"
              className="button primary charge"
              onClick={charge}
              disabled={chargeBlocker !== null || !idle}
              aria-describedby={chargeBlocker ? `${ids}-blocker` : undefined}
            >
              Charge {formatMoney(dueMinor, currency)}
            </button>
            {chargeBlocker && (
              <p id={`${ids}-blocker`} className="muted">
                {chargeBlocker}
              </p>
            )}
          </section>

          <ReaderPanel link={reader} disabled={!idle} />

          {emulator && idle && (
            <SimulatorPanel
              form={simulatorForm}
              onChange={setSimulatorForm}
              currency={currency}
              integration={reader.selected?.integration ?? null}
            />
          )}
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
          simulator={
            emulator ? (
              <SimulatorPanel
                form={simulatorForm}
                onChange={setSimulatorForm}
                currency={currency}
                integration={reader.selected?.integration ?? null}
              />
            ) : null
          }
        />
      )}
    </div>
  );
}
