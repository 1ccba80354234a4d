// Server-driven reader actions on simulated readers: display, busy/offline/timeout, process → present →
// capture, declines and retries, tips, cancel, customer cancel, collect/confirm, and the webhook events.
import { beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Json } from './harness.ts';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});

const CART = {
  currency: 'usd',
  line_items: [{ amount: 500, description: 'Latte', quantity: 2 }],
  tax: 80,
  total: 1080,
};

const post = (path: string, params: Record<string, unknown> = {}, account?: string) =>
  h.v1('POST', path, params, account === undefined ? {} : { account });

async function process(
  readerId: string,
  piId: string,
  extra: Record<string, unknown> = {},
  account?: string,
) {
  return post(
    `/v1/terminal/readers/${readerId}/process_payment_intent`,
    { payment_intent: piId, ...extra },
    account,
  );
}

async function present(readerId: string, params: Record<string, unknown> = {}, account?: string) {
  return post(`/v1/test_helpers/terminal/readers/${readerId}/present_payment_method`, params, account);
}

async function getPi(id: string, account?: string): Promise<Json> {
  return (await h.v1('GET', `/v1/payment_intents/${id}`, {}, account === undefined ? {} : { account })).body;
}

describe('set_reader_display', () => {
  it('shows a cart as a succeeded set_reader_display action and emits action_succeeded', async () => {
    const reader = await h.reader();
    const res = await post(`/v1/terminal/readers/${String(reader.id)}/set_reader_display`, {
      type: 'cart',
      cart: CART,
    });
    expect(res.status).toBe(200);
    expect(res.body.action).toEqual({
      type: 'set_reader_display',
      status: 'succeeded',
      failure_code: null,
      failure_message: null,
      api_error: null,
      set_reader_display: { type: 'cart', cart: CART },
    });
    const events = await h.events('terminal.reader.action_succeeded');
    expect(events[0]?.data?.object).toMatchObject({ id: reader.id, object: 'terminal.reader' });
  });

  it('requires type cart and well-formed line items', async () => {
    const reader = await h.reader();
    const path = `/v1/terminal/readers/${String(reader.id)}/set_reader_display`;
    expect((await post(path, { type: 'receipt', cart: CART })).status).toBe(400);
    const noTotal = await post(path, {
      type: 'cart',
      cart: { currency: 'usd', line_items: CART.line_items },
    });
    expect(noTotal.body.error).toMatchObject({ code: 'parameter_missing', param: 'cart[total]' });
  });
});

describe('reader availability', () => {
  it('fails actions on an offline reader with terminal_reader_offline and recovers when back online', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    const state = await h.json('POST', `/_emulator/readers/${id}/state`, { offline: true });
    expect(state.body).toMatchObject({ id, status: 'offline' });
    const res = await post(`/v1/terminal/readers/${id}/set_reader_display`, { type: 'cart', cart: CART });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'terminal_reader_offline' });
    await h.json('POST', `/_emulator/readers/${id}/state`, { offline: false });
    expect(
      (await post(`/v1/terminal/readers/${id}/set_reader_display`, { type: 'cart', cart: CART })).status,
    ).toBe(200);
  });

  it('times out exactly the next action with terminal_reader_timeout', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    await h.json('POST', `/_emulator/readers/${id}/state`, { timeout_next_action: true });
    const first = await post(`/v1/terminal/readers/${id}/set_reader_display`, { type: 'cart', cart: CART });
    expect(first.status).toBe(400);
    expect(first.body.error?.code).toBe('terminal_reader_timeout');
    expect((await h.v1('GET', `/v1/terminal/readers/${id}`)).body.action).toBeNull();
    const second = await post(`/v1/terminal/readers/${id}/set_reader_display`, { type: 'cart', cart: CART });
    expect(second.status).toBe(200);
  });

  it('rejects the state control for an unknown reader', async () => {
    const res = await h.json('POST', '/_emulator/readers/tmr_nope/state', { offline: true });
    expect(res.status).toBe(404);
  });

  it('answers 400 to cancel_action when nothing is in progress', async () => {
    const reader = await h.reader();
    const res = await post(`/v1/terminal/readers/${String(reader.id)}/cancel_action`);
    expect(res.status).toBe(400);
  });
});

