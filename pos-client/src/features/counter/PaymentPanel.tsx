/** The payment overlay: each checkout state in cashier words, with the one or two actions that fit it. */
import { formatMoney } from '@countertop/shared';
import { type ReactNode, useEffect, useRef } from 'react';
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
  const { state } = checkout;
  const sale = state.sale;
  const total = formatMoney(sale?.totalMinor ?? pendingTotalMinor, currency);
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
      title = 'Connecting to reader…';
      break;
    case 'collecting':
      title = state.canceling ? 'Canceling…' : 'Present card on the reader';
      detail = state.readerOffline
        ? 'The reader is offline. Waiting for it to come back — check its power and network.'
        : `Amount due ${total}`;
      break;
    case 'processing':
      title = 'Processing…';
      detail = `Amount ${total}`;
      break;
    case 'approved':
      title = `Approved ✓ ${total}`;
      tone = 'good';
      detail = sale?.card ? `${sale.card.brand.toUpperCase()} ending ${sale.card.last4}` : null;
      break;
    case 'declined':
      title = `Declined: ${state.message ?? 'the card was not accepted'}`;
      tone = 'bad';
      detail = 'Ask the customer for another card.';
      break;
    case 'canceled':
      title = 'Payment canceled';
      tone = 'neutral';
      detail = state.timedOut
        ? 'No card was presented in time.'
        : state.byCustomer
          ? 'The customer canceled on the reader.'
          : null;
      break;
    case 'reader_lost':
      title = 'Reader disconnected';
      tone = 'bad';
      detail = state.message;
      break;
    case 'failed':
      title = 'The payment did not finish';
      tone = 'bad';
      detail = state.message;
      break;
    case 'interrupted':
      title = 'Unfinished sale';
      tone = 'neutral';
      detail = `A sale of ${total} was not finished. Check it, charge it again, or cancel it.`;
      break;
    default:
      return null;
  }

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
          <p className="detail">Includes tip {formatMoney(sale.tipMinor, currency)}</p>
        )}
        {simulator && ['declined', 'reader_lost', 'failed', 'interrupted'].includes(state.step) && simulator}
        <div className="actions">
          {state.step === 'collecting' && (
            <button
              ref={primary}
              type="button"
              className="button big"
              disabled={state.canceling}
              onClick={() => void checkout.cancel()}
            >
              Cancel payment
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
                New sale
              </button>
            </>
          )}
          {state.step === 'declined' && (
            <button ref={primary} type="button" className="button primary big" onClick={onRetry}>
              Try another card
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
              Reconnect
            </button>
          )}
          {state.step === 'reader_lost' && reader.offerTakeOver && (
            <button
              type="button"
              className="button big"
              onClick={() => void reader.connect({ takeOver: true })}
            >
              Take over reader
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
              {state.step === 'interrupted' ? 'Charge again' : 'Try again'}
            </button>
          )}
          {(state.step === 'failed' || state.step === 'interrupted') && sale && (
            <button type="button" className="button big" onClick={() => void checkout.checkAgain()}>
              Check again
            </button>
          )}
          {(state.step === 'declined' ||
            state.step === 'reader_lost' ||
            state.step === 'failed' ||
            state.step === 'interrupted') &&
            sale && (
              <button type="button" className="button big" onClick={() => void checkout.cancelSale()}>
                Cancel sale
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
                Back to cart
              </button>
              <button type="button" className="button big" onClick={() => onNewSale(false)}>
                New sale
              </button>
            </>
          )}
          {(state.step === 'failed' || state.step === 'reader_lost') && !sale && (
            <button type="button" className="button big" onClick={() => onNewSale(true)}>
              Back to cart
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
