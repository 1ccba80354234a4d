/** The payment overlay: each checkout state in cashier words, with the one or two actions that fit it. */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../../components/ui/Dialog.tsx';
import { useFormatters } from '../../hooks/use-formatters.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { ReceiptActions } from '../sales/index.ts';
import type { Checkout } from './use-checkout.ts';
import type { ReaderLink } from './use-reader.ts';

interface Props {
  api: CounterApi;
  checkout: Checkout;
  reader: ReaderLink;
  currency: string;
  pendingTotalMinor: number;
  onRetry: () => void;
  onNewSale: (keepCart: boolean) => void;
  /** Emulator mode: the simulated reader's controls, offered before a retry. */
  simulator: ReactNode;
}

export function PaymentPanel({
  api,
  checkout,
  reader,
  currency,
  pendingTotalMinor,
  onRetry,
  onNewSale,
  simulator,
}: Props) {
  const { t } = useTranslation('counter');
  const format = useFormatters();
  const { confirm, dialog } = useConfirm();
  const { state } = checkout;
  const sale = state.sale;
  const total = format.money(sale?.totalMinor ?? pendingTotalMinor, currency);
  const primary = useRef<HTMLButtonElement>(null);

  // Move focus to the action that fits each new state (keyboard and screen-reader users follow along).
  useEffect(() => {
    if (state.step) primary.current?.focus();
  }, [state.step]);

  let title: string;
  let detail: string | null = null;
  let tone: 'progress' | 'good' | 'bad' | 'neutral' = 'progress';
  switch (state.step) {
    case 'creating':
      title = t('payment.connecting');
      break;
    case 'collecting':
      title = state.canceling ? t('payment.canceling') : t('payment.present');
      detail = state.readerOffline ? t('payment.offlineWaiting') : t('payment.amountDue', { amount: total });
      break;
    case 'processing':
      title = t('payment.processing');
      detail = t('payment.amount', { amount: total });
      break;
    case 'approved':
      title = t('payment.approved', { amount: total });
      tone = 'good';
      detail = sale?.card
        ? t('payment.cardEnding', { brand: sale.card.brand.toUpperCase(), last4: sale.card.last4 })
        : null;
      break;
    case 'declined':
      title = t('payment.declined', { reason: state.message ?? t('decline.not_accepted') });
      tone = 'bad';
      detail = t('payment.anotherCard');
      break;
    case 'canceled':
      title = t('payment.canceled');
      tone = 'neutral';
      detail = state.timedOut ? t('payment.timedOut') : state.byCustomer ? t('payment.byCustomer') : null;
      break;
    case 'reader_lost':
      title = t('payment.readerLost');
      tone = 'bad';
      detail = state.message;
      break;
    case 'failed':
      title = t('payment.failed');
      tone = 'bad';
      detail = state.message;
      break;
    case 'interrupted':
      title = t('payment.unfinished');
      tone = 'neutral';
      detail = t('payment.unfinishedDetail', { amount: total });
      break;
    default:
      return null;
  }

  const cancelSale = async () => {
    const confirmed = await confirm({
      title: t('payment.cancelSaleQuestion', { amount: total }),
      detail: t('payment.cancelSaleDetail'),
      confirmLabel: t('payment.cancelSaleConfirm'),
      dismissLabel: t('payment.keepSale'),
    });
    if (confirmed) await checkout.cancelSale();
  };

  const busy = state.step === 'creating' || state.step === 'collecting' || state.step === 'processing';
  const readerReady = reader.status === 'connected';

  return (
    <div className="overlay">
      <div className={`payment tone-${tone}`} role="dialog" aria-modal="true" aria-labelledby="payment-title">
        <h2 id="payment-title" aria-live="polite">
          {title}
        </h2>
        {busy && <div className="spinner" aria-hidden="true" />}
        {detail && <p className="detail">{detail}</p>}
        {state.step === 'approved' && sale && sale.tipMinor > 0 && (
          <p className="detail">
            {t('payment.includesTip', { amount: format.money(sale.tipMinor, currency) })}
          </p>
        )}
        {simulator && ['declined', 'reader_lost', 'failed', 'interrupted'].includes(state.step) && simulator}
        <div className="actions">
          {state.step === 'collecting' && (
            <button
              ref={primary}
              type="button"
              className="button big"
              disabled={state.canceling}
              aria-keyshortcuts="Escape"
              onClick={() => void checkout.cancel()}
            >
              {t('payment.cancelPayment')}
            </button>
          )}
          {state.step === 'approved' && (
            <>
              {sale && <ReceiptActions api={api} saleId={sale.id} />}
              <button
                ref={primary}
                type="button"
                className="button primary big"
                onClick={() => onNewSale(false)}
              >
                {t('payment.newSale')}
              </button>
            </>
          )}
          {state.step === 'declined' && (
            <button ref={primary} type="button" className="button primary big" onClick={onRetry}>
              {t('payment.tryAnotherCard')}
            </button>
          )}
          {state.step === 'reader_lost' && !readerReady && (
            <button
              ref={primary}
              type="button"
              className="button primary big"
              disabled={reader.status === 'connecting'}
              onClick={() => void reader.connect()}
            >
              {t('payment.reconnect')}
            </button>
          )}
          {state.step === 'reader_lost' && reader.offerTakeOver && (
            <button
              type="button"
              className="button big"
              onClick={() => void reader.connect({ takeOver: true })}
            >
              {t('payment.takeOver')}
            </button>
          )}
          {(state.step === 'reader_lost' || state.step === 'failed' || state.step === 'interrupted') && (
            <button
              ref={state.step === 'reader_lost' ? undefined : primary}
              type="button"
              className="button primary big"
              disabled={!readerReady}
              onClick={onRetry}
            >
              {state.step === 'interrupted' ? t('payment.chargeAgain') : t('payment.tryAgain')}
            </button>
          )}
          {(state.step === 'failed' || state.step === 'interrupted') && sale && (
            <button type="button" className="button big" onClick={() => void checkout.checkAgain()}>
              {t('payment.checkAgain')}
            </button>
          )}
          {(state.step === 'declined' ||
            state.step === 'reader_lost' ||
            state.step === 'failed' ||
            state.step === 'interrupted') &&
            sale && (
              <button type="button" className="button big" onClick={() => void cancelSale()}>
                {t('payment.cancelSale')}
              </button>
            )}
          {state.step === 'canceled' && (
            <>
              <button
                ref={primary}
                type="button"
                className="button primary big"
                onClick={() => onNewSale(true)}
              >
                {t('payment.backToCart')}
              </button>
              <button type="button" className="button big" onClick={() => onNewSale(false)}>
                {t('payment.newSale')}
              </button>
            </>
          )}
          {(state.step === 'failed' || state.step === 'reader_lost') && !sale && (
            <button type="button" className="button big" onClick={() => onNewSale(true)}>
              {t('payment.backToCart')}
            </button>
          )}
        </div>
      </div>
      {dialog}
    </div>
  );
}
