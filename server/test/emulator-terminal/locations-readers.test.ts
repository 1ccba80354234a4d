// Wire-level behaviour of the emulated Terminal Locations, Configurations, connection tokens and Reader CRUD.
import { beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, items } from './harness.ts';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});

const US_ADDRESS = {
  line1: '1 Main St',
  city: 'San Francisco',
  state: 'CA',
  postal_code: '94110',
  country: 'US',
};

describe('terminal locations', () => {
  it('creates a location shaped like Stripe’s fixture and retrieves it', async () => {
    const created = await h.v1('POST', '/v1/terminal/locations', {
      display_name: 'My First Store',
      address: US_ADDRESS,
      metadata: { store: '1' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      object: 'terminal.location',
      display_name: 'My First Store',
      livemode: false,
      metadata: { store: '1' },
      address: { ...US_ADDRESS, line2: null },
    });
    expect(String(created.body.id)).toMatch(/^tml_/);
    expect(created.body).not.toHaveProperty('configuration_overrides');
    const fetched = await h.v1('GET', `/v1/terminal/locations/${String(created.body.id)}`);
    expect(fetched.body).toEqual(created.body);
  });

  it('requires display_name and the address fields the country needs', async () => {
    const noName = await h.v1('POST', '/v1/terminal/locations', { address: US_ADDRESS });
    expect(noName.status).toBe(400);
    expect(noName.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'display_name',
    });

    const { state: _state, ...noState } = US_ADDRESS;
    const usNoState = await h.v1('POST', '/v1/terminal/locations', { display_name: 'X', address: noState });
    expect(usNoState.status).toBe(400);
    expect(usNoState.body.error).toMatchObject({ code: 'parameter_missing', param: 'address[state]' });

    const gb = await h.v1('POST', '/v1/terminal/locations', {
      display_name: 'London',
      address: { line1: '1 High St', city: 'London', postal_code: 'EC1A 1BB', country: 'GB' },
    });
    expect(gb.status).toBe(200);

    const ie = await h.v1('POST', '/v1/terminal/locations', {
      display_name: 'Dublin',
      address: { line1: '1 Main St', country: 'IE' },
    });
    expect(ie.status).toBe(400);
    expect(ie.body.error?.param).toBe('address[postal_code]');
  });

  it('refuses a configuration_overrides that does not exist on the account', async () => {
    const res = await h.v1('POST', '/v1/terminal/locations', {
      display_name: 'X',
      address: US_ADDRESS,
      configuration_overrides: 'tmc_missing',
    });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'resource_missing', param: 'configuration_overrides' });
  });

  it('updates fields but never the country, unsets phone with an empty string, and deletes', async () => {
    const id = await h.location();
    const updated = await h.v1('POST', `/v1/terminal/locations/${id}`, {
      display_name: 'Renamed',
      phone: '+14155550100',
      address: { line1: '2 Main St' },
    });
    expect(updated.body).toMatchObject({
      display_name: 'Renamed',
      phone: '+14155550100',
      address: { line1: '2 Main St', city: 'San Francisco' },
    });
    const unset = await h.v1('POST', `/v1/terminal/locations/${id}`, { phone: '' });
    expect(unset.body).not.toHaveProperty('phone');

    const moved = await h.v1('POST', `/v1/terminal/locations/${id}`, { address: { country: 'CA' } });
    expect(moved.status).toBe(400);
    expect(moved.body.error?.param).toBe('address[country]');

    const deleted = await h.v1('DELETE', `/v1/terminal/locations/${id}`);
    expect(deleted.body).toEqual({ id, object: 'terminal.location', deleted: true });
    const after = await h.v1('GET', `/v1/terminal/locations/${id}`);
    expect(after.body).toEqual({ id, object: 'terminal.location', deleted: true });
    const list = await h.v1('GET', '/v1/terminal/locations');
    expect(items(list.body).map((l) => l.id)).not.toContain(id);
  });

  it('keeps locations per account (Stripe-Account)', async () => {
    const account = await h.onboardedAccount();
    const mine = await h.location({ account });
    const platformView = await h.v1('GET', `/v1/terminal/locations/${mine}`);
    expect(platformView.status).toBe(404);
    expect(platformView.body.error?.message).toBe(`No such terminal.location: '${mine}'`);
    const list = await h.v1('GET', '/v1/terminal/locations', {}, { account });
    expect(items(list.body).map((l) => l.id)).toEqual([mine]);
  });

  it('paginates newest first', async () => {
    const ids = [await h.location(), await h.location(), await h.location()];
    const page = await h.v1('GET', '/v1/terminal/locations', { limit: 2 });
    expect(page.body).toMatchObject({ object: 'list', has_more: true, url: '/v1/terminal/locations' });
    expect(items(page.body).map((l) => l.id)).toEqual([ids[2], ids[1]]);
    const next = await h.v1('GET', '/v1/terminal/locations', { limit: 2, starting_after: ids[1] });
    expect(items(next.body).map((l) => l.id)).toEqual([ids[0]]);
  });
});

