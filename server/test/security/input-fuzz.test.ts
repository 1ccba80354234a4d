// Property-based fuzzing (fast-check, fixed seed) of every mounted route definition that takes a JSON
// body, a multipart form or a query string (the fields come from the definition's own schemas): thousands of generated bodies (random JSON, objects with the route's own field names holding
// random values, malformed JSON, forms of random fields and files) and query strings, sent by a caller the route admits so validation and
// the handler are what is exercised. No response may be a 500 (502/503 only name Stripe refusing or being
// away), every error must be a JSON `{ error: { code, message } }`, and a rejected request must not write
// any business table.
import { CSRF_HEADER } from '@countertop/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import type { Guard } from '../../src/middleware/guards.ts';
import type { ApiRoute } from '../../src/routes/define-route.ts';
import { type Merchant, setUpMerchant } from '../checkout/support.ts';
import { consoleSignIn, createAdmin, createOwner } from '../platform/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildStaff } from '../support/factories.ts';

const SEED = 7_2026;
const RUNS_PER_ROUTE = 60;
/** Tables whose rows only a successful request may add or change. */
const BUSINESS_TABLES = [
  'accounts',
  'locations',
  'registers',
  'readers',
  'staff',
  'products',
  'sales',
  'sale_lines',
  'payment_attempts',
  'refunds',
  'processed_webhook_events',
  'receipts_sent',
  'payment_anomalies',
  'disputes',
  'dispute_evidence_files',
  'payout_failures',
  'categories',
  'product_variants',
  'modifier_groups',
  'modifiers',
  'product_modifier_groups',
  'product_locations',
  'variant_locations',
  'discounts',
  'sale_tenders',
  'drawer_shifts',
  'drawer_movements',
  'refund_lines',
  'role_permissions',
];

let ctx: TestContext;
let a: Merchant;
/** A caller each guard admits (none for public routes and Stripe's webhooks). */
let identities: Record<Guard, { cookie: string; csrfToken: string } | undefined>;
let params: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  a = await setUpMerchant(ctx);
  const manager = await buildStaff(ctx, a.account, [a.location], { role: 'manager', pin: '5678' });
  await createAdmin(ctx, 'admin@fuzz.test');
  await createOwner(ctx, a.account.id, 'owner@fuzz.test');
  const managerSignIn = await ctx.signIn(a.register.code, manager.id, '5678');
  const admin = await consoleSignIn(ctx, 'admin@fuzz.test');
  const owner = await consoleSignIn(ctx, 'owner@fuzz.test');
  identities = {
    public: undefined,
    stripe: undefined,
    counter: managerSignIn,
    manager: managerSignIn,
    platform_admin: admin,
    console: admin,
    merchant_owner: owner,
  };
  const sale = await ctx.request('/api/counter/sales', {
    method: 'POST',
    as: a.signIn,
    json: { clientSaleId: '00000000-0000-4000-8000-0000000000f1', keyedAmountMinor: 500 },
  });
  params = {
    saleId: ((await sale.json()) as { sale: { id: string } }).sale.id,
    readerId: a.readers.serverDriven.id,
    accountId: a.account.id,
    locationId: a.location.id,
    registerId: a.register.id,
    staffId: a.staff.id,
    registerCode: a.register.code,
    token: 'no-such-token',
    disputeId: 'du_fuzz0000000000',
  };
}, 30_000);

afterAll(async () => {
  await ctx?.close();
});

function rowCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const table of BUSINESS_TABLES) {
    counts[table] = (ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
  return counts;
}

function fieldNames(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Values that stress validators: wrong types, huge and negative numbers, long and odd strings. */
const nastyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER + 2),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 2_000, maxLength: 5_000 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    'null',
    "'; DROP TABLE sales; --",
    '<script>alert(1)</script>',
    '=cmd|/c calc',
    '\u0000',
  ),
  fc.uuid(),
);

function bodyArbitrary(route: ApiRoute): fc.Arbitrary<string> {
  const names = fieldNames(route.body);
  const known =
    names.length > 0
      ? fc.dictionary(fc.constantFrom(...names), nastyValue, { maxKeys: names.length + 1 })
      : fc.dictionary(fc.string({ maxLength: 12 }), nastyValue, { maxKeys: 4 });
  return fc.oneof(
    known.map((value) => JSON.stringify(value)),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 60 }),
    fc.constantFrom('{', '{"a":', '[1,2', 'null', '"x"', '{"__proto__":{"admin":true}}'),
  );
}

