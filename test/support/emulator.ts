/**
 * Talks to the Stripe emulator the way a test talks to Stripe's test mode: Stripe's own test helpers on the
 * emulator's port (present_payment_method for server-driven readers), and the emulator controls through the
 * POS port (E2E_CONTROLS=1 proxies them) — `request` must have the POS baseURL.
 */
import { type APIRequestContext, expect } from '@playwright/test';

export const EMULATOR_URL =
  process.env.E2E_EMULATOR_URL ?? `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 3211}`;
const API_KEY = 'sk_test_countertop';

interface EmulatorState {
  objects: Record<string, Record<string, unknown>[]>;
}

export async function emulatorState(request: APIRequestContext): Promise<EmulatorState> {
  const response = await request.get('/_emulator/state');
  expect(response.ok()).toBe(true);
  return response.json();
}

/** The connected account a reader belongs to (the demo seed tags each Location with it), if any. */
async function accountOfReader(request: APIRequestContext, readerId: string): Promise<string | null> {
  const state = await emulatorState(request);
  const reader = state.objects['terminal.reader']?.find((object) => object.id === readerId);
  const location = state.objects['terminal.location']?.find((object) => object.id === reader?.location);
  const metadata = location?.metadata as Record<string, string> | undefined;
  return metadata?.connected_account ?? null;
}

async function stripePost(
  request: APIRequestContext,
  path: string,
  form: Record<string, string>,
  account: string | null,
) {
  const headers: Record<string, string> = { authorization: `Bearer ${API_KEY}` };
  if (account) headers['stripe-account'] = account;
  const response = await request.post(`${EMULATOR_URL}/v1${path}`, { form, headers });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}

/**
 * What a merchant does in the Dashboard to turn on tipping: a Terminal Configuration with on-reader tipping
 * for `currency`, set as the override of the reader's Location (direct-charge accounts own their Locations).
 */
export async function enableReaderTipping(request: APIRequestContext, readerId: string, currency: string) {
  const state = await emulatorState(request);
  const reader = state.objects['terminal.reader']?.find((object) => object.id === readerId);
  const locationId = String(reader?.location ?? '');
  const account = await accountOfReader(request, readerId);
  const configuration = await stripePost(
    request,
    '/terminal/configurations',
    {
      [`tipping[${currency}][percentages][0]`]: '15',
      [`tipping[${currency}][percentages][1]`]: '18',
      [`tipping[${currency}][percentages][2]`]: '20',
    },
    account,
  );
  await stripePost(
    request,
    `/terminal/locations/${locationId}`,
    { configuration_overrides: String(configuration.id) },
    account,
  );
}

/** Stripe's test helper: the customer presents a card on a server-driven (simulated) reader. */
export async function presentCard(request: APIRequestContext, readerId: string, number = '4242424242424242') {
  const account = await accountOfReader(request, readerId);
  const form = { type: 'card_present', 'card_present[number]': number };
  const url = `${EMULATOR_URL}/v1/test_helpers/terminal/readers/${readerId}/present_payment_method`;
  const headers = { authorization: `Bearer ${API_KEY}` };
  let response = await request.post(url, {
    form,
    headers: account ? { ...headers, 'stripe-account': account } : headers,
  });
  // Destination-charge readers live on the platform account: retry without Stripe-Account.
  if (response.status() === 404 && account) response = await request.post(url, { form, headers });
  expect(response.ok(), await response.text()).toBe(true);
  return response.json();
}

/** Emulator control: the reader drops off the network (or comes back). */
export async function setReaderOffline(request: APIRequestContext, readerId: string, offline: boolean) {
  const response = await request.post(`/_emulator/readers/${readerId}/state`, { data: { offline } });
  expect(response.ok(), await response.text()).toBe(true);
}

/** Emulator control: the customer presses Cancel on a server-driven reader. */
export async function customerCancelsOnReader(request: APIRequestContext, readerId: string) {
  const response = await request.post(`/_emulator/readers/${readerId}/customer_cancel`, { data: {} });
  expect(response.ok(), await response.text()).toBe(true);
}

export async function chargesFor(request: APIRequestContext, paymentIntentId: string) {
  const state = await emulatorState(request);
  return (state.objects.charge ?? []).filter((charge) => charge.payment_intent === paymentIntentId);
}

/** Every PaymentIntent the POS server created for one sale (it tags each with `metadata.sale_id`). */
export async function paymentIntentsForSale(request: APIRequestContext, saleId: string) {
  const state = await emulatorState(request);
  return (state.objects.payment_intent ?? []).filter(
    (intent) => (intent.metadata as Record<string, string> | undefined)?.sale_id === saleId,
  );
}

/** Delivers every pending webhook now (the emulator's control), so the server has recorded what happened. */
export async function flushWebhooks(request: APIRequestContext) {
  const response = await request.post('/_emulator/webhooks/flush', { data: {} });
  expect(response.ok(), await response.text()).toBe(true);
}

/**
 * The cardholder's bank disputes a captured charge (the emulator's control: a chargeback unless `inquiry`),
 * and the webhooks are delivered. Answers Stripe's dispute.
 */
export async function openDispute(
  request: APIRequestContext,
  chargeId: string,
  options: { reason?: string; inquiry?: boolean } = {},
): Promise<{ id: string; status: string }> {
  const response = await request.post(`/_emulator/charges/${chargeId}/dispute`, { data: options });
  expect(response.ok(), await response.text()).toBe(true);
  const dispute = (await response.json()) as { id: string; status: string };
  await flushWebhooks(request);
  return dispute;
}

/** The issuer decides a dispute (the emulator's control), and the webhooks are delivered. */
export async function decideDispute(request: APIRequestContext, disputeId: string, outcome: 'won' | 'lost') {
  const response = await request.post(`/_emulator/disputes/${disputeId}/outcome`, { data: { outcome } });
  expect(response.ok(), await response.text()).toBe(true);
  await flushWebhooks(request);
}
