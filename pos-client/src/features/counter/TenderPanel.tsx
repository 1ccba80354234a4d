/**
 * Paying a sale by tenders (loaded on demand): the sale is created first (its total, "includes tax"), then
 * the cashier takes cash (amount handed over, quick cash buttons, the change due shown big) or a card on the
 * reader — for all that is due or for a part of it, so a sale can be split (part cash, part card, or two
 * cards). When card cannot be taken now (Stripe unreachable, the reader offline, the account unable to
 * charge) it says so and offers cash; when the drawer is closed it offers to open it. Once paid: the
 * receipt with discounts, tax, tenders and change.
 */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import {
  type PaymentOptionsResponse,
  registerResponses,
  type Sale,
  suggestedCashAmounts,
} from '@countertop/shared';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { useApproval } from '../../components/ApprovalDialog.tsx';
import { Button } from '../../components/ui/Button.tsx';
import { useConfirm } from '../../components/ui/Dialog.tsx';
import { TextField } from '../../components/ui/Field.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { ApiError } from '../../lib/api-client.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { cashierText } from '../../lib/errors.ts';
import type { SimulatorSettings } from '../../lib/terminal/driver.ts';
import { uuid } from '../../lib/uuid.ts';
import { ReceiptActions, SaleSummary } from '../sales/index.ts';
import { changeFor, changeGiven, hasPaidTender, partAmount, pendingCardPart } from './tenders.ts';
import type { ReaderLink } from './use-reader.ts';

