// Contract: declines and errors on the Terminal path, server-driven (https://docs.stripe.com/terminal/references/testing,
// https://docs.stripe.com/terminal/payments/collect-card-payment?terminal-sdk-platform=server-driven#handle-errors):
// each decline test card presented on a simulated reader fails the reader action (failure_code, failure_message,
// api_error with the card error), leaves the PaymentIntent in requires_payment_method with last_payment_error,
// records a failed charge and emits terminal.reader.action_failed; actions on a PaymentIntent a reader cannot
// take are intent_invalid_state; the terminal_reader_* errors come from the reader itself (emulator controls).
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_ONLY, eventually, failureOf, IS_REAL_STRIPE, openTarget, type Target } from './target.ts';

let target: Target;
let stripe: Stripe;
let reader: Stripe.Terminal.Reader;

beforeAll(async () => {
  target = await openTarget();
  stripe = target.stripe;
  const location = await stripe.terminal.locations.create({
    display_name: 'Declines',
    address: {
      line1: '510 Townsend St',
      city: 'San Francisco',
      state: 'CA',
      postal_code: '94103',
      country: 'US',
    },
  });
  reader = await stripe.terminal.readers.create({
    registration_code: 'simulated-wpe',
    location: location.id,
  });
});
afterAll(() => target.close());

const intent = (amount: number): Stripe.PaymentIntentCreateParams => ({
  amount,
  currency: 'usd',
  allowed_payment_method_types: ['card_present'],
  capture_method: 'manual',
});

/** Stripe's Terminal decline test cards and what they answer. */
const DECLINES = [
  { number: '4000000000000002', code: 'card_declined', declineCode: 'generic_decline' },
  { number: '4000000000009995', code: 'card_declined', declineCode: 'insufficient_funds' },
  { number: '4000000000009987', code: 'card_declined', declineCode: 'lost_card' },
  { number: '4000000000009979', code: 'card_declined', declineCode: 'stolen_card' },
  { number: '4000000000000069', code: 'expired_card', declineCode: undefined },
  { number: '4000000000000119', code: 'processing_error', declineCode: undefined },
] as const;

describe('decline test cards on a simulated reader', () => {
  it.each(DECLINES)('$number fails the action with $code', async ({ number, code, declineCode }) => {
    const pi = await stripe.paymentIntents.create(intent(2100));
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    const failed = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {
      card_present: { number },
    });
    expect(failed.action?.type).toBe('process_payment_intent');
    expect(failed.action?.status).toBe('failed');
    expect(failed.action?.failure_code).toBe(code);
    expect(failed.action?.failure_message).toEqual(expect.any(String));
    expect(failed.action?.api_error).toMatchObject({ type: 'card_error', code });
    if (declineCode !== undefined) expect(failed.action?.api_error?.decline_code).toBe(declineCode);

    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error).toMatchObject({ type: 'card_error', code });
    if (declineCode !== undefined) expect(after.last_payment_error?.decline_code).toBe(declineCode);
    const charge = await stripe.charges.retrieve(String(after.latest_charge));
    expect(charge).toMatchObject({ status: 'failed', failure_code: code, paid: false, captured: false });
    expect(charge.outcome).toMatchObject({ type: 'issuer_declined', network_status: 'declined_by_network' });
    expect(charge.payment_method_details?.type).toBe('card_present');

    const events = await eventually(async () => {
      const list = await stripe.events.list({ type: 'terminal.reader.action_failed', limit: 20 });
      const ours = list.data.filter((e) => {
        const action = (e.data.object as Stripe.Terminal.Reader).action;
        return action?.process_payment_intent?.payment_intent === pi.id;
      });
      return ours.length > 0 ? ours : undefined;
    });
    expect((events[0]?.data.object as Stripe.Terminal.Reader | undefined)?.action?.failure_code).toBe(code);
  });

  it('a decline leaves the reader free for the next card on the same PaymentIntent', async () => {
    const pi = await stripe.paymentIntents.create(intent(2200));
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {
      card_present: { number: '4000000000009995' },
    });
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    const approved = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {
      card_present: { number: '4242424242424242' },
    });
    expect(approved.action?.status).toBe('succeeded');
    const authorized = await stripe.paymentIntents.retrieve(pi.id);
    expect(authorized.status).toBe('requires_capture');
    expect(authorized.last_payment_error).toBeNull();
    const charges = await stripe.charges.list({ payment_intent: pi.id });
    expect(charges.data.map((c) => c.status).sort()).toEqual(['failed', 'succeeded']);
    await stripe.paymentIntents.cancel(pi.id);
  });

  it('collect then confirm: the decline comes with confirm_payment_intent', async () => {
    const pi = await stripe.paymentIntents.create(intent(2300));
    await stripe.terminal.readers.collectPaymentMethod(reader.id, { payment_intent: pi.id });
    const collected = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {
      card_present: { number: '4000000000000002' },
    });
    expect(collected.action).toMatchObject({ type: 'collect_payment_method', status: 'succeeded' });
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_confirmation');
    const confirmed = await stripe.terminal.readers.confirmPaymentIntent(reader.id, {
      payment_intent: pi.id,
    });
    const settled = await eventually(async () => {
      const current = await stripe.terminal.readers.retrieve(reader.id);
      return 'action' in current && current.action?.status !== 'in_progress' ? current : undefined;
    });
    expect(confirmed.action?.type).toBe('confirm_payment_intent');
    expect('action' in settled && settled.action?.status).toBe('failed');
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_payment_method');
  });
});