describe('process_payment_intent + present_payment_method', () => {
  it('authorizes a presented card, completes the action and lets the server capture', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    const pi = await h.paymentIntent();
    const started = await process(id, String(pi.id), {
      process_config: { enable_customer_cancellation: true },
    });
    expect(started.status).toBe(200);
    expect(started.body.action).toEqual({
      type: 'process_payment_intent',
      status: 'in_progress',
      failure_code: null,
      failure_message: null,
      api_error: null,
      process_payment_intent: {
        payment_intent: pi.id,
        process_config: { enable_customer_cancellation: true },
      },
    });
    expect((await getPi(String(pi.id))).status).toBe('requires_payment_method');

    const presented = await present(id);
    expect(presented.status).toBe(200);
    expect(presented.body.action).toMatchObject({
      type: 'process_payment_intent',
      status: 'succeeded',
      failure_code: null,
    });
    const authorized = await getPi(String(pi.id));
    expect(authorized).toMatchObject({ status: 'requires_capture', amount_capturable: 1500 });

    const captured = await post(`/v1/payment_intents/${String(pi.id)}/capture`);
    expect(captured.body.status).toBe('succeeded');
    const events = await h.events('terminal.reader.action_succeeded');
    expect(events[0]?.data?.object?.action?.status).toBe('succeeded');
    expect((await h.events('charge.succeeded')).length).toBe(1);
  });

  it('reports a decline as a failed action with api_error and takes a second card on the same PaymentIntent', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    const pi = await h.paymentIntent();
    await process(id, String(pi.id));
    const declined = await present(id, { card_present: { number: '4000000000009995' } });
    expect(declined.status).toBe(200);
    expect(declined.body.action).toMatchObject({
      status: 'failed',
      failure_code: 'card_declined',
      api_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
    });
    expect(String(declined.body.action?.failure_message)).not.toBe('');
    const afterDecline = await getPi(String(pi.id));
    expect(afterDecline.status).toBe('requires_payment_method');
    expect(afterDecline.last_payment_error).toMatchObject({
      code: 'card_declined',
      decline_code: 'insufficient_funds',
    });
    const failed = await h.events('terminal.reader.action_failed');
    expect(failed[0]?.data?.object?.action?.failure_code).toBe('card_declined');

    await process(id, String(pi.id));
    const approved = await present(id, { card_present: { number: '5555555555554444' } });
    expect(approved.body.action?.status).toBe('succeeded');
    expect((await getPi(String(pi.id))).status).toBe('requires_capture');
  });

  it('adds the on-reader tip only when the location’s configuration enables tipping for the currency', async () => {
    const config = await post('/v1/terminal/configurations', {
      tipping: { usd: { percentages: [15, 18, 20] } },
    });
    const tippingLocation = await h.location({ configuration_overrides: String(config.body.id) });
    const tipping = await h.reader({ location: tippingLocation });
    const plain = await h.reader();

    const tipped = await h.paymentIntent();
    await process(String(tipping.id), String(tipped.id));
    await present(String(tipping.id), { amount_tip: 300 });
    expect(await getPi(String(tipped.id))).toMatchObject({
      status: 'requires_capture',
      amount: 1800,
      amount_capturable: 1800,
      amount_details: { tip: { amount: 300 } },
    });

    const untipped = await h.paymentIntent();
    await process(String(plain.id), String(untipped.id));
    await present(String(plain.id), { amount_tip: 300 });
    expect(await getPi(String(untipped.id))).toMatchObject({ amount: 1500 });

    const skipped = await h.paymentIntent();
    await process(String(tipping.id), String(skipped.id), { process_config: { skip_tipping: true } });
    await present(String(tipping.id), { amount_tip: 300 });
    expect(await getPi(String(skipped.id))).toMatchObject({ amount: 1500 });
  });

  it('uses the account default configuration when the location has no override', async () => {
    const defaults = await h.v1('GET', '/v1/terminal/configurations', { is_account_default: true });
    const defaultId = String((defaults.body.data as unknown as Json[])[0]?.id);
    await post(`/v1/terminal/configurations/${defaultId}`, {
      tipping: { usd: { fixed_amounts: [100, 200, 300] } },
    });
    const reader = await h.reader();
    const pi = await h.paymentIntent();
    await process(String(reader.id), String(pi.id));
    await present(String(reader.id), { amount_tip: 200 });
    expect((await getPi(String(pi.id))).amount).toBe(1700);
  });

  it('answers terminal_reader_busy to a second action while one is in progress', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    const first = await h.paymentIntent();
    const second = await h.paymentIntent();
    await process(id, String(first.id));
    const busy = await process(id, String(second.id));
    expect(busy.status).toBe(400);
    expect(busy.body.error).toMatchObject({ type: 'invalid_request_error', code: 'terminal_reader_busy' });
    const display = await post(`/v1/terminal/readers/${id}/set_reader_display`, { type: 'cart', cart: CART });
    expect(display.body.error?.code).toBe('terminal_reader_busy');
    const reader2 = (await h.v1('GET', `/v1/terminal/readers/${id}`)).body;
    expect(reader2.action?.process_payment_intent?.payment_intent).toBe(first.id);
  });

  it('replays a retried process_payment_intent with the same Idempotency-Key instead of answering busy', async () => {
    const reader = await h.reader();
    const pi = await h.paymentIntent();
    const path = `/v1/terminal/readers/${String(reader.id)}/process_payment_intent`;
    const first = await h.v1('POST', path, { payment_intent: pi.id }, { idempotencyKey: 'attempt-1' });
    const retry = await h.v1('POST', path, { payment_intent: pi.id }, { idempotencyKey: 'attempt-1' });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('cancel_action clears the action and leaves the PaymentIntent ready for another attempt', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    const pi = await h.paymentIntent();
    await process(id, String(pi.id));
    const canceled = await post(`/v1/terminal/readers/${id}/cancel_action`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.action).toBeNull();
    expect((await getPi(String(pi.id))).status).toBe('requires_payment_method');
    const noAction = await present(id);
    expect(noAction.status).toBe(400);
    await process(id, String(pi.id));
    expect((await present(id)).body.action?.status).toBe('succeeded');
  });

  it('refuses a PaymentIntent that is not awaiting a payment method with intent_invalid_state', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    const pi = await h.paymentIntent();
    await process(id, String(pi.id));
    await present(id);
    const again = await process(id, String(pi.id));
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 'intent_invalid_state', param: 'payment_intent' });
  });

  it('refuses a PaymentIntent that does not accept in-person payment methods', async () => {
    const reader = await h.reader();
    const online = await h.paymentIntent({ allowed_payment_method_types: ['card'] });
    const res = await process(String(reader.id), String(online.id));
    expect(res.status).toBe(400);
    expect(res.body.error?.param).toBe('payment_intent');
  });

  it('cannot present a card to a reader that went offline mid-action; cancel_action is refused too', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    const pi = await h.paymentIntent();
    await process(id, String(pi.id));
    await h.json('POST', `/_emulator/readers/${id}/state`, { offline: true });
    expect((await present(id)).body.error?.code).toBe('terminal_reader_offline');
    expect((await post(`/v1/terminal/readers/${id}/cancel_action`)).body.error?.code).toBe(
      'terminal_reader_offline',
    );
    await h.json('POST', `/_emulator/readers/${id}/state`, { offline: false });
    expect((await present(id)).body.action?.status).toBe('succeeded');
  });

  it('refuses a PaymentIntent that belongs to another account', async () => {
    const account = await h.onboardedAccount();
    const reader = await h.reader();
    const foreign = await h.paymentIntent({}, { account });
    const res = await process(String(reader.id), String(foreign.id));
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'resource_missing', param: 'payment_intent' });
  });

  it('fails the action with customer_canceled when the customer cancels on the reader', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    const pi = await h.paymentIntent();
    await process(id, String(pi.id));
    const notEnabled = await h.json('POST', `/_emulator/readers/${id}/customer_cancel`);
    expect(notEnabled.status).toBe(400);
    await post(`/v1/terminal/readers/${id}/cancel_action`);
    await process(id, String(pi.id), { process_config: { enable_customer_cancellation: true } });
    const canceled = await h.json('POST', `/_emulator/readers/${id}/customer_cancel`);
    expect(canceled.body.action).toMatchObject({
      status: 'failed',
      failure_code: 'customer_canceled',
      api_error: null,
    });
    expect((await getPi(String(pi.id))).status).toBe('requires_payment_method');
    expect((await h.events('terminal.reader.action_failed')).length).toBe(1);
  });

  it('runs a direct charge on a connected account with Stripe-Account', async () => {
    const account = await h.onboardedAccount();
    const reader = await h.reader({ account });
    const pi = await h.paymentIntent({ application_fee_amount: 100 }, { account });
    const started = await process(String(reader.id), String(pi.id), {}, account);
    expect(started.status).toBe(200);
    const done = await present(String(reader.id), {}, account);
    expect(done.body.action?.status).toBe('succeeded');
    expect((await getPi(String(pi.id), account)).status).toBe('requires_capture');
    const connectedEvents = await h.events('terminal.reader.action_succeeded', { account });
    expect(connectedEvents).toHaveLength(1);
    expect(connectedEvents[0]?.account).toBe(account);
  });

  it('collects with collect_payment_method and confirms with confirm_payment_intent', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    const pi = await h.paymentIntent();
    const collecting = await post(`/v1/terminal/readers/${id}/collect_payment_method`, {
      payment_intent: pi.id,
    });
    expect(collecting.body.action).toMatchObject({ type: 'collect_payment_method', status: 'in_progress' });
    const collected = await present(id);
    expect(collected.body.action).toMatchObject({
      type: 'collect_payment_method',
      status: 'succeeded',
      collect_payment_method: {
        payment_intent: pi.id,
        payment_method: { object: 'payment_method', type: 'card_present' },
      },
    });
    expect((await getPi(String(pi.id))).status).toBe('requires_confirmation');
    const confirmed = await post(`/v1/terminal/readers/${id}/confirm_payment_intent`, {
      payment_intent: pi.id,
    });
    expect(confirmed.body.action).toMatchObject({ type: 'confirm_payment_intent', status: 'succeeded' });
    expect((await getPi(String(pi.id))).status).toBe('requires_capture');
  });

  it('expands the PaymentIntent inside the action', async () => {
    const reader = await h.reader();
    const pi = await h.paymentIntent();
    const res = await post(`/v1/terminal/readers/${String(reader.id)}/process_payment_intent`, {
      payment_intent: pi.id,
      expand: ['action.process_payment_intent.payment_intent'],
    });
    expect(res.body.action?.process_payment_intent?.payment_intent).toMatchObject({
      id: pi.id,
      object: 'payment_intent',
    });
  });
});

describe('refund_payment', () => {
  it('refuses an in-person refund of a non-Interac card payment', async () => {
    const reader = await h.reader();
    const pi = await h.paymentIntent({ capture_method: 'automatic' });
    await process(String(reader.id), String(pi.id));
    await present(String(reader.id));
    expect((await getPi(String(pi.id))).status).toBe('succeeded');
    const res = await post(`/v1/terminal/readers/${String(reader.id)}/refund_payment`, {
      payment_intent: pi.id,
    });
    expect(res.status).toBe(400);
    expect(res.body.error?.param).toBe('payment_intent');
    const neither = await post(`/v1/terminal/readers/${String(reader.id)}/refund_payment`, {});
    expect(neither.body.error).toMatchObject({ code: 'parameter_missing', param: 'charge' });
  });
});
