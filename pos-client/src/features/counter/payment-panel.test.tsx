// The payment overlay's wording and actions per checkout state (rendered to static markup in node).
import type { Sale } from '@countertop/shared';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../lib/api-client.ts';
import { createCounterApi } from '../../lib/counter-api.ts';
import { makeSale } from '../../testing/fake-counter-server.ts';
import { type CheckoutState, initialCheckout } from './checkout-machine.ts';
import { PaymentPanel } from './PaymentPanel.tsx';
import type { Checkout } from './use-checkout.ts';
import type { ReaderLink } from './use-reader.ts';

const api = createCounterApi(
  new ApiClient({ fetch: () => Promise.reject(new Error('no network in this test')) }),
);
const noop = async () => {};

function render(state: Partial<CheckoutState>, readerStatus: ReaderLink['status'] = 'connected') {
  const checkout: Checkout = {
    state: { ...initialCheckout, ...state },
    resumeChecked: true,
    charge: noop,
    cancel: noop,
    checkAgain: noop,
    cancelSale: noop,
    newSale: () => {},
  };
  const reader: ReaderLink = {
    readers: [],
    selected: null,
    driver: null,
    status: readerStatus,
    message: null,
    offerTakeOver: false,
    select: () => {},
    connect: async () => true,
    disconnect: noop,
    refresh: noop,
  };
  return renderToStaticMarkup(
    <PaymentPanel
      api={api}
      checkout={checkout}
      reader={reader}
      currency="usd"
      pendingTotalMinor={978}
      onRetry={() => {}}
      onNewSale={() => {}}
      simulator={null}
    />,
  );
}

const sale: Sale = makeSale();
const buttons = (html: string) =>
  [...html.matchAll(/<(?:button|a)\b[^>]*>([^<]*)<\/(?:button|a)>/g)].map((m) => m[1]);

describe('PaymentPanel', () => {
  it.each([
    ['creating', {}, 'Connecting to reader…', []],
    ['collecting', { sale }, 'Present card on the reader', ['Cancel payment']],
    ['processing', { sale }, 'Processing…', []],
    [
      'declined',
      { sale, message: 'insufficient funds' },
      'Declined: insufficient funds',
      ['Try another card', 'Cancel sale'],
    ],
    ['canceled', { sale }, 'Payment canceled', ['Back to cart', 'New sale']],
    [
      'failed',
      { sale, message: 'Cannot reach the server.' },
      'The payment did not finish',
      ['Try again', 'Check again', 'Cancel sale'],
    ],
    ['interrupted', { sale }, 'Unfinished sale', ['Charge again', 'Check again', 'Cancel sale']],
  ] as const)('shows %s in cashier words with its actions', (step, extra, title, actions) => {
    const html = render({ step, ...extra });
    expect(html).toContain(`>${title}</h2>`);
    expect(buttons(html)).toEqual(actions);
  });

  it('shows the approved amount, the card and the receipt actions', () => {
    const paid = makeSale({
      status: 'succeeded',
      tipMinor: 150,
      totalMinor: 1128,
      card: { brand: 'visa', last4: '4242', readMethod: 'contactless_emv' },
    });
    const html = render({ step: 'approved', sale: paid });
    expect(html).toContain('Approved ✓ $11.28');
    expect(html).toContain('VISA ending 4242');
    expect(html).toContain('Includes tip $1.50');
    expect(buttons(html)).toEqual(['Open receipt', 'Email receipt', 'New sale']);
  });

  it('offers Reconnect while the reader is gone, and Try again once it is back', () => {
    const lost = render({ step: 'reader_lost', sale, message: 'The reader went offline.' }, 'lost');
    expect(lost).toContain('Reader disconnected');
    expect(lost).toContain('The reader went offline.');
    expect(buttons(lost)).toEqual(['Reconnect', 'Try again', 'Cancel sale']);
    expect(lost).toMatch(/<button[^>]*disabled=""[^>]*>Try again</);
    const back = render({ step: 'reader_lost', sale }, 'connected');
    expect(buttons(back)).toEqual(['Try again', 'Cancel sale']);
  });

  it('says why a payment was canceled', () => {
    expect(render({ step: 'canceled', timedOut: true })).toContain('No card was presented in time.');
    expect(render({ step: 'canceled', byCustomer: true })).toContain('The customer canceled on the reader.');
  });
});
