/**
 * Merchant-report test fixtures over the checkout fixtures: a merchant in the emulator whose clocks (ours
 * and the emulator's) are pinned to the same instant, a manager signed in at its register, paid sales
 * recorded through the real checkout API (server-driven reader + the present-card test helper), and
 * typed request helpers for `/api/merchant/*`.
 */
import { randomUUID } from 'node:crypto';
import { type AttemptResponse, type Sale, SaleResponseSchema } from '@countertop/shared';
import {
  api,
  type Merchant,
  type MerchantOptions,
  presentCard,
  setUpMerchant,
  TEST_CARDS,
} from '../checkout/support.ts';
import type { CounterSignIn, TestContext } from '../support/context.ts';
import { buildRegister, buildStaff } from '../support/factories.ts';

/** Tuesday 10 March 2026, 12:00 in Los Angeles (PDT, UTC−7): the fixtures' "now". */
export const NOW_MS = Date.UTC(2026, 2, 10, 19, 0, 0);
export const TODAY = '2026-03-10';

export async function setEmulatorClock(ctx: TestContext, ms: number): Promise<void> {
  const response = await fetch(`${ctx.emulator?.url}/_emulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ now: Math.floor(ms / 1000) }),
  });
  if (!response.ok) throw new Error(`emulator clock: ${response.status} ${await response.text()}`);
}

/** Moves our clock and the emulator's to `ms`. */
export async function setClocks(ctx: TestContext, ms: number): Promise<void> {
  ctx.clock.setMs(ms);
  await setEmulatorClock(ctx, ms);
}

export async function setUpReportingMerchant(ctx: TestContext, options: MerchantOptions = {}) {
  await setClocks(ctx, NOW_MS);
  const merchant = await setUpMerchant(ctx, { taxRateBps: 0, ...options });
  const manager = await buildStaff(ctx, merchant.account, [merchant.location], {
    role: 'manager',
    displayName: 'Maya Manager',
  });
  const managerSignIn = await ctx.signIn(merchant.register.code, manager.id, manager.pin);
  return { ...merchant, manager, managerSignIn };
}

export type ReportingMerchant = Awaited<ReturnType<typeof setUpReportingMerchant>>;

/** A cart sale paid on the server-driven reader (with an optional tip), as the counter records it. */
export async function paidSale(
  ctx: TestContext,
  merchant: Merchant,
  options: { quantities?: [number, number]; tipMinor?: number; card?: string } = {},
): Promise<Sale> {
  const [latte, croissant] = merchant.products;
  const [lattes, croissants] = options.quantities ?? [2, 1];
  const items = [
    ...(lattes > 0 ? [{ productId: latte!.id, quantity: lattes }] : []),
    ...(croissants > 0 ? [{ productId: croissant!.id, quantity: croissants }] : []),
  ];
  const created = await api<{ sale: Sale }>(ctx, merchant.signIn, 'POST', '/api/counter/sales', {
    clientSaleId: randomUUID(),
    items,
  });
  if (created.status !== 201) throw new Error(`create sale: ${JSON.stringify(created.body)}`);
  const sale = SaleResponseSchema.parse(created.body).sale;
  const attempt = await api<AttemptResponse>(
    ctx,
    merchant.signIn,
    'POST',
    `/api/counter/sales/${sale.id}/attempts`,
    {
      attemptKey: randomUUID(),
      readerId: merchant.readers.serverDriven.id,
    },
  );
  if (attempt.status !== 200) throw new Error(`attempt: ${JSON.stringify(attempt.body)}`);
  await presentCard(ctx, merchant, options.card ?? TEST_CARDS.visa, options.tipMinor);
  const synced = await api<{ sale: Sale }>(
    ctx,
    merchant.signIn,
    'POST',
    `/api/counter/sales/${sale.id}/sync`,
  );
  const paid = SaleResponseSchema.parse(synced.body).sale;
  if (paid.status !== 'succeeded') throw new Error(`sale not paid: ${JSON.stringify(paid)}`);
  return paid;
}

/** GET/POST on the merchant API as a counter session; returns status and parsed JSON (or text). */
export async function merchantApi<T = unknown>(
  ctx: TestContext,
  as: CounterSignIn | undefined,
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; body: T; headers: Headers; text: string }> {
  const response = await ctx.request(path, {
    method,
    ...(as ? { as } : {}),
    ...(json === undefined ? {} : { json }),
  });
  const text = await response.text();
  let body: unknown = null;
  if (text && (response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  return { status: response.status, body: body as T, headers: response.headers, text };
}

/** A second location of `merchant`'s account, in Stripe and in our database, with its own register and staff. */
export async function secondLocation(ctx: TestContext, merchant: Merchant): Promise<Merchant> {
  const stripeLocation = await ctx.stripe.terminal.locations.create(
    {
      display_name: 'Uptown Secret Branch',
      address: {
        line1: '9 Hidden Way',
        city: 'San Francisco',
        state: 'CA',
        postal_code: '94110',
        country: 'US',
      },
    },
    merchant.on,
  );
  // On-reader tipping, as the first location has it (the distinctive amounts below are tips).
  await ctx.services.gateways.payments.configureLocationTipping(
    { stripeAccountId: merchant.account.stripeAccountId, chargeType: merchant.account.chargeType },
    stripeLocation.id,
    { currency: 'usd', percentages: [15, 18, 20], idempotencyKey: `scope-tipping-${stripeLocation.id}` },
  );
  const reader = await ctx.stripe.terminal.readers.create(
    { registration_code: 'simulated-wpe', label: 'Uptown reader', location: stripeLocation.id },
    merchant.on,
  );
  const location = await ctx.repos.locations.insert(
    {
      id: 'loc_uptown_secret',
      accountId: merchant.account.id,
      stripeLocationId: stripeLocation.id,
      name: 'Uptown Secret Branch',
      timeZone: 'America/Los_Angeles',
      address: { country: 'US' },
      taxRateBps: 0,
    },
    ctx.clock.nowMs(),
  );
  const register = await buildRegister(ctx, location, { code: 'UPTOWN-SECRET', name: 'Uptown till' });
  const staff = await buildStaff(ctx, merchant.account, [location], { displayName: 'Zed Uptownson' });
  const serverDriven = await ctx.repos.readers.insert(
    {
      id: 'rdr_uptown_secret',
      accountId: merchant.account.id,
      locationId: location.id,
      stripeReaderId: reader.id,
      label: 'Uptown reader',
      deviceType: 'simulated_wisepos_e',
      integration: 'server_driven',
    },
    ctx.clock.nowMs(),
  );
  const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
  return {
    ...merchant,
    stripeLocation,
    location,
    register,
    staff,
    readers: { serverDriven, jsSdk: serverDriven },
    signIn,
  };
}
