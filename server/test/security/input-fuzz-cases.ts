/**
 * Property-based input fuzzing (fast-check, fixed seed), shared by `input-fuzz.test.ts` (a short run in
 * `npm test`) and `pnpm soak` (≥ 10,000 requests). Every mounted route definition that takes a JSON body, a
 * multipart form or a query string is sent generated bodies (random JSON, objects with the route's own field
 * names holding random values, malformed JSON, forms of random fields and files) and query strings, by a caller the route admits so validation and the
 * handler are what is exercised. No response may be a 500 (502/503 only name Stripe refusing or being
 * away), every error must be a JSON `{ error: { code, message } }`, and a rejected request must not write
 * any business table. `runInputFuzz` sets up its own test context (SQLite in memory, embedded emulator)
 * and returns the figures; `problems` lists every broken promise.
 */
import { CSRF_HEADER } from '@countertop/shared';
import fc from 'fast-check';
import { z } from 'zod';
import type { Guard } from '../../src/middleware/guards.ts';
import type { ApiRoute } from '../../src/routes/define-route.ts';
import { setUpMerchant } from '../checkout/support.ts';
import { consoleSignIn, createAdmin, createOwner } from '../platform/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildStaff } from '../support/factories.ts';

export const INPUT_FUZZ_SEED = 7_2026;

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

function fieldNames(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Values that stress validators: wrong types, huge and negative numbers, long and odd strings. */
export const nastyValue = fc.oneof(
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

/** Request bodies for a route: its own field names with nasty values, random JSON, or broken JSON. */
export function bodyArbitrary(route: ApiRoute): fc.Arbitrary<string> {
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

/** Query strings for a route: its own parameter names (and a few common ones) with odd values. */
/** A multipart body: the form's own field names (and others) holding random text or random files. */
export function formArbitrary(route: ApiRoute): fc.Arbitrary<FormData> {
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

export function queryArbitrary(route: ApiRoute): fc.Arbitrary<string> {
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

export interface InputFuzzOptions {
  /** Generated cases per fuzzed route (the run stops a route at its first failing case). */
  runsPerRoute?: number;
  /** At least this many requests in all (more cases per route when needed). */
  minRequests?: number;
  seed?: number;
}

export interface InputFuzzFigures {
  seed: number;
  routes: number;
  requests: number;
  /** Responses per status code. */
  statuses: Record<number, number>;
  /** Answers with a 5xx status (502/503 allowed: Stripe refusing or away). */
  serverErrors: number;
  /** 401 + 403: requests the guard turned away instead of reaching validation. */
  authRejected: number;
  problems: string[];
  elapsedMs: number;
}

/** A merchant, a manager, an owner and a platform admin signed in; a sale; every route's path parameters. */
async function setUp(ctx: TestContext) {
  const a = await setUpMerchant(ctx);
  const manager = await buildStaff(ctx, a.account, [a.location], { role: 'manager', pin: '5678' });
  await createAdmin(ctx, 'admin@fuzz.test');
  await createOwner(ctx, a.account.id, 'owner@fuzz.test');
  const managerSignIn = await ctx.signIn(a.register.code, manager.id, '5678');
  const admin = await consoleSignIn(ctx, 'admin@fuzz.test');
  const owner = await consoleSignIn(ctx, 'owner@fuzz.test');
  /** A caller each guard admits (none for public routes and Stripe's webhooks). */
  const identities: Record<Guard, { cookie: string; csrfToken: string } | undefined> = {
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
  const params: Record<string, string> = {
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
  return { identities, params };
}

export async function runInputFuzz(options: InputFuzzOptions): Promise<InputFuzzFigures> {
  const seed = options.seed ?? INPUT_FUZZ_SEED;
  const startedAt = Date.now();
  const ctx = await createTestContext();
  try {
    const { identities, params } = await setUp(ctx);
    const rowCounts = (): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const table of BUSINESS_TABLES) {
        counts[table] = (ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      }
      return counts;
    };
    const concretePath = (route: ApiRoute) =>
      route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => params[name] ?? `unknown-${name}`);
    const envelope = z.object({ error: z.object({ code: z.string().min(1), message: z.string() }) });

    // Routes with input to fuzz (routes without body or query — sign-out, revoke, delete — have none).
    const fuzzed = ctx.app.apiRoutes.filter((route) => route.body || route.form || route.query);
    const runsPerRoute = Math.max(
      options.runsPerRoute ?? 1,
      Math.ceil((options.minRequests ?? 0) / Math.max(1, fuzzed.length)),
    );
    const statuses: Record<number, number> = {};
    let requests = 0;
    const problems: string[] = [];
    for (const route of fuzzed) {
      const method = route.method.toUpperCase();
      const identity = identities[route.guard];
      const hasBody = method !== 'GET' && method !== 'DELETE';
      const bodies: fc.Arbitrary<string | FormData> = route.form
        ? formArbitrary(route)
        : bodyArbitrary(route);
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
          { seed, numRuns: runsPerRoute, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    const serverErrors = Object.entries(statuses)
      .filter(([status]) => Number(status) >= 500)
      .reduce((sum, [, count]) => sum + count, 0);
    return {
      seed,
      routes: fuzzed.length,
      requests,
      statuses,
      serverErrors,
      authRejected: (statuses[401] ?? 0) + (statuses[403] ?? 0),
      problems,
      elapsedMs: Date.now() - startedAt,
    };
  } finally {
    await ctx.close();
  }
}

/** The one-line summary every run prints. */
export function formatInputFuzzFigures(f: InputFuzzFigures): string {
  return (
    `[input-fuzz] seed=${f.seed} routes=${f.routes} requests=${f.requests} 5xx=${f.serverErrors} ` +
    `problems=${f.problems.length} elapsed=${(f.elapsedMs / 1000).toFixed(1)}s statuses=${JSON.stringify(f.statuses)}`
  );
}
