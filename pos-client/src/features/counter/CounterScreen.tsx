/**
 * The counter: product quick-keys and cart (or a keyed amount), tax and total, the big Charge button,
 * the card reader, and the payment overlay. Shift sales open in place of the counter. This file holds the
 * sale being put together and when it may be charged; QuickKeys, KeyedAmount, CartPanel, ReaderPanel,
 * SimulatorPanel and PaymentPanel draw it.
 */
import { type CounterSession, MAX_AMOUNT_MINOR, parseMajorAmount } from '@countertop/shared';
import { lazy, Suspense, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { LanguageSwitcher } from '../../components/ui/LanguageSwitcher.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import type { AppConfig, CounterApi, CounterPreload } from '../../lib/counter-api.ts';
import { cashierText } from '../../lib/errors.ts';
import type { CartDisplay } from '../../lib/terminal/driver.ts';
import { CartPanel } from './CartPanel.tsx';
import { addProduct, type CartLine, cartTotals } from './cart.ts';
import { canCharge as checkoutIdle } from './checkout-machine.ts';
import { KeyedAmount } from './KeyedAmount.tsx';
import { QuickKeys } from './QuickKeys.tsx';
import { ReaderPanel } from './ReaderPanel.tsx';
import {
  initialSimulatorForm,
  type SimulatorForm,
  SimulatorPanel,
  simulatorSettings,
} from './SimulatorPanel.tsx';
import { type SaleRequest, useCheckout } from './use-checkout.ts';
import { useCounterKeys } from './use-counter-keys.ts';
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

// Not on the counter's first screen: the shift's sales load when opened; the payment panel is fetched as
// soon as the counter is ready to charge (or at once when a reload resumes an unfinished sale).
const ShiftSales = lazy(() => import('../sales/index.ts').then((sales) => ({ default: sales.ShiftSales })));
const loadPaymentPanel = () => import('./PaymentPanel.tsx');
const PaymentPanel = lazy(() => loadPaymentPanel().then((panel) => ({ default: panel.PaymentPanel })));

export function CounterScreen({ api, config, session, onSignOut, preload }: Props) {
  const { t } = useTranslation('counter');
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
    ? t('blocker.cannotCharge')
    : reader.status !== 'connected'
      ? t('blocker.connectReader')
      : dueMinor <= 0 || keyedInvalid
        ? mode === 'products'
          ? t('blocker.addProducts')
          : t('blocker.enterAmount')
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
    void loadPaymentPanel().catch(() => undefined);
  }, [ready]);

  const charge = () => {
    if (chargeBlocker || !checkoutIdle(checkout.state)) return;
    void checkout.charge(saleRequest(), cartDisplay());
  };

  // A retry pays the existing sale: the reader shows that sale's lines, whatever the cart holds now.
  const retry = () => void checkout.charge(saleRequest(), checkout.state.sale ? null : cartDisplay());

  const amountInput = useRef<HTMLInputElement>(null);
  // A desktop till: digits type a keyed amount, Enter charges, Esc cancels the payment (or clears the amount).
  useCounterKeys({
    enabled: view === 'counter',
    idle,
    onDigit: (key) => {
      setMode('keyed');
      setKeyedText((current) => current + key);
      // The field takes the next keys itself once it has focus (after this render).
      requestAnimationFrame(() => amountInput.current?.focus());
    },
    onBackspace: () => setKeyedText((current) => current.slice(0, -1)),
    onEnter: () => charge(),
    onEscape: () => {
      if (checkout.state.step === 'collecting' && !checkout.state.canceling) void checkout.cancel();
      else if (idle && mode === 'keyed') setKeyedText('');
    },
  });

  const newSale = (keepCart: boolean) => {
    checkout.newSale();
    if (!keepCart) {
      setCart([]);
      setKeyedText('');
      setKeyedDescription('');
    }
  };

  if (view === 'sales') {
    return <ShiftSales api={api} onClose={() => setView('counter')} />;
  }

  const simulatorPanel = (
    <SimulatorPanel
      form={simulatorForm}
      onChange={setSimulatorForm}
      currency={currency}
      integration={reader.selected?.integration ?? null}
      tippingEnabled={session.account.tipping.enabled}
    />
  );

  return (
    <div className="counter-screen" data-ready={ready}>
      <header className="topbar">
        <div className="topbar-place">
          <strong>{session.account.businessName}</strong>
          <span className="muted">
            {' '}
            · {session.location.name} · {session.register.name}
          </span>
        </div>
        <div className="row">
          <span>
            <span className="muted">{t('topbar.signedIn')}</span>
            {session.staff.displayName}
          </span>
          <LanguageSwitcher />
          <Button onClick={() => setView('sales')} disabled={!idle}>
            {t('topbar.shiftSales')}
          </Button>
          <Button onClick={onSignOut} disabled={!idle}>
            {t('common:signOut')}
          </Button>
        </div>
      </header>

      {!session.account.canCharge && (
        <div className="banner" role="alert">
          {/* The server's own sentence: what happened (not finished, disconnected, rejected) and what to do. */}
          {session.account.cannotChargeReason ?? t('cannotChargeDefault')}
        </div>
      )}

      <div className="counter" inert={!idle}>
        <main className="sell">
          <fieldset className="row tabs">
            <legend className="visually-hidden">{t('mode.label')}</legend>
            <Button className="tab" aria-pressed={mode === 'products'} onClick={() => setMode('products')}>
              {t('mode.products')}
            </Button>
            <Button className="tab" aria-pressed={mode === 'keyed'} onClick={() => setMode('keyed')}>
              {t('mode.keyed')}
            </Button>
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
              inputRef={amountInput}
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
          <ReaderPanel link={reader} disabled={!idle} />

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

          {emulator && idle && simulatorPanel}
          <p className="muted keyboard-help">{t('topbar.keyboardHelp')}</p>
        </aside>
      </div>

      {!idle && (
        <Suspense fallback={null}>
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
        </Suspense>
      )}
    </div>
  );
}
