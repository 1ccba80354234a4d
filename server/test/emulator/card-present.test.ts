import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StripeError } from '../../src/stripe/emulator/core/errors.ts';
import {
  collectCardPresent,
  confirmCardPresent,
} from '../../src/stripe/emulator/resources/payment-intent-card-present.ts';
import { buildConnectedAccount, buildTestEmulator, type TestEmulator } from './support.ts';

let emu: TestEmulator;
beforeEach(() => {
  emu = buildTestEmulator();
});
afterEach(() => emu.core.close());

async function createPi(
  params: Record<string, string | number>,
  account?: string,
): Promise<Stripe.PaymentIntent> {
  const form = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await emu.call(
    'POST',
    '/v1/payment_intents',
    { currency: 'usd', 'allowed_payment_method_types[0]': 'card_present', ...form },
    account ? { 'stripe-account': account } : {},
  );
  expect(res.status).toBe(200);
  return res.body as unknown as Stripe.PaymentIntent;
}

function present(
  accountId: string | null,
  paymentIntentId: string,
  number: string,
  opts: { tip?: number; type?: 'card_present' | 'interac_present' } = {},
) {
  return emu.core.api.withContext(
    accountId ?? emu.core.api.platformId(),
    { origin: 'http://emulator.test' },
    (ctx) => {
      collectCardPresent(ctx, {
        accountId,
        paymentIntentId,
        presented: { type: opts.type ?? 'card_present', number },
        ...(opts.tip !== undefined ? { tipAmount: opts.tip } : {}),
        readerId: 'tmr_test',
        locationId: 'tml_test',
      });
      return confirmCardPresent(ctx, { accountId, paymentIntentId });
    },
  );
}

async function charge(id: string, account?: string): Promise<Stripe.Charge> {
  const res = await emu.call('GET', `/v1/charges/${id}`, {}, account ? { 'stripe-account': account } : {});
  return res.body as unknown as Stripe.Charge;
}