describe('PaymentIntents a reader cannot take', () => {
  it('a captured PaymentIntent is intent_invalid_state', async () => {
    const pi = await stripe.paymentIntents.create(intent(2400));
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
    await stripe.paymentIntents.capture(pi.id);
    const error = await failureOf(
      stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.code).toBe('intent_invalid_state');
  });

  it('a canceled PaymentIntent is intent_invalid_state', async () => {
    const pi = await stripe.paymentIntents.create(intent(2500));
    await stripe.paymentIntents.cancel(pi.id);
    const error = await failureOf(
      stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id }),
    );
    expect(error.code).toBe('intent_invalid_state');
  });

  it('an unknown reader is resource_missing', async () => {
    const pi = await stripe.paymentIntents.create(intent(2600));
    const error = await failureOf(
      stripe.terminal.readers.processPaymentIntent('tmr_doesnotexist0000', { payment_intent: pi.id }),
    );
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
  });
});

describe.skipIf(IS_REAL_STRIPE)(`errors the reader itself gives (${EMULATOR_ONLY})`, () => {
  it('a customer cancel fails the action with customer_canceled and no api_error', async () => {
    const pi = await stripe.paymentIntents.create(intent(2700));
    await stripe.terminal.readers.processPaymentIntent(reader.id, {
      payment_intent: pi.id,
      process_config: { enable_customer_cancellation: true },
    });
    await target.control('POST', `/_emulator/readers/${reader.id}/customer_cancel`);
    const current = await stripe.terminal.readers.retrieve(reader.id);
    expect('action' in current && current.action).toMatchObject({
      status: 'failed',
      failure_code: 'customer_canceled',
      api_error: null,
    });
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_payment_method');
  });

  it('a reader that does not acknowledge is terminal_reader_timeout, once', async () => {
    await target.control('POST', `/_emulator/readers/${reader.id}/state`, { timeout_next_action: true });
    const pi = await stripe.paymentIntents.create(intent(2800));
    const timeout = await failureOf(
      stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id }),
    );
    expect(timeout).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(timeout.code).toBe('terminal_reader_timeout');
    const retried = await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    expect(retried.action?.status).toBe('in_progress');
    await stripe.terminal.readers.cancelAction(reader.id);
  });

  it('a reader busy with an action is terminal_reader_busy; an offline one terminal_reader_offline', async () => {
    const first = await stripe.paymentIntents.create(intent(2900));
    const second = await stripe.paymentIntents.create(intent(2900));
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: first.id });
    const busy = await failureOf(
      stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: second.id }),
    );
    expect(busy.code).toBe('terminal_reader_busy');
    await stripe.terminal.readers.cancelAction(reader.id);
    await target.control('POST', `/_emulator/readers/${reader.id}/state`, { offline: true });
    const offline = await failureOf(
      stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: second.id }),
    );
    expect(offline.code).toBe('terminal_reader_offline');
    await target.control('POST', `/_emulator/readers/${reader.id}/state`, { offline: false });
  });
});
