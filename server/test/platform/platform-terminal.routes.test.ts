import { ApiErrorSchema, AuditLogResponseSchema, PairingCodeResponseSchema } from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestContext, type TestContext } from '../support/context.ts';
import { asConsole, type ConsoleSignIn, signInAdmin } from './support.ts';

let ctx: TestContext;
let admin: ConsoleSignIn;

const LocationBody = z.object({
  location: z.object({
    id: z.string(),
    stripeLocationId: z.string(),
    terminalConfigurationId: z.string().nullable(),
    tipping: z.unknown(),
  }),
});
const ReaderBody = z.object({
  reader: z.object({
    id: z.string(),
    stripeReaderId: z.string(),
    status: z.string().nullable(),
    locationId: z.string(),
    label: z.string(),
    deviceType: z.string(),
  }),
});
const ReadersBody = z.object({
  readers: z.array(
    ReaderBody.shape.reader.extend({
      busyWith: z.string().nullable(),
      heldByRegister: z.string().nullable(),
    }),
  ),
});

async function createAccount(country: string, chargeType: 'direct' | 'destination') {
  const response = await asConsole(ctx, admin, '/api/platform/accounts', {
    method: 'POST',
    json: { businessName: `Shop ${country} ${chargeType}`, country, chargeType },
  });
  const body = z
    .object({ account: z.object({ id: z.string(), stripeAccountId: z.string() }) })
    .parse(await response.json());
  return body.account;
}

const US_ADDRESS = { line1: '1 Main St', city: 'Springfield', state: 'IL', postal_code: '62701' };

async function createLocation(accountId: string, json: Record<string, unknown>) {
  return asConsole(ctx, admin, `/api/platform/accounts/${accountId}/locations`, { method: 'POST', json });
}

async function message(response: Response) {
  return ApiErrorSchema.parse(await response.json()).error.message;
}

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signInAdmin(ctx);
});
afterAll(async () => {
  await ctx.close();
});

