import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processingFee } from '../../src/stripe/emulator/resources/currency.ts';
import { proportional } from '../../src/stripe/emulator/resources/ledger.ts';
import {
  collectCardPresent,
  confirmCardPresent,
} from '../../src/stripe/emulator/resources/payment-intent-card-present.ts';
import { buildConnectedAccount, buildTestEmulator, type TestEmulator } from './support.ts';

describe(processingFee.name, () => {
  it.each([
    [10_000, 'usd', 'card_present', 275],
    [1_850, 'usd', 'card_present', 55],
    [1_000, 'jpy', 'card_present', 37],
    [10_000, 'usd', 'card', 320],
    [10_000, 'cad', 'interac_present', 275],
  ])('charges %i %s %s a fee of %i', (amount, currency, method, fee) => {
    expect(processingFee(amount, currency, method)).toBe(fee);
  });
});

describe(proportional.name, () => {
  it('rounds half up', () => {
    expect(proportional(1000, 2500, 10_000)).toBe(250);
    expect(proportional(333, 1, 2)).toBe(167);
    expect(proportional(5, 0, 10)).toBe(0);
  });
});

describe('Connect money movement', () => {
  let emu: TestEmulator;
  beforeEach(() => {
    emu = buildTestEmulator();
  });
  afterEach(() => emu.core.close());

  async function balance(account?: string): Promise<Stripe.Balance> {
    return (await emu.call('GET', '/v1/balance', {}, account ? { 'stripe-account': account } : {}))
      .body as unknown as Stripe.Balance;
  }

  function pay(accountId: string | null, piId: string) {
    return emu.core.api.withContext(accountId ?? emu.core.api.platformId(), { origin: '' }, (ctx) => {
      collectCardPresent(ctx, {
        accountId,
        paymentIntentId: piId,
        presented: { type: 'card_present', number: '4242424242424242' },
        readerId: 'tmr_x',
        locationId: null,
      });
      return confirmCardPresent(ctx, { accountId, paymentIntentId: piId }).paymentIntent;
    });
  }

  it('settles a destination charge: platform keeps fee minus processing fee, destination gets the rest', async () => {
    const merchant = await buildConnectedAccount(emu);
    const created = await emu.call('POST', '/v1/payment_intents', {
      amount: '10000',
      currency: 'usd',
      'allowed_payment_method_types[0]': 'card_present',
      application_fee_amount: '1000',
      'transfer_data[destination]': merchant,
    });
    pay(null, String(created.body.id));
    const platform = await balance();
    expect(platform.pending.find((b) => b.currency === 'usd')?.amount).toBe(1000 - 275);
    const dest = await balance(merchant);
    expect(dest.pending.find((b) => b.currency === 'usd')?.amount).toBe(9000);

    const refund = await emu.call('POST', '/v1/refunds', {
      payment_intent: String(created.body.id),
      amount: '2500',
      reverse_transfer: 'true',
      refund_application_fee: 'true',
    });
    expect(refund.status).toBe(200);
    const fees = await emu.call('GET', '/v1/application_fees');
    const fee = (fees.body.data as Stripe.ApplicationFee[])[0];
    expect(fee?.amount_refunded).toBe(250);
    const transfers = await emu.call('GET', '/v1/transfers');
    expect((transfers.body.data as Stripe.Transfer[])[0]?.amount_reversed).toBe(2500);
    const destAfter = await balance(merchant);
    const total = (b: Stripe.Balance) =>
      (b.pending.find((x) => x.currency === 'usd')?.amount ?? 0) +
      (b.available.find((x) => x.currency === 'usd')?.amount ?? 0);
    expect(total(destAfter)).toBe(9000 - 2500 + 250);
  });

  it('settles a direct charge on the connected account with the application fee in fee_details', async () => {
    const merchant = await buildConnectedAccount(emu);
    const created = await emu.call(
      'POST',
      '/v1/payment_intents',
      {
        amount: '5000',
        currency: 'cad',
        'allowed_payment_method_types[0]': 'card_present',
        application_fee_amount: '200',
      },
      { 'stripe-account': merchant },
    );
    const pi = pay(merchant, String(created.body.id));
    expect(pi.status).toBe('succeeded');
    const charge = await emu.call(
      'GET',
      `/v1/charges/${String(pi.latest_charge)}`,
      { 'expand[0]': 'balance_transaction' },
      { 'stripe-account': merchant },
    );
    const bt = charge.body.balance_transaction as Stripe.BalanceTransaction;
    expect(bt.fee_details.map((f) => [f.type, f.amount])).toEqual([
      ['stripe_fee', processingFee(5000, 'cad', 'card_present')],
      ['application_fee', 200],
    ]);
    expect(bt.net).toBe(5000 - 200 - processingFee(5000, 'cad', 'card_present'));
    const platform = await balance();
    expect(platform.pending.find((b) => b.currency === 'cad')?.amount).toBe(200);
  });
});