type CardStep =
  | { kind: 'idle' }
  | { kind: 'waiting'; cardSaleId: string }
  | { kind: 'failed'; cardSaleId: string; message: string };

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function TenderPanel({
  api,
  createSale,
  reader,
  simulator,
  simulatorPanel,
  currency,
  withApproval,
  onBackToCart,
  onNewSale,
}: {
  api: CounterApi;
  /** Creates the sale (idempotent: the same sale on a retry), asking for a PIN where a discount needs it. */
  createSale: () => Promise<Sale>;
  reader: ReaderLink;
  simulator: SimulatorSettings | null;
  simulatorPanel: ReactNode;
  currency: string;
  withApproval: ReturnType<typeof useApproval>['withApproval'];
  onBackToCart: () => void;
  onNewSale: () => void;
}) {
  const { t } = useTranslation('counter');
  const format = useFormatters();
  const money = (amount: number) => format.money(amount, currency);
  const { confirm, dialog } = useConfirm();
  const [sale, setSale] = useState<Sale | null>(null);
  const [options, setOptions] = useState<PaymentOptionsResponse | null>(null);
  const [partText, setPartText] = useState('');
  const [tenderedText, setTenderedText] = useState('');
  const [floatText, setFloatText] = useState('');
  const [drawerClosed, setDrawerClosed] = useState(false);
  const [card, setCard] = useState<CardStep>({ kind: 'idle' });
  const action = useAction(cashierText);
  const creating = useAction(cashierText);
  const heading = useRef<HTMLHeadingElement>(null);

  const refreshOptions = useCallback(async () => {
    try {
      const next = await api.get('/api/counter/payment-options', registerResponses.paymentOptions);
      setOptions(next);
      setDrawerClosed(!next.cash.available && next.cash.code === 'drawer_closed');
    } catch {
      // the buttons still try, and the server says why they cannot
    }
  }, [api]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the sale is created once, when the panel opens
  useEffect(() => {
    void creating.run(async () => setSale(await createSale()));
    void refreshOptions();
  }, []);

  // Focus follows each new amount due (cash taken, a card part paid), so the cashier hears what is left.
  const dueNow = sale?.amountDueMinor;
  useEffect(() => {
    if (dueNow !== undefined) heading.current?.focus();
  }, [dueNow]);

  if (!sale) {
    return (
      <div className="overlay">
        <div className="payment" role="dialog" aria-modal="true" aria-labelledby="tender-title">
          <h2 id="tender-title">{creating.error ? t('tender.createFailed') : t('tender.creating')}</h2>
          <ErrorMessage text={creating.error} />
          <div className="actions">
            {creating.error && (
              <Button size="big" onClick={() => void creating.run(async () => setSale(await createSale()))}>
                {t('payment.tryAgain')}
              </Button>
            )}
            <Button size="big" onClick={onBackToCart}>
              {t('payment.backToCart')}
            </Button>
          </div>
        </div>
      </div>
    );
  }

  const due = sale.amountDueMinor;
  const paid = due === 0 && sale.status !== 'canceled';
  const part = partAmount(partText, due, currency);
  const change = part === null ? null : changeFor(part, tenderedText, currency);
  const cardBlocked =
    options && !options.card.available
      ? (options.card.message ?? t('tender.cardUnavailable'))
      : !reader.selected || reader.status !== 'connected'
        ? t('tender.readerNotConnected')
        : reader.selected.status === 'offline'
          ? t('tender.readerOffline')
          : null;
  const given = changeGiven(sale);

  const takeCash = async (tendered: number | null) => {
    if (part === null) return action.fail(t('tender.partInvalid', { amount: money(due) }));
    const tenderedMinor = tendered ?? (tenderedText.trim() === '' ? part : null);
    const handed = tenderedMinor ?? (change === null ? null : part + change);
    if (handed === null) return action.fail(t('tender.tenderedShort', { amount: money(part) }));
    const key = uuid();
    await action.run(async () => {
      try {
        const answer = await api.post(
          `${api.saleUrl(sale.id)}/tenders`,
          { tenderKey: key, method: 'cash', amountMinor: part, tenderedMinor: handed },
          registerResponses.tender,
        );
        setSale(answer.sale);
        setPartText('');
        setTenderedText('');
      } catch (failure) {
        if (failure instanceof ApiError && failure.code === 'drawer_closed') setDrawerClosed(true);
        throw failure;
      }
    });
  };

  const openDrawer = async () => {
    const float = floatText.trim() === '' ? 0 : partAmount(floatText, Number.MAX_SAFE_INTEGER, currency);
    if (float === null) return action.fail(t('tender.floatInvalid'));
    const done = await action.run(() =>
      withApproval((approval) =>
        api.post(
          '/api/counter/drawer/open',
          { openingFloatMinor: float, ...(approval ? { approval } : {}) },
          registerResponses.drawer,
        ),
      ),
    );
    if (done) {
      setDrawerClosed(false);
      void refreshOptions();
    }
  };

  const payCardPart = async (cardSaleId: string) => {
    const driver = reader.driver;
    const selected = reader.selected;
    if (!driver || !selected) return;
    setCard({ kind: 'waiting', cardSaleId });
    try {
      const started = await api.startAttempt(cardSaleId, { attemptKey: uuid(), readerId: selected.id });
      if (simulator && driver.configureSimulator) driver.configureSimulator(simulator);
      const outcome = await driver.collectAndProcess({
        saleId: cardSaleId,
        attempt: started.attempt,
        tipping: null,
      });
      if (outcome.kind !== 'approved') {
        const message =
          outcome.kind === 'declined'
            ? t('payment.declined', { reason: outcome.reason })
            : outcome.kind === 'canceled'
              ? t('payment.canceled')
              : outcome.message;
        setCard({ kind: 'failed', cardSaleId, message });
        return;
      }
      // The card part is paid; the sale follows once the server has counted it.
      let latest = await api.getSale(sale.id);
      for (let tries = 0; tries < 20 && latest.amountDueMinor > 0; tries += 1) {
        await wait(500);
        latest = await api.getSale(sale.id);
      }
      setSale(latest);
      setPartText('');
      setCard({ kind: 'idle' });
    } catch (failure) {
      setCard({ kind: 'failed', cardSaleId, message: cashierText(failure) });
    }
  };

  const takeCard = async () => {
    if (part === null) return action.fail(t('tender.partInvalid', { amount: money(due) }));
    const existing = pendingCardPart(sale);
    let cardSaleId = existing;
    if (!cardSaleId) {
      const key = uuid();
      const ok = await action.run(async () => {
        const answer = await api.post(
          `${api.saleUrl(sale.id)}/tenders`,
          { tenderKey: key, method: 'card', amountMinor: part },
          registerResponses.tender,
        );
        setSale(answer.sale);
        cardSaleId = answer.cardSale?.id ?? null;
      });
      if (!ok) {
        void refreshOptions();
        return;
      }
    }
    if (cardSaleId) await payCardPart(cardSaleId);
  };

  const giveUpCard = async (cardSaleId: string) => {
    await action.run(async () => {
      await api.cancelSale(cardSaleId);
      setSale(await api.getSale(sale.id));
      setCard({ kind: 'idle' });
    });
  };

  const cancelSale = async () => {
    const ok = await confirm({
      title: t('payment.cancelSaleQuestion', { amount: money(sale.totalMinor) }),
      detail: t('payment.cancelSaleDetail'),
      confirmLabel: t('payment.cancelSaleConfirm'),
      dismissLabel: t('payment.keepSale'),
    });
    if (!ok) return;
    const done = await action.run(() => api.cancelSale(sale.id));
    if (done) onBackToCart();
  };

  const quick = part === null ? [] : suggestedCashAmounts(part, currency);
  const pendingCard = pendingCardPart(sale);

  return (
    <div className="overlay">
      <div
        className={`payment tender ${paid ? 'tone-good' : 'tone-progress'}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby="tender-title"
      >
        <h2 id="tender-title" ref={heading} tabIndex={-1} aria-live="polite">
          {paid
            ? t('tender.paid', { amount: money(sale.totalMinor) })
            : t('tender.due', { amount: money(due) })}
        </h2>
        {!paid && (
          <p className="detail">
            {t('tender.total', { amount: money(sale.totalMinor) })}
            {sale.taxIncluded ? ` ${t('cart.includesTax')}` : ''}
          </p>
        )}
        {given > 0 && (
          <p className="change-due" role="status">
            {t('tender.changeDue')} <strong data-testid="change-due">{money(given)}</strong>
          </p>
        )}
        <ErrorMessage text={action.error} />

        {!paid && card.kind === 'waiting' && (
          <div className="card-part" role="status">
            <div className="spinner" aria-hidden="true" />
            <p>
              {t('tender.presentCard', {
                amount: money(sale.tenders.find((x) => x.cardSaleId === card.cardSaleId)?.amountMinor ?? 0),
              })}
            </p>
            <Button onClick={() => void reader.driver?.cancel()}>{t('payment.cancelPayment')}</Button>
          </div>
        )}
        {!paid && card.kind === 'failed' && (
          <div className="card-part">
            <p role="alert">{card.message}</p>
            {simulatorPanel}
            <div className="actions">
              <Button
                variant="primary"
                onClick={() => void payCardPart(card.cardSaleId)}
                disabled={cardBlocked !== null}
              >
                {t('tender.cardAgain')}
              </Button>
              <Button onClick={() => void giveUpCard(card.cardSaleId)}>{t('tender.giveUpCard')}</Button>
            </div>
          </div>
        )}

        {!paid && card.kind === 'idle' && (
          <div className="tender-choices">
            {cardBlocked && (
              <p className="banner" role="alert">
                {t('tender.cardNotNow', { reason: cardBlocked })}
              </p>
            )}
            <TextField
              label={t('tender.part')}
              hint={t('tender.partHint', { amount: money(due) })}
              value={partText}
              onChange={setPartText}
              inputMode="decimal"
              autoComplete="off"
              placeholder={money(due)}
            />
            {drawerClosed ? (
              <form
                className="drawer-open-inline"
                onSubmit={(event) => {
                  event.preventDefault();
                  void openDrawer();
                }}
              >
                <p role="alert">{t('tender.drawerClosed')}</p>
                <TextField
                  label={t('tender.float')}
                  value={floatText}
                  onChange={setFloatText}
                  inputMode="decimal"
                  autoComplete="off"
                />
                <Button type="submit" disabled={action.pending}>
                  {t('tender.openDrawer')}
                </Button>
              </form>
            ) : (
              <fieldset className="cash">
                <legend>{t('tender.cash')}</legend>
                <div className="row quick-cash">
                  {quick.map((amount) => (
                    <Button key={amount} disabled={action.pending} onClick={() => void takeCash(amount)}>
                      {t('tender.quickCash', { amount: money(amount) })}
                    </Button>
                  ))}
                </div>
                <TextField
                  label={t('tender.tendered')}
                  value={tenderedText}
                  onChange={setTenderedText}
                  inputMode="decimal"
                  autoComplete="off"
                  hint={change !== null ? t('tender.changeWillBe', { amount: money(change) }) : undefined}
                />
                <Button
                  variant="primary"
                  size="big"
                  disabled={action.pending || part === null}
                  onClick={() => void takeCash(null)}
                >
                  {t('tender.takeCash', { amount: money(part ?? due) })}
                </Button>
              </fieldset>
            )}
            <Button
              size="big"
              variant={cardBlocked ? 'secondary' : 'primary'}
              disabled={cardBlocked !== null || action.pending || part === null}
              onClick={() => void takeCard()}
            >
              {pendingCard ? t('tender.cardAgain') : t('tender.card', { amount: money(part ?? due) })}
            </Button>
            {simulatorPanel}
          </div>
        )}

        {paid && <SaleSummary sale={sale} title={t('tender.receipt')} />}
        <div className="actions">
          {paid && <ReceiptActions api={api} saleId={sale.id} />}
          {paid && (
            <Button variant="primary" size="big" onClick={onNewSale} autoFocus>
              {t('payment.newSale')}
            </Button>
          )}
          {!paid && card.kind !== 'waiting' && !hasPaidTender(sale) && (
            <Button size="big" onClick={() => void cancelSale()}>
              {t('payment.cancelSale')}
            </Button>
          )}
          {!paid && hasPaidTender(sale) && <p className="muted">{t('tender.finishOrVoid')}</p>}
        </div>
      </div>
      {dialog}
    </div>
  );
}