describe('terminal connection tokens', () => {
  it('returns a pst_test_ secret, scoped when a location is given', async () => {
    const plain = await h.v1('POST', '/v1/terminal/connection_tokens');
    expect(plain.body).toEqual({
      object: 'terminal.connection_token',
      secret: expect.stringMatching(/^pst_test_/),
    });
    const location = await h.location();
    const scoped = await h.v1('POST', '/v1/terminal/connection_tokens', { location });
    expect(scoped.body).toMatchObject({ object: 'terminal.connection_token', location });
  });

  it('rejects a location of another account', async () => {
    const account = await h.onboardedAccount();
    const platformLocation = await h.location();
    const res = await h.v1(
      'POST',
      '/v1/terminal/connection_tokens',
      { location: platformLocation },
      { account },
    );
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'resource_missing', param: 'location' });
  });
});

describe('terminal readers', () => {
  it('registers simulated readers by registration code', async () => {
    const location = await h.location();
    const cases = [
      ['simulated-wpe', 'simulated_wisepos_e'],
      ['simulated-s700', 'simulated_stripe_s700'],
      ['simulated-s710', 'simulated_stripe_s710'],
    ] as const;
    for (const [code, deviceType] of cases) {
      const res = await h.v1('POST', '/v1/terminal/readers', { registration_code: code, location });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        object: 'terminal.reader',
        device_type: deviceType,
        label: code,
        location,
        status: 'online',
        action: null,
        livemode: false,
        metadata: {},
        ip_address: '0.0.0.0',
      });
      expect(String(res.body.id)).toMatch(/^tmr_/);
      expect(String(res.body.serial_number)).toMatch(
        new RegExp(`^${code}-[0-9a-z]{3}-[0-9a-z]{3}-[0-9a-z]{2}-[0-9a-z]{3}$`),
      );
      expect(typeof res.body.device_sw_version).toBe('string');
    }
  });

  it('reports last_seen_at in milliseconds', async () => {
    const reader = await h.reader();
    const seen = Number(reader.last_seen_at);
    expect(seen).toBeGreaterThan(10_000_000_000);
    expect(Math.abs(seen - Date.now())).toBeLessThan(60_000);
  });

  it('keeps last_seen_at current for online readers and frozen for offline ones', async () => {
    const online = await h.reader();
    const offline = await h.reader();
    const frozen = Number(
      (await h.json('POST', `/_emulator/readers/${String(offline.id)}/state`, { offline: true })).body
        .last_seen_at,
    );
    await h.json('POST', '/_emulator/clock', { advance_seconds: 3600 });
    const later = (await h.v1('GET', `/v1/terminal/readers/${String(online.id)}`)).body;
    expect(Number(later.last_seen_at) - Number(online.last_seen_at)).toBeGreaterThanOrEqual(3_600_000);
    expect((await h.v1('GET', `/v1/terminal/readers/${String(offline.id)}`)).body.last_seen_at).toBe(frozen);
  });

  it('rejects an unknown registration code and a location of another account', async () => {
    const bad = await h.v1('POST', '/v1/terminal/readers', { registration_code: 'puppies-plug-could' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ type: 'invalid_request_error', param: 'registration_code' });
    const missing = await h.v1('POST', '/v1/terminal/readers', {});
    expect(missing.body.error).toMatchObject({ code: 'parameter_missing', param: 'registration_code' });
    const account = await h.onboardedAccount();
    const location = await h.location();
    const foreign = await h.v1(
      'POST',
      '/v1/terminal/readers',
      { registration_code: 'simulated-wpe', location },
      { account },
    );
    expect(foreign.status).toBe(404);
  });

  it('updates label and metadata, and deletes to a tombstone', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    const updated = await h.v1('POST', `/v1/terminal/readers/${id}`, {
      label: 'Front counter',
      metadata: { till: '1' },
    });
    expect(updated.body).toMatchObject({ label: 'Front counter', metadata: { till: '1' } });
    const unknown = await h.v1('POST', `/v1/terminal/readers/${id}`, { device_type: 'stripe_m2' });
    expect(unknown.body.error).toMatchObject({ code: 'parameter_unknown', param: 'device_type' });
    const deleted = await h.v1('DELETE', `/v1/terminal/readers/${id}`);
    expect(deleted.body).toEqual({
      id,
      object: 'terminal.reader',
      deleted: true,
      device_type: 'simulated_wisepos_e',
      serial_number: reader.serial_number,
    });
    expect((await h.v1('GET', `/v1/terminal/readers/${id}`)).body).toEqual(deleted.body);
  });

  it('lists with device_type, location, serial_number and status filters', async () => {
    const a = await h.location();
    const b = await h.location();
    const wpe = await h.reader({ location: a });
    const s700 = await h.reader({ location: b, code: 'simulated-s700' });
    const ids = async (params: Record<string, string>) =>
      items((await h.v1('GET', '/v1/terminal/readers', params)).body).map((r) => r.id);
    expect(await ids({})).toEqual([s700.id, wpe.id]);
    expect(await ids({ device_type: 'simulated_stripe_s700' })).toEqual([s700.id]);
    expect(await ids({ location: a })).toEqual([wpe.id]);
    expect(await ids({ serial_number: String(wpe.serial_number) })).toEqual([wpe.id]);
    await h.json('POST', `/_emulator/readers/${String(wpe.id)}/state`, { offline: true });
    expect(await ids({ status: 'offline' })).toEqual([wpe.id]);
    expect(await ids({ status: 'online' })).toEqual([s700.id]);
    const badStatus = await h.v1('GET', '/v1/terminal/readers', { status: 'sleeping' });
    expect(badStatus.status).toBe(400);
  });

  it('expands the location', async () => {
    const reader = await h.reader();
    const res = await h.v1('GET', `/v1/terminal/readers/${String(reader.id)}`, { expand: ['location'] });
    expect(res.body.location).toMatchObject({ id: reader.location, object: 'terminal.location' });
  });
});

