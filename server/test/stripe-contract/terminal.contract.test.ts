// Contract suite for Stripe Terminal, written only against the official stripe SDK (stripe@23): locations,
// readers, connection tokens, configurations, the server-driven flow on direct and destination charges,
// declines and retries, tips, busy readers, cancel_action, Interac in-person refunds, list filters and errors.
// Runs against the emulator by default, or real Stripe test mode with STRIPE_SECRET_KEY (see target.ts);
// tests that need emulator controls are skipped there (reason stated beside each: they use /_emulator controls).
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChargeableAccount, IS_REAL_STRIPE, openTarget, type Target } from './target.ts';

let target: Target;
let stripe: Stripe;

beforeAll(async () => {
  target = await openTarget();
  stripe = target.stripe;
});

const connectedAccount = async (): Promise<string> => (await createChargeableAccount(target)).id;

/** A Canadian connected account onboarded through the emulator's onboarding control (Interac needs CAD). */
async function canadianAccount(): Promise<string> {
  const account = await stripe.accounts.create({
    country: 'CA',
    controller: {
      stripe_dashboard: { type: 'express' },
      fees: { payer: 'application' },
      losses: { payments: 'application' },
    },
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
  });
  await target.control('POST', `/_emulator/accounts/${account.id}/onboarding`, { outcome: 'complete' });
  return account.id;
}
afterAll(async () => {
  await target.close();
});

const US_ADDRESS = {
  line1: '510 Townsend St',
  city: 'San Francisco',
  state: 'CA',
  postal_code: '94103',
  country: 'US',
};
const CA_ADDRESS = {
  line1: '1 Front St W',
  city: 'Toronto',
  state: 'ON',
  postal_code: 'M5J 2X6',
  country: 'CA',
};

async function caught(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) return err;
    throw err;
  }
  throw new Error('expected the Stripe call to fail');
}

async function setUpReader(
  opts: { stripeAccount?: string; address?: typeof US_ADDRESS; configuration?: string } = {},
) {
  const requestOptions = opts.stripeAccount ? { stripeAccount: opts.stripeAccount } : {};
  const location = await stripe.terminal.locations.create(
    {
      display_name: 'Contract store',
      address: opts.address ?? US_ADDRESS,
      ...(opts.configuration ? { configuration_overrides: opts.configuration } : {}),
    },
    requestOptions,
  );
  const reader = await stripe.terminal.readers.create(
    { registration_code: 'simulated-wpe', location: location.id, label: 'Counter 1' },
    requestOptions,
  );
  return { location, reader, requestOptions };
}

function cardPresentIntent(
  params: Partial<Stripe.PaymentIntentCreateParams> = {},
): Stripe.PaymentIntentCreateParams {
  return {
    amount: 2500,
    currency: 'usd',
    allowed_payment_method_types: ['card_present'],
    capture_method: 'manual',
    ...params,
  };
}