/** A multipart body: the form's own field names (and others) holding random text or random files. */
function formArbitrary(route: ApiRoute): fc.Arbitrary<FormData> {
  const names = [...fieldNames(route.form), 'x'];
  const part = fc.oneof(
    fc.string({ maxLength: 60 }).map((text) => ({ text })),
    fc
      .tuple(
        fc.uint8Array({ maxLength: 64 }),
        fc.string({ maxLength: 20 }),
        fc.constantFrom('application/pdf', 'image/png', ''),
      )
      .map(([bytes, name, type]) => ({ file: new File([bytes], name, { type }) })),
  );
  return fc.array(fc.tuple(fc.constantFrom(...names), part), { maxLength: 4 }).map((parts) => {
    const form = new FormData();
    for (const [name, value] of parts) form.append(name, 'text' in value ? value.text : value.file);
    return form;
  });
}

function queryArbitrary(route: ApiRoute): fc.Arbitrary<string> {
  const names = [...fieldNames(route.query), 'x', 'limit', 'cursor'];
  const value = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.integer().map(String),
    fc.constantFrom('', '-1', '1e999', 'all'),
  );
  return fc
    .array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 5 })
    .map((pairs) => new URLSearchParams(pairs).toString());
}

function concretePath(route: ApiRoute): string {
  return route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => params[name] ?? `unknown-${name}`);
}

it('answers thousands of generated bodies and query strings without a 500, with JSON errors, writing nothing on rejection', async () => {
  // Routes with input to fuzz (routes without body or query — sign-out, revoke, delete — have none).
  const fuzzed = ctx.app.apiRoutes.filter((route) => route.body || route.form || route.query);
  const statuses: Record<number, number> = {};
  let requests = 0;
  const problems: string[] = [];
  for (const route of fuzzed) {
    const method = route.method.toUpperCase();
    const identity = identities[route.guard];
    const hasBody = method !== 'GET' && method !== 'DELETE';
    const bodies: fc.Arbitrary<string | FormData> = route.form ? formArbitrary(route) : bodyArbitrary(route);
    const input = hasBody
      ? fc.tuple(bodies, route.query ? queryArbitrary(route) : fc.constant(''))
      : fc.tuple(fc.constant(''), queryArbitrary(route));
    await fc
      .assert(
        fc.asyncProperty(input, async ([body, query]) => {
          const before = rowCounts();
          const headers: Record<string, string> = {};
          if (identity) {
            headers.cookie = identity.cookie;
            if (method !== 'GET') headers[CSRF_HEADER] = identity.csrfToken;
          }
          // A FormData body sets its own multipart content type (with the boundary).
          if (hasBody && typeof body === 'string') headers['content-type'] = 'application/json';
          const response = await ctx.app.request(`${concretePath(route)}${query ? `?${query}` : ''}`, {
            method,
            headers,
            ...(hasBody ? { body } : {}),
          });
          requests += 1;
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          const text = await response.text();
          const shown = typeof body === 'string' ? body.slice(0, 200) : [...body.keys()].join(',');
          const where = `${method} ${route.path} ${JSON.stringify({ query, body: shown })}`;
          if (response.status === 500 || response.status > 503) {
            problems.push(`${where}: ${response.status} ${text.slice(0, 200)}`);
            return false;
          }
          if (response.status >= 400) {
            let parsed: unknown = null;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON: reported below
            }
            const envelope = z.object({ error: z.object({ code: z.string().min(1), message: z.string() }) });
            if (!envelope.safeParse(parsed).success) {
              problems.push(
                `${where}: ${response.status} error body is not {error:{code,message}}: ${text.slice(0, 200)}`,
              );
              return false;
            }
            const after = rowCounts();
            const changed = BUSINESS_TABLES.filter((table) => after[table] !== before[table]);
            if (changed.length > 0) {
              problems.push(`${where}: ${response.status} yet wrote ${changed.join(', ')}`);
              return false;
            }
          }
          return true;
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      )
      .catch(() => undefined);
  }
  console.log(
    `[input-fuzz] seed=${SEED} routes=${fuzzed.length} requests=${requests} statuses=${JSON.stringify(statuses)} problems=${problems.length}`,
  );
  // The callers stayed signed in: the requests reached validation and handlers, not just the auth guard.
  expect((statuses[401] ?? 0) + (statuses[403] ?? 0)).toBeLessThan(requests / 4);
  expect(problems).toEqual([]);
  expect(requests).toBeGreaterThanOrEqual(2_000);
}, 60_000);
