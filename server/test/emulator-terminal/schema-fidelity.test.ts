// Schema fidelity: the Terminal objects the emulator returns must validate against Stripe's OpenAPI schemas
// (`components.schemas` of spec3 for API 2023-08-16) and carry every key of Stripe's example objects
// (fixtures3.json); both are excerpted in ../stripe-reference. Fields and enum values that are newer than the
// 2023 spec are allowed, but only the ones listed below (each is in stripe@23's types), so a typo or an
// invented field still fails.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Json } from './harness.ts';
import { createSchemaChecker, type JsonSchema } from './openapi-subset.ts';

/** Excerpts of Stripe's spec and fixtures kept in the repository (../stripe-reference/README.md). */
const readReference = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../stripe-reference/${file}`, import.meta.url), 'utf8'));

/** Fields added to these objects after API 2023-08-16 (present in stripe@23.1.0's TypeScript types). */
const NEWER_FIELDS = new Set([
  'terminal.reader.last_seen_at',
  'terminal.reader.action.api_error',
  'terminal.reader.action.collect_payment_method',
  'terminal.reader.action.confirm_payment_intent',
  'terminal.reader.action.process_payment_intent.process_config.enable_customer_cancellation',
  'terminal.reader.action.refund_payment.refund_payment_config',
  'terminal.configuration.name',
  'terminal.configuration.stripe_s700',
  'terminal.configuration.offline',
  'terminal.configuration.reboot_window',
]);

/** Enum values added after 2023-08-16 (stripe@23 `Reader.DeviceType`, `Reader.Action.Type`). */
const NEWER_ENUM_VALUES = new Set([
  'simulated_stripe_s700',
  'simulated_stripe_s710',
  'collect_payment_method',
]);

let h: Harness;
let checker: ReturnType<typeof createSchemaChecker>;
let fixtures: Record<string, Json>;

beforeAll(() => {
  const spec = readReference('terminal-schemas.json') as {
    components: { schemas: Record<string, JsonSchema> };
  };
  checker = createSchemaChecker(spec.components.schemas);
  fixtures = (readReference('terminal-fixtures.json') as { resources: Record<string, Json> }).resources;
  h = createHarness();
});

function expectConforms(object: Json, schemaName: string): void {
  const result = checker.check(object, schemaName);
  const issues = result.issues.filter((i) => !(i.kind === 'enum' && NEWER_ENUM_VALUES.has(String(i.value))));
  expect(issues).toEqual([]);
  const unknown = result.unknownProperties.map((path) => path.replace(/\[\d+\]/g, ''));
  expect(unknown.filter((path) => !NEWER_FIELDS.has(path))).toEqual([]);
}

function expectFixtureKeys(object: Json, resource: string): void {
  const fixture = fixtures[resource];
  expect(fixture).toBeDefined();
  for (const key of Object.keys(fixture ?? {})) {
    // The fixture reader carries an `action`; its keys are checked on a reader that has one.
    expect(object, `${resource} lacks fixture key ${key}`).toHaveProperty(key);
  }
}

describe('terminal objects match Stripe’s published schemas', () => {
  it('validates its checker against Stripe’s own fixtures', () => {
    const location = fixtures['terminal.location'];
    expect(location).toBeDefined();
    expect(checker.check(location, 'terminal.location').issues).toEqual([]);
    expect(checker.check({ ...location, display_name: 7 }, 'terminal.location').issues).not.toEqual([]);
    expect(
      checker.check({ object: 'terminal.location' }, 'terminal.location').issues.map((i) => i.kind),
    ).toContain('required');
    expect(checker.check({ ...location, invented: 1 }, 'terminal.location').unknownProperties).toEqual([
      'terminal.location.invented',
    ]);
  });

  it('connection token', async () => {
    const location = await h.location();
    const token = (await h.v1('POST', '/v1/terminal/connection_tokens', { location })).body;
    expectConforms(token, 'terminal.connection_token');
    expectFixtureKeys(token, 'terminal.connection_token');
  });

  it('location', async () => {
    const id = await h.location();
    const location = (await h.v1('GET', `/v1/terminal/locations/${id}`)).body;
    expectConforms(location, 'terminal.location');
    expectFixtureKeys(location, 'terminal.location');
  });

  it('reader, idle and with a display action', async () => {
    for (const code of ['simulated-wpe', 'simulated-s700']) {
      const reader = await h.reader({ code });
      expectConforms(reader, 'terminal.reader');
      expectFixtureKeys(reader, 'terminal.reader');
      const displayed = (
        await h.v1('POST', `/v1/terminal/readers/${String(reader.id)}/set_reader_display`, {
          type: 'cart',
          cart: {
            currency: 'usd',
            line_items: [{ amount: 500, description: 'Latte', quantity: 2 }],
            tax: 80,
            total: 1080,
          },
        })
      ).body;
      expectConforms(displayed, 'terminal.reader');
      for (const key of Object.keys(fixtures['terminal.reader']?.action ?? {})) {
        expect(displayed.action).toHaveProperty(key);
      }
    }
  });

  it('reader with an in-progress and a failed process_payment_intent action', async () => {
    const reader = await h.reader();
    const id = String(reader.id);
    const pi = await h.paymentIntent();
    const processing = (
      await h.v1('POST', `/v1/terminal/readers/${id}/process_payment_intent`, {
        payment_intent: pi.id,
        process_config: {
          skip_tipping: true,
          tipping: { amount_eligible: 1000 },
          enable_customer_cancellation: true,
        },
      })
    ).body;
    expectConforms(processing, 'terminal.reader');
    const declined = (
      await h.v1('POST', `/v1/test_helpers/terminal/readers/${id}/present_payment_method`, {
        card_present: { number: '4000000000000002' },
      })
    ).body;
    expect(declined.action?.status).toBe('failed');
    expectConforms(declined, 'terminal.reader');
    for (const key of Object.keys(fixtures['terminal.reader']?.action ?? {})) {
      expect(declined.action).toHaveProperty(key);
    }
  });

  it('configuration, account default and with tipping', async () => {
    const created = (
      await h.v1('POST', '/v1/terminal/configurations', {
        tipping: { usd: { percentages: [15, 18, 20], fixed_amounts: [100], smart_tip_threshold: 1000 } },
        bbpos_wisepos_e: { splashscreen: 'file_abc' },
      })
    ).body;
    expectConforms(created, 'terminal.configuration');
    expectFixtureKeys(created, 'terminal.configuration');
    const list = (await h.v1('GET', '/v1/terminal/configurations', { is_account_default: true })).body;
    const accountDefault = (list.data as unknown as Json[])[0] ?? {};
    expectConforms(accountDefault, 'terminal.configuration');
  });
});