describe('locations', () => {
  it('creates, retrieves, updates, lists and deletes a location', async () => {
    const location = await stripe.terminal.locations.create({ display_name: 'HQ', address: US_ADDRESS });
    expect(location).toMatchObject({ object: 'terminal.location', display_name: 'HQ', livemode: false });
    expect(location.id).toMatch(/^tml_/);
    const updated = await stripe.terminal.locations.update(location.id, {
      display_name: 'HQ 2',
      metadata: { a: '1' },
    });
    expect(updated).toMatchObject({ display_name: 'HQ 2', metadata: { a: '1' } });
    const listed = await stripe.terminal.locations.list({ limit: 100 });
    expect(listed.data.map((l) => l.id)).toContain(location.id);
    const deleted = await stripe.terminal.locations.del(location.id);
    expect(deleted).toMatchObject({ id: location.id, deleted: true });
    const retrieved = await stripe.terminal.locations.retrieve(location.id);
    expect(retrieved.deleted).toBe(true);
  });

  it('names the missing address field in the error', async () => {
    const { state: _state, ...withoutState } = US_ADDRESS;
    const err = await caught(stripe.terminal.locations.create({ display_name: 'X', address: withoutState }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.param).toBe('address[state]');
  });
});

describe('readers and connection tokens', () => {
  it('registers a simulated reader and filters the list', async () => {
    const { location, reader } = await setUpReader();
    expect(reader).toMatchObject({
      object: 'terminal.reader',
      device_type: 'simulated_wisepos_e',
      label: 'Counter 1',
      location: location.id,
      status: 'online',
      action: null,
    });
    const s700 = await stripe.terminal.readers.create({
      registration_code: 'simulated-s700',
      location: location.id,
    });
    const byType = await stripe.terminal.readers.list({
      device_type: 'simulated_stripe_s700',
      location: location.id,
    });
    expect(byType.data.map((r) => r.id)).toEqual([s700.id]);
    const bySerial = await stripe.terminal.readers.list({ serial_number: reader.serial_number });
    expect(bySerial.data.map((r) => r.id)).toEqual([reader.id]);
    const relabeled = await stripe.terminal.readers.update(reader.id, { label: 'Bar' });
    expect(relabeled).toMatchObject({ label: 'Bar' });
    const deleted = await stripe.terminal.readers.del(s700.id);
    expect(deleted).toMatchObject({ id: s700.id, deleted: true, serial_number: s700.serial_number });
  });

  it('rejects an invalid registration code and an unknown reader', async () => {
    const bad = await caught(stripe.terminal.readers.create({ registration_code: 'not-a-code' }));
    expect(bad).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(bad.param).toBe('registration_code');
    const missing = await caught(stripe.terminal.readers.retrieve('tmr_doesnotexist'));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('resource_missing');
  });

  it('creates connection tokens on the platform and on a connected account, optionally location-scoped', async () => {
    const platform = await stripe.terminal.connectionTokens.create();
    expect(platform.object).toBe('terminal.connection_token');
    expect(platform.secret).toMatch(/^pst_test_/);
    const account = await connectedAccount();
    const { location } = await setUpReader({ stripeAccount: account });
    const scoped = await stripe.terminal.connectionTokens.create(
      { location: location.id },
      { stripeAccount: account },
    );
    expect(scoped.location).toBe(location.id);
    const wrongAccount = await caught(stripe.terminal.connectionTokens.create({ location: location.id }));
    expect(wrongAccount.statusCode).toBe(404);
  });
});

describe('server-driven payments', () => {
  it('processes, presents and captures a direct charge on a connected account', async () => {
    const account = await connectedAccount();
    const { reader, requestOptions } = await setUpReader({ stripeAccount: account });
    const pi = await stripe.paymentIntents.create(
      cardPresentIntent({ application_fee_amount: 200 }),
      requestOptions,
    );
    const processing = await stripe.terminal.readers.processPaymentIntent(
      reader.id,
      { payment_intent: pi.id },
      requestOptions,
    );
    expect(processing.action).toMatchObject({ type: 'process_payment_intent', status: 'in_progress' });
    const presented = await stripe.testHelpers.terminal.readers.presentPaymentMethod(
      reader.id,
      {},
      requestOptions,
    );
    expect(presented.action).toMatchObject({ status: 'succeeded', failure_code: null });
    const authorized = await stripe.paymentIntents.retrieve(pi.id, {}, requestOptions);
    expect(authorized.status).toBe('requires_capture');
    const captured = await stripe.paymentIntents.capture(pi.id, {}, requestOptions);
    expect(captured.status).toBe('succeeded');
    const charge = await stripe.charges.retrieve(String(captured.latest_charge), {}, requestOptions);
    expect(charge).toMatchObject({ captured: true, application_fee_amount: 200 });
    expect(charge.payment_method_details?.card_present?.reader).toBe(reader.id);
  });

  it('processes a destination charge on the platform and transfers to the connected account', async () => {
    const account = await connectedAccount();
    const { reader } = await setUpReader();
    const pi = await stripe.paymentIntents.create(
      cardPresentIntent({
        application_fee_amount: 300,
        transfer_data: { destination: account },
        on_behalf_of: account,
      }),
    );
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {
      type: 'card_present',
      card_present: { number: '5555555555554444' },
    });
    const captured = await stripe.paymentIntents.capture(pi.id);
    expect(captured.status).toBe('succeeded');
    const charge = await stripe.charges.retrieve(String(captured.latest_charge));
    expect(charge.transfer).toMatch(/^tr_/);
    expect(charge.payment_method_details?.card_present?.brand).toBe('mastercard');
  });

  it('reports a decline on the reader action and accepts a second card on the same PaymentIntent', async () => {
    const { reader } = await setUpReader();
    const pi = await stripe.paymentIntents.create(cardPresentIntent());
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    const declined = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {
      card_present: { number: '4000000000000002' },
    });
    expect(declined.action).toMatchObject({ status: 'failed', failure_code: 'card_declined' });
    expect(declined.action?.api_error).toMatchObject({ type: 'card_error', code: 'card_declined' });
    const afterDecline = await stripe.paymentIntents.retrieve(pi.id);
    expect(afterDecline.status).toBe('requires_payment_method');
    expect(afterDecline.last_payment_error?.code).toBe('card_declined');

    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    const approved = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
    expect(approved.action?.status).toBe('succeeded');
    expect((await stripe.paymentIntents.capture(pi.id)).status).toBe('succeeded');
    const events = await stripe.events.list({ type: 'terminal.reader.action_failed', limit: 100 });
    expect(events.data.some((e) => (e.data.object as Stripe.Terminal.Reader).id === reader.id)).toBe(true);
  });

  it('adds an on-reader tip from amount_tip when the location’s configuration enables tipping', async () => {
    const configuration = await stripe.terminal.configurations.create({
      tipping: {
        usd: { percentages: [15, 18, 20], smart_tip_threshold: 1000, fixed_amounts: [100, 200, 300] },
      },
    });
    const { reader } = await setUpReader({ configuration: configuration.id });
    const pi = await stripe.paymentIntents.create(cardPresentIntent());
    await stripe.terminal.readers.processPaymentIntent(reader.id, {
      payment_intent: pi.id,
      process_config: { tipping: { amount_eligible: 2500 } },
    });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { amount_tip: 450 });
    const authorized = await stripe.paymentIntents.retrieve(pi.id);
    expect(authorized).toMatchObject({ amount: 2950, amount_capturable: 2950 });
    expect(authorized.amount_details?.tip?.amount).toBe(450);
  });

  it('answers terminal_reader_busy while an action is in progress, and cancel_action frees the reader', async () => {
    const { reader } = await setUpReader();
    const first = await stripe.paymentIntents.create(cardPresentIntent());
    const second = await stripe.paymentIntents.create(cardPresentIntent());
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: first.id });
    const busy = await caught(
      stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: second.id }),
    );
    expect(busy).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(busy.code).toBe('terminal_reader_busy');
    const canceled = await stripe.terminal.readers.cancelAction(reader.id);
    expect(canceled.deleted).toBeUndefined();
    expect((canceled as Stripe.Terminal.Reader).action).toBeNull();
    const restarted = await stripe.terminal.readers.processPaymentIntent(reader.id, {
      payment_intent: second.id,
    });
    expect(restarted.action?.process_payment_intent?.payment_intent).toBe(second.id);
  });

  it('shows a cart with set_reader_display', async () => {
    const { reader } = await setUpReader();
    const shown = await stripe.terminal.readers.setReaderDisplay(reader.id, {
      type: 'cart',
      cart: {
        currency: 'usd',
        line_items: [{ amount: 450, description: 'Flat white', quantity: 1 }],
        tax: 36,
        total: 486,
      },
    });
    expect(shown.action?.type).toBe('set_reader_display');
    expect(shown.action?.set_reader_display?.cart?.total).toBe(486);
  });

  // Emulator only: the Canadian account is onboarded through an emulator control.
  it.skipIf(IS_REAL_STRIPE)('refunds an Interac payment in person with refund_payment', async () => {
    const account = await canadianAccount();
    const { reader, requestOptions } = await setUpReader({ stripeAccount: account, address: CA_ADDRESS });
    const pi = await stripe.paymentIntents.create(
      { amount: 1800, currency: 'cad', allowed_payment_method_types: ['card_present', 'interac_present'] },
      requestOptions,
    );
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id }, requestOptions);
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(
      reader.id,
      { type: 'interac_present' },
      requestOptions,
    );
    const paid = await stripe.paymentIntents.retrieve(pi.id, {}, requestOptions);
    expect(paid.status).toBe('succeeded');

    const refunding = await stripe.terminal.readers.refundPayment(
      reader.id,
      { payment_intent: pi.id, amount: 800 },
      requestOptions,
    );
    expect(refunding.action).toMatchObject({ type: 'refund_payment', status: 'in_progress' });
    const refunded = await stripe.testHelpers.terminal.readers.presentPaymentMethod(
      reader.id,
      { type: 'interac_present' },
      requestOptions,
    );
    expect(refunded.action?.status).toBe('succeeded');
    const refundId = String(refunded.action?.refund_payment?.refund);
    const refund = await stripe.refunds.retrieve(refundId, {}, requestOptions);
    expect(refund).toMatchObject({ amount: 800, status: 'succeeded', payment_intent: pi.id });
    const tooMuch = await caught(
      stripe.terminal.readers.refundPayment(
        reader.id,
        { payment_intent: pi.id, amount: 1500 },
        requestOptions,
      ),
    );
    expect(tooMuch.code).toBe('amount_too_large');
  });
});

