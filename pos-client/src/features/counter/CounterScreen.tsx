/**
 * The counter: the shop's catalog (categories, search, tiles, the variant and modifier picker) and cart
 * with its discounts (or a keyed amount), tax and total priced by the server's own rule, the big Charge
 * (card) button and Cash or split, the card reader, and the payment overlays. Shift sales, the cash drawer
 * and refunds open in place of the counter (loaded on demand). This file holds the sale being put together
 * and when it may be charged; SellPanel, ItemPicker, DiscountDialog, KeyedAmount, CartPanel, ReaderPanel,
 * SimulatorPanel, PaymentPanel and TenderPanel draw it.
 */
import {
  type CounterItem,
  type CounterSession,
  type DiscountInput,
  MAX_AMOUNT_MINOR,
  type PricedSale,
  parseMajorAmount,
} from '@countertop/shared';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApproval } from '../../components/ApprovalDialog.tsx';
import { Button } from '../../components/ui/Button.tsx';
import { LanguageSwitcher } from '../../components/ui/LanguageSwitcher.tsx';
import { OnDemand } from '../../components/ui/OnDemand.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import type { AppConfig, CounterApi, CounterPreload } from '../../lib/counter-api.ts';
import { cashierText } from '../../lib/errors.ts';
import { lazyScreen } from '../../lib/lazy-screen.ts';
import type { CartDisplay } from '../../lib/terminal/driver.ts';
import { uuid } from '../../lib/uuid.ts';
import { CartLines, CartPanel } from './CartPanel.tsx';
import {
  addLine,
  type CartLine,
  lineFor,
  needsDiscountApproval,
  priceCart,
  saleItems,
  setLineDiscount,
} from './cart.ts';
import { canCharge as checkoutIdle } from './checkout-machine.ts';
import { ReaderPanel } from './ReaderPanel.tsx';
import { SellPanel } from './SellPanel.tsx';
import { initialSimulatorForm, type SimulatorForm, simulatorSettings } from './simulator-settings.ts';
import { loadCheckoutRunner, type SaleRequest, useCheckout } from './use-checkout.ts';
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
const ShiftSales = lazyScreen(() => import('../sales/index.ts').then((module) => module.ShiftSales));
const PaymentPanel = lazyScreen(() => import('./PaymentPanel.tsx').then((module) => module.PaymentPanel));
// Opened by a tap: the variant and modifier picker, the discount dialog.
const ItemPicker = lazyScreen(() => import('./ItemPicker.tsx').then((module) => module.ItemPicker));
const DiscountDialog = lazyScreen(() =>
  import('./DiscountDialog.tsx').then((module) => module.DiscountDialog),
);
// The keyed-amount form (a tab or a digit key opens it), fetched as soon as the counter is ready.
const KeyedAmount = lazyScreen(() => import('./KeyedAmount.tsx').then((module) => module.KeyedAmount));
// Emulator mode only: the simulated reader's controls, fetched with the counter's first render.
const SimulatorPanel = lazyScreen(() =>
  import('./SimulatorPanel.tsx').then((module) => module.SimulatorPanel),
);
const TenderPanel = lazyScreen(() => import('./TenderPanel.tsx').then((module) => module.TenderPanel));
const DrawerScreen = lazyScreen(() => import('../drawer/index.ts').then((module) => module.DrawerScreen));
const RefundsScreen = lazyScreen(() => import('../refunds/index.ts').then((module) => module.RefundsScreen));

type View = 'counter' | 'sales' | 'drawer' | 'refunds';

