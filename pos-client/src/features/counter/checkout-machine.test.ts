// Table tests of the checkout reducer: every transition the payment panel relies on, and the ignored ones.
import type { Sale } from '@countertop/shared';
import { describe, expect, it } from 'vitest';
import { outcomeFromSale } from '../../lib/terminal/sale-outcome.ts';
import { makeSale } from '../../testing/fake-counter-server.ts';
import {
  type CheckoutEvent,
  type CheckoutState,
  checkoutReducer,
  initialCheckout,
} from './checkout-machine.ts';

const sale = makeSale();
const at = (step: CheckoutState['step'], extra: Partial<CheckoutState> = {}): CheckoutState => ({
  ...initialCheckout,
  step,
  ...extra,
});
const withSale = (step: CheckoutState['step']) => at(step, { sale, clientSaleId: sale.clientSaleId });

// The dispatcher words the sale's outcome (sale-outcome.ts, loaded on demand by the counter) and sends it.
const resume = (resumed: Sale): CheckoutEvent => ({
  type: 'resume',
  sale: resumed,
  outcome: outcomeFromSale(resumed),
});
const synced = (latest: Sale): CheckoutEvent => ({
  type: 'synced',
  sale: latest,
  outcome: outcomeFromSale(latest),
});
const charge: CheckoutEvent = { type: 'charge', clientSaleId: 'new-id' };
const finished = (outcome: Extract<CheckoutEvent, { type: 'finished' }>['outcome']): CheckoutEvent => ({
  type: 'finished',
  outcome,
});

const table: [string, CheckoutState, CheckoutEvent, CheckoutState['step']][] = [
  ['Charge starts creating', at('idle'), charge, 'creating'],
  ['the attempt starts collecting', at('creating'), { type: 'attempt_started', sale }, 'collecting'],
  ['the card read moves to processing', withSale('collecting'), { type: 'processing' }, 'processing'],
  ['approval ends approved', withSale('processing'), finished({ kind: 'approved', sale }), 'approved'],
  [
    'a decline ends declined',
    withSale('processing'),
    finished({ kind: 'declined', sale, reason: 'insufficient funds', declineCode: 'insufficient_funds' }),
    'declined',
  ],
  [
    'a cancel ends canceled',
    withSale('collecting'),
    finished({ kind: 'canceled', sale, byCustomer: false }),
    'canceled',
  ],
  [
    'a lost reader ends reader_lost',
    withSale('collecting'),
    finished({ kind: 'reader_lost', sale, message: 'gone' }),
    'reader_lost',
  ],
  [
    'an error ends failed',
    withSale('processing'),
    finished({ kind: 'error', sale, code: 'x', message: 'boom' }),
    'failed',
  ],
  ['Try another card after a decline', withSale('declined'), charge, 'creating'],
  ['retry after the reader came back', withSale('reader_lost'), charge, 'creating'],
  ['retry after a failure', withSale('failed'), charge, 'creating'],
  [
    'an offline reader at start is reader_lost',
    at('creating'),
    { type: 'start_failed', code: 'reader_offline', message: 'off' },
    'reader_lost',
  ],
  [
    'another start failure is failed',
    at('creating'),
    { type: 'start_failed', code: 'account_cannot_charge', message: 'no' },
    'failed',
  ],
  ['New sale after approval', withSale('approved'), { type: 'new_sale' }, 'idle'],
  ['New sale after a cancel', withSale('canceled'), { type: 'new_sale' }, 'idle'],
  ['resume an unfinished sale as interrupted', at('idle'), resume(sale), 'interrupted'],
  [
    'resume a sale that already succeeded as approved',
    at('idle'),
    resume(makeSale({ status: 'succeeded' })),
    'approved',
  ],
  ['charge the interrupted sale again', withSale('interrupted'), charge, 'creating'],
  [
    'Check again finds the interrupted sale approved',
    withSale('interrupted'),
    synced(makeSale({ status: 'succeeded' })),
    'approved',
  ],
  ['Cancel sale after a decline', withSale('declined'), synced(makeSale({ status: 'canceled' })), 'canceled'],
  ['Check again on a still-pending sale stays failed', withSale('failed'), synced(sale), 'failed'],
  // ignored events
  [
    'no sync while collecting',
    withSale('collecting'),
    synced(makeSale({ status: 'canceled' })),
    'collecting',
  ],
  ['no second charge while collecting', withSale('collecting'), charge, 'collecting'],
  ['no New sale while processing', withSale('processing'), { type: 'new_sale' }, 'processing'],
  ['no cancel while processing', withSale('processing'), { type: 'cancel' }, 'processing'],
  [
    'a late outcome after approval is ignored',
    withSale('approved'),
    finished({ kind: 'canceled', sale, byCustomer: false }),
    'approved',
  ],
  ['no charge after approval', withSale('approved'), charge, 'approved'],
];

describe('checkoutReducer', () => {
  it.each(table)('%s', (_name, state, event, expected) => {
    expect(checkoutReducer(state, event).step).toBe(expected);
  });

  it('keeps the sale and its idempotency key when retrying after a decline', () => {
    const next = checkoutReducer({ ...withSale('declined'), message: 'insufficient funds' }, charge);
    expect(next).toMatchObject({ sale, clientSaleId: sale.clientSaleId, message: null });
  });

  it('keeps the idempotency key of a sale whose creation failed, so the retry gets the same sale', () => {
    const first = checkoutReducer(at('idle'), { type: 'charge', clientSaleId: 'key-1' });
    const failed = checkoutReducer(first, {
      type: 'start_failed',
      code: 'network_error',
      message: 'offline',
    });
    const retry = checkoutReducer(failed, { type: 'charge', clientSaleId: 'key-2' });
    expect(retry.clientSaleId).toBe('key-1');
  });

  it('records a timed-out cancel and reports it with the canceled outcome', () => {
    const canceling = checkoutReducer(withSale('collecting'), { type: 'cancel', timedOut: true });
    expect(canceling).toMatchObject({ canceling: true, timedOut: true });
    const ended = checkoutReducer(canceling, finished({ kind: 'canceled', sale, byCustomer: false }));
    expect(ended).toMatchObject({ step: 'canceled', timedOut: true, canceling: false });
  });

  it('notes a reader that went offline while waiting, and clears the note when it is back', () => {
    const offline = checkoutReducer(withSale('collecting'), { type: 'reader_health', online: false });
    expect(offline).toMatchObject({ step: 'collecting', readerOffline: true });
    expect(checkoutReducer(offline, { type: 'reader_health', online: true }).readerOffline).toBe(false);
    const approved = checkoutReducer(offline, finished({ kind: 'approved', sale }));
    expect(approved.readerOffline).toBe(false);
  });

  it('says whether the customer canceled on the reader', () => {
    const ended = checkoutReducer(
      withSale('collecting'),
      finished({ kind: 'canceled', sale, byCustomer: true }),
    );
    expect(ended.byCustomer).toBe(true);
  });

  it('carries the decline reason for the panel', () => {
    const ended = checkoutReducer(
      withSale('processing'),
      finished({ kind: 'declined', sale, reason: 'insufficient funds', declineCode: 'insufficient_funds' }),
    );
    expect(ended.message).toBe('insufficient funds');
  });

  it('starts a fresh sale (no sale, no key) after New sale', () => {
    expect(checkoutReducer(withSale('approved'), { type: 'new_sale' })).toEqual(initialCheckout);
  });
});