describe('configurations', () => {
  it('creates, updates, lists and deletes configurations', async () => {
    const created = await stripe.terminal.configurations.create({
      name: 'Tips',
      tipping: { usd: { percentages: [10, 15, 20] } },
    });
    expect(created).toMatchObject({ object: 'terminal.configuration', is_account_default: false });
    const updated = await stripe.terminal.configurations.update(created.id, {
      tipping: { usd: { fixed_amounts: [100] } },
    });
    expect((updated as Stripe.Terminal.Configuration).tipping?.usd?.fixed_amounts).toEqual([100]);
    const defaults = await stripe.terminal.configurations.list({ is_account_default: true });
    expect(defaults.data).toHaveLength(1);
    expect(defaults.data[0]?.is_account_default).toBe(true);
    const deleted = await stripe.terminal.configurations.del(created.id);
    expect(deleted.deleted).toBe(true);
  });
});

// Skipped under real Stripe: emulator only (reader state is an emulator control).
describe.skipIf(IS_REAL_STRIPE)('emulator reader controls', () => {
  it('fails actions on an offline reader with terminal_reader_offline', async () => {
    const { reader } = await setUpReader();
    await target.control('POST', `/_emulator/readers/${reader.id}/state`, { offline: true });
    const pi = await stripe.paymentIntents.create(cardPresentIntent());
    const err = await caught(
      stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id }),
    );
    expect(err.code).toBe('terminal_reader_offline');
    const listed = await stripe.terminal.readers.list({ status: 'offline' });
    expect(listed.data.map((r) => r.id)).toContain(reader.id);
  });
});