describe('collectCardPresent / confirmCardPresent', () => {
  it('authorizes a manual-capture card_present payment including the on-reader tip', async () => {
    const pi = await createPi({ amount: 2000, capture_method: 'manual' });
    const { paymentIntent, error } = present(null, pi.id, '4242424242424242', { tip: 300 });
    expect(error).toBeUndefined();
    expect(paymentIntent.status).toBe('requires_capture');
    expect(paymentIntent.amount).toBe(2300);
    expect(paymentIntent.amount_details?.tip?.amount).toBe(300);
    expect(paymentIntent.amount_capturable).toBe(2300);
    const ch = await charge(String(paymentIntent.latest_charge));
    const cp = ch.payment_method_details?.card_present;
    expect(cp?.brand).toBe('visa');
    expect(cp?.last4).toBe('4242');
    expect(cp?.read_method).toBe('contactless_emv');
    expect(cp?.reader).toBe('tmr_test');
    expect(cp?.receipt?.dedicated_file_name).toBe('A0000000031010');
    expect(cp?.receipt?.authorization_code).toMatch(/^\d{6}$/);
    expect(cp?.capture_before).toBe(ch.created + 5 * 86_400);
    const captured = await emu.call('POST', `/v1/payment_intents/${pi.id}/capture`);
    expect(captured.body.status).toBe('succeeded');
    expect(captured.body.amount_received).toBe(2300);
  });

  it('declines with the card’s decline code and lets the same PaymentIntent be retried', async () => {
    const pi = await createPi({ amount: 1500 });
    const declined = present(null, pi.id, '4000000000009987', { tip: 100 });
    expect(declined.error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'lost_card',
    });
    expect(declined.paymentIntent.status).toBe('requires_payment_method');
    expect(declined.paymentIntent.amount).toBe(1500);
    expect(declined.paymentIntent.last_payment_error?.decline_code).toBe('lost_card');
    const failed = await charge(String(declined.paymentIntent.latest_charge));
    expect(failed.status).toBe('failed');
    expect(failed.failure_code).toBe('card_declined');
    const ok = present(null, pi.id, '5555555555554444');
    expect(ok.paymentIntent.status).toBe('succeeded');
    expect(ok.paymentIntent.last_payment_error).toBeNull();
    const events = await emu.call('GET', '/v1/events', { limit: '20' });
    const types = (events.body.data as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'charge.failed',
        'payment_intent.payment_failed',
        'charge.succeeded',
        'payment_intent.succeeded',
      ]),
    );
  });

  it.each([
    ['4000000000000002', 'card_declined', 'generic_decline'],
    ['4000000000009995', 'card_declined', 'insufficient_funds'],
    ['4000000000009979', 'card_declined', 'stolen_card'],
    ['4000000000000069', 'expired_card', 'expired_card'],
    ['4000000000000119', 'processing_error', 'processing_error'],
  ])('maps test card %s to %s / %s', async (number, code, declineCode) => {
    const pi = await createPi({ amount: 1000 });
    const { error } = present(null, pi.id, number);
    expect(error?.code).toBe(code);
    expect(error?.decline_code).toBe(declineCode);
  });

  it('captures Interac immediately even when manual capture was requested, and refuses an API refund', async () => {
    const acct = await buildConnectedAccount(emu);
    const res = await emu.call(
      'POST',
      '/v1/payment_intents',
      {
        amount: '4000',
        currency: 'cad',
        capture_method: 'manual',
        'allowed_payment_method_types[0]': 'card_present',
        'allowed_payment_method_types[1]': 'interac_present',
      },
      { 'stripe-account': acct },
    );
    const pi = res.body as unknown as Stripe.PaymentIntent;
    expect(pi.payment_method_types).toEqual(['card_present', 'interac_present']);
    const { paymentIntent } = present(acct, pi.id, '4506445006931933', { type: 'interac_present' });
    expect(paymentIntent.status).toBe('succeeded');
    const ch = await charge(String(paymentIntent.latest_charge), acct);
    expect(ch.payment_method_details?.type).toBe('interac_present');
    const refund = await emu.call(
      'POST',
      '/v1/refunds',
      { payment_intent: pi.id },
      { 'stripe-account': acct },
    );
    expect(refund.status).toBe(400);
    expect((refund.body.error as { code: string }).code).toBe('charge_not_refundable');
  });

  it('drops interac_present from allowed_payment_method_types for non-CAD payments', async () => {
    const res = await emu.call('POST', '/v1/payment_intents', {
      amount: '1000',
      currency: 'usd',
      'allowed_payment_method_types[0]': 'card_present',
      'allowed_payment_method_types[1]': 'interac_present',
    });
    expect(res.body.payment_method_types).toEqual(['card_present']);
  });

  it('refuses to collect on a PaymentIntent that is not awaiting a payment method', async () => {
    const pi = await createPi({ amount: 1000 });
    present(null, pi.id, '4242424242424242');
    expect(() => present(null, pi.id, '4242424242424242')).toThrow(StripeError);
  });

  it('fails refunds of the refund_fail card asynchronously', async () => {
    const pi = await createPi({ amount: 3000 });
    present(null, pi.id, '4000000000005126');
    const created = await emu.call('POST', '/v1/refunds', { payment_intent: pi.id });
    expect(created.body.status).toBe('succeeded');
    await expect
      .poll(async () => (await emu.call('GET', `/v1/refunds/${String(created.body.id)}`)).body.status, {
        timeout: 2000,
        interval: 20,
      })
      .toBe('failed');
    const refund = await emu.call('GET', `/v1/refunds/${String(created.body.id)}`);
    expect(refund.body.failure_reason).toBe('expired_or_canceled_card');
    const latest = (await emu.call('GET', `/v1/payment_intents/${pi.id}`)).body.latest_charge;
    expect((await charge(String(latest))).amount_refunded).toBe(0);
  });

  it('expires an uncaptured authorization once the clock passes capture_before', async () => {
    const pi = await createPi({ amount: 1000, capture_method: 'manual' });
    present(null, pi.id, '5555555555554444');
    const res = await emu.core.app.fetch(
      new Request('http://emulator.test/_emulator/clock', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advance_seconds: 3 * 86_400 }),
      }),
    );
    expect(res.status).toBe(200);
    const after = await emu.call('GET', `/v1/payment_intents/${pi.id}`);
    expect(after.body.status).toBe('canceled');
    expect(after.body.cancellation_reason).toBe('automatic');
    const events = await emu.call('GET', '/v1/events', { type: 'charge.expired' });
    expect((events.body.data as unknown[]).length).toBe(1);
  });

  it('supports incremental authorization when requested on a Visa card', async () => {
    const pi = await createPi({
      amount: 1000,
      capture_method: 'manual',
      'payment_method_options[card_present][request_incremental_authorization_support]': 'true',
    });
    present(null, pi.id, '4242424242424242');
    const inc = await emu.call('POST', `/v1/payment_intents/${pi.id}/increment_authorization`, {
      amount: '1500',
    });
    expect(inc.status).toBe(200);
    expect(inc.body.amount_capturable).toBe(1500);
    const other = await createPi({ amount: 1000, capture_method: 'manual' });
    present(null, other.id, '4242424242424242');
    const refused = await emu.call('POST', `/v1/payment_intents/${other.id}/increment_authorization`, {
      amount: '1500',
    });
    expect(refused.status).toBe(400);
  });
});
