// Editing a location in the platform console: PATCH /api/platform/accounts/:accountId/locations/:locationId
// renames, re-addresses (by the country's address rules) or re-zones it, on the Stripe Terminal Location of the
// right account (connected account for direct charges, platform for destination) and in our database, with an
// audit entry; a country change is refused; merchant owners and counter staff are refused.
import { ApiErrorSchema, AuditLogResponseSchema, PlatformLocationSchema } from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildCounter } from '../support/factories.ts';
import {
  asConsole,
  type ConsoleSignIn,
  consoleSignIn,
  createOwner,
  errorCode,
  signInAdmin,
} from './support.ts';

let ctx: TestContext;
let admin: ConsoleSignIn;

const LocationBody = z.object({ location: PlatformLocationSchema });
const LocationsResponseSchema = z.object({ locations: z.array(PlatformLocationSchema) });
const US_ADDRESS = { line1: '1 Main St', city: 'Springfield', state: 'IL', postal_code: '62701' };

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signInAdmin(ctx);
});
afterAll(async () => {
  await ctx.close();
});

async function setUp(chargeType: 'direct' | 'destination', country = 'US', address: object = US_ADDRESS) {
  const created = await asConsole(ctx, admin, '/api/platform/accounts', {
    method: 'POST',
    json: { businessName: `Edit shop ${chargeType}`, country, chargeType },
  });
  const account = z
    .object({ account: z.object({ id: z.string(), stripeAccountId: z.string() }) })
    .parse(await created.json()).account;
  const response = await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/locations`, {
    method: 'POST',
    json: { name: 'Downtown', address, timeZone: 'America/Chicago' },
  });
  const { location } = LocationBody.parse(await response.json());
  return { account, location, path: `/api/platform/accounts/${account.id}/locations/${location.id}` };
}

function patch(path: string, json: unknown, who: ConsoleSignIn = admin) {
  return asConsole(ctx, who, path, { method: 'PATCH', json });
}

async function message(response: Response) {
  return ApiErrorSchema.parse(await response.json()).error.message;
}

async function stripeLocation(id: string, stripeAccount: string | null) {
  const found = await ctx.stripe.terminal.locations.retrieve(id, {}, stripeAccount ? { stripeAccount } : {});
  if ('deleted' in found) throw new Error('location deleted');
  return found;
}

describe('editing a location', () => {
  it('renames and re-addresses a direct-charge location on the connected account and in our database', async () => {
    const { account, location, path } = await setUp('direct');
    const response = await patch(path, {
      name: 'Uptown',
      address: { line1: '200 Oak Ave', city: 'Chicago', state: 'IL', postal_code: '60601' },
      timeZone: 'America/New_York',
    });
    expect(response.status).toBe(200);
    const updated = LocationBody.parse(await response.json()).location;
    expect(updated).toMatchObject({
      id: location.id,
      name: 'Uptown',
      timeZone: 'America/New_York',
      address: { line1: '200 Oak Ave', city: 'Chicago', state: 'IL', postal_code: '60601', country: 'US' },
    });
    const atStripe = await stripeLocation(location.stripeLocationId ?? '', account.stripeAccountId);
    expect(atStripe.display_name).toBe('Edit shop direct — Uptown');
    expect(atStripe.address).toMatchObject({ line1: '200 Oak Ave', city: 'Chicago', country: 'US' });
    const listed = LocationsResponseSchema.parse(
      await (await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/locations`)).json(),
    ).locations;
    expect(listed.find((l) => l.id === location.id)?.name).toBe('Uptown');
    const log = AuditLogResponseSchema.parse(
      await (await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/audit-log`)).json(),
    );
    expect(log.entries[0]).toMatchObject({
      action: 'location.updated',
      target: `location ${location.id}`,
      details: { before: { name: 'Downtown' }, after: { name: 'Uptown', timeZone: 'America/New_York' } },
    });
  });

  it('updates a destination-charge location on the platform and clears a removed second line', async () => {
    const { location, path } = await setUp('destination', 'US', { ...US_ADDRESS, line2: 'Suite 5' });
    expect((await stripeLocation(location.stripeLocationId ?? '', null)).address.line2).toBe('Suite 5');
    const response = await patch(path, { address: US_ADDRESS });
    expect(response.status).toBe(200);
    const atStripe = await stripeLocation(location.stripeLocationId ?? '', null);
    expect(atStripe.address.line2).toBeNull();
    expect(atStripe.display_name).toBe('Edit shop destination — Downtown');
    expect(LocationBody.parse(await response.json()).location.address).toEqual({
      ...US_ADDRESS,
      country: 'US',
    });
  });

  it('changes only the time zone without touching Stripe', async () => {
    const { account, location, path } = await setUp('direct');
    const before = await stripeLocation(location.stripeLocationId ?? '', account.stripeAccountId);
    const response = await patch(path, { timeZone: 'America/Denver' });
    expect(response.status).toBe(200);
    expect(LocationBody.parse(await response.json()).location).toMatchObject({
      name: 'Downtown',
      timeZone: 'America/Denver',
    });
    expect(await stripeLocation(location.stripeLocationId ?? '', account.stripeAccountId)).toEqual(before);
  });

  it('refuses a country change with a clear message and keeps the location as it was', async () => {
    const { location, path } = await setUp('direct');
    const response = await patch(path, {
      address: { line1: '1 Rue de Rivoli', city: 'Paris', postal_code: '75001', country: 'fr' },
    });
    expect(response.status).toBe(400);
    expect(await message(response)).toBe(
      "A location's country cannot change (this one is in US). Create a new location in FR instead.",
    );
    const same = await patch(path, { address: { ...US_ADDRESS, country: 'us' } });
    expect(same.status).toBe(200);
    expect(LocationBody.parse(await same.json()).location.address).toEqual(location.address);
  });

  it("refuses an address missing the country's required fields, an unknown time zone and an empty change", async () => {
    const { account, location, path } = await setUp('direct', 'GB', {
      line1: '10 Downing St',
      city: 'London',
      postal_code: 'SW1A 2AA',
    });
    const noPostcode = await patch(path, { address: { line1: '1 High St', city: 'Leeds' } });
    expect(noPostcode.status).toBe(400);
    expect(await message(noPostcode)).toBe('An address in GB needs a postal code.');
    const badZone = await patch(path, { timeZone: 'Mars/Olympus' });
    expect(badZone.status).toBe(400);
    expect(await message(badZone)).toMatch(/Mars\/Olympus is not a time zone/);
    const empty = await patch(path, {});
    expect(empty.status).toBe(400);
    expect(await errorCode(empty)).toBe('invalid_request');
    const blankName = await patch(path, { name: '   ' });
    expect(blankName.status).toBe(400);
    const atStripe = await stripeLocation(location.stripeLocationId ?? '', account.stripeAccountId);
    expect(atStripe.address).toMatchObject({ line1: '10 Downing St', postal_code: 'SW1A 2AA' });
    const log = AuditLogResponseSchema.parse(
      await (await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/audit-log`)).json(),
    );
    expect(log.entries.map((entry) => entry.action)).not.toContain('location.updated');
  });

  it("answers not_found for another account's location", async () => {
    const mine = await setUp('direct');
    const theirs = await setUp('direct');
    const response = await patch(
      `/api/platform/accounts/${mine.account.id}/locations/${theirs.location.id}`,
      {
        name: 'Stolen',
      },
    );
    expect(response.status).toBe(404);
  });
});

describe('location edit authorization', () => {
  it('refuses the merchant owner of the account', async () => {
    const { account, path } = await setUp('direct');
    const owner = await createOwner(ctx, account.id, `owner-${account.id}@example.test`);
    const response = await patch(path, { name: 'Owner rename' }, await consoleSignIn(ctx, owner.email));
    expect(response.status).toBe(403);
  });

  it('refuses counter staff, even a manager', async () => {
    const { account, location, register, staff } = await buildCounter(ctx, { role: 'manager' });
    const counter = await ctx.signIn(register.code, staff.id, staff.pin);
    const response = await ctx.request(`/api/platform/accounts/${account.id}/locations/${location.id}`, {
      method: 'PATCH',
      as: counter,
      json: { name: 'Manager rename' },
    });
    expect(response.status).toBe(401);
    expect((await ctx.repos.locations.findById(location.id))?.name).toBe(location.name);
  });
});