export function CounterScreen({ api, config, session, onSignOut, preload }: Props) {
  const { t } = useTranslation('counter');
  const currency = session.account.currency;
  const [cart, setCart] = useState<CartLine[]>([]);
  const [saleDiscount, setSaleDiscount] = useState<DiscountInput | null>(null);
  const [picking, setPicking] = useState<CounterItem | null>(null);
  const [discounting, setDiscounting] = useState<'sale' | CartLine | null>(null);
  const [tendering, setTendering] = useState<{ clientSaleId: string; request: SaleRequest } | null>(null);
  const approval = useApproval(api.approvers);
  const [mode, setMode] = useState<Mode>('products');
  const [keyedText, setKeyedText] = useState('');
  const [keyedDescription, setKeyedDescription] = useState('');
  const [view, setView] = useState<View>('counter');
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

  const priced = useMemo((): PricedSale | null => {
    if (!catalog) return null;
    try {
      return priceCart(cart, saleDiscount, catalog);
    } catch {
      return null;
    }
  }, [cart, saleDiscount, catalog]);
  const keyedMinor = keyedText.trim() === '' ? null : parseMajorAmount(keyedText, currency);
  const keyedInvalid = keyedText.trim() !== '' && (keyedMinor === null || keyedMinor > MAX_AMOUNT_MINOR);
  const dueMinor = mode === 'products' ? (priced?.totalMinor ?? 0) : (keyedMinor ?? 0);

  const idle = checkout.state.step === 'idle' && tendering === null;
  const nothingDue =
    dueMinor <= 0 || keyedInvalid
      ? mode === 'products'
        ? cart.length > 0
          ? t('blocker.totalZero')
          : t('blocker.addProducts')
        : t('blocker.enterAmount')
      : null;
  const chargeBlocker = !session.account.canCharge
    ? t('blocker.cannotCharge')
    : reader.status !== 'connected'
      ? t('blocker.connectReader')
      : nothingDue;
  const needsApproval =
    mode === 'products' && needsDiscountApproval(cart, saleDiscount, session.staff.permissions);

  const saleRequest = (): SaleRequest => {
    if (mode === 'products') {
      return { items: saleItems(cart), ...(saleDiscount ? { discount: saleDiscount } : {}) };
    }
    const description = keyedDescription.trim();
    return { keyedAmountMinor: keyedMinor ?? 0, ...(description ? { description } : {}) };
  };

  const cartDisplay = (): CartDisplay | null =>
    mode === 'products'
      ? {
          currency,
          lineItems: cart.map((line) => ({
            description: line.variantName ? `${line.name} (${line.variantName})` : line.name,
            amountMinor: line.unitPriceMinor * line.quantity,
            quantity: line.quantity,
          })),
          taxMinor: priced?.taxMinor ?? 0,
          totalMinor: priced?.totalMinor ?? 0,
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
    PaymentPanel.prefetch();
    void loadCheckoutRunner().catch(() => undefined);
    KeyedAmount.prefetch();
    CartLines.prefetch();
  }, [ready]);

  const charge = () => {
    if (chargeBlocker || !idle || !checkoutIdle(checkout.state)) return;
    const request = saleRequest();
    const display = cartDisplay();
    if (!needsApproval) {
      void checkout.charge(request, display);
      return;
    }
    // A custom discount this person may not give: a manager's PIN first, sent with the sale.
    void approval
      .withApproval(async (given) => given, { ask: true })
      .then((given) => checkout.charge({ ...request, ...(given ? { approval: given } : {}) }, display))
      .catch(() => undefined);
  };

  const cashOrSplit = () => {
    if (nothingDue || !idle) return;
    setTendering({ clientSaleId: uuid(), request: saleRequest() });
  };

  const createTenderSale = () => {
    const current = tendering;
    if (!current) return Promise.reject(new Error('no sale'));
    return approval.withApproval(
      (given) =>
        api.createSale({
          clientSaleId: current.clientSaleId,
          ...current.request,
          ...(given ? { approval: given } : {}),
        }),
      { ask: needsApproval },
    );
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
    setTendering(null);
    if (!keepCart) {
      setCart([]);
      setSaleDiscount(null);
      setKeyedText('');
      setKeyedDescription('');
    }
  };

  if (view !== 'counter') {
    const back = () => setView('counter');
    return (
      <OnDemand>
        {view === 'sales' && <ShiftSales api={api} onClose={back} />}
        {view === 'drawer' && <DrawerScreen api={api} session={session} onClose={back} />}
        {view === 'refunds' && <RefundsScreen api={api} session={session} onClose={back} />}
      </OnDemand>
    );
  }

  // Its own Suspense: wherever it is shown (the side column, the payment and tender panels), loading it
  // never hides what is around it.
  const simulatorPanel = (
    <OnDemand>
      <SimulatorPanel
        form={simulatorForm}
        onChange={setSimulatorForm}
        currency={currency}
        integration={reader.selected?.integration ?? null}
        tippingEnabled={session.account.tipping.enabled}
      />
    </OnDemand>
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
          <Button onClick={() => setView('drawer')} disabled={!idle}>
            {t('topbar.drawer')}
          </Button>
          <Button onClick={() => setView('refunds')} disabled={!idle}>
            {t('topbar.refunds')}
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
            <SellPanel
              catalog={catalog}
              error={catalogError}
              currency={currency}
              disabled={!idle}
              onAdd={(item) => {
                if (catalog) setCart((current) => addLine(current, lineFor(catalog, item, null, [])));
              }}
              onChoose={setPicking}
            />
          )}

          {mode === 'keyed' && (
            <OnDemand>
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
            </OnDemand>
          )}
        </main>

        <aside className="side">
          <ReaderPanel link={reader} disabled={!idle} />

          <CartPanel
            idPrefix={ids}
            mode={mode}
            catalog={catalog}
            cart={cart}
            saleDiscount={saleDiscount}
            priced={priced}
            dueMinor={dueMinor}
            currency={currency}
            idle={idle}
            chargeBlocker={chargeBlocker}
            cashBlocker={nothingDue}
            onCartChange={setCart}
            onLineDiscount={setDiscounting}
            onSaleDiscount={() => setDiscounting('sale')}
            onCharge={charge}
            onCashOrSplit={cashOrSplit}
          />

          {emulator && idle && simulatorPanel}
          <p className="muted keyboard-help">{t('topbar.keyboardHelp')}</p>
        </aside>
      </div>

      {catalog && picking && (
        <OnDemand>
          <ItemPicker
            catalog={catalog}
            item={picking}
            currency={currency}
            onClose={() => setPicking(null)}
            onAdd={(line) => {
              setCart((current) => addLine(current, line));
              setPicking(null);
            }}
          />
        </OnDemand>
      )}
      {catalog && discounting && (
        <OnDemand>
          <DiscountDialog
            catalog={catalog}
            scope={discounting === 'sale' ? 'sale' : 'item'}
            title={
              discounting === 'sale'
                ? t('discount.saleTitle')
                : t('discount.lineTitle', {
                    name: discounting.variantName
                      ? `${discounting.name} (${discounting.variantName})`
                      : discounting.name,
                  })
            }
            current={discounting === 'sale' ? saleDiscount : discounting.discount}
            currency={currency}
            onClose={() => setDiscounting(null)}
            onApply={(discount) => {
              if (discounting === 'sale') setSaleDiscount(discount);
              else setCart((current) => setLineDiscount(current, discounting.key, discount));
              setDiscounting(null);
            }}
          />
        </OnDemand>
      )}
      {tendering && (
        <OnDemand>
          <TenderPanel
            api={api}
            createSale={createTenderSale}
            reader={reader}
            simulator={simulator}
            simulatorPanel={emulator ? simulatorPanel : null}
            currency={currency}
            withApproval={approval.withApproval}
            onBackToCart={() => setTendering(null)}
            onNewSale={() => newSale(false)}
          />
        </OnDemand>
      )}
      {approval.dialog}
      {checkout.state.step !== 'idle' && (
        <OnDemand>
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
        </OnDemand>
      )}
    </div>
  );
}
