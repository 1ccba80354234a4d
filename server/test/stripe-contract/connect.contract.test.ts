// Contract: Connect charge types through the official SDK — direct charges (Stripe-Account, application fee
// object on the platform), destination charges (automatic transfer, py_ payment on the connected account),
// separate charges and transfers, refunds with refund_application_fee / reverse_transfer, and isolation of
// one account's objects from another.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChargeableAccount, openTarget, type Target } from './target.ts';

let target: Target;
let stripe: Stripe;
let merchant: Stripe.Account;
let other: Stripe.Account;

beforeAll(async () => {
  target = await openTarget();
  stripe = target.stripe;
  merchant = await createChargeableAccount(target);
  other = await createChargeableAccount(target);
});
afterAll(() => target.close());

const card: Pick<Stripe.PaymentIntentCreateParams, 'currency' | 'allowed_payment_method_types'> = {
  currency: 'usd',
  allowed_payment_method_types: ['card'],
};

describe('direct charges', () => {
  it('creates the charge on the connected account and the application fee on the platform', async () => {
    const opts = { stripeAccount: merchant.id };
    const pi = await stripe.paymentIntents.create(
      { ...card, amount: 10_000, application_fee_amount: 700 },
      opts,
    );
    const done = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }, opts);
    expect(done.status).toBe('succeeded');
    const charge = await stripe.charges.retrieve(
      String(done.latest_charge),
      { expand: ['balance_transaction'] },
      opts,
    );
    expect(charge.application_fee_amount).toBe(700);
    const bt = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(bt.type).toBe('charge');
    const appFeeDetail = bt.fee_details.find((f) => f.type === 'application_fee');
    expect(appFeeDetail?.amount).toBe(700);
    expect(bt.net).toBe(10_000 - bt.fee);
    const fee = await stripe.applicationFees.retrieve(String(charge.application_fee));
    expect(fee.amount).toBe(700);
    expect(fee.account).toBe(merchant.id);
    const feeBt = await stripe.balanceTransactions.retrieve(String(fee.balance_transaction));
    expect(feeBt.type).toBe('application_fee');
  });

  it('hides a connected account’s PaymentIntent from the platform and from other accounts', async () => {
    const pi = await stripe.paymentIntents.create({ ...card, amount: 1000 }, { stripeAccount: merchant.id });
    const fromPlatform = (await stripe.paymentIntents
      .retrieve(pi.id)
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(fromPlatform.statusCode).toBe(404);
    expect(fromPlatform.code).toBe('resource_missing');
    const fromOther = (await stripe.paymentIntents
      .retrieve(pi.id, {}, { stripeAccount: other.id })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(fromOther.statusCode).toBe(404);
  });

  it('refunds proportionally to the application fee with refund_application_fee', async () => {
    const opts = { stripeAccount: merchant.id };
    const pi = await stripe.paymentIntents.create(
      { ...card, amount: 8000, application_fee_amount: 800 },
      opts,
    );
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }, opts);
    const refund = await stripe.refunds.create(
      { payment_intent: pi.id, amount: 2000, refund_application_fee: true },
      opts,
    );
    expect(refund.status).toBe('succeeded');
    const charge = await stripe.charges.retrieve(String(refund.charge), {}, opts);
    expect(charge.amount_refunded).toBe(2000);
    const fee = await stripe.applicationFees.retrieve(String(charge.application_fee));
    expect(fee.amount_refunded).toBe(200);
    const rest = await stripe.refunds.create({ charge: charge.id, refund_application_fee: true }, opts);
    expect(rest.amount).toBe(6000);
    const feeAfter = await stripe.applicationFees.retrieve(fee.id);
    expect(feeAfter.refunded).toBe(true);
    expect(feeAfter.amount_refunded).toBe(800);
    const again = (await stripe.refunds
      .create({ charge: charge.id }, opts)
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(again.code).toBe('charge_already_refunded');
  });
});

describe('destination charges', () => {
  it('transfers to the destination and creates a py_ payment there', async () => {
    const pi = await stripe.paymentIntents.create({
      ...card,
      amount: 10_000,
      application_fee_amount: 1000,
      transfer_data: { destination: merchant.id },
      on_behalf_of: merchant.id,
    });
    const done = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    expect(done.status).toBe('succeeded');
    const charge = await stripe.charges.retrieve(String(done.latest_charge), { expand: ['transfer'] });
    expect(charge.on_behalf_of).toBe(merchant.id);
    const transfer = charge.transfer as Stripe.Transfer;
    expect(transfer.destination).toBe(merchant.id);
    expect(transfer.source_transaction).toBe(charge.id);
    expect(String(transfer.destination_payment)).toMatch(/^py_/);
    const payment = await stripe.charges.retrieve(
      String(transfer.destination_payment),
      { expand: ['balance_transaction'] },
      { stripeAccount: merchant.id },
    );
    const paymentBt = payment.balance_transaction as Stripe.BalanceTransaction;
    expect(paymentBt.type).toBe('payment');
    expect(paymentBt.net).toBe(transfer.amount - 1000);
    const fees = await stripe.applicationFees.list({ limit: 5 });
    expect(fees.data.some((f) => f.account === merchant.id && f.amount === 1000)).toBe(true);
  });

  it('reverses the transfer proportionally on a refund with reverse_transfer', async () => {
    const pi = await stripe.paymentIntents.create({
      ...card,
      amount: 6000,
      transfer_data: { destination: merchant.id },
    });
    const done = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    const refund = await stripe.refunds.create({
      payment_intent: done.id,
      amount: 1500,
      reverse_transfer: true,
    });
    expect(String(refund.transfer_reversal)).toMatch(/^trr_/);
    const charge = await stripe.charges.retrieve(String(done.latest_charge));
    const transfer = await stripe.transfers.retrieve(String(charge.transfer));
    expect(transfer.amount_reversed).toBe(1500);
    expect(transfer.reversed).toBe(false);
  });

  it('rejects a destination that is not a connected account', async () => {
    const err = (await stripe.paymentIntents
      .create({ ...card, amount: 1000, transfer_data: { destination: 'acct_doesnotexist123' } })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});

describe('separate charges and transfers', () => {
  it('transfers part of a platform charge with source_transaction', async () => {
    const pi = await stripe.paymentIntents.create({ ...card, amount: 9000, transfer_group: 'order_1' });
    const done = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    const transfer = await stripe.transfers.create({
      amount: 4000,
      currency: 'usd',
      destination: other.id,
      source_transaction: String(done.latest_charge),
      transfer_group: 'order_1',
    });
    expect(transfer.amount).toBe(4000);
    expect(String(transfer.destination_payment)).toMatch(/^py_/);
    const listed = await stripe.transfers.list({ transfer_group: 'order_1' });
    expect(listed.data.map((t) => t.id)).toContain(transfer.id);
    const reversal = await stripe.transfers.createReversal(transfer.id, { amount: 1000 });
    expect(reversal.amount).toBe(1000);
  });
});
