// Contract: fields Stripe leaves null (or leaves out) until something sets them — reasons, failure details,
// Connect links that only some charge types have (a direct charge's application fee has no originating
// transaction; only a destination charge has transfer / transfer_data; only a destination payment has
// source_transfer) — and card refunds' destination details, whatever the card was read by.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChargeableAccount, failureOf, openTarget, type Target } from './target.ts';

let target: Target;
let stripe: Stripe;
let merchant: Stripe.Account;

beforeAll(async () => {
  target = await openTarget();
  stripe = target.stripe;
  merchant = await createChargeableAccount(target);
});
afterAll(() => target.close());

const card: Pick<Stripe.PaymentIntentCreateParams, 'currency' | 'allowed_payment_method_types'> = {
  currency: 'usd',
  allowed_payment_method_types: ['card'],
};

describe('fields that stay null until something sets them', () => {
  it('a new PaymentIntent', async () => {
    const pi = await stripe.paymentIntents.create({ ...card, amount: 1000 });
    expect(pi).toMatchObject({
      application: null,
      application_fee_amount: null,
      canceled_at: null,
      cancellation_reason: null,
      customer: null,
      description: null,
      last_payment_error: null,
      latest_charge: null,
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      processing: null,
      receipt_email: null,
      review: null,
      shipping: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      transfer_data: null,
      transfer_group: null,
    });
    expect(pi.amount_received).toBe(0);
  });

  it('a succeeded platform charge: no failure, no Connect links', async () => {
    const pi = await stripe.paymentIntents.create({
      ...card,
      amount: 1100,
      confirm: true,
      payment_method: 'pm_card_visa',
    });
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge).toMatchObject({
      application: null,
      application_fee: null,
      application_fee_amount: null,
      failure_balance_transaction: null,
      failure_code: null,
      failure_message: null,
      on_behalf_of: null,
      source_transfer: null,
      transfer_data: null,
      transfer_group: null,
      disputed: false,
      refunded: false,
    });
    expect(charge.transfer).toBeUndefined();
    expect(charge.outcome?.reason).toBeNull();
  });

  it('a declined charge has failure details, and the PaymentIntent’s error clears on a later success', async () => {
    const pi = await stripe.paymentIntents.create({ ...card, amount: 1200 });
    const declined = await failureOf(
      stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }),
    );
    const failedCharge = await stripe.charges.retrieve(String(declined.charge));
    expect(failedCharge.status).toBe('failed');
    expect(failedCharge.failure_code).toBe('card_declined');
    expect(failedCharge.balance_transaction).toBeNull();
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.last_payment_error?.code).toBe('card_declined');
    expect(after.payment_method).toBeNull();
    const paid = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    expect(paid.last_payment_error).toBeNull();
  });

  it('a canceled PaymentIntent gets canceled_at and its cancellation_reason', async () => {
    const pi = await stripe.paymentIntents.create({ ...card, amount: 1300 });
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' });
    expect(canceled.cancellation_reason).toBe('abandoned');
    expect(canceled.canceled_at).toEqual(expect.any(Number));
  });

  it('a direct charge: application set, application fee without an originating transaction', async () => {
    const opts = { stripeAccount: merchant.id };
    const pi = await stripe.paymentIntents.create(
      { ...card, amount: 5000, application_fee_amount: 400, confirm: true, payment_method: 'pm_card_visa' },
      opts,
    );
    expect(pi.application).toMatch(/^ca_/);
    const charge = await stripe.charges.retrieve(String(pi.latest_charge), {}, opts);
    expect(charge.application).toBe(pi.application);
    expect(charge.transfer_data).toBeNull();
    expect(charge.transfer).toBeUndefined();
    const fee = await stripe.applicationFees.retrieve(String(charge.application_fee));
    expect(fee.charge).toBe(charge.id);
    expect(fee.originating_transaction).toBeNull();
  });

  it('a destination charge: transfer and transfer_data on the charge, the fee’s originating transaction, source_transfer on the payment', async () => {
    const pi = await stripe.paymentIntents.create({
      ...card,
      amount: 6000,
      application_fee_amount: 500,
      transfer_data: { destination: merchant.id },
      confirm: true,
      payment_method: 'pm_card_visa',
    });
    expect(pi.application).toBeNull();
    const charge = await stripe.charges.retrieve(String(pi.latest_charge), { expand: ['transfer'] });
    expect(charge.transfer_data?.destination).toBe(merchant.id);
    expect(charge.source_transfer).toBeNull();
    const transfer = charge.transfer as Stripe.Transfer;
    const fee = await stripe.applicationFees.retrieve(String(charge.application_fee));
    expect(fee.originating_transaction).toBe(charge.id);
    expect(fee.charge).toBe(transfer.destination_payment);
    const payment = await stripe.charges.retrieve(
      String(transfer.destination_payment),
      {},
      { stripeAccount: merchant.id },
    );
    expect(payment.source_transfer).toBe(transfer.id);
    expect(payment.transfer_data).toBeNull();
  });

  it('a card refund: destination_details of type card, no failure fields, no transfer reversal', async () => {
    const pi = await stripe.paymentIntents.create({
      ...card,
      amount: 1400,
      confirm: true,
      payment_method: 'pm_card_visa',
    });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 400 });
    expect(refund.destination_details?.type).toBe('card');
    expect(['refund', 'reversal', 'pending']).toContain(refund.destination_details?.card?.type);
    expect(refund.reason).toBeNull();
    expect(refund.transfer_reversal).toBeNull();
    expect(refund.source_transfer_reversal).toBeNull();
    expect(refund.failure_reason).toBeUndefined();
    expect(refund.failure_balance_transaction).toBeUndefined();
  });
});