describe('terminal configurations', () => {
  it('creates a tipping configuration and lists it beside the account default', async () => {
    const created = await h.v1('POST', '/v1/terminal/configurations', {
      name: 'Cafe tips',
      tipping: { usd: { percentages: [15, 18, 20], fixed_amounts: [100, 200], smart_tip_threshold: 1000 } },
      bbpos_wisepos_e: { splashscreen: 'file_123' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      object: 'terminal.configuration',
      is_account_default: false,
      livemode: false,
      name: 'Cafe tips',
      tipping: { usd: { percentages: [15, 18, 20], fixed_amounts: [100, 200], smart_tip_threshold: 1000 } },
      bbpos_wisepos_e: { splashscreen: 'file_123' },
    });
    expect(String(created.body.id)).toMatch(/^tmc_/);
    const all = items((await h.v1('GET', '/v1/terminal/configurations')).body);
    expect(all.map((c) => c.is_account_default).sort()).toEqual([false, true]);
    const defaults = items(
      (await h.v1('GET', '/v1/terminal/configurations', { is_account_default: true })).body,
    );
    expect(defaults).toHaveLength(1);
    const del = await h.v1('DELETE', `/v1/terminal/configurations/${String(defaults[0]?.id)}`);
    expect(del.status).toBe(400);
  });

  it('rejects more than three tip percentages and unsets tipping with an empty string', async () => {
    const tooMany = await h.v1('POST', '/v1/terminal/configurations', {
      tipping: { usd: { percentages: [1, 2, 3, 4] } },
    });
    expect(tooMany.status).toBe(400);
    const created = await h.v1('POST', '/v1/terminal/configurations', {
      tipping: { usd: { percentages: [10] } },
    });
    const id = String(created.body.id);
    const cleared = await h.v1('POST', `/v1/terminal/configurations/${id}`, { tipping: '' });
    expect(cleared.body).not.toHaveProperty('tipping');
    const deleted = await h.v1('DELETE', `/v1/terminal/configurations/${id}`);
    expect(deleted.body).toEqual({ id, object: 'terminal.configuration', deleted: true });
  });

  it('lets a location override the configuration', async () => {
    const config = await h.v1('POST', '/v1/terminal/configurations', {
      tipping: { usd: { percentages: [10] } },
    });
    const location = await h.location({ configuration_overrides: String(config.body.id) });
    const fetched = await h.v1('GET', `/v1/terminal/locations/${location}`);
    expect(fetched.body.configuration_overrides).toBe(config.body.id);
  });
});