describe('locations', () => {
  it('creates a direct-charge location on the connected account with tipping through a Terminal configuration', async () => {
    const account = await createAccount('US', 'direct');
    const response = await createLocation(account.id, {
      name: 'Downtown',
      address: US_ADDRESS,
      timeZone: 'America/Chicago',
      tipping: { percentages: [15, 18, 20], fixedAmountsMinor: [100, 200], smartTipThresholdMinor: 1000 },
    });
    expect(response.status).toBe(201);
    const { location } = LocationBody.parse(await response.json());
    const opts = { stripeAccount: account.stripeAccountId };
    const stripeLocation = await ctx.stripe.terminal.locations.retrieve(location.stripeLocationId, {}, opts);
    expect('deleted' in stripeLocation).toBe(false);
    if (!('deleted' in stripeLocation)) {
      expect(stripeLocation.address.city).toBe('Springfield');
      expect(stripeLocation.configuration_overrides).toBe(location.terminalConfigurationId);
    }
    const config = await ctx.stripe.terminal.configurations.retrieve(
      location.terminalConfigurationId ?? '',
      {},
      opts,
    );
    expect('tipping' in config && config.tipping?.usd).toMatchObject({
      percentages: [15, 18, 20],
      fixed_amounts: [100, 200],
      smart_tip_threshold: 1000,
    });
  });

  it('creates a destination-charge location on the platform', async () => {
    const account = await createAccount('US', 'destination');
    const response = await createLocation(account.id, {
      name: 'Kiosk',
      address: US_ADDRESS,
      timeZone: 'America/Chicago',
    });
    const { location } = LocationBody.parse(await response.json());
    const onPlatform = await ctx.stripe.terminal.locations.retrieve(location.stripeLocationId);
    expect(onPlatform.id).toBe(location.stripeLocationId);
  });

  it("refuses an address missing the country's required fields and an unknown time zone", async () => {
    const account = await createAccount('US', 'direct');
    const noState = await createLocation(account.id, {
      name: 'X',
      address: { line1: '1 Main St', city: 'Springfield' },
      timeZone: 'America/Chicago',
    });
    expect(noState.status).toBe(400);
    expect(await message(noState)).toBe('An address in US needs a state or region, postal code.');
    const badZone = await createLocation(account.id, {
      name: 'X',
      address: US_ADDRESS,
      timeZone: 'Mars/Olympus',
    });
    expect(badZone.status).toBe(400);
    expect(await message(badZone)).toMatch(/Mars\/Olympus is not a time zone/);
  });

  it('updates the tipping of a location and records it in the audit log', async () => {
    const account = await createAccount('US', 'direct');
    const { location } = LocationBody.parse(
      await (await createLocation(account.id, { name: 'Y', address: US_ADDRESS, timeZone: 'UTC' })).json(),
    );
    expect(location.terminalConfigurationId).toBeNull();
    const response = await asConsole(
      ctx,
      admin,
      `/api/platform/accounts/${account.id}/locations/${location.id}/tipping`,
      { method: 'PUT', json: { tipping: { percentages: [10, 15] } } },
    );
    expect(response.status).toBe(200);
    const updated = LocationBody.parse(await response.json()).location;
    expect(updated.terminalConfigurationId).toMatch(/^tmc_/);
    const stripeLocation = await ctx.stripe.terminal.locations.retrieve(
      location.stripeLocationId,
      {},
      {
        stripeAccount: account.stripeAccountId,
      },
    );
    expect('configuration_overrides' in stripeLocation && stripeLocation.configuration_overrides).toBe(
      updated.terminalConfigurationId,
    );
    const log = AuditLogResponseSchema.parse(
      await (await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/audit-log`)).json(),
    );
    expect(log.entries[0]?.action).toBe('location.tipping_updated');
  });
});

describe('registers, readers and staff', () => {
  it('sets up a counter end to end: register, simulated reader, staff who can sign in there', async () => {
    const account = await createAccount('US', 'direct');
    const { location } = LocationBody.parse(
      await (
        await createLocation(account.id, { name: 'Main', address: US_ADDRESS, timeZone: 'America/Chicago' })
      ).json(),
    );
    const other = LocationBody.parse(
      await (
        await createLocation(account.id, { name: 'Annex', address: US_ADDRESS, timeZone: 'America/Chicago' })
      ).json(),
    ).location;
    const base = `/api/platform/accounts/${account.id}`;

    const register = await asConsole(ctx, admin, `${base}/registers`, {
      method: 'POST',
      json: { name: 'Front', locationId: location.id, code: 'main-1' },
    });
    expect(register.status).toBe(201);
    const duplicate = await asConsole(ctx, admin, `${base}/registers`, {
      method: 'POST',
      json: { name: 'Again', locationId: location.id, code: 'MAIN-1' },
    });
    expect(duplicate.status).toBe(409);

    const readerResponse = await asConsole(ctx, admin, `${base}/readers`, {
      method: 'POST',
      json: {
        registrationCode: 'simulated-s700',
        label: 'Counter',
        locationId: location.id,
        integration: 'js_sdk',
      },
    });
    expect(readerResponse.status).toBe(201);
    const { reader } = ReaderBody.parse(await readerResponse.json());
    expect(reader.deviceType).toBe('simulated_stripe_s700');
    const badCode = await asConsole(ctx, admin, `${base}/readers`, {
      method: 'POST',
      json: { registrationCode: 'not-a-code', label: 'X', locationId: location.id, integration: 'js_sdk' },
    });
    expect(badCode.status).toBe(400);

    const staffResponse = await asConsole(ctx, admin, `${base}/staff`, {
      method: 'POST',
      json: { displayName: 'Robin', role: 'staff', pin: '4321', locationIds: [location.id] },
    });
    expect(staffResponse.status).toBe(201);
    const staff = z.object({ staff: z.object({ id: z.string() }) }).parse(await staffResponse.json()).staff;
    const counter = await ctx.signIn('MAIN-1', staff.id, '4321');
    const counterReaders = z
      .object({ readers: z.array(z.object({ id: z.string() })) })
      .parse(await (await ctx.request('/api/counter/readers', { as: counter })).json());
    expect(counterReaders.readers.map((r) => r.id)).toEqual([reader.id]);

    // Live status from Stripe, and busy/offline changes show up.
    await fetch(`${ctx.emulator?.url}/_emulator/readers/${reader.stripeReaderId}/state`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offline: true }),
    });
    const listed = ReadersBody.parse(await (await asConsole(ctx, admin, `${base}/readers`)).json());
    expect(listed.readers.find((r) => r.id === reader.id)?.status).toBe('offline');

    // Move: re-registered at the other location with a new Stripe id.
    const moved = await asConsole(ctx, admin, `${base}/readers/${reader.id}`, {
      method: 'PATCH',
      json: { locationId: other.id, label: 'Annex reader' },
    });
    expect(moved.status).toBe(200);
    const after = ReaderBody.parse(await moved.json()).reader;
    expect(after).toMatchObject({ locationId: other.id, label: 'Annex reader' });
    expect(after.stripeReaderId).not.toBe(reader.stripeReaderId);
    const stripeReader = await ctx.stripe.terminal.readers.retrieve(
      after.stripeReaderId,
      {},
      {
        stripeAccount: account.stripeAccountId,
      },
    );
    expect('location' in stripeReader && stripeReader.location).toBe(other.stripeLocationId);

    // Remove: gone from Stripe and from the counter.
    const removed = await asConsole(ctx, admin, `${base}/readers/${reader.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    const gone = await ctx.stripe.terminal.readers.retrieve(
      after.stripeReaderId,
      {},
      {
        stripeAccount: account.stripeAccountId,
      },
    );
    expect('deleted' in gone && gone.deleted).toBe(true);
    expect(ReadersBody.parse(await (await asConsole(ctx, admin, `${base}/readers`)).json()).readers).toEqual(
      [],
    );

    // Staff changes: new PIN works (and ends the session opened with the old one), deactivation ends
    // sign-in and the session.
    const pinChange = await asConsole(ctx, admin, `${base}/staff/${staff.id}`, {
      method: 'PATCH',
      json: { pin: '9876', role: 'manager' },
    });
    expect(pinChange.status).toBe(200);
    expect((await ctx.request('/api/counter/session', { as: counter })).status).toBe(401);
    const again = await ctx.signIn('MAIN-1', staff.id, '9876');
    expect(again.session.staff.role).toBe('manager');
    await asConsole(ctx, admin, `${base}/staff/${staff.id}`, { method: 'PATCH', json: { active: false } });
    expect((await ctx.request('/api/counter/session', { as: again })).status).toBe(401);
    const refused = await ctx.signInOn(again.device, staff.id, '9876');
    expect(refused.status).toBe(403);

    // Pairing a device from the console: a one-time code, typed on the device.
    const registerId = z.object({ register: z.object({ id: z.string() }) }).parse(await register.json())
      .register.id;
    const codeResponse = await asConsole(ctx, admin, `${base}/registers/${registerId}/pairing-code`, {
      method: 'POST',
    });
    expect(codeResponse.status).toBe(201);
    const { pairingCode } = PairingCodeResponseSchema.parse(await codeResponse.json());
    const paired = await ctx.request('/api/counter/pairing', {
      method: 'POST',
      json: { code: pairingCode.code },
    });
    expect(paired.status).toBe(200);
    const deviceCookie = /ct_register=[^;]+/.exec(paired.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const registers = z
      .object({ registers: z.array(z.object({ id: z.string(), pairedDevices: z.number() })) })
      .parse(await (await asConsole(ctx, admin, `${base}/registers`)).json()).registers;
    expect(registers.find((listed) => listed.id === registerId)?.pairedDevices).toBeGreaterThanOrEqual(1);

    // Revoking the register unpairs its devices and ends their sessions.
    const revoke = await asConsole(ctx, admin, `${base}/registers/${registerId}/revoke`, { method: 'POST' });
    expect(revoke.status).toBe(204);
    expect((await ctx.request('/api/counter/register', { headers: { cookie: deviceCookie } })).status).toBe(
      404,
    );

    const entries = AuditLogResponseSchema.parse(
      await (await asConsole(ctx, admin, `${base}/audit-log`)).json(),
    ).entries;
    const actions = entries.map((entry) => entry.action);
    // Words, not ids: who, which business and what was changed, resolved by the server.
    const businessName = (await ctx.repos.accounts.findById(account.id))?.businessName;
    for (const entry of entries) {
      expect(entry).toMatchObject({ actorName: entry.actor, accountName: businessName });
    }
    const named = (action: string) => entries.find((entry) => entry.action === action)?.targetName;
    expect(named('staff.added')).toBe('Robin');
    expect(named('staff.updated')).toBe('Robin');
    expect(named('register.created')).toMatch(/^MAIN-1 /);
    expect(named('reader.registered')).toMatch(/Counter|Annex reader/);
    expect(named('reader.removed')).toMatch(/Counter|Annex reader/);
    for (const action of [
      'register.created',
      'reader.registered',
      'reader.moved',
      'reader.removed',
      'staff.added',
      'staff.updated',
      'register.revoked',
    ]) {
      expect(actions).toContain(action);
    }
  });

  it('shows a reader busy with a payment and the register that holds it', async () => {
    const account = await createAccount('US', 'direct');
    await fetch(`${ctx.emulator?.url}/_emulator/accounts/${account.stripeAccountId}/onboarding`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'complete' }),
    });
    const base = `/api/platform/accounts/${account.id}`;
    // Stores the onboarded status read from Stripe (the account detail GET only shows it).
    await asConsole(ctx, admin, `${base}/refresh`, { method: 'POST' });
    const { location } = LocationBody.parse(
      await (await createLocation(account.id, { name: 'Busy', address: US_ADDRESS, timeZone: 'UTC' })).json(),
    );
    await asConsole(ctx, admin, `${base}/registers`, {
      method: 'POST',
      json: { name: 'Till', locationId: location.id, code: 'BUSY-1' },
    });
    const readerResponse = await asConsole(ctx, admin, `${base}/readers`, {
      method: 'POST',
      json: {
        registrationCode: 'simulated-wpe',
        label: 'Till reader',
        locationId: location.id,
        integration: 'server_driven',
      },
    });
    const { reader } = ReaderBody.parse(await readerResponse.json());
    const staffResponse = await asConsole(ctx, admin, `${base}/staff`, {
      method: 'POST',
      json: { displayName: 'Sam', role: 'staff', pin: '1357', locationIds: [location.id] },
    });
    const staff = z.object({ staff: z.object({ id: z.string() }) }).parse(await staffResponse.json()).staff;
    const counter = await ctx.signIn('BUSY-1', staff.id, '1357');
    const saleResponse = await ctx.request('/api/counter/sales', {
      method: 'POST',
      as: counter,
      json: { clientSaleId: crypto.randomUUID(), keyedAmountMinor: 1200 },
    });
    const sale = z.object({ sale: z.object({ id: z.string() }) }).parse(await saleResponse.json()).sale;
    const attempt = await ctx.request(`/api/counter/sales/${sale.id}/attempts`, {
      method: 'POST',
      as: counter,
      json: { attemptKey: crypto.randomUUID(), readerId: reader.id },
    });
    expect(attempt.status).toBe(200);
    const listed = ReadersBody.parse(await (await asConsole(ctx, admin, `${base}/readers`)).json()).readers;
    expect(listed.find((r) => r.id === reader.id)).toMatchObject({
      busyWith: 'process_payment_intent',
      heldByRegister: 'BUSY-1',
    });
  });

  it('refuses staff locations of another account and bad PINs', async () => {
    const account = await createAccount('US', 'direct');
    const foreign = await createAccount('US', 'direct');
    const { location } = LocationBody.parse(
      await (await createLocation(foreign.id, { name: 'F', address: US_ADDRESS, timeZone: 'UTC' })).json(),
    );
    const base = `/api/platform/accounts/${account.id}`;
    const foreignLocation = await asConsole(ctx, admin, `${base}/staff`, {
      method: 'POST',
      json: { displayName: 'Z', role: 'staff', pin: '1234', locationIds: [location.id] },
    });
    expect(foreignLocation.status).toBe(404);
    const badPin = await asConsole(ctx, admin, `${base}/staff`, {
      method: 'POST',
      json: { displayName: 'Z', role: 'staff', pin: '12', locationIds: [location.id] },
    });
    expect(badPin.status).toBe(400);
  });
});
